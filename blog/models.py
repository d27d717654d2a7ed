"""The blog: an index of posts and the posts (authors, categories and tags are in
``blog/authors_categories.py``, comments in ``blog/comments.py``).

``blog`` depends on ``home`` and ``network``: an author links to the
``network.Organisation`` they write from, chosen from the list rather than
typed. ``network`` never imports ``blog``: partner pages find "posts by their
people" by asking the blog through a hook (see ``blog/wagtail_hooks.py``).
"""

from django import forms
from django.core.paginator import Paginator
from django.core.validators import slug_unicode_re
from django.db import models
from django.db.models import (
    F,
    Prefetch,
    Value,
    prefetch_related_objects,
)
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from blog import neighbours
from blog.authors_categories import (
    Author,
    BlogPageAuthor,
    BlogPageTag,
    Category,
    attach_card_people,
)
from home.blocks import BodyBlock
from home.cache import keep_listing, kept_html, tag_request, type_tag
from home.images import IMAGE_PANEL_HELP
from home.queries import image_with_renditions, public_q
from home.seo import SeoMixin

POSTS_PER_PAGE = 10
CARD_IMAGE = "fill-480x270|format-webp"


def card_relations(with_photo=False):
    """What a post card reads besides the post row: its picture's renditions,
    its authors (with their photos on the post's own page) and categories.
    Cards and feeds show no tags; a post's own page reads its own."""
    authors = ["author", "author__organisation", *(["author__photo"] if with_photo else [])]
    return [
        image_with_renditions("featured_image", CARD_IMAGE)[1],
        Prefetch(
            "post_authors",
            queryset=BlogPageAuthor.objects.select_related(*authors).order_by("sort_order"),
        ),
        "categories",
    ]


def filter_choices():
    """The index's filter lists, ``{"categories": [...], "tags": [...], "authors": [...]}``,
    in one query (a UNION of the three, each row tagged with its list): every
    category, and the tags and authors of live posts, each list by name."""
    kinds = {0: ("categories", Category), 1: ("tags", Tag), 2: ("authors", Author)}

    def rows(queryset, kind):
        return (
            queryset.order_by()
            .annotate(k=Value(kind), i=F("pk"), n=F("name"), s=F("slug"))
            .values_list("k", "i", "n", "s")
            .distinct()
        )

    union = rows(Category.objects.all(), 0).union(
        rows(Tag.objects.filter(blog_blogpagetag_items__content_object__live=True), 1),
        rows(Author.objects.filter(post_links__page__live=True), 2),
        all=True,
    )
    choices = {name: [] for name, _model in kinds.values()}
    for kind, pk, name, slug in union.order_by("k", "n"):
        key, model = kinds[kind]
        choices[key].append(model(pk=pk, name=name, slug=slug))
    return choices


def post_listing(queryset, renditions=True):
    """Posts with their pictures (a join) and the pictures' card renditions (one
    query; ``renditions=False`` leaves them to a page that fetches every
    picture's at once, as the home page does). Their authors and categories
    come from ``attach_card_people`` on the posts shown, one query more."""
    queryset = (
        queryset.live().filter(public_q()).select_related("featured_image").order_by("-date", "-pk")
    )
    if renditions:
        queryset = queryset.prefetch_related(image_with_renditions("featured_image", CARD_IMAGE)[1])
    return queryset


class BlogIndexPage(RoutablePageMixin, SeoMixin, Page):
    page_description = _(
        "The list of all blog posts, with filters by category, tag and author, and the RSS and "
        "Atom feeds. There is only one."
    )
    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage"]
    max_count = 1

    class Meta:
        verbose_name = "blog index page"

    def posts(self):
        return post_listing(BlogPage.objects.child_of(self))

    def filters_from(self, request):
        """The category, tag and author chosen in the query string (None when absent).

        Unknown values are reported back rather than ignored, so a mistyped
        shared link says plainly that nothing matched.
        """
        chosen = {}
        unknown = []
        for key, lookup in (
            ("category", lambda s: Category.objects.filter(slug=s).first()),
            ("tag", lambda s: Tag.objects.filter(slug=s).first()),
            ("author", lambda s: Author.objects.filter(slug=s).first()),
        ):
            value = request.GET.get(key, "").strip()[:100]
            if not value:
                continue
            if not slug_unicode_re.match(value):
                # Not a slug, so it names nothing; never sent to the database
                # (a NUL byte would be an error on PostgreSQL).
                unknown.append(key)
                chosen[key] = None
                continue
            found = lookup(value)
            if found is None:
                unknown.append(key)
            chosen[key] = found
        return chosen, unknown

    @path("")
    def index_route(self, request):
        chosen, unknown = self.filters_from(request)
        posts = self.posts()
        if unknown:
            posts = posts.none()
        else:
            if chosen.get("category"):
                posts = posts.filter(categories=chosen["category"])
            if chosen.get("tag"):
                posts = posts.filter(tags=chosen["tag"])
            if chosen.get("author"):
                posts = posts.filter(post_authors__author=chosen["author"])
            if chosen:
                posts = posts.distinct()
        paginator = Paginator(posts, POSTS_PER_PAGE)
        # get_page: a missing or bad number gives page 1, one past the end the last page.
        page_obj = paginator.get_page(request.GET.get("page"))
        page_obj.object_list = attach_card_people(page_obj.object_list)
        keep_listing(
            request,
            page_obj,
            {
                name: getattr(chosen.get(name), "slug", None)
                for name in ("category", "tag", "author")
            },
        )
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "posts": page_obj.object_list,
                "chosen": chosen,
                "unknown_filters": unknown,
                "filtering": bool(chosen),
                **filter_choices(),
            },
        )

    def feed_response(self, request, kind, category_slug=None):
        from .feeds import PostsAtomFeed, PostsRssFeed

        category = None
        if category_slug is not None:
            category = Category.objects.filter(slug=category_slug).first()
            if category is None:
                raise Http404("No such category")
        feed_class = PostsRssFeed if kind == "rss" else PostsAtomFeed
        return feed_class(self, category)(request)

    @path("feed/rss/", name="rss")
    def rss_route(self, request):
        return self.feed_response(request, "rss")

    @path("feed/atom/", name="atom")
    def atom_route(self, request):
        return self.feed_response(request, "atom")

    @path("category/<slug:category>/feed/rss/", name="category_rss")
    def category_rss_route(self, request, category):
        return self.feed_response(request, "rss", category)

    @path("category/<slug:category>/feed/atom/", name="category_atom")
    def category_atom_route(self, request, category):
        return self.feed_response(request, "atom", category)


