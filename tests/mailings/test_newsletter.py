"""The newsletter: test send, the full send once per person (even across a rerun), web version."""

import pytest
from django.core import mail
from django.test import Client

from mailings.models import Delivery, NewsletterSend
from mailings.newsletter_sending import send_newsletter, start_newsletter
from tests.factories import (
    BlogPageFactory,
    FollowerFactory,
    MemberFactory,
    NewsletterIndexPageFactory,
    NewsletterPageFactory,
    role_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsletter(site):
    index = NewsletterIndexPageFactory(parent=site["blog"].get_parent())
    post = BlogPageFactory(parent=site["blog"], title="Women in prison speak")
    page = NewsletterPageFactory(
        parent=index,
        title="Spring newsletter",
        body=[
            ("text", "<p>Hello from <b>everyone</b> at the network.</p>"),
            ("posts", {"heading": "From the blog", "posts": [post]}),
        ],
    )
    return page


@pytest.fixture
def audience(db):
    members = [MemberFactory(with_updates=True) for _ in range(3)]
    MemberFactory()  # no updates consent
    MemberFactory(pending=True, with_updates=True)  # never confirmed
    followers = [FollowerFactory(newsletter=True, everything=False) for _ in range(2)]
    FollowerFactory(newsletter=False)  # follows posts, not the newsletter
    FollowerFactory(newsletter=True, status="unsubscribed")
    # A member who also follows with the newsletter: one copy.
    both = MemberFactory(email="both@example.org", with_updates=True)
    FollowerFactory(email="both@example.org", newsletter=True)
    return sorted([m.email for m in members] + [f.email for f in followers] + [both.email])


def test_send_a_test_to_me(newsletter, audience, client):
    staff = role_user("Communications", "comms")
    staff.email = "comms@example.org"
    staff.save()
    client.force_login(staff)
    response = client.post(f"/admin/newsletters/{newsletter.pk}/test/")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["comms@example.org"]]
    assert mail.outbox[0].subject == "[Test] Spring newsletter"
    assert not Delivery.objects.exists() and not NewsletterSend.objects.exists()


