"""Who wrote a post and what it is filed under: authors, categories, tags.

Authors and categories are snippets staff keep in the admin
(``blog/wagtail_hooks.py``); a post links to them through ``BlogPageAuthor``
and its categories, and to tags through ``BlogPageTag``. Imported by
``blog/models.py``, so they are models of the ``blog`` app.
"""

from django.db import models
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
