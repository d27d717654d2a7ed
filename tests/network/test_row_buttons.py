"""The buttons on admin list rows (network/access_admin.py: RowButton, PolicyButtons).

Every admin declares its extra buttons; the one helper shows each where the
policy allows its action on that row and the row's state calls for it, and
leaves out modeladmin's own buttons a row does not offer. Each test reads a
real list page as a role would and looks for the button's address.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin

from ballot.models import CodeBatch, Kiosk, PaperBatch
from network.access_admin import PolicyModelAdmin
from tests.factories import (
    BallotPageFactory,
    BlogPageFactory,
    CommentFactory,
    MemberFactory,
    OrganisationFactory,
    admin_only_user,
    kiosk_with_token,
    partner_user,
    role_user,
)

pytestmark = pytest.mark.django_db


def buttons(html):
    """The addresses of the page's buttons (modeladmin/includes/button.html)."""
    return re.findall(r'<a href="([^"]+)" class="button[ "]', html)


def listing(user, url):
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def ours():
    return OrganisationFactory(name="Ours", slug="ours")


@pytest.fixture
def ballot(home_page):
    return BallotPageFactory(parent=home_page, slug="have-your-say")


def test_only_an_unsettled_batch_offers_keying_and_a_settled_one_no_delete(ballot, ours):
    open_box = PaperBatch.objects.create(ballot=ballot, organisation=ours, reference="open box")
    settled = PaperBatch.objects.create(ballot=ballot, organisation=ours, reference="done box")
    PaperBatch.objects.filter(pk=settled.pk).update(settled_at=timezone.now())
    theirs = PaperBatch.objects.create(
        ballot=ballot, organisation=OrganisationFactory(name="Theirs"), reference="their box"
    )

    html = listing(partner_user(ours), "/admin/ballot/paperbatch/")

    for action in ("enter", "settle"):
        assert f"/admin/ballot/paperbatch/{action}/{open_box.pk}/" in html
        assert f"/admin/ballot/paperbatch/{action}/{settled.pk}/" not in html
        assert f"/admin/ballot/paperbatch/{action}/{theirs.pk}/" not in html
    assert "Key papers" in html and "Compare keyings" in html

    manager = listing(role_user("Consultation manager", "manager"), "/admin/ballot/paperbatch/")
    assert f"/admin/ballot/paperbatch/delete/{open_box.pk}/" in manager
    assert f"/admin/ballot/paperbatch/delete/{settled.pk}/" not in manager
    assert f"/admin/ballot/paperbatch/enter/{theirs.pk}/" in manager


def test_a_kiosk_offers_switching_off_until_it_is_off_and_nothing_else(ballot, ours):
    working, _ = kiosk_with_token(ballot, ours, label="Library")
    off, _ = kiosk_with_token(ballot, ours, label="Ward")
    off.revoked_at = timezone.now()
    off.save(update_fields=["revoked_at"])

    html = listing(role_user("Consultation manager", "manager"), "/admin/ballot/kiosk/")

    assert f"/admin/ballot/kiosk/revoke/{working.pk}/" in html
    assert "Switch off the kiosk “Library” now" in html
    assert f"/admin/ballot/kiosk/revoke/{off.pk}/" not in html
    # Nothing about a kiosk changes but switching it off: no other button.
    rows = [url for url in buttons(html) if not url.endswith("/create/")]
    assert rows == [f"/admin/ballot/kiosk/revoke/{working.pk}/"]


def test_code_batches_offer_approval_to_managers_and_making_to_their_partner(ballot, ours):
    waiting = CodeBatch.objects.create(
        ballot=ballot, organisation=ours, reference="many", size=5, status=CodeBatch.Status.PENDING
    )
    approved = CodeBatch.objects.create(
        ballot=ballot, organisation=ours, reference="ok", size=5, status=CodeBatch.Status.APPROVED
    )

    manager = listing(role_user("Consultation manager", "manager"), "/admin/ballot/codebatch/")
    partner = listing(partner_user(ours), "/admin/ballot/codebatch/")

    assert f"/admin/ballot/codebatch/decide/{waiting.pk}/" in manager
    assert f"/admin/ballot/codebatch/decide/{approved.pk}/" not in manager
    # Approving is the manager's: the partner whose batch it is waits.
    assert f"/admin/ballot/codebatch/decide/{waiting.pk}/" not in partner
    assert f"/admin/ballot/codebatch/make/{approved.pk}/" in partner
    assert f"/admin/ballot/codebatch/make/{waiting.pk}/" not in partner
    for html in (manager, partner):
        # Codes never change: no edit button on any batch.
        assert not [url for url in buttons(html) if "/codebatch/edit/" in url]


