"""The role x URL matrix: every admin URL of this project's apps, tried by each role.

The URL list is read from Django's resolver (every admin URL named ``ballot_*``,
``network_*`` or ``ops_*``: the ballot, network, membership and ops apps), so a
new admin URL without a row in MATRIX fails ``test_every_admin_url_has_a_row``.
The README's "Who can do what" table says the same in words.

Each cell is what a GET answers:
  ok   200
  no   refused: 403 (never Wagtail's redirect to the dashboard, which hides the
       refusal; only someone not allowed into the admin at all is sent to sign in)
  404  not found (the object is outside the user's organisation)
  go   a redirect somewhere else (e.g. to Wagtail's own page editor)

URLs that take an id get the id of an object that belongs to the first partner's
organisation, so "partner" is the owner and "partner2" is another organisation's
partner trying the same address.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from ballot.models import CodeBatch, CodeQuota, PaperBatch
from experiences.models import Experience
from home.models import TranslationReview
from mailings.models import SentItem
from network.models import ConsentText, LeaverTally, PartnerAccount
from tests.factories import (
    BallotPageFactory,
    BlogPageFactory,
    CommentFactory,
    FollowerFactory,
    MemberFactory,
    OrganisationFactory,
    StandardPageFactory,
    admin_only_user,
    kiosk_with_token,
    partner_user,
    role_user,
    translate_page,
)

pytestmark = pytest.mark.django_db

ROLES = (
    "superuser",
    "communications",
    "consultation",
    "membership",
    "partner",
    "partner2",
    "access_admin",
    "editors",
)

ALL_OK = "ok ok ok ok ok ok ok ok"
NOBODY = "no no no no no no no no"
SUPER_ONLY = "ok no no no no no no no"
CONSULTATION = "ok no ok no no no no no"
MEMBERSHIP = "ok no no ok no no no no"
BATCH_LIST = "ok no ok no ok ok no no"
OWN_BATCH = "ok no ok no ok no no no"
OWN_BATCH_VIEW = "ok no ok no ok 404 no no"

# One row per admin URL name; columns in the order of ROLES.
MATRIX = {
    # Organisations and partner users: consultation managers run the channels.
    "network_organisation_modeladmin_index": CONSULTATION,
    "network_organisation_modeladmin_create": CONSULTATION,
    "network_organisation_modeladmin_edit": CONSULTATION,
    "network_organisation_modeladmin_delete": SUPER_ONLY,
    "network_organisation_modeladmin_history": CONSULTATION,
    "network_partneraccount_modeladmin_index": CONSULTATION,
    "network_partneraccount_modeladmin_create": NOBODY,  # made from an organisation
    "network_partneraccount_modeladmin_edit": NOBODY,
    "network_partneraccount_modeladmin_delete": CONSULTATION,
    "network_partneraccount_modeladmin_history": CONSULTATION,
    "network_partner_user_create": CONSULTATION,
    # Members: the membership officer only.
    "network_member_modeladmin_index": MEMBERSHIP,
    "network_member_modeladmin_create": NOBODY,  # people join themselves
    "network_member_modeladmin_edit": MEMBERSHIP,
    "network_member_modeladmin_delete": NOBODY,  # erasure has its own view
    "network_member_modeladmin_inspect": MEMBERSHIP,
    "network_member_modeladmin_history": MEMBERSHIP,
    "network_member_modeladmin_erase": MEMBERSHIP,
    "network_member_modeladmin_export": MEMBERSHIP,
    "network_member_modeladmin_mailing_list": MEMBERSHIP,
    "network_consenttext_modeladmin_index": MEMBERSHIP,
    "network_consenttext_modeladmin_create": MEMBERSHIP,
    "network_consenttext_modeladmin_edit": NOBODY,  # a new version instead
    "network_consenttext_modeladmin_delete": NOBODY,
    "network_consenttext_modeladmin_history": MEMBERSHIP,
    "network_leavertally_modeladmin_index": MEMBERSHIP,
    "network_leavertally_modeladmin_create": NOBODY,
    "network_leavertally_modeladmin_edit": NOBODY,
    "network_leavertally_modeladmin_delete": NOBODY,
    "network_leavertally_modeladmin_history": MEMBERSHIP,
    # Ballots: the list, results and vote export are the consultation manager's.
    # Editing a ballot page is page editing (Wagtail's page permissions): the
    # consultation manager may edit and publish every ballot page, and start one
    # under the home page (no other page type: network/wagtail_hooks.py).
    "ballot_ballotpage_modeladmin_index": CONSULTATION,
    "ballot_ballotpage_modeladmin_create": "go no go no no no no no",
    "ballot_ballotpage_modeladmin_choose_parent": CONSULTATION,
    "ballot_ballotpage_modeladmin_edit": "go no go no no no no no",
    "ballot_ballotpage_modeladmin_delete": "go no go no no no no no",
    "ballot_ballotpage_modeladmin_history": CONSULTATION,
    "ballot_ballotpage_modeladmin_results": CONSULTATION,
    "ballot_ballotpage_modeladmin_export": CONSULTATION,
    # Close now and reopen: publishing the ballot page (consultation manager).
    "ballot_ballotpage_modeladmin_close": CONSULTATION,
    "ballot_ballotpage_modeladmin_reopen": CONSULTATION,
    # Code batches: partners make and see their own; codes are never shown again.
    "ballot_codebatch_modeladmin_index": BATCH_LIST,
    "ballot_codebatch_modeladmin_create": BATCH_LIST,
    "ballot_codebatch_modeladmin_edit": "go no go no go no no no",
    "ballot_codebatch_modeladmin_delete": CONSULTATION,
    "ballot_codebatch_modeladmin_history": OWN_BATCH,
    # Paper batches: partners start, key and settle their own.
    "ballot_paperbatch_modeladmin_index": BATCH_LIST,
    "ballot_paperbatch_modeladmin_create": BATCH_LIST,
    "ballot_paperbatch_modeladmin_edit": CONSULTATION,
    "ballot_paperbatch_modeladmin_delete": CONSULTATION,
    "ballot_paperbatch_modeladmin_history": OWN_BATCH,
    "ballot_paperbatch_modeladmin_enter": OWN_BATCH_VIEW,
    "ballot_paperbatch_modeladmin_settle": OWN_BATCH_VIEW,
    # Turnout: every organisation for staff; a partner is sent to their own.
    "ballot_turnout_index": "ok no ok no go go no no",
    "ballot_turnout": OWN_BATCH,
    # What each role may do: readable by everyone in the admin.
    "network_roles": ALL_OK,
    # Two-step sign-in: everyone's own account.
    "ops_two_factor": ALL_OK,
    "ops_two_factor_verify": ALL_OK,
}

# Kiosks (ballot/kiosk_admin.py): consultation managers for every organisation,
# partners for their own; switched off, never deleted or edited.
KIOSK_ROWS = {
    "ballot_kiosk_modeladmin_index": BATCH_LIST,
    "ballot_kiosk_modeladmin_create": BATCH_LIST,
    "ballot_kiosk_modeladmin_edit": "go no go no go no no no",
    "ballot_kiosk_modeladmin_delete": NOBODY,
    "ballot_kiosk_modeladmin_history": OWN_BATCH,
    "ballot_kiosk_modeladmin_revoke": OWN_BATCH_VIEW,
    # Code quotas (ballot/quota_admin.py): set by consultation managers; approving a
    # batch beyond the quota is theirs; a partner makes an approved batch's codes.
    "ballot_codequota_modeladmin_index": CONSULTATION,
    "ballot_codequota_modeladmin_create": CONSULTATION,
    "ballot_codequota_modeladmin_edit": CONSULTATION,
    "ballot_codequota_modeladmin_delete": CONSULTATION,
    "ballot_codequota_modeladmin_history": CONSULTATION,
    "ballot_codebatch_modeladmin_decide": CONSULTATION,
    "ballot_codebatch_modeladmin_make": OWN_BATCH_VIEW,
}
MATRIX.update(KIOSK_ROWS)

# Shared experiences (experiences/wagtail_hooks.py): personal data, read and
# triaged by consultation managers; nobody adds one in the admin.
EXPERIENCE_ROWS = {
    "experiences_experience_modeladmin_index": CONSULTATION,
    "experiences_experience_modeladmin_create": NOBODY,
    "experiences_experience_modeladmin_edit": CONSULTATION,
    "experiences_experience_modeladmin_delete": CONSULTATION,
    "experiences_experience_modeladmin_inspect": CONSULTATION,
    "experiences_experience_modeladmin_history": CONSULTATION,
    "experiences_counts": CONSULTATION,
}
MATRIX.update(EXPERIENCE_ROWS)

APPS = ("ballot", "network", "ops", "experiences")


def admin_url_names():
    """Every named URL under /admin/ that belongs to this project's apps."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif pattern.name:
                yield prefix + str(pattern.pattern), pattern.name

    return {
        name
        for route, name in walk(get_resolver().url_patterns, "")
        if route.startswith("admin/") and name.split("_", 1)[0] in APPS
    }


