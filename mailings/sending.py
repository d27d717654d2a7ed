"""Sending: new posts to followers (immediately or weekly) and the newsletter.

Everything here runs in the tasks framework (django-tasks): immediately on a
laptop, in the worker (``manage.py db_worker``) in production, so publishing a
post never waits for mail. A task receives only row ids.

Once per person is the rule for every email that goes to a list: before a
message is handed to the mail server its delivery row is created under a
unique constraint (``SentItem`` per follower and page, ``Delivery`` per
newsletter and person), marked with the id of the task run that created it.
Whoever creates the row sends; another task finds it and skips. A worker
killed mid-batch leaves rows "sending": the worker puts the task back
(home/management/commands/db_worker.py), and its rerun, which has the same
id, takes up the rows it claimed and still marked "sending". Each message goes
through home/email_once.py keyed by its row's id, so the rerun sends what the
mail server never took and nothing it did (and marks those rows sent).

Each batch of MAILINGS_BATCH_SIZE messages goes through one connection to the
mail server. Every message has a plain-text part and the RFC 2369/8058
one-click unsubscribe headers.
"""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Page

from home.email_once import send_once, task_key
from home.languages import in_language
from home.site_url import absolute

logger = logging.getLogger(__name__)

TEMPLATES = "mailings/email"
UNSUBSCRIBE_SALT = "mailings.unsubscribe"


# --- links and messages --------------------------------------------------------
def site_url():
    return settings.SITE_URL.rstrip("/")


def unsubscribe_token(follower):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(follower.key.hex)


def follower_unsubscribe_url(follower):
    return absolute(reverse("mailings:unsubscribe", args=[unsubscribe_token(follower)]))


def member_unsubscribe_url(member):
    from network.membership import tokens

    return absolute(
        reverse("membership:unsubscribe", args=[tokens.make_token(member, tokens.UNSUBSCRIBE)])
    )


def absolutise(html):
    """Links and pictures in an email must carry the site's full address."""
    base = site_url()
    return re.sub(r'(href|src)="/(?!/)', rf'\1="{base}/', html)


