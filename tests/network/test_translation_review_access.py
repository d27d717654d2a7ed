""" "Draft translations" asks the one permission policy (network/access.py):
communications staff review and confirm translations; partners, and anyone
else without the rule's permission, get 403 on every address (issue 12)."""

import pytest
from django.test import Client

from home.models import TranslationReview
from network import access
from tests.factories import (
    OrganisationFactory,
    StandardPageFactory,
    partner_user,
    role_user,
    translate_page,
)

pytestmark = pytest.mark.django_db

LIST = "/admin/home/translationreview/"


@pytest.fixture
def review(home_page):
    about = StandardPageFactory(parent=home_page, slug="about")
    urdu = translate_page(about, ["ur"])["ur"]
    return TranslationReview.objects.get(page=urdu)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def urls(review):
    return [
        LIST,
        f"{LIST}edit/{review.pk}/",
        f"{LIST}history/{review.pk}/",
        f"{LIST}delete/{review.pk}/",
    ]


def test_a_communications_officer_opens_and_confirms_a_translation(review):
    officer = role_user("Communications", "comms")
    assert access.can(officer, "change", review)
    client = client_for(officer)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert "draft translation: to be checked" in listing.content.decode()
    edit = f"{LIST}edit/{review.pk}/"
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"checked": "on", "note": "Read by Samina."})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.checked and review.note == "Read by Samina."
    assert client.get(f"{LIST}history/{review.pk}/").status_code == 200


def test_nobody_adds_or_deletes_a_review_row(review):
    officer = role_user("Communications", "comms")
    assert not access.can(officer, "add", TranslationReview)
    assert not access.can(officer, "delete", review)
    client = client_for(officer)
    assert client.get(f"{LIST}create/").status_code == 403
    assert client.get(f"{LIST}delete/{review.pk}/").status_code == 403


@pytest.mark.parametrize("who", ["partner", "membership", "consultation"])
def test_others_get_403_on_every_address(who, review):
    if who == "partner":
        user = partner_user(OrganisationFactory())
    else:
        group = {"membership": "Membership officer", "consultation": "Consultation manager"}
        user = role_user(group[who], who)
    assert not access.can(user, "view", review)
    client = client_for(user)
    for url in urls(review):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{LIST}edit/{review.pk}/", {"checked": "on"}).status_code == 403
    review.refresh_from_db()
    assert not review.checked


def test_the_old_snippet_and_chooser_addresses_are_gone_for_everyone(review):
    """Registered once, under the policy: no snippet list, chooser or history
    that Wagtail's own snippet permissions would answer."""
    client = client_for(partner_user(OrganisationFactory()))
    for url in [
        "/admin/snippets/home/translationreview/",
        f"/admin/snippets/home/translationreview/edit/{review.pk}/",
        f"/admin/snippets/home/translationreview/history/{review.pk}/",
        "/admin/snippets/choose/home/translationreview/",
    ]:
        assert client.get(url).status_code in (403, 404), url
    officer = client_for(role_user("Communications", "comms"))
    assert officer.get("/admin/snippets/home/translationreview/").status_code == 404
