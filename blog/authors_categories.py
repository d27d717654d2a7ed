"""Who wrote a post and what it is filed under: authors, categories, tags.

Authors and categories are snippets staff keep in the admin
(``blog/wagtail_hooks.py``); a post links to them through ``BlogPageAuthor``
and its categories, and to tags through ``BlogPageTag``. Imported by
``blog/models.py``, so they are models of the ``blog`` app.

``attach_card_people`` gives a list of posts their authors and categories,
what a post card shows besides the post row, in one query.
"""

from django.db import models
from django.db.models import BooleanField, CharField, F, IntegerField, Value
from django.db.models.functions import Cast
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index


def unique_slug(model, instance, source):
    """A slug made from ``source`` that no other row of ``model`` uses."""
    base = slugify(source)[:50] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=instance.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Author(index.Indexed, models.Model):
    """Someone who writes for the blog: network staff or a guest from a partner."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        blank=True,
        help_text="Used in web addresses such as /blog/?author=slug. Made from the name if empty.",
    )
    role = models.CharField(max_length=160, blank=True, help_text="For example Project Manager.")
    organisation = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blog_authors",
        help_text=_(
            "The organisation they write from. Their posts also appear on its partner page."
        ),
    )
    is_partner_guest = models.BooleanField(
        "guest from a partner",
        default=False,
        help_text="Marks their posts as guest posts from a partner organisation.",
    )
    photo = models.ForeignKey(
        "home.SiteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField("short bio", blank=True, max_length=600)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("is_partner_guest"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self, self.name)
        super().save(*args, **kwargs)

    @property
    def role_line(self):
        """ "Project Manager, AVA" or whichever parts are known."""
        organisation = self.organisation.name if self.organisation_id else ""
        return ", ".join(part for part in (self.role, organisation) if part)


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="Used in web addresses and feeds. Made from the name if empty.",
    )
    description = models.CharField(max_length=250, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Category, self, self.name)
        super().save(*args, **kwargs)


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogPageAuthor(Orderable):
    page = ParentalKey("blog.BlogPage", on_delete=models.CASCADE, related_name="post_authors")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="post_links")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="blog_unique_page_author")
        ]


# The columns both halves of attach_card_people's UNION give, in this order:
# kind (0 an author, 1 a category), post, sort order, row id, author link id,
# name, slug, role or description, guest, bio, organisation id and name, photo id.
_CARD_COLUMNS = ("k", "p", "s", "i", "l", "n", "sl", "t", "g", "b", "o", "on", "ph")


def _null(field):
    return Cast(Value(None), output_field=field)


def _read(queryset, rows):
    """``queryset`` as already read, holding ``rows`` (as a prefetch leaves it)."""
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


def attach_card_people(posts):
    """Give each post its authors (``post.post_authors.all()``, so
    ``post.authors()`` and ``post.is_guest_post()``) and its categories
    (``post.categories.all()``), read in one query for all the posts: a
    UNION of the posts' author links and category links. Django's
    ``prefetch_related`` takes a query for each relation.

    The authors come without their photos (a card shows none; the post's own
    page reads them), and with only the id and name of its organisation (for
    ``role_line``).
    Returns the posts as a list.
    """
    posts = list(posts)
    ids = [post.pk for post in posts]
    if not ids:
        return posts
    authors = BlogPageAuthor.objects.filter(page_id__in=ids).annotate(
        k=Value(0),
        p=F("page_id"),
        s=F("sort_order"),
        i=F("author_id"),
        l=F("pk"),
        n=F("author__name"),
        sl=F("author__slug"),
        t=F("author__role"),
        g=F("author__is_partner_guest"),
        b=F("author__bio"),
        o=F("author__organisation_id"),
        on=F("author__organisation__name"),
        ph=F("author__photo_id"),
    )
    through = Category.posts.through
    categories = through.objects.filter(blogpage_id__in=ids).annotate(
        k=Value(1),
        p=F("blogpage_id"),
        s=Value(0),
        i=F("category_id"),
        l=_null(IntegerField()),
        n=F("category__name"),
        sl=F("category__slug"),
        t=F("category__description"),
        g=Value(False, output_field=BooleanField()),
        b=Value(""),
        o=_null(IntegerField()),
        on=_null(CharField()),
        ph=_null(IntegerField()),
    )
    union = (
        authors.order_by()
        .values_list(*_CARD_COLUMNS)
        .union(categories.order_by().values_list(*_CARD_COLUMNS), all=True)
    )
    organisation_model = Author._meta.get_field("organisation").related_model
    links = {pk: [] for pk in ids}
    filed = {pk: [] for pk in ids}
    for values in union.order_by("k", "p", "s", "n"):
        row = dict(zip(_CARD_COLUMNS, values, strict=True))
        if row["k"] == 1:
            category = Category(pk=row["i"], name=row["n"], slug=row["sl"], description=row["t"])
            filed[row["p"]].append(category)
            continue
        author = Author(
            pk=row["i"],
            name=row["n"],
            slug=row["sl"],
            role=row["t"],
            is_partner_guest=row["g"],
            bio=row["b"],
            organisation_id=row["o"],
            photo_id=row["ph"],
        )
        if row["o"] is not None:
            author.organisation = organisation_model(pk=row["o"], name=row["on"])
        link = BlogPageAuthor(
            pk=row["l"], page_id=row["p"], author_id=row["i"], sort_order=row["s"]
        )
        link.author = author
        links[row["p"]].append(link)
    for post in posts:
        cache = post.__dict__.setdefault("_prefetched_objects_cache", {})
        own_links = BlogPageAuthor.objects.filter(page_id=post.pk)
        cache["post_authors"] = _read(own_links, links[post.pk])
        cache["categories"] = _read(Category.objects.filter(posts=post.pk), filed[post.pk])
    return posts
