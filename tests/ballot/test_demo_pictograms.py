"""The demo ballot's pictures (issue 12): ten distinct vendored OpenMoji
pictograms with alt text that says what each means, and plain titles."""

import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from ballot.demo import OLD_PLACEHOLDER_ALT, PICTURES
from ballot.models import BallotPage
from home.demo import demo_image

pytestmark = pytest.mark.django_db

PICTOGRAMS = Path(settings.BASE_DIR) / "static" / "img" / "pictograms"


def digest(data):
    return hashlib.sha256(data).hexdigest()


def manifest():
    lines = (PICTOGRAMS / "manifest.txt").read_text().splitlines()
    return dict(line.split() for line in lines if line.strip() and not line.startswith("#"))


def test_vendored_pictograms_are_committed_with_their_licence():
    names = manifest()
    # The ballot's ten, and the pictures of the rest of the demo (tests/home/test_demo_pictures.py).
    assert {name for _title, name, _alt in PICTURES} <= set(names)
    for name in names:
        svg = (PICTOGRAMS / f"{name}.svg").read_text()
        assert svg.lstrip().startswith("<svg") and "<script" not in svg
    assert len({digest((PICTOGRAMS / f"{n}.svg").read_bytes()) for n in names}) == len(names)
    notice = (PICTOGRAMS / "NOTICE").read_text()
    assert "OpenMoji" in notice and "CC BY-SA 4.0" in notice
    assert "Attribution-ShareAlike 4.0" in (PICTOGRAMS / "LICENSE-CC-BY-SA-4.0.txt").read_text()


def test_each_demo_option_has_its_own_pictogram_and_a_meaningful_description(client, demo):
    options = list(
        BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb").options.all()
    )
    vendored = {digest((PICTOGRAMS / f"{n}.svg").read_bytes()): n for n in manifest()}

    assert len(options) == 10
    used = []
    for option in options:
        with option.image.open_file() as f:
            used.append(vendored.get(digest(f.read())))
        alt = option.image.description  # asked once, on the image
        assert alt and OLD_PLACEHOLDER_ALT.lower() not in alt.lower()
        assert "circles" not in alt.lower()
        assert option.plain_title and option.plain_title != option.title
    assert None not in used and len(set(used)) == 10
    assert [p[1] for p in PICTURES] == used

    html = client.get("/have-your-say/").content.decode()
    assert "An abstract pattern of circles" not in html
    assert "Being held down by police" in html
    assert 'alt="A police officer."' in html


def test_older_demo_options_with_circles_get_their_pictogram(client, demo):
    ballot = BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")
    circles = demo_image("Circles (old demo picture)", size=(60, 40))
    circles.description = f"{OLD_PLACEHOLDER_ALT} standing for the issue: Police."
    circles.save()
    ballot.options.filter(title="Police").update(image=circles, plain_title="")

    call_command("load_demo_content", stdout=io.StringIO())

    police = ballot.options.get(title="Police")
    assert police.image.description == "A police officer."
    assert police.image != circles
    assert police.plain_title == "Being held down by police"
    # The latest revision has it too, so publishing it again keeps the pictogram.
    revision = BallotPage.objects.get(pk=ballot.pk).get_latest_revision_as_object()
    assert [o.image.description for o in revision.options.all() if o.title == "Police"] == [
        "A police officer."
    ]