def html_to_text(html):
    """A readable plain-text version of a rich-text fragment."""
    text = re.sub(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", html, flags=re.S)
    text = re.sub(r"<li[^>]*>", "- ", text)
    text = re.sub(r"</(p|li|h[1-6]|tr)>|<br\s*/?>", "\n", text)
    text = strip_tags(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def build_message(to, subject, text, html, unsubscribe_url):
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


# The same words in SentItem.Status and Delivery.Status.
SENDING, SENT, FAILED = "sending", "sent", "failed"


def email_key(rows):
    """The email's key for home/email_once.py: its (first) delivery row, never an address."""
    label = "newsletter" if rows.model.__name__ == "Delivery" else "item"
    first = min(rows.values_list("pk", flat=True))
    return f"mailings-{label}-{first}"


def send_claimed(claimed):
    """Send (delivery rows, message) pairs over one connection, each once
    (home/email_once.py); mark the rows sent or failed; how many were sent now."""
    if not claimed:
        return 0
    sent = 0
    connection = get_connection()
    try:
        connection.open()
        for rows, message in claimed:
            try:
                sent += send_once(message, email_key(rows), connection=connection)
            except Exception:  # one bad address must not stop the batch
                logger.exception("An email to a list failed (%s)", rows.model.__name__)
                rows.update(status=FAILED)
            else:
                # Sent now, or by the killed run this one reruns.
                rows.update(status=SENT, sent_at=timezone.now())
    finally:
        connection.close()
    return sent


def claim(model, claimed_by, **fields):
    """The delivery row this task run sends: created now, or left "sending" by
    an earlier run of the same task (``claimed_by``, its id) that was killed;
    None if another task has it, or it was sent or failed."""
    try:
        with transaction.atomic():
            return model.objects.create(claimed_by=claimed_by, **fields)
    except IntegrityError:
        return model.objects.filter(status=SENDING, claimed_by=claimed_by, **fields).first()


def batches(queryset, size=None):
    size = size or settings.MAILINGS_BATCH_SIZE
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


# --- follow by email -------------------------------------------------------------
def followable(page):
    """The specific page if followers are told about it (a post or a campaign update)."""
    from blog.models import BlogPage
    from network.campaigns import CampaignUpdatePage

    page = page.specific
    return page if isinstance(page, BlogPage | CampaignUpdatePage) else None


def followers_of(page):
    """Confirmed followers whose topics include this post or update."""
    from blog.models import BlogPage

    from .models import Follower

    topics = Q(everything=True)
    if isinstance(page, BlogPage):
        topics |= Q(categories__in=[c.pk for c in page.categories.all()])
    else:
        topics |= Q(campaigns=page.get_parent().pk)
    matching = Follower.objects.confirmed().filter(topics).values("pk")
    return Follower.objects.filter(pk__in=matching)


def item_context(page):
    return {
        "title": page.title,
        "summary": getattr(page, "intro", "") or getattr(page, "summary", ""),
        "url": page.full_url or absolute(page.url or "/"),
        "date": page.first_published_at,
    }


def item_email(follower, items, digest):
    """A new post or update (or the week's) in the follower's language."""
    with in_language(follower.language):
        return _item_email(follower, items, digest)


def _item_email(follower, items, digest):
    context = {
        "items": items,
        "digest": digest,
        "site_url": site_url(),
        "unsubscribe_url": follower_unsubscribe_url(follower),
        "follow_url": absolute(reverse("mailings:follow")),
    }
    subject = items[0]["title"]
    if digest:
        subject = _("This week from the Women's Mental Health Network")
    return build_message(
        follower.email,
        subject,
        render_to_string(f"{TEMPLATES}/items.txt", context),
        render_to_string(f"{TEMPLATES}/items.html", context),
        context["unsubscribe_url"],
    )


def on_page_published(sender, instance, **kwargs):
    """page_published: queue the mail for a post or update published for the first time."""
    if instance.first_published_at != instance.last_published_at:
        return  # an edit of something already published is not news
    if followable(instance) is None:
        return
    page_id = instance.pk
    transaction.on_commit(lambda: send_new_item.enqueue(page_id))


@task(takes_context=True)
def send_new_item(context, page_id):
    """Mail one new post or update to its immediate followers; returns how many were sent."""
    from .models import Follower, SentItem

    key = task_key(context)
    page = Page.objects.live().public().filter(pk=page_id).first()
    page = followable(page) if page else None
    if page is None:
        return 0
    followers = followers_of(page).filter(
        frequency=Follower.Frequency.IMMEDIATE, confirmed_at__lte=page.first_published_at
    )
    items = [item_context(page)]
    sent = 0
    for batch in batches(followers):
        claimed = []
        for follower in batch:
            row = claim(SentItem, key, follower=follower, page=page)
            if row is not None:
                rows = SentItem.objects.filter(pk=row.pk)
                claimed.append((rows, item_email(follower, items, digest=False)))
        sent += send_claimed(claimed)
    return sent


def digest_pages(follower, since):
    """Posts and updates first published since ``since`` on the follower's topics."""
    from blog.models import BlogPage
    from network.campaigns import CampaignUpdatePage

    posts = BlogPage.objects.live().public().filter(first_published_at__gte=since)
    updates = CampaignUpdatePage.objects.live().public().filter(first_published_at__gte=since)
    if not follower.everything:
        posts = posts.filter(categories__in=follower.categories.all()).distinct()
        campaigns = list(follower.campaigns.all())
        if campaigns:
            in_campaign = Q()
            for campaign in campaigns:
                in_campaign |= Q(path__startswith=campaign.path, depth=campaign.depth + 1)
            updates = updates.filter(in_campaign)
        else:
            updates = updates.none()
    pages = [*posts, *updates]
    return sorted(pages, key=lambda p: p.first_published_at)


@task(takes_context=True)
def send_digests(context):
    """The weekly digest to each weekly follower who has something new; returns how many."""
    from .models import Follower, SentItem

    key = task_key(context)
    now = timezone.now()
    horizon = now - timedelta(days=settings.FOLLOW_DIGEST_DAYS)
    followers = Follower.objects.confirmed().filter(frequency=Follower.Frequency.WEEKLY)
    sent = 0
    for batch in batches(followers.prefetch_related("categories", "campaigns")):
        claimed = []
        # A rerun's digest keeps the pages its killed run had claimed.
        left = SentItem.objects.filter(
            follower__in=batch, digest=True, status=SENDING, claimed_by=key
        ).select_related("page")
        resumed = {}
        for row in left.order_by("pk"):
            resumed.setdefault(row.follower_id, []).append(row)
        for follower in batch:
            since = max(follower.confirmed_at or now, horizon)
            rows = resumed.get(follower.pk, [])
            pages = [row.page.specific for row in rows]
            for page in digest_pages(follower, since):
                if page.pk in {p.pk for p in pages}:
                    continue
                row = claim(SentItem, key, follower=follower, page=page, digest=True)
                if row is not None:
                    rows.append(row)
                    pages.append(page)
            items = [item_context(p) for p in sorted(pages, key=lambda p: p.first_published_at)]
            if rows:
                message = item_email(follower, items, digest=True)
                claimed.append((SentItem.objects.filter(pk__in=[r.pk for r in rows]), message))
        sent += send_claimed(claimed)
        Follower.objects.filter(pk__in=[f.pk for f in batch]).update(last_digest_at=now)
    return sent
