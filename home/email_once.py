"""Emails from background tasks: sent again after a killed worker, never twice.

The tasks worker (``manage.py db_worker``, home/management/commands/db_worker.py)
puts a task back in the queue when the worker running it was killed (out of
memory, a power cut, ``systemctl kill``), so an email the mail server never
took is sent when the worker is back: no confirmation email is lost.

A rerun must not send what did go out. ``send_once`` keys each email: a task
that sends one email uses the task's id (``task_key``), the same on every rerun
of that task; a task that mails a list (mailings/sending.py) uses the id of
each recipient's delivery row, which its rerun takes up again. Keys never hold
an address. The mail server's "250 OK" is followed at once, before the SMTP
session is closed, by a ``SentEmail`` row, and a rerun that finds the row
sends nothing. One gap remains: a worker killed between the server's "250"
and that row (a few milliseconds) sends the email again on its rerun. That
duplicate is harmless: it carries the same ``Message-ID`` (mail programs show
one), and its links work as well as the first's (a membership link is signed,
not stored; a follow link is made from the task's id, so it is the same link).

Every email the site sends from a task goes through ``send_once``: membership
emails, follow confirmations, new posts and weekly digests to followers, the
newsletter and its test copy, and the contact form's message to staff.
``SentEmail`` rows are deleted after ``SENT_EMAIL_RETENTION_DAYS`` by the
nightly ``purge_sent_emails`` command, beside the other purges.
"""

from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone

from home.models_email import SentEmail


def task_key(context):
    """The key of the task run that sends: the same on every rerun of one task."""
    return str(context.task_result.id)


def message_id(key):
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{key}@{domain}>"


def send_once(message, key, connection=None):
    """Send ``message`` unless an email keyed ``key`` already went; True if sent now.

    ``connection``: an open connection to the mail server that the caller
    closes, so a batch shares one SMTP session; without it one is opened and
    closed here."""
    if SentEmail.objects.filter(key=key).exists():
        return False
    message.extra_headers["Message-ID"] = message_id(key)
    if connection is not None:
        _send(connection, message, key)
        return True
    connection = get_connection()
    connection.open()
    try:
        _send(connection, message, key)
    finally:
        connection.close()
    return True


def _send(connection, message, key):
    connection.send_messages([message])
    # Recorded before the session's QUIT: a worker killed while saying
    # goodbye has already written that the server took the message.
    SentEmail.objects.get_or_create(key=key)


def forget_old(now=None):
    """Delete keys older than ``SENT_EMAIL_RETENTION_DAYS`` (a task is rerun
    within minutes of its worker's restart, not days); how many."""
    days = settings.SENT_EMAIL_RETENTION_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return SentEmail.objects.filter(sent_at__lt=cutoff).delete()[0]
