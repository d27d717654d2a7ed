"""The reply form of a blog post, at <post>/reply/ (served by BlogPage's routes).

The form lives on its own page, not on the post, so posts stay in the
anonymous page cache (a page with a form sets the CSRF cookie and is never
cached). Posting stores a comment waiting for moderation and nothing else.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from home.ratelimit import client_key, hit_rate

from .comment_forms import HONEYPOT_FIELD, CommentForm
from .comments import Comment

TEMPLATE = "blog/comment_reply.html"


def thanks_url(page):
    return page.url + page.reverse_subpage("reply_thanks")


def reply_view(page, request):
    status = 200
    rate_limited = False
    form = None
    if not page.comments_open:
        status = 403 if request.method == "POST" else 200
    elif request.method == "POST":
        if not hit_rate("blog-comment", client_key(request), settings.COMMENT_RATE):
            rate_limited, status = True, 429
            form = CommentForm()
        elif request.POST.get(HONEYPOT_FIELD):
            # Only robots fill the hidden field: the usual reply, nothing stored.
            return HttpResponseRedirect(thanks_url(page))
        else:
            form = CommentForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                Comment.objects.create(
                    post=page, name=data["name"], email=data["email"], body=data["body"]
                )
                return HttpResponseRedirect(thanks_url(page))
            status = 400
    else:
        form = CommentForm()
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "rate_limited": rate_limited,
            "honeypot_field": HONEYPOT_FIELD,
            "closed": not page.comments_open,
        }
    )
    return TemplateResponse(request, TEMPLATE, context, status=status)


def thanks_view(page, request):
    context = page.get_context(request)
    context["thanks"] = True
    return TemplateResponse(request, TEMPLATE, context)