def test_every_admin_url_has_a_row():
    names = admin_url_names()
    assert names - set(MATRIX) == set(), "admin URLs with no row in the access matrix"
    assert set(MATRIX) - names == set(), "rows for admin URLs that no longer exist"


def test_every_row_has_a_cell_per_role():
    for name, row in MATRIX.items():
        cells = row.split()
        assert len(cells) == len(ROLES), name
        assert set(cells) <= {"ok", "no", "404", "go"}, name


@pytest.fixture
def world(home_page):
    ours = OrganisationFactory(name="Ours", slug="ours")
    partner_user(OrganisationFactory(name="Theirs", slug="theirs"), username="other-partner")
    partner_user(ours)
    ballot = BallotPageFactory(parent=home_page, slug="have-your-say", title="Have your say")
    objects = {
        "organisation": ours,
        "partneraccount": PartnerAccount.objects.get(organisation=ours),
        "member": MemberFactory(),
        "consenttext": ConsentText.current("membership"),
        "leavertally": LeaverTally.objects.create(
            month=datetime.date(2026, 1, 1), reason=LeaverTally.Reason.ERASED, count=3
        ),
        "ballotpage": ballot,
        "codebatch": CodeBatch.objects.create(
            ballot=ballot, organisation=ours, reference="our cards", size=1
        ),
        "paperbatch": PaperBatch.objects.create(
            ballot=ballot, organisation=ours, reference="our box"
        ),
        "kiosk": kiosk_with_token(ballot, ours, label="Our library")[0],
        "codequota": CodeQuota.objects.create(ballot=ballot, organisation=ours, quota=10),
        "experience": Experience.objects.create(
            who="woman", setting="hospital", story="A night on the ward."
        ),
    }
    return objects


