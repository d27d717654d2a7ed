"""A ballot option's picture is described once, on the image itself (issue 13, item 4;
issue 16, "one image + alt/caption/credit"): the option form no longer asks for its
own text alternative, the ballot and the paper read the image's, and the alt text
options had before is kept by copying it onto images that had none."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from tests.factories import ImageFactory

ALT_MIGRATION = "ballot.migrations.0016_staff_option_alt_on_image"


@pytest.fixture
def pictured(ballot):
    image = ImageFactory(title="Pictogram: police", description="A police officer.")
    option = ballot.options.get(title="Issue 1")
    option.image = image
    option.save()
    return ballot, option, image


@pytest.mark.django_db
def test_the_ballot_and_the_paper_read_the_images_description(client, pictured):
    ballot, option, _image = pictured
    html = client.get(ballot.url).content.decode()
    assert 'alt="A police officer."' in html
    paper = client.get(f"{ballot.url}paper/").content.decode()
    assert 'alt="A police officer."' in paper


@pytest.mark.django_db
def test_the_option_form_asks_for_no_second_description(admin_client, pictured):
    ballot, _option, _image = pictured
    html = admin_client.get(f"/admin/pages/{ballot.pk}/edit/").content.decode()
    assert "options-0-image" in html
    assert "options-0-image_alt" not in html
    assert "read out to people who cannot see it" in html  # the image panel's help says where


@pytest.mark.django_db
def test_the_migration_keeps_an_options_alt_text_on_an_image_without_one(ballot):
    bare = ImageFactory(title="No description", description="")
    described = ImageFactory(title="Described", description="Kept as it is")
    first, second, third = ballot.options.all()[:3]
    first.image, first.image_alt = bare, "A woman holding a baby"
    second.image, second.image_alt = described, "Not copied over"
    third.image_alt = "No picture, nothing to copy"
    for option in (first, second, third):
        option.save()

    migration = importlib.import_module(ALT_MIGRATION)
    # The function reads only the editor's connection (SQLite refuses a real schema
    # editor inside the test's transaction).
    migration.option_alt_text_to_descriptions(apps, SimpleNamespace(connection=connection))

    bare.refresh_from_db()
    described.refresh_from_db()
    assert bare.description == "A woman holding a baby"
    assert described.description == "Kept as it is"
