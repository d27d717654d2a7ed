"""A task's worker killed mid-send, then the task run again, in process (issue 15).

tests/reliability/test_worker_killed.py kills a real ``db_worker`` with SIGKILL
while an SMTP server holds a message, for one membership and one follow email.
These helpers give every other kind of email the same two moments without a
process per test:

- ``Killed`` is raised by the mail backend where the kill falls. It is a
  BaseException, as a SIGKILL is no exception the task could catch: nothing
  after it in the task runs (no "failed" mark, no cleanup).
- ``rerun`` runs the task's function again with the same task id, as the
  worker does with a task it puts back (home/management/commands/db_worker.py).
"""

import uuid

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django_tasks.base import TaskContext


class Killed(BaseException):
    """The worker was killed here."""


class KillingBackend(EmailBackend):
    """locmem's backend (mail.outbox) with a kill: before the mail server takes
    message number ``before`` (counted from 0 across the test), or as the
    session is closed (``on_close``: the message was taken and recorded)."""

    before = None
    on_close = False
    taken = 0

    def send_messages(self, messages):
        for _ in messages:
            if KillingBackend.before is not None and KillingBackend.taken >= KillingBackend.before:
                KillingBackend.before = None  # killed once; the rerun's worker lives
                raise Killed
            KillingBackend.taken += 1
        return super().send_messages(messages)

    def close(self):
        if KillingBackend.on_close:
            KillingBackend.on_close = False
            raise Killed


def arm(before=None, on_close=False):
    """Where the next kill falls (the ``kill_worker`` fixture in tests/conftest.py)."""
    KillingBackend.before = before
    KillingBackend.on_close = on_close


def a_task_run():
    """The context the worker gives one task; a rerun of that task gets the same."""
    return TaskContext(task_result=_Result(str(uuid.uuid4())))


class _Result:
    def __init__(self, task_id):
        self.id = task_id


def killed_run(task, context, *args):
    """Run the task until the armed kill; the test fails if it was not killed."""
    with pytest.raises(Killed):
        task.func(context, *args)


def rerun(task, context, *args):
    """The worker's rerun of a task it put back: the same task id."""
    return task.func(context, *args)
