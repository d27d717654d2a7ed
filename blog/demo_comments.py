"""Demo comments: a few approved replies (one from staff) and one waiting for a moderator.

Called from ``blog/demo.py``; adds them only to a post that has none yet.
"""

from django.utils import timezone

from .comments import Comment
from .models import BlogPage

COMMENTS = {
    "introducing-the-womens-mental-health-network": [
        (
            "Maria",
            "approved",
            "So glad this network exists. Women's voices have been missing "
            "from the way services are planned for far too long.",
        ),
        (
            "",
            "approved",
            "I used services for years and nobody asked me what would have "
            "helped. Thank you for asking.",
        ),
        (
            "Wish",
            "staff",
            "Thank you both. The consultation is open now: please tell us which "
            "issues matter most to you.",
        ),
        (
            "Sam",
            "pending",
            "Will there be meetings in the North East? You can call me on 07700 900123.",
        ),
    ],
    "community-link-roxannes-story": [
        (
            "Jo",
            "approved",
            "Roxanne's story made me cry. Having someone there on the day of "
            "release makes all the difference.",
        ),
    ],
}


def load_comments(index, stdout):
    made = 0
    for slug, comments in COMMENTS.items():
        post = BlogPage.objects.child_of(index).filter(slug=slug).first()
        if post is None or Comment.objects.filter(post=post).exists():
            continue
        previous = None
        for name, status, body in comments:
            staff = status == "staff"
            comment = Comment.objects.create(
                post=post,
                name=name,
                body=body,
                by_staff=staff,
                reply_to=previous if staff else None,
                status=Comment.Status.APPROVED if status != "pending" else Comment.Status.PENDING,
                moderated_at=timezone.now() if status != "pending" else None,
            )
            previous = comment
            made += 1
    if made:
        stdout.write(f"Created {made} demo comments (one waiting for moderation).")
