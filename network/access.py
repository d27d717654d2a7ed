"""Who may do what: the one permission policy for ballot, partner and membership data.

Every admin view, queryset, menu item, button, chooser, history view and export
for these models asks this module, so hiding a menu item is never the guard:

    can(user, action, obj_or_model) -> bool
    require(user, action, obj_or_model)        raises PermissionDenied
    scope(user, queryset, action="view")       the rows the user may act on

Two tables drive it:

* RULES: for each model (by label, so this app names ballot models without
  importing them) and action, the Django permission a staff member needs, and
  whether a partner user may do it to their own organisation's rows.
* ROLES: the role groups, each with a one-line description, its model
  permissions and its page and collection permissions. A data migration
  creates the groups; ``sync_roles`` (run after every ``migrate``) sets each
  group's permissions to exactly what the table says, so a model added later
  (``"ballot.*"``) joins its role without another migration.

Superusers may do everything that is allowed at all. Partner users
(``network.PartnerAccount``) get nothing from model permissions: what they may
do comes from PARTNER rules, and only ever to their own organisation's rows.
Anything not in RULES is refused (fail closed).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from network.access_groups import _sync_moderation, _sync_own_collection, organisation_collection
from network.models import organisation_for

__all__ = [
    "PermissionDenied",
    "ROLES",
    "Role",
    "can",
    "organisation_collection",
    "organisation_for",
    "require",
    "role_for",
    "scope",
    "sync_group",
    "sync_roles",
]

NEVER = None  # an action nobody takes through the admin, superusers included
PAGE = "page"  # Wagtail's page permissions decide, on top of the model's "view"


@dataclass(frozen=True)
class Rule:
    perms: dict  # action -> "app.codename", NEVER, or PAGE
    partner: frozenset = frozenset()  # actions a partner may take on their own rows
    org_field: str = "organisation_id"  # how a row names its organisation


RULES = {
    "ballot.ballotpage": Rule(
        {
            "view": "ballot.view_ballotpage",
            "history": "ballot.view_ballotpage",
            "results": "ballot.view_results",
            "export": "ballot.export_votes",
            "add": PAGE,
            "change": PAGE,
            "delete": PAGE,
            # "Close now" and "Reopen" change when the live ballot closes: publishing
            "close": PAGE,
        }
    ),
    "ballot.codebatch": Rule(
        {
            "view": "ballot.view_codebatch",
            "history": "ballot.view_codebatch",
            "add": "ballot.add_codebatch",
            "change": NEVER,  # codes cannot be shown or changed once made
            "delete": "ballot.delete_codebatch",
            # a batch beyond the organisation's code quota (ballot/quotas.py)
            "approve": "ballot.change_codebatch",
        },
        partner=frozenset({"view", "history", "add"}),
    ),
    # Code quotas per organisation and ballot: set by consultation managers only.
    "ballot.codequota": Rule(
        {
            "view": "ballot.view_codequota",
            "history": "ballot.view_codequota",
            "add": "ballot.add_codequota",
            "change": "ballot.change_codequota",
            "delete": "ballot.delete_codequota",
        }
    ),
    "ballot.paperbatch": Rule(
        {
            "view": "ballot.view_paperbatch",
            "history": "ballot.view_paperbatch",
            "add": "ballot.add_paperbatch",
            "change": "ballot.change_paperbatch",
            "delete": "ballot.delete_paperbatch",
            "key": "ballot.add_paperbatch",
            "settle": "ballot.add_paperbatch",
            # record when papers arrived, which lets a batch count after closing
            "receive": "ballot.change_paperbatch",
        },
        partner=frozenset({"view", "history", "add", "key", "settle"}),
    ),
    # Kiosks (ballot/kiosks.py): made and revoked by a consultation manager for any
    # organisation (or none: a staff-run kiosk), or by a partner for their own.
    # Its default permissions join the Consultation manager role through "ballot.*".
    "ballot.kiosk": Rule(
        {
            "view": "ballot.view_kiosk",
            "history": "ballot.view_kiosk",
            "add": "ballot.add_kiosk",
            "change": "ballot.change_kiosk",
            "revoke": "ballot.change_kiosk",
            "delete": NEVER,  # revoke instead, so the audit log keeps what happened
        },
        partner=frozenset({"view", "history", "add", "revoke"}),
    ),
    "network.organisation": Rule(
        {
            "view": "network.view_organisation",
            "history": "network.view_organisation",
            "add": "network.add_organisation",
            "change": "network.change_organisation",
            "delete": "network.delete_organisation",
            "turnout": "ballot.view_turnout",
        },
        partner=frozenset({"turnout"}),
        org_field="pk",
    ),
    "network.partneraccount": Rule(
        {
            "view": "network.view_partneraccount",
            "history": "network.view_partneraccount",
            "add": "network.add_partneraccount",
            "change": NEVER,  # remove the account and make a new one instead
            "delete": "network.delete_partneraccount",
        }
    ),
    "network.member": Rule(
        {
            "view": "network.view_member",
            "history": "network.view_member",
            "change": "network.change_member",
            "export": "network.export_member",
            "erase": "network.erase_member",
            "add": NEVER,  # people join themselves
            "delete": NEVER,  # erasure, which also clears the log and counts the leaver
        }
    ),
    "network.consenttext": Rule(
        {
            "view": "network.view_consenttext",
            "history": "network.view_consenttext",
            "add": "network.add_consenttext",
            "change": NEVER,  # add a new version, so old records stay true
            "delete": NEVER,
        }
    ),
    # Follow by email (mailings app): followers are personal data, like members.
    "mailings.follower": Rule(
        {
            "view": "mailings.view_follower",
            "history": "mailings.view_follower",
            "delete": "mailings.delete_follower",  # erasure on request
            "add": NEVER,  # people follow themselves, with a confirmation link
            "change": NEVER,  # a follower changes their own choices through the form
        }
    ),
    # What was mailed to whom, when: a read-only log.
    "mailings.sentitem": Rule(
        {
            "view": "mailings.view_sentitem",
            "history": "mailings.view_sentitem",
            "add": NEVER,
            "change": NEVER,
            "delete": NEVER,
        }
    ),
    # Sending a newsletter (and its sent and failed counts, and test sends).
    "mailings.newslettersend": Rule(
        {
            "view": "mailings.view_newslettersend",
            "history": "mailings.view_newslettersend",
            "test": "mailings.view_newslettersend",
            "send": "mailings.add_newslettersend",
            "add": "mailings.add_newslettersend",
            "change": NEVER,  # a newsletter is sent once, as it was frozen
            "delete": NEVER,
        }
    ),
    # Comments on blog posts: moderated before anything is shown.
    "blog.comment": Rule(
        {
            "view": "blog.view_comment",
            "history": "blog.view_comment",
            "moderate": "blog.change_comment",  # approve, reject, note
            "reply": "blog.add_comment",  # a reply marked as from staff
            "add": "blog.add_comment",
            "change": "blog.change_comment",
            "delete": "blog.delete_comment",
        }
    ),
    # Shared experiences (experiences app): read and triaged by consultation
    # managers, who pool them as evidence; people share through the public form.
    "experiences.experience": Rule(
        {
            "view": "experiences.view_experience",
            "history": "experiences.view_experience",
            "change": "experiences.change_experience",  # status and staff note only
            "counts": "experiences.view_experience",
            "add": NEVER,
            "delete": "experiences.delete_experience",
        }
    ),
    # "Draft translations" (home.TranslationReview, issue 12): translated pages
    # waiting for a native speaker. Communications staff read them and tick
    # "checked"; a row comes and goes with its page, never by hand.
    "home.translationreview": Rule(
        {
            "view": "home.view_translationreview",
            "history": "home.view_translationreview",
            "change": "home.change_translationreview",
            "add": NEVER,
            "delete": NEVER,
        }
    ),
    "network.leavertally": Rule(
        {
            "view": "network.view_leavertally",
            "history": "network.view_leavertally",
            "add": NEVER,
            "change": NEVER,
            "delete": NEVER,
        }
    ),
}


def _target(obj_or_model):
    """(model class, instance or None) for a model, an instance or a queryset."""
    if isinstance(obj_or_model, type):
        return obj_or_model, None
    model = getattr(obj_or_model, "model", None)
    if isinstance(model, type) and not hasattr(obj_or_model, "_meta"):
        return model, None  # a queryset
    return type(obj_or_model), obj_or_model


def _rule(model):
    return RULES.get(model._meta.label_lower)


def _page_allows(user, action, page):
    """Wagtail's own page permissions, for the page-backed models (ballots)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if page is None:
        wagtail_action = "publish" if action == "close" else action
        return PagePermissionPolicy().user_has_any_permission(user, [wagtail_action])
    perms = page.permissions_for_user(user)
    if action == "close":
        return perms.can_publish()
    return perms.can_edit() if action == "change" else perms.can_delete()


