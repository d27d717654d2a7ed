"""Every mailings email is sent once when a killed worker's task runs again (issue 15).

The kill and the rerun are tests/killed_worker.py's: the mail backend stops
the task where a SIGKILL would, and the rerun has the task's id, as the worker
gives a task it puts back. Nobody may be left without the email, and nobody
may get it twice.
"""

import re
from collections import Counter

import pytest
from django.core import mail
from django.test import Client

from home.models import SentEmail
from mailings.models import Delivery, SentItem
from mailings.newsletter_sending import send_newsletter, send_newsletter_test, start_newsletter
from mailings.sending import email_key, send_digests, send_new_item
from mailings.services import request_follow, send_follow_confirmation
from tests.factories import (
    FollowerFactory,
    MemberFactory,
    NewsletterIndexPageFactory,
    NewsletterPageFactory,
)
from tests.killed_worker import a_task_run, killed_run, rerun

pytestmark = pytest.mark.django_db


def recipients():
    return Counter(message.to[0] for message in mail.outbox)


@pytest.fixture
def newsletter(site):
    index = NewsletterIndexPageFactory(parent=site["blog"].get_parent())
    return NewsletterPageFactory(
        parent=index, title="Autumn newsletter", body=[("text", "<p>News.</p>")]
    )


def test_new_post_killed_mid_batch_reaches_everyone_once(site, new_post, kill_worker):
    post = new_post(title="Housing first")  # nobody follows yet: nothing sent
    followers = [FollowerFactory() for _ in range(3)]
    run = a_task_run()

    kill_worker(before=1)  # the first follower's email went, then the kill
    killed_run(send_new_item, run, post.pk)
    assert sum(recipients().values()) == 1
    assert SentItem.objects.filter(page=post, status="sending").count() == 2

    # Another task (not the rerun) leaves this run's rows alone.
    assert rerun(send_new_item, a_task_run(), post.pk) == 0
    assert rerun(send_new_item, run, post.pk) == 2
    assert rerun(send_new_item, run, post.pk) == 0
    assert recipients() == Counter({f.email: 1 for f in followers})
    assert SentItem.objects.filter(page=post, status="sent").count() == 3
    ids = {message.extra_headers["Message-ID"] for message in mail.outbox}
    assert len(ids) == 3


def test_a_row_left_sending_after_its_email_went_is_marked_sent_not_resent(
    site, new_post, kill_worker
):
    post = new_post(title="Housing first")
    FollowerFactory()
    run = a_task_run()
    kill_worker(before=0)
    killed_run(send_new_item, run, post.pk)
    rows = SentItem.objects.filter(page=post)
    # As if the mail server had taken it and the worker died before marking it.
    SentEmail.objects.create(key=email_key(rows))

    assert rerun(send_new_item, run, post.pk) == 0
    assert mail.outbox == []
    assert rows.get().status == "sent"


def test_weekly_digest_killed_mid_batch_reaches_everyone_once_with_every_post(
    site, new_post, kill_worker
):
    first, second = FollowerFactory(weekly=True), FollowerFactory(weekly=True)
    new_post(title="First news")
    new_post(title="Second news")
    run = a_task_run()

    kill_worker(before=1)
    killed_run(send_digests, run)
    assert sum(recipients().values()) == 1

    assert rerun(send_digests, run) == 1
    assert rerun(send_digests, run) == 0
    assert recipients() == Counter({first.email: 1, second.email: 1})
    for message in mail.outbox:
        assert "First news" in message.body and "Second news" in message.body
    assert SentItem.objects.filter(digest=True, status="sent").count() == 4


def test_newsletter_killed_mid_batch_reaches_everyone_once(newsletter, kill_worker):
    people = [MemberFactory(with_updates=True).email for _ in range(2)]
    people.append(FollowerFactory(newsletter=True).email)
    start_newsletter(newsletter)  # its on-commit enqueue is not run here
    run = a_task_run()

    kill_worker(before=2)
    killed_run(send_newsletter, run, newsletter.pk)
    assert sum(recipients().values()) == 2
    assert Delivery.objects.filter(status="sending").count() == 1

    assert rerun(send_newsletter, a_task_run(), newsletter.pk) == 0
    assert rerun(send_newsletter, run, newsletter.pk) == 1
    assert rerun(send_newsletter, run, newsletter.pk) == 0
    assert recipients() == Counter(dict.fromkeys(people, 1))
    assert Delivery.objects.filter(status="sent").count() == 3


@pytest.mark.parametrize("kill", [{"before": 0}, {"on_close": True}])
def test_newsletter_test_copy_is_sent_once(newsletter, kill_worker, kill):
    run = a_task_run()
    kill_worker(**kill)
    killed_run(send_newsletter_test, run, newsletter.pk, "comms@example.org")
    rerun(send_newsletter_test, run, newsletter.pk, "comms@example.org")
    rerun(send_newsletter_test, run, newsletter.pk, "comms@example.org")
    assert [m.to for m in mail.outbox] == [["comms@example.org"]]
    assert mail.outbox[0].subject == "[Test] Autumn newsletter"


def test_follow_confirmation_killed_after_sending_is_not_sent_again_and_its_link_works(
    site, kill_worker
):
    follower = request_follow("ada@example.org", {"everything": True})
    run = a_task_run()
    kill_worker(on_close=True)  # the server took it; killed saying goodbye
    killed_run(send_follow_confirmation, run, follower.pk)
    assert rerun(send_follow_confirmation, run, follower.pk) is True
    [message] = mail.outbox
    link = re.search(r"http://[^\s]+(/follow/confirm/[^\s/]+/)", message.body).group(1)
    assert Client().post(link).status_code in (200, 302)
    follower.refresh_from_db()
    assert follower.status == "confirmed"
