"""Pictures carry a caption, a credit and a licence: shown under the picture and
listed on the credits page; the text alternative is asked once, on the image
(issue 13, item 4)."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.images import get_image_model

from home.images import SiteImage
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    ImageFactory,
    StandardPageFactory,
)

CREDIT = "Photo by Jane Doe via Flickr"


@pytest.fixture
def photo(db):
    return ImageFactory(
        title="Women at a meeting",
        description="Six women talking around a table",
        caption="The first network meeting in Leeds",
        credit=CREDIT,
        licence="CC BY 2.0",
        source_url="https://example.org/photo/1",
    )


def test_the_site_uses_the_image_model_with_credits():
    assert get_image_model() is SiteImage
    for name in ("caption", "credit", "licence", "description"):
        assert name in SiteImage.admin_form_fields


@pytest.mark.django_db
def test_caption_and_credit_are_shown_under_a_post_picture(client, home_page, photo):
    blog = BlogIndexPageFactory(parent=home_page)
    post = BlogPageFactory(parent=blog, featured_image=photo)
    html = client.get(post.url).content.decode()
    figure = html.split('<figure class="figure">', 1)[1].split("</figure>", 1)[0]
    assert 'alt="Six women talking around a table"' in figure  # the description, asked once
    assert "<figcaption>" in figure
    assert "The first network meeting in Leeds" in figure
    assert f"{CREDIT} (CC BY 2.0)" in figure


@pytest.mark.django_db
def test_an_image_block_shows_its_own_caption_and_the_credit(client, home_page, photo):
    page = StandardPageFactory(
        parent=home_page,
        slug="about",
        body=json.dumps([{"type": "image", "value": {"image": photo.pk, "caption": "Ours"}}]),
    )
    html = client.get(page.url).content.decode()
    figure = html.split('<figure class="figure">', 1)[1].split("</figure>", 1)[0]
    assert "Ours" in figure and "The first network meeting" not in figure
    assert CREDIT in figure
    assert 'alt="Six women talking around a table"' in figure


@pytest.mark.django_db
def test_a_picture_without_credit_or_caption_has_no_empty_caption(client, home_page):
    blog = BlogIndexPageFactory(parent=home_page)
    post = BlogPageFactory(parent=blog, featured_image=ImageFactory(description="x"))
    html = client.get(post.url).content.decode()
    assert "<figcaption>" not in html.split('<figure class="figure">', 1)[1].split("</figure>")[0]


@pytest.mark.django_db
def test_the_credits_page_lists_every_credited_picture(client, home_page, photo):
    ImageFactory(title="Uncredited")
    page = StandardPageFactory(
        parent=home_page,
        slug="credits",
        title="Credits",
        body=json.dumps([{"type": "image_credits", "value": {"heading": "Pictures"}}]),
    )
    html = client.get(page.url).content.decode()
    assert f"{CREDIT} (CC BY 2.0)" in html
    assert 'href="https://example.org/photo/1"' in html
    assert "Uncredited" not in html


@pytest.mark.django_db
def test_the_demo_credits_page_lists_picture_credits_and_the_pictogram_licence(client, demo):
    html = client.get("/credits/").content.decode()
    assert "OpenMoji" in html and "CC BY-SA 4.0" in html
    assert "image-credits" in html


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_images_move_to_the_new_model_with_their_ids_and_tags(wagtail_roots):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        old = _migrate([("home", "0005_staff_site")])
        Image = old.get_model("wagtailimages", "Image")
        Collection = old.get_model("wagtailcore", "Collection")
        root = Collection.objects.get(depth=1)
        first = Image.objects.create(
            title="Old photo",
            file="original_images/old.jpg",
            width=10,
            height=10,
            collection=root,
            description="A garden",
        )
        second = Image.objects.create(
            title="Old logo", file="original_images/logo.png", width=4, height=4, collection=root
        )
    finally:
        _migrate(leaves)
    moved = {i.pk: (i.title, i.description) for i in SiteImage.objects.all()}
    assert moved == {first.pk: ("Old photo", "A garden"), second.pk: ("Old logo", "")}
    new = SiteImage.objects.create(
        title="New", file="original_images/new.jpg", width=1, height=1, collection_id=root.pk
    )
    assert new.pk > second.pk  # the id sequence continues after the copied ids
