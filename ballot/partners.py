"""Partner users: who sees what, their Wagtail group, and making their accounts.

A partner user (``network.PartnerAccount``) works for one organisation and
sees only its code batches, paper batches and turnout, and edits only its
partner page as a draft. Wish staff (no partner account) see everything.
Every check here is applied in the views and querysets, not only in menus.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission

from network.models import PartnerAccount, organisation_for
from network.partners import PartnerPage

__all__ = [
    "create_partner_user",
    "organisation_for",
    "partner_group",
    "require_own",
    "scoped",
]

# The group gives a partner only the right to sign in to the admin. Their
# rights on code and paper batches come from their PartnerAccount and are
# granted, scoped to their organisation, by the ballot admin's permission
# helper (see PARTNER_ACTIONS). Model permissions would also open Wagtail's
# Site history for every organisation's batches, which must stay staff-only.
MODEL_PERMISSIONS = [("wagtailadmin", "access_admin")]
PARTNER_ACTIONS = {"add", "view"}


def scoped(queryset, user, field="organisation"):
    """Only the partner's own rows; everything for Wish staff."""
    org = organisation_for(user)
    if org is None:
        return queryset
    return queryset.filter(**{field: org})


def require_own(user, organisation_id):
    """Refuse a partner user anything that is not their organisation's."""
    org = organisation_for(user)
    if org is not None and org.pk != organisation_id:
        raise PermissionDenied


def partner_group(organisation):
    """One group per organisation: the model permissions, and "change" (not publish)
    on the organisation's partner page, so page edits go to Wish for approval."""
    group, _ = Group.objects.get_or_create(name=f"Partner: {organisation.name}"[:150])
    for app_label, codename in MODEL_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    page = PartnerPage.objects.filter(organisation=organisation).first()
    if page is not None:
        change = Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=change)
    return group


@transaction.atomic
def create_partner_user(organisation, username, email, password, created_by=None):
    user = get_user_model().objects.create_user(username, email, password)
    account = PartnerAccount.objects.create(
        user=user, organisation=organisation, created_by=created_by
    )
    user.groups.add(partner_group(organisation))
    log(
        account,
        "ballot.partner_account.create",
        user=created_by,
        data={"username": username, "organisation": organisation.name},
    )
    return account
