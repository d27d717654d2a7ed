"""Blog admin (authors and categories as snippets) and what the blog adds to other pages."""

from django.db.models import Q
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, BlogIndexPage, BlogPage, Category, post_listing

LATEST_ON_HOME = 3
POSTS_ON_PARTNER_PAGE = 4


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Blog authors"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation", "is_partner_guest"]
    list_filter = ["is_partner_guest"]
    search_fields = ["name", "organisation"]


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
    index = BlogIndexPage.objects.live().first()
    if index is None:
        return []
    posts = list(post_listing(BlogPage.objects.child_of(index))[:LATEST_ON_HOME])
    if not posts:
        return []
    return [
        {
            "template": "blog/includes/latest_posts_section.html",
            "context": {"posts": posts, "blog_index": index},
        }
    ]


@hooks.register("partner_page_sections")
def partner_posts_section(page, request, organisation_names=()):
    """Posts whose authors belong to the organisation a partner page is about.

    The network app calls this hook with the partner's names (full and short);
    the blog matches them, ignoring case, against each author's organisation.
    """
    names = [name.strip() for name in organisation_names if name and name.strip()]
    if not names:
        return []
    match = Q()
    for name in names:
        match |= Q(post_authors__author__organisation__iexact=name)
    ids = BlogPage.objects.live().filter(match).values_list("pk", flat=True).distinct()
    posts = list(post_listing(BlogPage.objects.filter(pk__in=ids))[:POSTS_ON_PARTNER_PAGE])
    if not posts:
        return []
    return [
        {
            "template": "blog/includes/partner_posts_section.html",
            "context": {"posts": posts, "organisation_name": names[0]},
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
