"""Emails from background tasks: sent again after a killed worker, never twice.

The tasks worker (``manage.py db_worker``, home/management/commands/db_worker.py)
puts a task back in the queue when the worker running it was killed (out of
memory, a power cut, ``systemctl kill``), so an email the mail server never
took is sent when the worker is back: no confirmation email is lost.

A rerun must not send what did go out. ``send_once`` keys each email by the
task's id: the mail server's "250 OK" is followed at once, before the SMTP
session is closed, by a ``SentEmail`` row, and a rerun that finds the row
sends nothing. One gap remains: a worker killed between the server's "250"
and that row (a few milliseconds) sends the email again on its rerun. That
duplicate is harmless: it carries the same ``Message-ID`` (mail programs show
one), and its links work as well as the first's (a membership link is signed,
not stored; a follow link is made from the task's id, so it is the same link).
"""

from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone

from home.models import SentEmail

KEEP_DAYS = 7


def task_key(context):
    """The key of the task run that sends: the same on every rerun of one task."""
    return str(context.task_result.id)


def message_id(key):
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{key}@{domain}>"


def send_once(message, key):
    """Send ``message`` unless an email keyed ``key`` already went; True if sent now."""
    if SentEmail.objects.filter(key=key).exists():
        return False
    message.extra_headers["Message-ID"] = message_id(key)
    connection = get_connection()
    connection.open()
    try:
        connection.send_messages([message])
        # Recorded before the session's QUIT: a worker killed while saying
        # goodbye has already written that the server took the message.
        SentEmail.objects.get_or_create(key=key)
    finally:
        connection.close()
    return True


def forget_old(now=None):
    """Delete keys older than ``KEEP_DAYS`` (a task is rerun within minutes, not days)."""
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    return SentEmail.objects.filter(sent_at__lt=cutoff).delete()[0]
