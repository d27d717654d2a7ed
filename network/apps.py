from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Network, campaigns and members"

    def ready(self):
        from .access_groups import grant_page_roles, sync_after_migrate
        from .accounts import leave_partner_group

        post_migrate.connect(sync_after_migrate, dispatch_uid="network.access.sync_roles")
        post_save.connect(grant_page_roles, dispatch_uid="network.access.grant_page_roles")
        post_delete.connect(
            leave_partner_group,
            sender="network.PartnerAccount",
            dispatch_uid="network.accounts.leave_partner_group",
        )
