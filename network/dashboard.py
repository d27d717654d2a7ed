"""The membership officer's dashboard panel: members who joined this month.

These are counts of members, not of votes, so K does not apply: the officer
sees every member's row in the member list anyway.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.dashboard import DashboardPanel, Row
from network import access
from network.models_membership import Member


class MembersJoinedPanel(DashboardPanel):
    name = "members-joined"
    heading = _("Members")
    intro = _("Members who confirmed their email address, counted from the 1st of this month.")
    link_text = _("Find and export members")
    order = 30

    def rows(self):
        now = timezone.localtime()
        month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        members = access.scope(self.request.user, Member.objects.confirmed(), "view")
        joined = members.filter(confirmed_at__gte=month_start).count()
        pending = access.scope(self.request.user, Member.objects.pending(), "view").count()
        return [
            Row(_("Joined this month"), figure=joined),
            Row(_("Signed up, not yet confirmed"), figure=pending),
        ]

    def link_url(self):
        return reverse("network_member_modeladmin_index")


def panels_for(request):
    if access.can(request.user, "view", Member):
        return [MembersJoinedPanel(request)]
    return []
