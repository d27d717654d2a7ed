"""Follow by email: the double opt-in, immediate and weekly sends, exactly once, one-click stop."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from mailings.models import Follower, SentItem
from mailings.sending import send_digests, send_new_item
from tests.factories import CampaignUpdatePageFactory, FollowerFactory
from tests.mailings.conftest import publish

pytestmark = pytest.mark.django_db


def confirm_link(message):
    return re.search(r"http://[^\s]+/follow/confirm/[^\s/]+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def test_visitor_follows_after_confirming_the_link(site, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/follow/",
            {"email": "Ada@Example.org", "frequency": "weekly", "categories": [site["housing"].pk]},
        )
    assert response.status_code == 302
    follower = Follower.objects.get()
    assert follower.email == "ada@example.org"
    assert follower.status == Follower.Status.PENDING
    assert len(mail.outbox) == 1
    link = confirm_link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only the token's hash is stored.
    assert token not in follower.token_hash and len(follower.token_hash) == 64

    # Opening the link (a mail scanner) confirms nothing; the button does.
    assert client.get(path_of(link)).status_code == 200
    assert Follower.objects.get().status == Follower.Status.PENDING
    assert client.post(path_of(link)).status_code == 200
    follower = Follower.objects.get()
    assert follower.status == Follower.Status.CONFIRMED
    assert follower.frequency == "weekly"
    assert list(follower.categories.all()) == [site["housing"]]
    # The link works once.
    assert client.post(path_of(link)).status_code == 400


def test_a_form_post_never_changes_a_confirmed_follower(site, django_capture_on_commit_callbacks):
    follower = FollowerFactory(email="ada@example.org", everything=False, newsletter=True)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/follow/", {"email": "ada@example.org", "frequency": "weekly", "everything": "on"}
        )
    follower.refresh_from_db()
    assert follower.frequency == "immediate" and not follower.everything and follower.newsletter
    assert len(mail.outbox) == 1  # a confirmation link, for the address's owner to decide


def test_expired_link_is_refused(site, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/follow/", {"email": "ada@example.org", "frequency": "immediate", "everything": "on"}
        )
    Follower.objects.update(
        token_sent_at=timezone.now() - timedelta(days=settings.FOLLOW_CONFIRM_DAYS + 1)
    )
    response = Client().post(path_of(confirm_link(mail.outbox[0])))
    assert response.status_code == 400
    assert b"too old" in response.content
    assert Follower.objects.get().status == Follower.Status.PENDING


def test_nothing_chosen_is_a_plain_error_and_stores_nothing(site):
    response = Client().post("/follow/", {"email": "ada@example.org", "frequency": "immediate"})
    assert response.status_code == 400
    assert b"Choose at least one thing to follow" in response.content
    assert not Follower.objects.exists() and not mail.outbox


def test_honeypot_and_rate_limit(site, settings):
    response = Client().post(
        "/follow/",
        {"email": "bot@example.org", "frequency": "immediate", "everything": "on", "website": "x"},
    )
    assert response.status_code == 302 and not Follower.objects.exists()
    settings.FOLLOW_RATE = "2/h"
    cache.clear()
    client = Client()
    statuses = [client.post("/follow/", {"email": "x"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_publishing_a_post_mails_its_followers_once(
    site, new_post, django_capture_on_commit_callbacks
):
    housing = FollowerFactory(everything=False, categories=[site["housing"]])
    everything = FollowerFactory()
    FollowerFactory(everything=False, categories=[site["prisons"]])  # another topic
    FollowerFactory(weekly=True)  # digest only
    FollowerFactory(status="pending", confirmed_at=None)
    FollowerFactory(status="unsubscribed")

    post = new_post(categories=[site["housing"]], title="Housing first")

    assert sorted(m.to[0] for m in mail.outbox) == sorted([housing.email, everything.email])
    message = mail.outbox[0]
    assert message.subject == "Housing first"
    assert post.full_url in message.body  # the plain-text part
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/follow/unsubscribe/" in message.extra_headers["List-Unsubscribe"]

    # The task runs again (a retry, a second worker): nobody gets it twice.
    assert send_new_item.enqueue(post.pk).return_value == 0
    assert len(mail.outbox) == 2
    assert SentItem.objects.filter(page=post, status="sent").count() == 2

    # Editing and republishing is not news.
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    assert len(mail.outbox) == 2


def test_campaign_update_goes_to_that_campaigns_followers(site, django_capture_on_commit_callbacks):
    fan = FollowerFactory(everything=False, campaigns=[site["campaign"]])
    FollowerFactory(everything=False, campaigns=[site["other_campaign"]])
    update = CampaignUpdatePageFactory(
        parent=site["campaign"], live=False, title="We met the minister"
    )
    publish(update, django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == [fan.email]
    assert mail.outbox[0].subject == "We met the minister"


def test_weekly_digest_holds_each_post_once(site, new_post):
    weekly = FollowerFactory(weekly=True, confirmed_at=timezone.now() - timedelta(days=3))
    first = new_post(title="First news")
    second = new_post(title="Second news")
    assert mail.outbox == []  # weekly followers wait for the digest

    assert send_digests.enqueue().return_value == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [weekly.email]
    assert "First news" in digest.body and "Second news" in digest.body
    assert SentItem.objects.filter(follower=weekly, digest=True).count() == 2

    # A rerun sends nothing; next week holds only what is new.
    assert send_digests.enqueue().return_value == 0
    third = new_post(title="Third news")
    assert send_digests.enqueue().return_value == 1
    assert "Third news" in mail.outbox[1].body
    assert "First news" not in mail.outbox[1].body
    assert {first.pk, second.pk, third.pk} == set(
        SentItem.objects.filter(follower=weekly).values_list("page_id", flat=True)
    )


def test_one_click_unsubscribe(site, new_post):
    follower = FollowerFactory()
    new_post(title="Before")
    url = re.search(r"<([^>]+)>", mail.outbox[0].extra_headers["List-Unsubscribe"]).group(1)
    # RFC 8058: the mail program POSTs with no cookie and no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        path_of(url), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    follower.refresh_from_db()
    assert follower.status == Follower.Status.UNSUBSCRIBED
    new_post(title="After")
    assert len(mail.outbox) == 1
    assert Client().get(path_of(url)[:-3] + "xx/").status_code == 400


def test_purge_removes_old_unconfirmed_and_unsubscribed(site, settings):
    from django.core.management import call_command

    old = timezone.now() - timedelta(days=settings.FOLLOW_PURGE_DAYS + 1)
    FollowerFactory(status="pending", confirmed_at=None, created_at=old)
    FollowerFactory(status="unsubscribed", unsubscribed_at=old)
    kept = [
        FollowerFactory(),
        FollowerFactory(status="pending", confirmed_at=None),
        FollowerFactory(status="unsubscribed", unsubscribed_at=timezone.now()),
    ]
    call_command("purge_followers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(Follower.objects.values_list("pk", flat=True)) == {f.pk for f in kept}


def test_sends_are_visible_to_membership_staff_only(site, new_post, client):
    from tests.factories import role_user

    FollowerFactory(email="ada@example.org")
    new_post(title="Visible")
    client.force_login(role_user("Membership officer", "membership"))
    response = client.get("/admin/mailings/sentitem/")
    assert response.status_code == 200 and b"ada@example.org" in response.content
    client.force_login(role_user("Communications", "comms"))
    assert client.get("/admin/mailings/sentitem/").status_code in (302, 403)
    assert client.get("/admin/mailings/follower/").status_code in (302, 403)


def test_follow_link_on_a_campaign_ticks_that_campaign(site):
    campaign = site["campaign"]
    page = Client().get(campaign.url).content.decode()
    assert f"/follow/?campaign={campaign.pk}" in page
    form = Client().get(f"/follow/?campaign={campaign.pk}").content.decode()
    assert re.search(rf'value="{campaign.pk}"[^>]*checked', form)


def test_digest_command_queues_the_digest(site, new_post):
    from io import StringIO

    from django.core.management import call_command

    weekly = FollowerFactory(weekly=True)
    new_post(title="Command news")
    call_command("send_follow_digest", stdout=StringIO())
    call_command("send_follow_digest", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [[weekly.email]]
