"""The staff counts page (per issue and service, small numbers withheld)."""

from django.template.response import TemplateResponse

from network import access

from .counts import counts_table
from .models import Experience


def counts_view(request):
    access.require(request.user, "counts", Experience)
    queryset = access.scope(request.user, Experience.objects.all(), "counts")
    return TemplateResponse(
        request, "experiences/admin/counts.html", {"table": counts_table(queryset)}
    )
