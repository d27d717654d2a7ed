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
* ROLES (network/access_roles.py): the role groups, each with a one-line
  description, its model permissions and its page and collection
  permissions. A data migration creates the groups; ``sync_roles``
  (network/access_groups.py, run after every ``migrate``) sets each group's
  permissions to exactly what the table says, so a model added later
  (``"ballot.*"``) joins its role without another migration.

Superusers may do everything that is allowed at all. Partner users
(``network.PartnerAccount``) get nothing from model permissions: what they may
do comes from PARTNER rules, and only ever to their own organisation's rows.
Anything not in RULES is refused (fail closed).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

# sync_roles is named here for migration 0006_roles, which imports it from this
# module; it lives in network/access_groups.py.
from network.access_groups import sync_roles
from network.models import organisation_for

__all__ = [
    "PermissionDenied",
    "can",
    "organisation_for",
    "require",
    "scope",
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
            # "Add partner user" on an organisation makes the user and her account
            # together (network/account_views.py); never by tying an existing user
            # to an organisation in the partner-user list.
            "make": "network.add_partneraccount",
            "add": NEVER,
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
            "add": NEVER,  # readers write comments; staff reply through "moderate"
            "change": NEVER,  # a reader's words are approved or rejected, never rewritten
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