def make_user(role, objects):
    """One user of ``role``; the partners work for "Ours" and "Theirs"."""
    User = get_user_model()
    makers = {
        "superuser": lambda: role_user(None, "super", superuser=True),
        "communications": lambda: role_user("Communications", "comms"),
        "consultation": lambda: role_user("Consultation manager", "consultation"),
        "membership": lambda: role_user("Membership officer", "membership"),
        "partner": lambda: objects["partneraccount"].user,
        "partner2": lambda: User.objects.get(username="other-partner"),
        "access_admin": admin_only_user,
        "editors": lambda: role_user("Editors", "editor"),
    }
    return makers[role]()


def url_for(name, objects):
    if name == "ballot_turnout":
        return reverse(name, kwargs={"org_pk": objects["organisation"].pk})
    if "_modeladmin_" in name:
        model = name.split("_")[1]
        try:
            return reverse(name)
        except Exception:
            return reverse(name, kwargs={"instance_pk": objects[model].pk})
    return reverse(name)


def outcome(response):
    if response.status_code == 200:
        return "ok"
    if response.status_code in (403, 405):
        return "no"
    if response.status_code == 404:
        return "404"
    if response.status_code == 302:
        location = response["Location"]
        if location == "/admin/":
            return "dashboard"  # Wagtail's way of saying no: never what a row expects
        if location.startswith("/admin/login/"):
            return "no"
        return "go"
    return str(response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_role_gets_what_the_matrix_says(role, world):
    objects = world
    column = ROLES.index(role)
    client = Client()
    client.force_login(make_user(role, objects))
    wrong = []
    for name, row in MATRIX.items():
        expected = row.split()[column]
        url = url_for(name, objects)
        got = outcome(client.get(url))
        if got != expected:
            wrong.append(f"{url} ({name}): expected {expected}, got {got}")
    assert wrong == [], f"{role}:\n" + "\n".join(wrong)


def test_anonymous_is_sent_to_sign_in_everywhere(world):
    objects = world
    client = Client()
    for name in MATRIX:
        response = client.get(url_for(name, objects))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/admin/login/"), name


def modeladmin_url_names():
    """Every URL a registered ModelAdmin adds, whichever app registers it."""
    return sorted(
        name for route, name in walk(get_resolver().url_patterns, "") if "_modeladmin_" in name
    )


def walk(patterns, prefix):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif pattern.name:
            yield prefix + str(pattern.pattern), pattern.name


@pytest.fixture
def every_model(world, home_page):
    """An object of every model a ModelAdmin is registered for, this project's apps and all."""
    post = BlogPageFactory(parent=home_page, slug="a-post")
    follower = FollowerFactory()
    about = StandardPageFactory(parent=home_page, slug="about")
    urdu = translate_page(about, ["ur"])["ur"]
    return {
        **world,
        "comment": CommentFactory(post=post),
        "follower": follower,
        "sentitem": SentItem.objects.create(follower=follower, page=post),
        "translationreview": TranslationReview.objects.get(page=urdu),
    }


def test_a_refused_user_gets_403_from_every_registered_admin(every_model):
    """One refusal style (network/access_admin.PolicyModelAdmin): a signed-in admin
    user the policy refuses gets a 403 from every index, create, inspect, edit,
    delete, history and extra (export, results, moderate, ...) address of every
    registered ModelAdmin: not a redirect, not a 200 with the buttons hidden."""
    names = modeladmin_url_names()
    models = {name.split("_")[1] for name in names}
    assert {"ballotpage", "member", "comment", "follower", "translationreview"} <= models
    assert {"index", "edit", "delete", "export"} <= {
        name.split("_modeladmin_")[1] for name in names
    }
    client = Client()
    client.force_login(admin_only_user())
    wrong = []
    for name in names:
        url = url_for(name, every_model)
        status = client.get(url).status_code
        if status != 403:
            wrong.append(f"{url} ({name}): {status}")
    assert wrong == []
