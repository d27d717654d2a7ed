"""Emails sent through the tasks framework: immediate locally, a worker in production."""

from django_tasks import task
from wagtail.admin.mail import send_mail


@task()
def send_form_submission_email(subject, body, recipients, from_email=""):
    send_mail(subject, body, recipients, from_email or None)
