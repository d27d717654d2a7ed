from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Turn off two-step sign-in for one account (a lost phone). They can sign in "
        "with their password and set it up again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as error:
            raise CommandError(f"No account with the username {username!r}.") from error
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(f"Removed {count} authenticator device(s) for {username}.")
