"""A ballot option's picture is described once, on the image itself (issue 13, item 4;
issue 16, "one image + alt/caption/credit"): the option form no longer asks for its
own text alternative, the ballot and the paper read the image's, and the alt text
options had before is kept by copying it onto images that had none (the migration's
test, with the page types' fields: tests/home/test_image_alt_migration.py)."""

import pytest

from tests.factories import ImageFactory


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
