"""The ten issues the focus groups named: one list for resources, experiences and forms.

The ballot's options are pages staff edit (and may rename); these are the
fixed keys other records are filed under, so a renamed ballot option does not
scatter them. The slugs match the demo campaigns' slugs.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Issue(models.TextChoices):
    PRISON = "prison", _("Prison")
    POLICE = "police", _("Police")
    HOSPITALS = "hospitals", _("Hospitals")
    DOMESTIC_VIOLENCE = "domestic-violence", _("Domestic violence")
    PTSD = "ptsd-and-complex-needs", _("PTSD and complex needs")
    HOUSING = "housing", _("Housing")
    CHILDREN = "children", _("Children")
    COUNSELLING = "counselling-advocacy-and-support", _("Counselling, advocacy and support")
    STAFF_ATTITUDES = "staff-attitudes-and-behaviour", _("Staff attitudes and behaviour")
    MALE_STAFF = "male-staff-and-support-workers", _("Male staff and support workers")
