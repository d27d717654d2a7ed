"""Uploads when the media disk is full (issue 15).

A real full disk: a 1 MB tmpfs mounted as MEDIA_ROOT (the test runs as root,
as CI does; nothing else is mounted or touched), and an image bigger than
that uploaded through Wagtail's admin, both ways an editor can: the single
"Add an image" form and the multiple-upload page's AJAX post. The editor must
get a clear message, and no image row and no half-written file may remain.
"""

import html
import io
import os
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db

DISK_FULL = "The server's disk for uploads is full"


@pytest.fixture
def full_disk(tmp_path, settings):
    mount = tmp_path / "media"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"a tmpfs could not be mounted (run as root): {result.stderr}")
    settings.MEDIA_ROOT = str(mount)
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def big_png():
    """A PNG of about 1.5 MB: noise does not compress."""
    picture = PILImage.frombytes("RGB", (720, 720), os.urandom(720 * 720 * 3))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    assert out.tell() > 1_100_000
    return out.getvalue()


def files_in(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


@pytest.fixture
def editor(admin_user, wagtail_roots):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


def test_single_upload_to_a_full_disk_says_so_and_keeps_nothing(full_disk, editor):
    data = big_png()
    response = editor.post(
        "/admin/images/add/",
        {
            "title": "A big picture",
            "file": SimpleUploadedFile("big.png", data, content_type="image/png"),
            "description": "Noise",
        },
    )
    assert response.status_code == 303, response.status_code
    assert response["Location"] == "/admin/images/add/"
    page = editor.get(response["Location"])
    assert page.status_code == 200
    assert DISK_FULL in html.unescape(page.content.decode())
    assert get_image_model().objects.count() == 0
    assert files_in(full_disk) == []  # no half-written file left to fill the disk


def test_multiple_upload_to_a_full_disk_says_so_and_keeps_nothing(full_disk, editor):
    response = editor.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("big.png", big_png(), content_type="image/png")},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code == 200, response.status_code
    reply = response.json()
    assert reply["success"] is False
    assert DISK_FULL in reply["error_message"]
    assert get_image_model().objects.count() == 0
    assert files_in(full_disk) == []


def test_a_small_image_still_fits(full_disk, editor):
    """The same disk takes an image that fits: the test's disk is real, not a stub."""
    picture = PILImage.new("RGB", (40, 40), "purple")
    out = io.BytesIO()
    picture.save(out, format="PNG")
    response = editor.post(
        "/admin/images/add/",
        {
            "title": "A small picture",
            "file": SimpleUploadedFile("small.png", out.getvalue(), content_type="image/png"),
            "description": "Purple",
        },
    )
    assert response.status_code in (200, 302), response.status_code
    assert get_image_model().objects.count() == 1
    assert len(files_in(full_disk)) >= 1
