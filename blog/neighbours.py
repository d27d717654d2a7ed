"""What a post shows of other posts, and which pages show it.

A post page shows its older and newer neighbours (by date, among its
siblings) and up to ``RELATED_COUNT`` newest posts sharing a category or a
tag; all three come from one query (``related_and_neighbours``). The same
relations read the other way name the pages to purge from a CDN when a post
changes (``pages_showing``, asked through ``BlogPage.pages_showing_it`` by
ops/signals.py).

Functions take the post and work on its own class (``type(post)``), so this
module needs no import of ``blog.models``, which imports it.
"""

from django.apps import apps
from django.db.models import BooleanField, ExpressionWrapper, Q, Subquery

from blog.authors_categories import BlogPageAuthor, BlogPageTag
from home.queries import public_q

RELATED_COUNT = 3


def shares_a_topic(post):
    """Posts sharing a category or a tag with this one (its saved categories
    and tags, read in the same query)."""
    categories = type(post).categories.through.objects.filter(blogpage_id=post.pk)
    tags = BlogPageTag.objects.filter(content_object_id=post.pk)
    return Q(categories__in=categories.values("category_id")) | Q(
        tagged_items__tag_id__in=tags.values("tag_id")
    )


def related_ids(post):
    """The newest posts sharing a category or a tag with this one, as a pk subquery."""
    posts = type(post).objects
    matches = (
        posts.live()
        .filter(public_q())
        .exclude(pk=post.pk)
        .filter(shares_a_topic(post))
        .values_list("pk", flat=True)
        .distinct()
    )
    newest = posts.filter(pk__in=matches).order_by("-date", "-pk")
    return newest.values("pk")[:RELATED_COUNT]


def neighbour_ids(post):
    """The posts either side of this one by date (pk breaks a tie), each a
    one-row pk subquery: ``(older, newer)``."""
    older = (
        post.siblings()
        .filter(Q(date__lt=post.date) | Q(date=post.date, pk__lt=post.pk))
        .order_by("-date", "-pk")
    )
    newer = (
        post.siblings()
        .filter(Q(date__gt=post.date) | Q(date=post.date, pk__gt=post.pk))
        .order_by("date", "pk")
    )
    return older.values("pk")[:1], newer.values("pk")[:1]


def pages_showing(post):
    """The other live pages showing this post: the posts either side of it
    (their older and newer links), the posts sharing a category or a tag
    (their related posts) and the partner pages of its authors'
    organisations (their posts list, blog/wagtail_hooks.py). The CDN
    purges them with it (ops/signals.py); the page cache empties them by
    tags instead (home.cache.type_tag, ``sections``)."""
    older, newer = neighbour_ids(post)
    posts = (
        type(post)
        .objects.live()
        .exclude(pk=post.pk)
        .filter(shares_a_topic(post) | Q(pk=Subquery(older)) | Q(pk=Subquery(newer)))
        .distinct()
    )
    # By name: the network app's partner pages list posts, not the reverse.
    partner_page = apps.get_model("network", "PartnerPage")
    organisations = BlogPageAuthor.objects.filter(page_id=post.pk).values("author__organisation_id")
    partners = partner_page.objects.live().filter(organisation_id__in=organisations)
    return [*posts, *partners]


def related_and_neighbours(post):
    """``(related posts, older post, newer post)`` in one query: the related
    cards (newest first, with their pictures) and the posts either side of
    this one by date, each side a one-row subquery."""
    related, (older, newer) = related_ids(post), neighbour_ids(post)
    rows = (
        type(post)
        .objects.filter(Q(pk__in=related) | Q(pk=Subquery(older)) | Q(pk=Subquery(newer)))
        .select_related("featured_image")
        .annotate(
            is_related=ExpressionWrapper(Q(pk__in=related), output_field=BooleanField()),
            is_older=ExpressionWrapper(Q(pk=Subquery(older)), output_field=BooleanField()),
            is_newer=ExpressionWrapper(Q(pk=Subquery(newer)), output_field=BooleanField()),
        )
        .order_by("-date", "-pk")
    )
    found, before, after = [], None, None
    for row in rows:
        if row.is_related:
            found.append(row)
        if row.is_older:
            before = row
        if row.is_newer:
            after = row
    return found, before, after
