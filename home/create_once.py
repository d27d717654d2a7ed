"""A new page is created once, however Publish and Wagtail's autosave overlap.

The race (Wagtail 8.0.1, admin ``core.js``, the autosave controller): on a new
page the form's ``action`` is the *create* URL until the first autosave has
answered; only then does the script switch it to the page's edit URL. A
Publish clicked while that first autosave is waiting out its 500 ms interval
or is in flight is an ordinary form post to the same create URL, so the
server receives two creates of one page:

- if the autosave's create commits first, the Publish fails validation ("the
  slug is already in use") and the autosaved draft is all that is left;
- if both pass validation together, the second insert fails in
  ``Page.full_clean`` and answers 500 (a duplicate slug);
- if the Publish wins, the autosave that arrives after it fails instead.

A second, separate cause of a lost Publish: the slug. Wagtail's script fills
the (required) slug from the title a moment after typing; a Publish clicked
within that moment posts an empty slug and is refused with "This field is
required" on the Promote tab, which the editor does not see.

This middleware makes the server do the right thing without touching
Wagtail's code or turning autosave off. Every create post is run in one
transaction holding a lock on the parent page, so two creates under one parent
queue instead of racing. Inside it, a create post whose page already exists,
because this person's other request of the same editing session has just made
it (same parent, type and slug, made by them minutes ago, edited by nobody
else), is handed to Wagtail's *edit* view of that page instead: the Publish
publishes the page the autosave made, with what was on the screen; an
autosave saves a draft revision of it. An autosave never writes a draft over
a page that is already live (it fails quietly instead, as Wagtail's own
validation would have made it), so a Publish is never followed by a draft.
An empty slug on a create is filled from the title first (``with_slug``), and
posts to one page's edit view queue on its row (``edit_in_turn``), so an
autosave in flight cannot save over a Publish that committed before it.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

CREATE_VIEW = "wagtailadmin_pages:add"
EDIT_VIEW = "wagtailadmin_pages:edit"
# How recent the other request's page must be to count as the same editing session.
SESSION_WINDOW = timedelta(minutes=10)


def page_made_in_this_session(user, parent, page_class, post):
    """The page this person's other request has just created for this form, or None."""
    slug = post.get("slug", "").strip()
    if not slug:
        return None
    content_type = ContentType.objects.get_for_model(page_class)
    since = timezone.now() - SESSION_WINDOW
    candidates = Page.objects.child_of(parent).filter(
        slug=slug, content_type=content_type, owner=user, alias_of__isnull=True
    )
    for page in candidates:
        revisions = page.revisions.all()
        first = revisions.order_by("created_at", "pk").first()
        if first is None or first.created_at < since:
            continue
        if revisions.exclude(user=user).exists() or page.get_children().exists():
            continue
        return page
    return None


def with_slug(post):
    """The posted form with the address filled in from the title when it is empty.

    Wagtail's script copies the title into the (required) slug field a moment
    after typing stops; a Publish clicked within that moment posts an empty slug
    and the page is refused with "This field is required" on the Promote tab,
    out of sight. An empty slug on a new page means "from the title", which is
    what Wagtail's own ``Page.full_clean`` does with one, so it is filled here.
    """
    title = post.get("title", "").strip()
    if post.get("slug", "").strip() or not title:
        return post
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    slug = slugify(title, allow_unicode=allow_unicode)
    if not slug:
        return post
    data = post.copy()
    data["slug"] = slug
    return data


def with_child_ids(post, page):
    """The posted form, with each new inline row pointed at the row the first
    request already made for it (what the autosave's "field_updates" would have
    done), so handing it to the edit view does not add the rows twice."""
    data = post.copy()
    for key in post:
        if not key.endswith("-TOTAL_FORMS"):
            continue
        prefix = key.removesuffix("-TOTAL_FORMS")
        manager = getattr(page.specific, prefix, None)
        if (
            manager is None
            or not hasattr(manager, "all")
            or data.get(f"{prefix}-INITIAL_FORMS") != "0"
        ):
            continue
        total = int(data.get(key) or 0)
        if any(data.get(f"{prefix}-{i}-DELETE") for i in range(total)):
            continue  # rows deleted before the first save: leave the form as it was
        made = list(manager.all())
        if len(made) != total:
            continue
        order = sorted(range(total), key=lambda i: int(data.get(f"{prefix}-{i}-ORDER") or i))
        for i, row in zip(order, made, strict=True):
            data[f"{prefix}-{i}-id"] = str(row.pk)
        data[f"{prefix}-INITIAL_FORMS"] = str(total)
    return data


def _is_json(request):
    return "application/json" in request.headers.get("Accept", "")


class CreatePageOnceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None:
            return None
        if match.view_name == EDIT_VIEW:
            return self.edit_in_turn(request, view_func, view_args, view_kwargs)
        if match.view_name != CREATE_VIEW:
            return None
        parent_id = view_kwargs.get("parent_page_id")
        try:
            content_type = ContentType.objects.get_by_natural_key(
                view_kwargs.get("content_type_app_name"), view_kwargs.get("content_type_model_name")
            )
        except ContentType.DoesNotExist:
            return None
        page_class = content_type.model_class()
        if page_class is None or not str(parent_id).isdigit():
            return None
        request.POST = with_slug(request.POST)
        with transaction.atomic():
            # Two creates under one parent queue here (SQLite's immediate
            # transactions queue every writer anyway).
            parent = Page.objects.select_for_update().filter(pk=parent_id).first()
            existing = (
                page_made_in_this_session(request.user, parent, page_class, request.POST)
                if parent is not None and request.user.is_authenticated
                else None
            )
            if existing is not None and not (existing.live and _is_json(request)):
                # The page's row too, as any edit of it takes (``edit_in_turn``).
                Page.objects.select_for_update().filter(pk=existing.pk).first()
                request.POST = with_child_ids(request.POST, existing)
                edit = resolve(reverse("wagtailadmin_pages:edit", args=[existing.pk]))
                request.resolver_match = edit
                response = edit.func(request, *edit.args, **edit.kwargs)
            else:
                response = view_func(request, *view_args, **view_kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        return response

    def edit_in_turn(self, request, view_func, view_args, view_kwargs):
        """Posts to one page's edit view, one at a time (a lock on the page row).

        Without it an autosave still in flight when Publish is clicked can read
        the page before the publish commits and save after it, overwriting the
        revision it knew of and leaving the page unpublished (seen once in ten
        browser runs on PostgreSQL). Queued, the autosave finds a newer revision
        and Wagtail refuses it ("Saving will overwrite a newer version").
        """
        page_id = view_kwargs.get("page_id")
        if not str(page_id).isdigit():
            return None
        with transaction.atomic():
            Page.objects.select_for_update().filter(pk=page_id).first()
            response = view_func(request, *view_args, **view_kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        return response
