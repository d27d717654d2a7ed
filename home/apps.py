from django.apps import AppConfig
from django.conf import settings


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site pages and settings"

    def ready(self):
        from django.core import checks
        from django.db.models.signals import post_migrate

        from . import degraded, locales, ratelimit
        from .cache import connect_signals
        from .site_url import parse_site_url, sync_default_site

        connect_signals()
        degraded.install()
        locales.install()
        parse_site_url(settings.SITE_URL)  # a wrong address stops the start, not a card
        post_migrate.connect(sync_default_site, sender=self, dispatch_uid="home-site-url")
        from django.db.models.signals import post_save

        from .models import mark_new_translation

        post_save.connect(mark_new_translation, dispatch_uid="home.mark_new_translation")
        checks.register(ratelimit.check_forwarded_allow_ips, checks.Tags.security)
        checks.register(
            ratelimit.check_forwarded_allow_ips_deploy, checks.Tags.security, deploy=True
        )
