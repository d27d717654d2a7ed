from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site in production: security headers, admin sign-in
    protection, logging without personal data, frontend cache purges."""

    name = "ops"
    verbose_name = "Operations and security"

    def ready(self):
        from . import logins, signals  # noqa: F401
