"""Partner users: their Wagtail group, and making their accounts.

A partner user (``network.PartnerAccount``) works for one organisation. What
they may see and do (their own code batches, paper batches and turnout) is
decided by the permission policy, network/access.py, like everyone else's;
this module only makes the account and its group. Staff make one with "Add
partner user" on an organisation (``network/account_views.py``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission

from .access_groups import sync_group
from .access_roles import PARTNER_GROUP_PREFIX, partner_group_name
from .models import Organisation, PartnerAccount
from .partners import PartnerPage

__all__ = ["create_partner_user", "leave_partner_group", "partner_group"]


def partner_group(organisation):
    """The organisation's own group, made the first time it is asked for: the
    Partner role's model permissions (only "access admin": their rights on
    batches come from the policy, scoped to their organisation), and "change"
    (not publish) on the organisation's partner page, so page edits go to Wish
    for approval.

    The group is linked to the organisation (``Organisation.partner_group``),
    never found by its name: a renamed organisation keeps its group, and a new
    organisation given an old name gets a group of its own."""
    with transaction.atomic():
        # Two staff making the first two partner users at once make one group.
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        group = locked.partner_group
        if group is None:
            group = Group.objects.create(name=partner_group_name(Group, organisation.name))
            Organisation.objects.filter(pk=organisation.pk).update(partner_group=group)
            sync_group(group)  # the Partner role's permissions (network.access_roles.ROLES)
    organisation.partner_group = group
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
    # Named "ballot." as it was first logged from there; kept so earlier entries still read.
    log(
        account,
        "ballot.partner_account.create",
        user=created_by,
        data={"username": username, "organisation": organisation.name},
    )
    return account


def leave_partner_group(sender, instance, **kwargs):
    """post_delete of a PartnerAccount: the user leaves every partner group.

    Deleting the account is how staff end someone's partner access; the group
    carries the admin sign-in, the partner page and the pictures, so without
    this her user would keep them. Every "Partner: " group, not only the one her
    organisation links now: a user is a partner of one organisation at most.
    (Her user itself stays: it may have other roles.)"""
    Group.user_set.through.objects.filter(
        user_id=instance.user_id, group__name__startswith=PARTNER_GROUP_PREFIX
    ).delete()