def test_an_organisation_offers_a_partner_user_to_those_who_may_make_one(ours):
    html = listing(role_user("Consultation manager", "manager"), "/admin/network/organisation/")

    assert f"?organisation={ours.pk}" in html
    assert "Make a sign-in for someone at Ours" in html

    # Someone who may read the organisations but not make partner users gets no link.
    reader = admin_only_user("reader")
    reader.user_permissions.add(
        Permission.objects.get(content_type__app_label="network", codename="view_organisation")
    )
    html = listing(reader, "/admin/network/organisation/")
    assert "Ours" in html  # she reads the row
    assert f"?organisation={ours.pk}" not in html


def test_a_member_offers_download_and_erasure_to_the_membership_officer():
    member = MemberFactory()

    html = listing(role_user("Membership officer", "membership"), "/admin/network/member/")
    inspect = listing(
        role_user("Membership officer", "membership2"),
        f"/admin/network/member/inspect/{member.pk}/",
    )

    for page in (html, inspect):
        assert f"/admin/network/member/export/{member.pk}/" in page
        assert f"/admin/network/member/erase/{member.pk}/" in page
    # After modeladmin's own buttons: inspect first on the list row.
    row = html[html.index(f"/admin/network/member/inspect/{member.pk}/") :]
    assert f"/admin/network/member/erase/{member.pk}/" in row


def test_a_comment_offers_moderation_only_to_those_who_may_moderate(home_page):
    comment = CommentFactory(post=BlogPageFactory(parent=home_page))
    moderate = f"/admin/blog/comment/moderate/{comment.pk}/"
    reader = admin_only_user("reader")
    reader.user_permissions.add(
        Permission.objects.get(content_type__app_label="blog", codename="view_comment")
    )

    assert moderate in listing(role_user("Communications", "comms"), "/admin/blog/comment/")
    html = listing(reader, "/admin/blog/comment/")
    assert f"/admin/blog/comment/inspect/{comment.pk}/" in html  # she reads the list
    assert moderate not in html


def test_a_ballot_offers_results_export_and_closing_or_reopening_by_its_state(home_page):
    now = timezone.now()
    open_ = BallotPageFactory(parent=home_page, slug="open-ballot")
    closed = BallotPageFactory(
        parent=home_page,
        slug="closed-ballot",
        opens_at=now - timedelta(days=400),
        closes_at=now - timedelta(days=300),
    )

    html = listing(role_user("Consultation manager", "manager"), "/admin/ballot/ballotpage/")
    urls = buttons(html)

    for ballot in (open_, closed):
        for action in ("results", "export"):
            assert f"/admin/ballot/ballotpage/{action}/{ballot.pk}/" in urls
    assert f"/admin/ballot/ballotpage/close/{open_.pk}/" in urls
    assert f"/admin/ballot/ballotpage/reopen/{open_.pk}/" not in urls
    assert f"/admin/ballot/ballotpage/reopen/{closed.pk}/" in urls
    assert f"/admin/ballot/ballotpage/close/{closed.pk}/" not in urls
    # Before the page's own buttons (Wagtail's editor), as the old helper put them.
    row = [url for url in urls if f"/{open_.pk}/" in url]
    assert row.index(f"/admin/ballot/ballotpage/close/{open_.pk}/") < row.index(
        f"/admin/pages/{open_.pk}/edit/?next=/admin/ballot/ballotpage/"
    )


def test_an_admin_with_a_button_helper_of_its_own_is_refused():
    """A helper of its own would show buttons the policy never asked about."""

    class Stray(PolicyModelAdmin, ModelAdmin):
        model = Kiosk
        button_helper_class = ButtonHelper

    with pytest.raises(ImproperlyConfigured, match="row_buttons"):
        Stray().get_button_helper_class()
