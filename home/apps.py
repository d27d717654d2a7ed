from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site pages and settings"

    def ready(self):
        from django.core import checks

        from . import ratelimit
        from .cache import connect_signals

        connect_signals()
        from django.db.models.signals import post_save

        from .models import mark_new_translation

        post_save.connect(mark_new_translation, dispatch_uid="home.mark_new_translation")
        checks.register(ratelimit.check_forwarded_allow_ips, checks.Tags.security)
        checks.register(
            ratelimit.check_forwarded_allow_ips_deploy, checks.Tags.security, deploy=True
        )
