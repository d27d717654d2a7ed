"""Emails from tasks sent once, and a killed worker's tasks put back (issue 15).

The whole story, with a real worker killed and an SMTP server, is
tests/reliability/test_worker_killed.py; these pin each piece in process.
"""

import io
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from home.email_once import send_once
from home.management.commands import db_worker
from home.management.commands.db_worker import HOST, requeue_interrupted
from home.models import SentEmail
from home.tasks import send_form_submission_email
from network.membership.emails import send_member_email
from tests.factories import MemberFactory
from tests.killed_worker import a_task_run, killed_run, rerun

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


@pytest.mark.parametrize("kill", [{"before": 0}, {"on_close": True}])
def test_contact_form_email_to_staff_is_sent_once(kill_worker, kill):
    run = a_task_run()
    args = ("New message", "Your name: Amira", ["staff@example.org"], "")
    kill_worker(**kill)  # before the server took it, or after
    killed_run(send_form_submission_email, run, *args)
    rerun(send_form_submission_email, run, *args)
    rerun(send_form_submission_email, run, *args)
    [message] = mail.outbox
    assert message.to == ["staff@example.org"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.extra_headers["Message-ID"] == f"<{run.task_result.id}@example.org>"


@pytest.mark.parametrize("kill", [{"before": 0}, {"on_close": True}])
def test_membership_email_is_sent_once(kill_worker, kill):
    member = MemberFactory(pending=True, email="ada@example.org")
    run = a_task_run()
    args = (member.pk, "confirm", "http://testserver/")
    kill_worker(**kill)
    killed_run(send_member_email, run, *args)
    assert rerun(send_member_email, run, *args) is True
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]


def test_purge_sent_emails_deletes_keys_past_their_retention(settings):
    settings.SENT_EMAIL_RETENTION_DAYS = 7
    old, recent = SentEmail.objects.create(key="old"), SentEmail.objects.create(key="recent")
    SentEmail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=8))
    SentEmail.objects.filter(pk=recent.pk).update(sent_at=timezone.now() - timedelta(days=6))
    out = io.StringIO()
    call_command("purge_sent_emails", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 sent email record."
    assert list(SentEmail.objects.values_list("key", flat=True)) == ["recent"]


def test_without_proc_a_worker_counts_as_running_while_its_process_exists(monkeypatch):
    """Where /proc cannot be read, the worker's pid is asked for directly: a
    live process is not put back (it may still be sending), a gone one is."""
    import os

    def unreadable(path):
        raise PermissionError("no /proc here")

    monkeypatch.setattr(db_worker.Path, "read_bytes", unreadable)
    assert db_worker.worker_running(os.getpid()) is True
    assert db_worker.worker_running(4194999) is False  # above Linux's highest pid