def can(user, action, obj_or_model):
    """May ``user`` do ``action`` to this object (or to some object of this model)?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    model, obj = _target(obj_or_model)
    rule = _rule(model)
    if rule is None or action not in rule.perms:
        return False
    perm = rule.perms[action]
    if perm is NEVER:
        return False
    org = organisation_for(user)
    if org is not None:
        if action not in rule.partner:
            return False
        return obj is None or getattr(obj, rule.org_field) == org.pk
    if perm == PAGE:
        view = rule.perms["view"]
        return (user.is_superuser or user.has_perm(view)) and _page_allows(user, action, obj)
    return user.is_superuser or user.has_perm(perm)


def require(user, action, obj_or_model):
    if not can(user, action, obj_or_model):
        raise PermissionDenied


def scope(user, queryset, action="view"):
    """The rows of ``queryset`` the user may ``action``: none, their organisation's, or all."""
    if not can(user, action, queryset.model):
        return queryset.none()
    org = organisation_for(user)
    if org is None:
        return queryset
    field_name = _rule(queryset.model).org_field
    return queryset.filter(**{field_name.removesuffix("_id"): org.pk})


# --- Roles -------------------------------------------------------------------


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


def _resolve(permissions, Permission):
    """Permission rows for the table's patterns ("app.codename", "app.model.*", "app.*")."""
    wanted = Permission.objects.none()
    for pattern in permissions:
        parts = pattern.split(".")
        if len(parts) == 2 and parts[1] == "*":
            wanted |= Permission.objects.filter(content_type__app_label=parts[0])
        elif len(parts) == 3 and parts[2] == "*":
            wanted |= Permission.objects.filter(
                content_type__app_label=parts[0], content_type__model=parts[1]
            )
        else:
            wanted |= Permission.objects.filter(content_type__app_label=parts[0], codename=parts[1])
    return list(wanted.distinct())


