"""The roles: each staff group's one-line description and what it is given.

``ROLES`` is the table; network/access_groups.py sets each group's permissions
to exactly what it says (after every ``migrate``), and network/access.py's
RULES decide, from those permissions, what a user may do. The "Roles" admin
page (network/access_views.py) shows the descriptions.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    # "app.codename", "app.model.*" (every permission of a model) or "app.*"
    # (every permission of every model in the app, including models added later).
    permissions: tuple = ()
    page_permissions: tuple = ()  # codenames granted on the root page
    # (page model label, codenames) granted on every page of that type, new ones too
    page_type_permissions: tuple = ()
    collection_permissions: tuple = ()  # "app.codename" granted on the root collection
    group_prefix: str = ""  # a family of groups (one per organisation) instead of one
    # "app.codename" granted on the group's own organisation's collection (partners)
    own_collection_permissions: tuple = ()
    # approves pages sent for moderation (a member of every group-approval task)
    moderates: bool = False


ACCESS_ADMIN = "wagtailadmin.access_admin"
PARTNER_GROUP_PREFIX = "Partner: "


def partner_group_name(Group, organisation_name, using="default"):
    """A free name for a new partner group: "Partner: <name>", cut to Group's 150
    characters, with " (2)", " (3)"... when another group has it. The name is only
    a label: the organisation links its group (``Organisation.partner_group``)."""
    wanted = f"{PARTNER_GROUP_PREFIX}{organisation_name}"
    name, number = wanted[:150], 1
    while Group.objects.using(using).filter(name=name).exists():
        number += 1
        suffix = f" ({number})"
        name = wanted[: 150 - len(suffix)] + suffix
    return name


ROLES = (
    Role(
        "Communications",
        "Writes and publishes pages, blog posts, campaigns, partner pages and newsletters; "
        "sends newsletters; moderates comments; manages images, documents, authors and "
        "categories; approves pages sent for moderation; confirms draft translations. "
        "Sees no ballot data, no members "
        "and no followers.",
        permissions=(
            ACCESS_ADMIN,
            "blog.*",
            "home.change_sitesettings",
            "home.view_translationreview",
            "home.change_translationreview",
            "wagtailredirects.*",
            "mailings.newslettersend.*",
        ),
        page_permissions=(
            "add_page",
            "change_page",
            "publish_page",
            "bulk_delete_page",
            "lock_page",
            "unlock_page",
        ),
        collection_permissions=(
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.delete_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.delete_document",
            "wagtaildocs.choose_document",
        ),
        moderates=True,
    ),
    Role(
        "Consultation manager",
        "Runs the ballots: whole-ballot results, the vote export, kiosks, code and paper "
        "batches and turnout for every organisation; organisations and partner users; "
        "reads and triages the experiences people share.",
        # "add_page" for a page type is granted on each site's home page too, so she
        # starts new ballots herself; the hooks in network/wagtail_hooks.py refuse her
        # every other page type there (may_create_page_type).
        page_type_permissions=(("ballot.ballotpage", ("add_page", "change_page", "publish_page")),),
        permissions=(
            ACCESS_ADMIN,
            "ballot.*",
            "network.view_organisation",
            "network.add_organisation",
            "network.change_organisation",
            "network.partneraccount.*",
            "experiences.*",
        ),
    ),
    Role(
        "Membership officer",
        "Looks after members and followers: the member list, consent wording, the "
        "mailing-list export, data downloads and erasure, followers and what was sent "
        "to them. Sees no ballot data.",
        permissions=(
            ACCESS_ADMIN,
            "network.member.*",
            "network.consenttext.*",
            "network.leavertally.*",
            "mailings.follower.*",
            "mailings.sentitem.*",
            "mailings.view_newslettersend",
        ),
    ),
    Role(
        "Partner",
        "One group per partner organisation: its own code batches, paper batches and "
        "turnout, its partner page as a draft for Wish to approve, and the pictures in "
        "its own image collection (its logo, its photos).",
        permissions=(ACCESS_ADMIN,),
        group_prefix=PARTNER_GROUP_PREFIX,
        own_collection_permissions=(
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.delete_image",
            "wagtailimages.choose_image",
        ),
    ),
)

SUPERUSER_DESCRIPTION = "Superusers can do everything, including managing users and roles."


def role_for(group_name):
    for role in ROLES:
        if group_name == role.name or (
            role.group_prefix and group_name.startswith(role.group_prefix)
        ):
            return role
    return None


def role_groups(role, Group):
    if role.group_prefix:
        return Group.objects.filter(name__startswith=role.group_prefix)
    return Group.objects.filter(name=role.name)


def may_create_page_type(user, page_model):
    """May ``user`` create a page of this type (or copy one)? Wagtail's add_page is
    given per page, for every type: a role that has it only through
    ``page_type_permissions`` (the consultation manager, for ballots) may create
    those types only. Superusers and roles with ``page_permissions`` may create any."""
    if user.is_superuser:
        return True
    label = page_model._meta.label_lower
    for name in user.groups.values_list("name", flat=True):
        role = role_for(name)
        if role is None:
            continue
        if "add_page" in role.page_permissions:
            return True
        if any(
            label == page_label and "add_page" in codenames
            for page_label, codenames in role.page_type_permissions
        ):
            return True
    return False
