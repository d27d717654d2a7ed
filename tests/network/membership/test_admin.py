"""Staff tools: find, filter, export and erase members; versioned consent wording."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from network.models import ConsentText, LeaverTally, Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/network/member/"
MAILING_LIST = "/admin/network/member/mailing-list.csv"


def csv_rows(response):
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_member_list_shows_members_and_searches(admin_client):
    MemberFactory(name="Ada Example", email="ada@example.org", organisation="Example Centre")
    MemberFactory(name="Beth Sample", email="beth@example.org")

    everyone = admin_client.get(INDEX).content.decode()
    found = admin_client.get(INDEX, {"q": "example centre"}).content.decode()

    assert "Ada Example" in everyone and "Beth Sample" in everyone
    assert "Ada Example" in found
    assert "Beth Sample" not in found
    assert "Download mailing list (CSV)" in everyone
    assert "Add member" not in everyone  # people join themselves


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status__exact": "pending"}, {"Pending Person"}),
        ({"status__exact": "confirmed"}, {"London Updates", "Leeds Quiet"}),
        ({"region__exact": "london"}, {"London Updates"}),
        ({"organisation": "Example Centre, Leeds"}, {"Leeds Quiet"}),
        ({"wants_updates__exact": "1"}, {"London Updates"}),
        ({"wants_updates__exact": "0"}, {"Leeds Quiet", "Pending Person"}),
    ],
)
def test_member_list_filters(admin_client, params, expected):
    MemberFactory(name="London Updates", region="london", with_updates=True)
    MemberFactory(name="Leeds Quiet", region="yorkshire", organisation="Example Centre, Leeds")
    MemberFactory(name="Pending Person", pending=True)

    html = admin_client.get(INDEX, params).content.decode()

    shown = {n for n in ("London Updates", "Leeds Quiet", "Pending Person") if n in html}
    assert shown == expected


def test_member_list_filters_by_joined_date(admin_client):
    MemberFactory(name="Joined Today")
    MemberFactory(name="Joined Long Ago", signed_up_at=timezone.now() - timedelta(days=60))
    # The "Today" choice of Django's date filter, as the admin builds it.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    params = {
        "signed_up_at__gte": str(today),
        "signed_up_at__lt": str(today + timedelta(days=1)),
    }

    html = admin_client.get(INDEX, params).content.decode()

    assert "Joined Today" in html
    assert "Joined Long Ago" not in html


def test_mailing_list_csv_has_only_confirmed_members_who_want_updates(admin_client):
    MemberFactory(
        name="Wants Updates",
        email="yes@example.org",
        organisation="Example Centre",
        region="wales",
        involvement=["Have my say", "Share my experience"],
        with_updates=True,
    )
    MemberFactory(name="No Updates", email="no@example.org")
    MemberFactory(name="Pending", email="pending@example.org", pending=True, with_updates=True)
    stopped = MemberFactory(name="Stopped", email="stopped@example.org", with_updates=True)
    Member.objects.filter(pk=stopped.pk).update(wants_updates=False)

    response = admin_client.get(MAILING_LIST)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="wmhn-mailing-list-')
    rows = csv_rows(response)
    assert [row["Email"] for row in rows] == ["yes@example.org"]
    [row] = rows
    assert row["Name"] == "Wants Updates"
    assert row["Organisation"] == "Example Centre"
    assert row["Region"] == "Wales"
    assert row["Would like to"] == "Have my say; Share my experience"
    assert row["Updates wording version"] == str(ConsentText.current("updates").version)
    assert row["Member since"]


def test_mailing_list_csv_defuses_spreadsheet_formulas(admin_client):
    MemberFactory(name='=HYPERLINK("http://evil.example")', with_updates=True)

    [row] = csv_rows(admin_client.get(MAILING_LIST))

    assert row["Name"] == '\'=HYPERLINK("http://evil.example")'


def test_mailing_list_csv_query_count_does_not_grow_with_members(
    admin_client, django_assert_max_num_queries, django_assert_num_queries
):
    MemberFactory.create_batch(3, with_updates=True)
    with django_assert_max_num_queries(20) as at_3:
        assert len(csv_rows(admin_client.get(MAILING_LIST))) == 3
    few = len(at_3)  # read at once: the next request empties Django's query log
    MemberFactory.create_batch(30, with_updates=True)
    with django_assert_num_queries(few):
        assert len(csv_rows(admin_client.get(MAILING_LIST))) == 33


def test_member_page_shows_consents_with_wording_and_time(admin_client):
    old_wording = ConsentText.current("updates")
    member = MemberFactory(with_updates=True)
    ConsentText.objects.create(kind="updates", wording="A newer updates wording.")

    html = admin_client.get(f"/admin/network/member/inspect/{member.pk}/").content.decode()

    assert "What this member agreed to" in html
    assert ConsentText.current("membership").wording.replace("'", "&#x27;") in html
    assert old_wording.wording.replace("'", "&#x27;") in html
    assert "A newer updates wording." not in html  # what they saw, not what is current
    assert f"version {old_wording.version}" in html
    assert "Download data (JSON)" in html
    assert "Erase" in html


def test_subject_access_export_is_everything_held(admin_client):
    member = MemberFactory(
        name="Ada Example",
        email="ada@example.org",
        organisation="Example Centre",
        region="london",
        involvement=["Have my say"],
        with_updates=True,
    )

    response = admin_client.get(f"/admin/network/member/export/{member.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="member-{member.pk}-data.json"'
    )
    data = json.loads(response.content)["member"]
    assert data["name"] == "Ada Example"
    assert data["email"] == "ada@example.org"
    assert data["organisation"] == "Example Centre"
    assert data["region"] == "London"
    assert data["involvement"] == ["Have my say"]
    assert data["status"] == "Confirmed"
    membership = data["consents"]["membership"]
    assert membership["wording"] == ConsentText.current("membership").wording
    assert membership["agreed_at"] == member.membership_consented_at.isoformat()
    assert data["consents"]["email_updates"]["version"] == ConsentText.current("updates").version
    assert data["receiving_email_updates"] is True


def test_erase_asks_for_confirmation_first(admin_client):
    member = MemberFactory(name="Ada Example")

    page = admin_client.get(f"/admin/network/member/erase/{member.pk}/")

    assert page.status_code == 200
    assert "Yes, erase this member" in page.content.decode()
    assert Member.objects.filter(pk=member.pk).exists()

    done = admin_client.post(f"/admin/network/member/erase/{member.pk}/")
    assert done.status_code == 302
    assert done["Location"] == INDEX
    assert not Member.objects.filter(pk=member.pk).exists()
    assert LeaverTally.objects.get(reason="erased").count == 1


def test_erase_of_unknown_member_is_not_found(admin_client):
    assert admin_client.post("/admin/network/member/erase/999999/").status_code == 404
    assert admin_client.get("/admin/network/member/export/nonsense/").status_code == 404


def test_standard_delete_is_not_offered(admin_client):
    member = MemberFactory()

    response = admin_client.post(f"/admin/network/member/delete/{member.pk}/")

    assert response.status_code in (302, 403)
    assert Member.objects.filter(pk=member.pk).exists()


@pytest.fixture
def editor_client(client, django_user_model):
    """A staff member who may see members but not erase them."""
    user = django_user_model.objects.create_user("editor", password="pw")
    group = Group.objects.create(name="Member viewers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_member"),
    )
    user.groups.add(group)
    client.force_login(user)
    return client


def test_staff_who_may_only_view_members_cannot_export_or_erase(editor_client):
    """Export and erasure are permissions of their own (network.access), not "view"."""
    member = MemberFactory()

    assert editor_client.get(INDEX).status_code == 200
    assert editor_client.get(MAILING_LIST).status_code in (302, 403)
    assert editor_client.get(f"/admin/network/member/export/{member.pk}/").status_code in (
        302,
        403,
    )
    response = editor_client.post(f"/admin/network/member/erase/{member.pk}/")

    assert response.status_code in (302, 403)
    assert Member.objects.filter(pk=member.pk).exists()


def test_visitors_cannot_reach_member_data(client):
    member = MemberFactory()

    for url in (INDEX, MAILING_LIST, f"/admin/network/member/export/{member.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_consent_wording_new_version_and_no_editing(admin_client):
    first = ConsentText.current("membership")

    response = admin_client.post(
        "/admin/network/consenttext/create/",
        {"kind": "membership", "language": "en-gb", "wording": "I agree to join (second version)."},
    )

    assert response.status_code == 302
    newest = ConsentText.current("membership")
    assert newest.version == first.version + 1
    assert newest.wording == "I agree to join (second version)."
    edit = admin_client.post(
        f"/admin/network/consenttext/edit/{first.pk}/",
        {"kind": "membership", "language": "en-gb", "wording": "Rewritten history"},
    )
    first.refresh_from_db()
    assert edit.status_code in (302, 403)
    assert first.wording != "Rewritten history"


def test_join_form_shows_newest_consent_wording(client, join_page):
    ConsentText.objects.create(kind="updates", wording="Updates wording, version two.")

    assert "Updates wording, version two." in client.get(join_page.url).content.decode()


def test_leaver_counts_are_listed(admin_client):
    LeaverTally.record("left", count=3)

    html = admin_client.get("/admin/network/leavertally/").content.decode()

    assert "Left through the website" in html
    assert ">3<" in html


def test_staff_edit_join_page_choices_in_the_page_editor(admin_client, join_page):
    response = admin_client.get(f"/admin/pages/{join_page.pk}/edit/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "involvement_options-TOTAL_FORMS" in html
    assert "Share my experience" in html
    assert "reCAPTCHA is off" in html  # no keys in tests, and the admin says so