def test_full_send_reaches_exactly_the_consenting_once_each(
    newsletter, audience, client, django_capture_on_commit_callbacks
):
    client.force_login(role_user("Communications", "comms"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/newsletters/{newsletter.pk}/send/")
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == audience
    message = mail.outbox[0]
    assert message.subject == "Spring newsletter"
    assert "Hello from everyone at the network." in message.body  # plain text
    assert "Women in prison speak" in message.body
    assert newsletter.full_url in message.body  # the web version
    html = message.alternatives[0][0]
    assert "<b>everyone</b>" in html and newsletter.full_url in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The task again, and the button again: nobody gets a second copy.
    assert send_newsletter.enqueue(newsletter.pk).return_value == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/newsletters/{newsletter.pk}/send/")
    _send, created = start_newsletter(newsletter)
    assert not created
    assert len(mail.outbox) == len(audience)
    assert NewsletterSend.objects.get().counts() == {
        "sending": 0,
        "sent": len(audience),
        "failed": 0,
    }
    page = client.get("/admin/newsletters/")
    assert f"<td>{len(audience)}</td>".encode() in page.content


def test_member_unsubscribe_link_in_newsletter_stops_updates(
    newsletter, django_capture_on_commit_callbacks
):
    member = MemberFactory(with_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        start_newsletter(newsletter)
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    Client(enforce_csrf_checks=True).post("/" + url.split("/", 3)[3])
    member.refresh_from_db()
    assert not member.wants_updates


def test_web_version_shows_the_body_as_sent(newsletter, django_capture_on_commit_callbacks):
    MemberFactory(with_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        start_newsletter(newsletter)
    # An edit published after sending does not change what was sent.
    newsletter.body = [("text", "<p>Rewritten later.</p>")]
    newsletter.save_revision().publish()
    response = Client().get(newsletter.url)
    assert response.status_code == 200
    assert b"Hello from <b>everyone</b>" in response.content
    assert b"Rewritten later" not in response.content


def test_only_senders_may_send(newsletter, client):
    client.force_login(role_user("Membership officer", "membership"))
    assert client.post(f"/admin/newsletters/{newsletter.pk}/send/").status_code in (302, 403)
    assert not NewsletterSend.objects.exists()


def test_email_preview(newsletter, client):
    client.force_login(role_user("Communications", "comms", superuser=True))
    response = client.get(f"/admin/pages/{newsletter.pk}/edit/preview/?mode=email")
    assert response.status_code == 200


def test_results_block_is_a_table_of_the_published_snapshot(
    site, settings, django_capture_on_commit_callbacks
):
    """K votes release a snapshot; one more vote is not in the newsletter, and below K
    nothing is shown."""
    from ballot.voting import record_vote
    from tests.factories import BallotPageFactory

    settings.BALLOT_RESULTS_CACHE_SECONDS = 0
    k = settings.BALLOT_RESULTS_THRESHOLD
    home = site["blog"].get_parent()
    ballot = BallotPageFactory(parent=home, slug="have-your-say", title="Have your say")
    options = list(ballot.options.filter(hidden=False).order_by("sort_order"))
    index = NewsletterIndexPageFactory(parent=home)
    page = NewsletterPageFactory(
        parent=index, body=[("results", {"ballot": ballot, "heading": "Results so far"})]
    )
    from mailings.newsletter_sending import newsletter_body_html, newsletter_body_text

    for _ in range(k - 1):
        record_vote(ballot, options[:3], route="online")
    assert "enough women have voted" in newsletter_body_text(page)
    assert "<table" not in newsletter_body_html(page)

    record_vote(ballot, options[:3], route="online")
    assert f"{k} women have voted" in newsletter_body_text(page)  # K: a snapshot is released
    record_vote(ballot, options[3:6] or options[:3], route="online")  # live only
    html = newsletter_body_html(page)
    assert "<table" in html and "<script" not in html
    assert f"{k} women have voted" in newsletter_body_text(page)
    assert f"{k + 1} women" not in html

    MemberFactory(with_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        start_newsletter(page)
    assert f"{k} women have voted" in mail.outbox[0].body


class RefusingBackend:
    """The locmem outbox, except the mail server refuses one address."""

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.inner = EmailBackend(*args, **kwargs)

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        import smtplib

        if any(m.to == ["refused@example.org"] for m in messages):
            raise smtplib.SMTPRecipientsRefused({"refused@example.org": (550, b"No such user")})
        return self.inner.send_messages(messages)


def test_a_refused_address_is_counted_failed_and_not_retried(
    newsletter, settings, client, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.mailings.test_newsletter.RefusingBackend"
    MemberFactory(with_updates=True, email="fine@example.org")
    MemberFactory(with_updates=True, email="refused@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        start_newsletter(newsletter)
    assert [m.to for m in mail.outbox] == [["fine@example.org"]]
    assert NewsletterSend.objects.get().counts() == {"sending": 0, "sent": 1, "failed": 1}
    assert send_newsletter.enqueue(newsletter.pk).return_value == 0  # a rerun mails nobody twice
    client.force_login(role_user("Communications", "comms"))
    listing = client.get("/admin/newsletters/").content.decode()
    assert "<td>1</td>" in listing


def test_a_newsletter_picture_is_described_by_the_image_in_html_and_text(site):
    """The newsletter's image block is the site's (home.blocks.ImageBlock): its text
    alternative is the image's description, in the email's HTML and its text part."""
    from mailings.newsletter_sending import newsletter_body_html, newsletter_body_text
    from tests.factories import ImageFactory

    image = ImageFactory(description="Women marching with a banner", caption="London, May")
    index = NewsletterIndexPageFactory(parent=site["blog"].get_parent())
    page = NewsletterPageFactory(parent=index, body=[("image", {"image": image, "caption": ""})])
    html = newsletter_body_html(page)
    assert 'alt="Women marching with a banner"' in html
    assert "London, May" in html  # no caption of its own: the image's
    assert "[Picture: Women marching with a banner]" in newsletter_body_text(page)
