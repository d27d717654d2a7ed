"""Dashboard panels: what each role finds on the admin's first screen.

Every panel is one ``DashboardPanel``: a heading, a line saying what it is
for, a few rows (text, optional figure, optional link) and a link to the
screen where the work is done. Each app adds its own panels through the
``construct_homepage_panels`` hook in its ``wagtail_hooks.py``, and each
panel decides for itself, by asking the permission policy, whether this
user sees it; a panel with nothing to show for a user is left out.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component


class Row:
    def __init__(self, text, figure=None, url=None, note=""):
        self.text, self.figure, self.url, self.note = text, figure, url, note


class DashboardPanel(Component):
    template_name = "home/admin/dashboard_panel.html"
    name = ""  # a stable marker for tests and styling (data-panel)
    heading = ""
    intro = ""
    empty = _("Nothing waiting.")
    link_text = ""
    order = 90

    def __init__(self, request):
        self.request = request

    def rows(self):
        return []

    def link_url(self):
        return ""

    def get_context_data(self, parent_context):
        return {
            "panel": self,
            "rows": self.rows(),
            "link_url": self.link_url(),
        }


class HowToPanel(DashboardPanel):
    """Every staff member and partner: where the step-by-step guide is."""

    name = "how-to"
    heading = _("How to")
    intro = _(
        "Step by step: run a ballot, key paper ballots, close and publish results, "
        "add a partner, and check pages before they go live."
    )
    link_text = _("Open the staff guide")
    empty = ""
    order = 200

    def link_url(self):
        from django.urls import reverse

        return reverse("home_how_to")


class ModerationPanel(DashboardPanel):
    """People who publish pages: pages someone has sent for approval."""

    name = "moderation"
    heading = _("Pages waiting for approval")
    intro = _("Drafts sent for moderation, such as partners' changes to their own pages.")
    empty = _("No page is waiting for approval.")
    limit = 10

    def rows(self):
        from django.urls import reverse
        from wagtail.models import Page, WorkflowState

        states = (
            WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
            .filter(base_content_type__app_label="wagtailcore", base_content_type__model="page")
            .select_related("requested_by")
            .order_by("-created_at")[: self.limit]
        )
        states = list(states)
        pages = Page.objects.in_bulk([int(s.object_id) for s in states])
        rows = []
        for state in states:
            page = pages.get(int(state.object_id))
            if page is None:
                continue
            rows.append(
                Row(
                    page.get_admin_display_title(),
                    url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    note=_("sent by %(name)s")
                    % {"name": state.requested_by.get_username() if state.requested_by else "—"},
                )
            )
        return rows

    def link_url(self):
        from django.urls import reverse

        return reverse("wagtailadmin_reports:workflow")

    link_text = _("All workflows")


def moderation_panel_for(request):
    """Shown to people who may publish across the site (Communications, superusers),
    not to those who publish only one kind of page (ballots)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    policy = PagePermissionPolicy()
    if policy.instances_user_has_permission_for(request.user, "publish").filter(depth__lte=2):
        return ModerationPanel(request)
    return None
