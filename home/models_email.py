"""The record of emails sent from background tasks (home/email_once.py).

Its own module so that email_once, which every task that mails imports, does
not import home.models and through it the contact page, whose form queues one
of those tasks (tests/test_import_graph.py forbids the cycle).
"""

from django.db import models


class SentEmail(models.Model):
    """An email a background task handed to the mail server (home/email_once.py).

    Only a key (a task's id, or a delivery row's) and when: no address, no
    content. A task the worker runs again after being killed finds its row and
    sends nothing twice. The nightly ``purge_sent_emails`` deletes rows older
    than ``SENT_EMAIL_RETENTION_DAYS``.
    """

    key = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.key
