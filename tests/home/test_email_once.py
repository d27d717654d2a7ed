"""Emails from tasks sent once, and a killed worker's tasks put back (issue 15).

The whole story, with a real worker killed and an SMTP server, is
tests/reliability/test_worker_killed.py; these pin each piece in process.
"""

import uuid

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from home.email_once import send_once
from home.management.commands.db_worker import HOST, requeue_interrupted
from home.models import SentEmail

pytestmark = pytest.mark.django_db


def test_a_key_sends_once_with_a_message_id_of_its_own():
    key = str(uuid.uuid4())
    assert send_once(EmailMessage("Hello", "Body", to=["ada@example.org"]), key) is True
    assert send_once(EmailMessage("Hello", "Body", to=["ada@example.org"]), key) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<{key}@example.org>"
    assert SentEmail.objects.filter(key=key).count() == 1
    assert send_once(EmailMessage("Hi", "Body", to=["bea@example.org"]), "another") is True
    assert len(mail.outbox) == 2


def running_task(worker_id):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="network.membership.emails.send_member_email",
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        worker_ids=[worker_id],
        started_at=timezone.now(),
    )


def test_only_tasks_of_dead_workers_on_this_machine_go_back():
    dead = running_task(f"{HOST}:4194999")  # above Linux's highest pid
    elsewhere = running_task("another-machine:12")
    named = running_task("a-worker-named-by-hand")

    assert requeue_interrupted("default") == 1

    dead.refresh_from_db()
    assert dead.status == TaskResultStatus.READY and dead.started_at is None
    for row in (elsewhere, named):
        row.refresh_from_db()
        assert row.status == TaskResultStatus.RUNNING
    assert requeue_interrupted("default") == 0
