"""Media on this server's disk, and a clear admin error when that disk is full.

Django's FileSystemStorage leaves a half-written file behind when the disk
fills mid-upload (it makes the disk fuller still) and raises a bare
``OSError``, which the admin shows as a 500 page. ``MediaStorage`` removes
its own partial file and raises ``StorageFull``; ``StorageFullMiddleware``
turns that into words an editor can act on: a message on the form she came
from (or the JSON error Wagtail's multiple-upload page shows beside the
file). The image's database row is never written, since the file is saved
before the row (Django's ``FileField.pre_save``).

With media in object storage (docs/deploy.md, section 5) none of this is
used: the bucket does not fill.
"""

import contextlib
import errno
import os

from django.contrib import messages
from django.core.files.storage import FileSystemStorage
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _

FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


class StorageFull(OSError):
    """The media disk (or the user's quota on it) is full."""


def disk_full_message():
    return _(
        "The server's disk for uploads is full, so this file was not saved. Nothing "
        "was added. Please tell the site's administrator, who can free space; then "
        "upload it again."
    )


class MediaStorage(FileSystemStorage):
    def _save(self, name, content):
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError as error:
            if error.errno not in FULL_ERRNOS:
                raise
            if not existed:  # the half-written file is ours: it goes
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
            raise StorageFull(error.errno, os.strerror(error.errno)) from error


def storage_full(exc):
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, StorageFull):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


class StorageFullMiddleware:
    """The admin's answer to a full media disk (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if storage_full(exception) is None:
            return None
        message = disk_full_message()
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # Wagtail's multiple upload shows this beside the file.
            return JsonResponse({"success": False, "error_message": message})
        user = getattr(request, "user", None)
        if request.method == "POST" and user is not None and user.is_authenticated:
            messages.error(request, message)
            return HttpResponseRedirect(request.get_full_path(), status=303)
        response = HttpResponse(message, content_type="text/plain; charset=utf-8", status=507)
        response["Cache-Control"] = "no-store"
        return response