def role_groups(role, Group):
    if role.group_prefix:
        return Group.objects.filter(name__startswith=role.group_prefix)
    return Group.objects.filter(name=role.name)


def sync_after_migrate(sender, using="default", **kwargs):
    """post_migrate runs once per app; sync once, after the last app's permissions exist."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label == last.label:
        sync_roles(using=using)


def sync_roles(apps=None, using="default"):
    """Create the role groups and set their permissions to exactly what ROLES says.

    Runs after every ``migrate`` (post_migrate), so permissions created for a new
    model are added to its role. Page and collection permissions are set on the
    root page and root collection only; a partner group's page permission on its
    own partner page is left alone.
    """
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        if not role.group_prefix:
            Group.objects.using(using).get_or_create(name=role.name)
        model_perms = _resolve(role.permissions, Permission)
        for group in role_groups(role, Group).using(using):
            _sync_group(apps, using, group, role, model_perms)


def sync_group(group):
    """Give one new group (a partner organisation's) its role's permissions."""
    from django.apps import apps

    role = role_for(group.name)
    if role is not None:
        model_perms = _resolve(role.permissions, apps.get_model("auth", "Permission"))
        _sync_group(apps, group._state.db or "default", group, role, model_perms)


def _sync_group(apps, using, group, role, model_perms):
    group.permissions.set(model_perms)
    if role.page_permissions or role.page_type_permissions:
        _sync_page_permissions(apps, using, group, role)
    _sync_collection_permissions(apps, using, group, role.collection_permissions)
    if role.own_collection_permissions:
        own = _resolve(role.own_collection_permissions, apps.get_model("auth", "Permission"))
        _sync_own_collection(apps, using, group, role.group_prefix, own)
    if role.moderates:
        _sync_moderation(apps, using, group)


def _sync_page_permissions(apps, using, group, role):
    """Exactly the role's page permissions: on the root page, and on every page of
    the role's page types. (A partner group's permission on its own partner page
    is made by ballot.partners.partner_group; the Partner role has none here.)"""
    try:
        Page = apps.get_model("wagtailcore", "Page")
        GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        ContentType = apps.get_model("contenttypes", "ContentType")
    except LookupError:
        return
    Permission = apps.get_model("auth", "Permission")
    wanted = set()
    root = Page.objects.using(using).filter(depth=1).first()
    if root is not None:
        for perm in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=role.page_permissions
        ):
            wanted.add((root.pk, perm.pk))
    for label, codenames in role.page_type_permissions:
        app_label, model = label.split(".")
        content_type = ContentType.objects.using(using).filter(app_label=app_label, model=model)
        pages = Page.objects.using(using).filter(content_type__in=content_type)
        page_perms = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        )
        wanted |= {
            (page, perm)
            for page in pages.values_list("pk", flat=True)
            for perm in page_perms.values_list("pk", flat=True)
        }
        if "add_page" in codenames:
            # New pages of this type are made under each site's home page.
            Site = apps.get_model("wagtailcore", "Site")
            add = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename="add_page"
            ).values_list("pk", flat=True)
            for home_id in Site.objects.using(using).values_list("root_page_id", flat=True):
                wanted |= {(home_id, perm) for perm in add}
    existing = GroupPagePermission.objects.using(using).filter(group=group)
    have = set(existing.values_list("page_id", "permission_id"))
    for page_id, permission_id in have - wanted:
        existing.filter(page_id=page_id, permission_id=permission_id).delete()
    for page_id, permission_id in wanted - have:
        GroupPagePermission.objects.using(using).create(
            group=group, page_id=page_id, permission_id=permission_id
        )


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


def grant_page_roles(sender, instance, created, **kwargs):
    """post_save: a new page of a role's page type (a new ballot) joins that role."""
    if not created:
        return
    label = instance._meta.label_lower
    for role in ROLES:
        if any(label == page_label for page_label, _ in role.page_type_permissions):
            from django.apps import apps
            from django.contrib.auth.models import Group

            for group in role_groups(role, Group):
                _sync_page_permissions(apps, instance._state.db or "default", group, role)


def _sync_collection_permissions(apps, using, group, patterns):
    try:
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    except LookupError:
        return
    root = Collection.objects.using(using).filter(depth=1).first()
    if root is None:
        return
    perms = _resolve(patterns, apps.get_model("auth", "Permission"))
    GroupCollectionPermission.objects.using(using).filter(group=group, collection=root).exclude(
        permission__in=perms
    ).delete()
    for perm in perms:
        GroupCollectionPermission.objects.using(using).get_or_create(
            group=group, collection=root, permission=perm
        )