class BlogPage(RoutablePageMixin, SeoMixin, Page):
    page_description = _(
        "A blog post: news, stories and guest posts from partners, with authors, categories and "
        "tags."
    )
    # What the site search calls this kind of page; also indexed, so "post" finds it.
    search_label = "Post"

    date = models.DateField("post date", default=timezone.localdate)
    intro = models.TextField(
        max_length=400, help_text="One or two sentences shown in listings and feeds."
    )
    featured_image = models.ForeignKey(
        "home.SiteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True)
    categories = ParentalManyToManyField(Category, blank=True, related_name="posts")
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Readers may send comments (each waits for a moderator's approval)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        InlinePanel("post_authors", label="Authors", min_num=1),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("featured_image", help_text=IMAGE_PANEL_HELP)],
            heading="Featured image",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("categories", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading="Categories and tags",
        ),
        FieldPanel("comments_open", heading="Comments"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("search_label"),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "blog post"

    def get_social_image(self):
        return self.social_image or self.featured_image

    def authors(self):
        return [link.author for link in self.post_authors.all()]

    def is_guest_post(self):
        return any(author.is_partner_guest for author in self.authors())

    def siblings(self):
        return BlogPage.objects.live().filter(public_q()).sibling_of(self, inclusive=False)

    def pages_showing_it(self):
        """The other live pages showing this post (blog/neighbours.py says which):
        the CDN purges them with it (ops/signals.py)."""
        return neighbours.pages_showing(self)

    def related_and_neighbours(self):
        return neighbours.related_and_neighbours(self)

    def related_posts(self):
        return self.related_and_neighbours()[0]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Publishing any post may change this one's neighbours or related posts.
        tag_request(request, type_tag(self.content_type_id))
        card_renditions, *people = card_relations(with_photo=True)

        def more_posts():
            """The older and newer links and the related cards, the same for
            every visitor: rendered here once and kept (home.cache.kept_html)."""
            related, older, newer = self.related_and_neighbours()
            # Only the cards' renditions: the post's own pictures use other sizes.
            prefetch_related_objects(related, card_renditions)
            # This post's authors and categories with theirs, one query each.
            prefetch_related_objects([self, *related], *people)
            parts = {"request": request, "related_posts": related}
            parts |= {"previous_post": older, "next_post": newer}
            return tuple(
                render_to_string(f"blog/includes/{name}.html", parts)
                for name in ("post_nav", "related_posts")
            )

        context["post_nav_html"], context["related_posts_html"] = kept_html(
            request, "post-more", (self.pk,), more_posts
        )
        # The byline, the guest badge and the bios read this post's authors and
        # categories (its tags: the template); Django skips what the kept part
        # above already fetched.
        prefetch_related_objects([self], *people)
        context["post_authors"] = self.post_authors.all()
        # Only its URLs are shown (page and feeds): its type, without reading its own row.
        context["blog_index"] = self.get_parent().specific_deferred
        context["comments"] = self.comments.approved().select_related("reply_to")
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    # The views are named by dotted path: models never import views.
    @path("reply/", name="reply")
    def reply_route(self, request):
        return import_string("blog.comment_views.reply_view")(self, request)

    @path("reply/thank-you/", name="reply_thanks")
    def reply_thanks_route(self, request):
        return import_string("blog.comment_views.thanks_view")(self, request)


from .comments import Comment  # noqa: E402,F401
