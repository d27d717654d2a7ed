from django.apps import AppConfig


class BallotConfig(AppConfig):
    name = "ballot"
    verbose_name = "Consultation ballot"
