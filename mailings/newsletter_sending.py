"""Sending the newsletter: frozen once, then mailed in batches, once per person.

Uses the same once-per-person rule as follow by email (``mailings/sending.py``):
each person's ``Delivery`` row is created before their message is handed to
the mail server, and the message goes through home/email_once.py, so the rerun
of a killed worker's task sends what the mail server never took, and nothing
twice.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_tasks import task

from home.email_once import send_once, task_key
from home.languages import in_language
from home.site_url import absolute

from .sending import (
    TEMPLATES,
    absolutise,
    build_message,
    claim,
    follower_unsubscribe_url,
    html_to_text,
    member_unsubscribe_url,
    send_claimed,
    site_url,
)


# --- the newsletter --------------------------------------------------------------
def recipient_hash(email):
    from network.models import normalise_email

    return salted_hmac("mailings.recipient", normalise_email(email)).hexdigest()


def newsletter_body_html(page):
    return absolutise(
        render_to_string("mailings/includes/newsletter_body.html", {"page": page}).strip()
    )


def newsletter_body_text(page):
    lines = [page.title, "=" * len(page.title), ""]
    if page.intro:
        lines += [page.intro, ""]
    for block in page.body:
        value = block.value
        if block.block_type == "text":
            lines.append(html_to_text(absolutise(str(value))))
        elif block.block_type == "image":
            image = value.get("image")
            described = (image.description if image else "") or value.get("caption")
            if described:
                lines.append(f"[{_('Picture')}: {described}]")
        elif block.block_type in ("posts", "campaign_updates"):
            lines.append(value["heading"])
            pages = value.get("posts") or value.get("updates") or []
            for item in pages:
                if item is not None and item.live:
                    lines.append(f"- {item.title}: {item.full_url or absolute(item.url)}")
        elif block.block_type == "results":
            lines.append(results_text(value))
        lines.append("")
    return "\n".join(lines).strip() + "\n"


def results_text(value):
    from .blocks import published_results

    results = published_results(value["ballot"])
    lines = [value["heading"]]
    if results is None or results.withheld:
        lines.append(_("Results will be shown once enough women have voted."))
        return "\n".join(lines)
    lines.append(_("%(count)s women have voted.") % {"count": results.total_voters})
    for option in results.options:
        lines.append(f"- {option.title}: {option.votes} ({option.percent}%)")
    return "\n".join(lines)


def newsletter_email_html(page, unsubscribe_url, body_html=None):
    """The email around the newsletter, in the newsletter page's own language."""
    with in_language(page.locale.language_code):
        return _newsletter_email_html(page, unsubscribe_url, body_html)


def _newsletter_email_html(page, unsubscribe_url, body_html):
    return render_to_string(
        f"{TEMPLATES}/newsletter.html",
        {
            "page": page,
            "body_html": body_html if body_html is not None else newsletter_body_html(page),
            "web_url": page.full_url or absolute(page.url or "/"),
            "unsubscribe_url": unsubscribe_url,
            "site_url": site_url(),
        },
    )


def newsletter_email_text(page, body_text, unsubscribe_url):
    with in_language(page.locale.language_code):
        return _newsletter_email_text(page, body_text, unsubscribe_url)


def _newsletter_email_text(page, body_text, unsubscribe_url):
    return render_to_string(
        f"{TEMPLATES}/newsletter.txt",
        {
            "body_text": body_text,
            "web_url": page.full_url or absolute(page.url or "/"),
            "unsubscribe_url": unsubscribe_url,
            "site_url": site_url(),
        },
    )


def newsletter_recipients():
    """(address, unsubscribe URL) for every person, once: consenting members, then
    confirmed followers who asked for the newsletter."""
    from network.models import Member, normalise_email

    from .models import Follower

    people = {}
    for member in Member.objects.mailing_list().only("pk", "key", "email").order_by("pk"):
        people.setdefault(normalise_email(member.email), member_unsubscribe_url(member))
    followers = Follower.objects.confirmed().filter(newsletter=True).only("pk", "key", "email")
    for follower in followers.order_by("pk"):
        people.setdefault(normalise_email(follower.email), follower_unsubscribe_url(follower))
    return sorted(people.items())


def start_newsletter(page, user=None):
    """Freeze the newsletter and queue its sending; (send, created). Never sends twice."""
    from .models import NewsletterSend

    with transaction.atomic():
        send, created = NewsletterSend.objects.get_or_create(
            newsletter=page,
            defaults={
                "started_by": user,
                "subject": page.title,
                "body_html": newsletter_body_html(page),
                "body_text": newsletter_body_text(page),
            },
        )
    if created:
        transaction.on_commit(lambda: send_newsletter.enqueue(page.pk))
    return send, created


@task(takes_context=True)
def send_newsletter(context, page_id):
    """Mail a started newsletter to everyone not yet claimed; returns how many were sent."""
    from .models import Delivery, NewsletterSend

    key = task_key(context)
    send = NewsletterSend.objects.select_related("newsletter").filter(newsletter_id=page_id).first()
    if send is None:
        return 0
    page = send.newsletter
    people = newsletter_recipients()
    size = settings.MAILINGS_BATCH_SIZE
    sent = 0
    for start in range(0, len(people), size):
        claimed = []
        for email, unsubscribe_url in people[start : start + size]:
            row = claim(Delivery, key, newsletter=page, recipient=recipient_hash(email))
            if row is None:
                continue
            message = build_message(
                email,
                send.subject,
                newsletter_email_text(page, send.body_text, unsubscribe_url),
                newsletter_email_html(page, unsubscribe_url, send.body_html),
                unsubscribe_url,
            )
            claimed.append((Delivery.objects.filter(pk=row.pk), message))
        sent += send_claimed(claimed)
    NewsletterSend.objects.filter(pk=send.pk).update(finished_at=timezone.now())
    return sent


@task(takes_context=True)
def send_newsletter_test(context, page_id, email):
    """A test copy to one member of staff, rendered as it is now; no delivery row.
    Sent once per task, like every email from a task (home/email_once.py)."""
    from .models import NewsletterPage

    page = NewsletterPage.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    unsubscribe_url = absolute(reverse("mailings:follow"))
    message = build_message(
        email,
        _("[Test] %(subject)s") % {"subject": page.title},
        newsletter_email_text(page, newsletter_body_text(page), unsubscribe_url),
        newsletter_email_html(page, unsubscribe_url),
        unsubscribe_url,
    )
    return int(send_once(message, task_key(context)))
