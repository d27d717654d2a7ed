"""Admin screens of the home app: the staff guide.

The guide is ``docs/how-to.md`` in the repository, so the one text serves both
people reading the code and staff in the admin; it is our own file, rendered
with Python-Markdown, never text a user typed.
"""

from functools import lru_cache

import markdown
from django.conf import settings
from django.shortcuts import render
from django.utils.safestring import mark_safe

HOW_TO = settings.BASE_DIR / "docs" / "how-to.md"


@lru_cache(maxsize=1)
def _rendered(mtime):
    text = HOW_TO.read_text(encoding="utf-8")
    # The first line is the document's title; the admin header shows it instead.
    body = text.split("\n", 1)[1] if text.startswith("# ") else text
    md = markdown.Markdown(extensions=["toc", "sane_lists"], output_format="html")
    return mark_safe(md.convert(body)), md.toc  # noqa: S308 (our own file)


def how_to(request):
    """Any signed-in admin user: the guide says which role does what."""
    html, toc = _rendered(HOW_TO.stat().st_mtime)
    return render(request, "home/admin/how_to.html", {"guide": html, "toc": mark_safe(toc)})  # noqa: S308
