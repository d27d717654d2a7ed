"""Emails sent through the tasks framework: immediate locally, a worker in production."""

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task

from .email_once import send_once, task_key


@task(takes_context=True)
def send_form_submission_email(context, subject, body, recipients, from_email=""):
    """A contact form's message to the staff addresses the page names.

    Sent once even when a killed worker's task runs again (home/email_once.py);
    Auto-Submitted as Wagtail's own form emails are, so no auto-reply answers."""
    message = EmailMessage(
        subject,
        body,
        from_email or settings.DEFAULT_FROM_EMAIL,
        recipients,
        headers={"Auto-Submitted": "auto-generated"},
    )
    send_once(message, task_key(context))
