"""Blog admin (authors and categories as snippets) and what the blog adds to other pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.chrome import section_index

from .authors_categories import attach_card_people
from .models import CARD_IMAGE, Author, BlogIndexPage, BlogPage, Category, post_listing

LATEST_ON_HOME = 3
POSTS_ON_PARTNER_PAGE = 4


class AuthorChooserViewSet(SnippetChooserViewSet):
    """The author chooser on a post also makes a new (guest) author, so a guest
    post does not mean leaving the post half written."""

    form_fields = ["name", "role", "organisation", "is_partner_guest", "bio"]
    create_action_label = _("Add a new author")
    creation_tab_label = _("New author")


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Blog authors"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation", "is_partner_guest"]
    list_filter = ["is_partner_guest", "organisation"]
    search_fields = ["name"]
    chooser_viewset_class = AuthorChooserViewSet


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = "Blog categories"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "slug"]


register_snippet(AuthorViewSet)
register_snippet(CategoryViewSet)


@hooks.register("home_page_sections")
def latest_posts_section(page, request):
    """The newest posts of the home page's own blog (its language's), if it has one.
    Their pictures' renditions are left to the home page ("images")."""
    index = section_index(request, page, BlogIndexPage)
    if index is None:
        return []
    listing = post_listing(BlogPage.objects.child_of(index), renditions=False)
    posts = attach_card_people(listing[:LATEST_ON_HOME])
    if not posts:
        return []
    return [
        {
            "template": "blog/includes/latest_posts_section.html",
            "context": {"posts": posts, "blog_index": index},
            "images": [(post.featured_image, CARD_IMAGE) for post in posts if post.featured_image],
        }
    ]


@hooks.register("partner_page_sections")
def partner_posts_section(page, request, organisation=None, **kwargs):
    """Posts whose authors write from the organisation a partner page is about.

    The network app calls this hook with the page's organisation; the blog
    matches it against each author's organisation link.
    """
    if organisation is None:
        return []
    ids = (
        BlogPage.objects.live()
        .filter(post_authors__author__organisation=organisation)
        .values_list("pk", flat=True)
        .distinct()
    )
    posts = attach_card_people(
        post_listing(BlogPage.objects.filter(pk__in=ids))[:POSTS_ON_PARTNER_PAGE]
    )
    if not posts:
        return []
    return [
        {
            "template": "blog/includes/partner_posts_section.html",
            "context": {"posts": posts, "organisation_name": page.title},
        }
    ]


# --- Comments: moderation (blog/comment_admin.py) ----------------------------------
from django.urls import reverse  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402
from wagtail_modeladmin.options import modeladmin_register  # noqa: E402

from .comment_admin import CommentAdmin  # noqa: E402
from .comments import Comment  # noqa: E402

modeladmin_register(CommentAdmin)


class CommentsWaitingMenuItem(MenuItem):
    def is_shown(self, request):
        from network import access

        return access.can(request.user, "moderate", Comment)


@hooks.register("register_admin_menu_item")
def comments_waiting_menu_item():
    from django.utils.translation import gettext_lazy as _

    return CommentsWaitingMenuItem(
        _("Comments waiting"),
        reverse("blog_comment_modeladmin_index") + "?status__exact=pending",
        icon_name="comment",
        order=229,
    )
