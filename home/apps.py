from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site pages and settings"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
