"""The "Roles" page in the admin: each role's one-line description (network.access_roles.ROLES)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import access_roles


class RolesView(WagtailAdminTemplateMixin, TemplateView):
    """Open to every admin user: knowing what each role may do gives nothing away."""

    template_name = "network/admin/roles.html"
    page_title = "Roles"
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        may_edit_groups = user.has_perm("auth.change_group")
        mine = set(user.groups.values_list("name", flat=True))
        rows = []
        for role in access_roles.ROLES:
            groups = access_roles.role_groups(role, Group).annotate(people=Count("user"))
            single = None if role.group_prefix else groups.first()
            rows.append(
                {
                    "name": f"{role.name} (one group per organisation)"
                    if role.group_prefix
                    else role.name,
                    "description": role.description,
                    "people": sum(group.people for group in groups),
                    "yours": any(access_roles.role_for(name) == role for name in mine),
                    "url": reverse("wagtailusers_groups:edit", args=[single.pk])
                    if single and may_edit_groups
                    else "",
                }
            )
        rows.append(
            {
                "name": "Superuser",
                "description": access_roles.SUPERUSER_DESCRIPTION,
                "people": get_user_model().objects.filter(is_superuser=True).count(),
                "yours": user.is_superuser,
                "url": "",
            }
        )
        return super().get_context_data(roles=rows, **kwargs)
