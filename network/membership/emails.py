"""Membership emails, sent through the tasks framework (django-tasks).

Locally the ImmediateBackend sends them during the request; in production a
worker does. A task receives only the member's row id, the kind of email and
the site's address, so no personal data waits in a queue.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from home.email_once import send_once, task_key
from home.languages import in_language

from . import tokens

CONFIRM = "confirm"
ALREADY_MEMBER = "already_member"
KINDS = (CONFIRM, ALREADY_MEMBER)

TEMPLATE_DIR = "network/membership/email"


def member_links(member, base_url):
    base = base_url.rstrip("/")

    def link(name, purpose):
        return base + reverse(name, args=[tokens.make_token(member, purpose)])

    return {
        "confirm_url": link("membership:confirm", tokens.CONFIRM),
        "unsubscribe_url": link("membership:unsubscribe", tokens.UNSUBSCRIBE),
        "leave_url": link("membership:leave", tokens.LEAVE),
    }


def build_member_email(member, kind, base_url):
    """The email in the language the member joined in (the site's default if
    none was stored); its links open the pages in that language too."""
    if kind not in KINDS:
        raise ValueError(f"Unknown membership email: {kind}")
    with in_language(member.language):
        return _build(member, kind, base_url)


def _build(member, kind, base_url):
    links = member_links(member, base_url)
    context = {
        "member": member,
        "site_url": base_url.rstrip("/"),
        "confirm_days": max(1, settings.MEMBERSHIP_CONFIRM_MAX_AGE // 86400),
        **links,
    }
    subject = " ".join(render_to_string(f"{TEMPLATE_DIR}/{kind}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{TEMPLATE_DIR}/{kind}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[member.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs offer a one-click
            # "unsubscribe" that POSTs to this address.
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string(f"{TEMPLATE_DIR}/{kind}.html", context), "text/html"
    )
    return message


@task(takes_context=True)
def send_member_email(context, member_id, kind, base_url):
    """Send one membership email; does nothing if the member has gone meanwhile.

    Sent once per task even when a killed worker's task is run again
    (home/email_once.py)."""
    from ..models_membership import Member

    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        return False
    send_once(build_member_email(member, kind, base_url), task_key(context))
    return True
