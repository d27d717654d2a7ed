"""Comments on posts: pre-moderated, spam-guarded, closable, flagged for personal details."""

import pytest
from django.core.cache import cache
from django.test import Client

from blog.comments import Comment, find_flags, purge_comments
from tests.factories import BlogPageFactory, CommentFactory, role_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def post(blog_index):
    return BlogPageFactory(parent=blog_index, title="Women's voices", slug="voices")


def send(post, **data):
    fields = {"name": "Ada", "email": "", "body": "Thank you for this post."}
    fields.update(data)
    return Client().post(post.url + "reply/", fields)


def test_comment_waits_for_approval_then_appears(post, client):
    response = send(post, body="A brave and true post.", email="ada@example.org")
    assert response.status_code == 302
    assert response["Location"].endswith("/reply/thank-you/")
    comment = Comment.objects.get()
    assert comment.status == "pending"
    page = Client().get(post.url).content.decode()
    assert "A brave and true post." not in page

    client.force_login(role_user("Communications", "comms"))
    waiting = client.get("/admin/blog/comment/?status__exact=pending")
    assert "A brave and true post." in waiting.content.decode()
    response = client.post(
        f"/admin/blog/comment/moderate/{comment.pk}/",
        {"decision": "approve", "note": "Fine", "reply": "Thank you, Ada."},
    )
    assert response.status_code == 302
    page = Client().get(post.url).content.decode()
    assert "A brave and true post." in page
    assert "ada@example.org" not in page  # the email is never shown
    assert "Reply from the network" in page and "Thank you, Ada." in page
    comment.refresh_from_db()
    assert comment.moderator_note == "Fine" and comment.moderated_by is not None


def test_rejected_comment_never_appears(post, client):
    comment = CommentFactory(post=post, body="Buy cheap pills")
    client.force_login(role_user("Communications", "comms"))
    client.post(
        f"/admin/blog/comment/moderate/{comment.pk}/", {"decision": "reject", "note": "spam"}
    )
    assert "Buy cheap pills" not in Client().get(post.url).content.decode()
    assert Comment.objects.get().status == "rejected"


def test_anonymous_when_no_name(post):
    send(post, name="")
    Comment.objects.update(status="approved")
    assert "Anonymous" in Client().get(post.url).content.decode()


def test_closed_post_refuses_and_stores_nothing(post):
    post.comments_open = False
    post.save_revision().publish()
    response = send(post)
    assert response.status_code == 403
    assert "Comments are closed" in response.content.decode()
    assert not Comment.objects.exists()
    assert "Comments are closed on this post." in Client().get(post.url).content.decode()


def test_honeypot_stores_nothing(post):
    response = send(post, website="https://spam.example/")
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_rate_limit(post, settings):
    settings.COMMENT_RATE = "2/h"
    statuses = [send(post, body=f"Comment {n}").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert Comment.objects.count() == 2


def test_empty_comment_is_a_plain_error(post):
    response = send(post, body="   ")
    assert response.status_code == 400
    assert "Write your comment." in response.content.decode()
    assert not Comment.objects.exists()


def test_recaptcha_guards_when_configured(post, settings, monkeypatch):
    settings.RECAPTCHA_ENABLED = True
    settings.RECAPTCHA_PUBLIC_KEY = "public"
    settings.RECAPTCHA_PRIVATE_KEY = "private"
    from django_recaptcha import client as recaptcha_client

    class Refused:
        is_valid = False
        error_codes = ["invalid-input-response"]
        extra_data = {}

    monkeypatch.setattr(recaptcha_client, "submit", lambda *a, **k: Refused())
    response = send(post, **{"g-recaptcha-response": "token"})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_phone_numbers_and_emails_are_flagged(post, client):
    send(post, body="Ring me on 07700 900123 any time")
    send(post, body="or write to ann (at) example.org")
    send(post, body="We met 3 times in 2024")
    flags = [c.flags for c in Comment.objects.order_by("pk")]
    assert flags == [["phone"], ["email"], []]
    assert find_flags("+44 (0)20 7946 0958") == ["phone"]
    client.force_login(role_user("Communications", "comms"))
    comment = Comment.objects.order_by("pk").first()
    page = client.get(f"/admin/blog/comment/moderate/{comment.pk}/").content.decode()
    assert "phone number" in page and "Check before approving" in page


def test_moderation_needs_the_policy(post, client):
    comment = CommentFactory(post=post)
    client.force_login(role_user("Membership officer", "membership"))
    response = client.post(f"/admin/blog/comment/moderate/{comment.pk}/", {"decision": "approve"})
    assert response.status_code in (302, 403)
    assert Comment.objects.get().status == "pending"


def test_purge_after_retention(post, settings):
    from datetime import timedelta

    from django.utils import timezone

    old = timezone.now() - timedelta(days=settings.COMMENT_RETENTION_DAYS + 1)
    CommentFactory(post=post, created_at=old, status="rejected")
    CommentFactory(post=post, created_at=old, status="pending")
    kept = CommentFactory(post=post, created_at=old, status="approved", email="a@example.org")
    new = CommentFactory(post=post, status="pending", email="b@example.org")
    assert purge_comments() == (2, 1)
    assert set(Comment.objects.values_list("pk", "email")) == {
        (kept.pk, ""),
        (new.pk, "b@example.org"),
    }


def test_the_daily_purge_command_applies_the_retention_period(post, settings):
    import io
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    old = timezone.now() - timedelta(days=settings.COMMENT_RETENTION_DAYS + 1)
    CommentFactory(post=post, created_at=old, status="rejected")
    kept = CommentFactory(post=post, created_at=old, status="approved", email="a@example.org")
    recent = CommentFactory(post=post, status="rejected", email="b@example.org")
    out = io.StringIO()
    call_command("purge_comments", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 comments; removed 1 email addresses."
    assert set(Comment.objects.values_list("pk", "email")) == {
        (kept.pk, ""),
        (recent.pk, "b@example.org"),
    }


def test_post_queries_do_not_grow_with_comments(
    post, django_assert_max_num_queries, django_assert_num_queries
):
    first = CommentFactory(post=post, status="approved", body="The first comment.")
    Client().get(post.url)  # the first request warms per-process caches (site settings, locales)
    cache.clear()
    with django_assert_max_num_queries(30) as one_comment:
        assert "The first comment." in Client().get(post.url).content.decode()
    few = len(one_comment)  # read at once: the next request empties Django's query log
    for n in range(30):
        CommentFactory(
            post=post, status="approved", reply_to=first if n % 2 else None, body=f"Reply {n}."
        )
    cache.clear()
    with django_assert_num_queries(few):
        html = Client().get(post.url).content.decode()
    assert all(f"Reply {n}." in html for n in range(30))


def test_nobody_writes_or_rewrites_a_comment_in_the_admin(post):
    """The policy's "add" and "change" for comments are NEVER: readers write
    them, staff approve, reject or reply through "Moderate"."""
    comment = CommentFactory(post=post, body="My own words.")
    client = Client()
    client.force_login(role_user(None, "root", superuser=True))

    listing = client.get("/admin/blog/comment/").content.decode()
    assert f"/admin/blog/comment/moderate/{comment.pk}/" in listing
    assert 'href="/admin/blog/comment/create/"' not in listing
    assert client.get("/admin/blog/comment/create/").status_code == 403
    edit = f"/admin/blog/comment/edit/{comment.pk}/"
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"body": "Other words."}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "My own words."
