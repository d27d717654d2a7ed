from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Network, campaigns and members"

    def ready(self):
        from .access import sync_after_migrate

        post_migrate.connect(sync_after_migrate, dispatch_uid="network.access.sync_roles")
