"""Pictures take their text alternative from the image (issue 16, "one image +
alt block"): the blocks' own ``alt_text`` is gone, and so are the page types' and the
ballot option's own alt fields, and the data migrations
(home 0012, blog 0007, network 0014, mailings 0004, all through
home/image_alt.py) keep every alt text staff wrote by copying it onto an image
that had no description. Run back and forward on rows written as the old
blocks stored them."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Revision
from wagtail_localize.models import String, StringSegment, TranslationContext, TranslationSource
from wagtail_localize.segments.ingest import ingest_segments
from wagtail_localize.strings import StringValue

from blog.models import BlogPage
from home.image_alt import pop_alt_texts
from home.images import SiteImage
from home.models import StandardPage
from tests.factories import (
    BallotPageFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    CampaignIndexPageFactory,
    CampaignPageFactory,
    ImageFactory,
    NetworkIndexPageFactory,
    PartnerPageFactory,
    StandardPageFactory,
)

BEFORE = [("home", "0011_servers_sent_emails")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def image_block(image, alt, caption=""):
    return {"type": "image", "value": {"image": image.pk, "alt_text": alt, "caption": caption}}


def stored(model, pk):
    """The stream as the database holds it (no block definitions in between)."""
    return json.loads(json.dumps(list(model.objects.get(pk=pk).body.raw_data)))


def test_pop_alt_texts_finds_nested_blocks_and_skips_empty_ones():
    data = [
        {"type": "image", "value": {"image": 4, "alt_text": " A garden ", "caption": "x"}},
        {"type": "list", "value": [{"image": 5, "alt_text": ""}, {"text": "no picture"}]},
    ]
    assert pop_alt_texts(data) == [(4, "A garden")]
    assert data[0]["value"] == {"image": 4, "caption": "x"}
    assert data[1]["value"][0] == {"image": 5}


@pytest.mark.django_db(transaction=True)
def test_block_alt_texts_move_to_images_without_a_description(wagtail_roots, home_page):
    bare = ImageFactory(title="Bare", description="")
    described = ImageFactory(title="Described", description="Kept as it is")
    in_a_draft = ImageFactory(title="Only in a draft", description="")
    about = StandardPageFactory(parent=home_page, slug="about")
    StandardPage.objects.filter(pk=about.pk).update(
        body=[
            image_block(bare, "A woman reading a letter", caption="At home"),
            image_block(described, "Not copied over"),
        ]
    )
    revision = StandardPage.objects.get(pk=about.pk).save_revision()
    draft = [image_block(in_a_draft, "Two women on a bench")]
    Revision.objects.filter(pk=revision.pk).update(
        content={**revision.content, "body": json.dumps(draft)}
    )
    post = BlogPageFactory(parent=BlogIndexPageFactory(parent=home_page), slug="a-post")
    other = ImageFactory(title="Blog picture", description="")
    BlogPage.objects.filter(pk=post.pk).update(body=[image_block(other, "Hands holding tea")])

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        _migrate(BEFORE)
    finally:
        _migrate(leaves)

    descriptions = dict(SiteImage.objects.values_list("title", "description"))
    assert descriptions["Bare"] == "A woman reading a letter"
    assert descriptions["Described"] == "Kept as it is"
    assert descriptions["Only in a draft"] == "Two women on a bench"
    assert descriptions["Blog picture"] == "Hands holding tea"
    body = stored(StandardPage, about.pk)
    assert [block["value"] for block in body] == [
        {"image": bare.pk, "caption": "At home"},
        {"image": described.pk, "caption": ""},
    ]
    assert stored(BlogPage, post.pk)[0]["value"] == {"image": other.pk, "caption": ""}


@pytest.mark.django_db
def test_the_page_reads_the_images_description(client, home_page):
    image = ImageFactory(title="Meeting", description="Six women around a table")
    page = StandardPageFactory(
        parent=home_page,
        slug="meeting",
        body=json.dumps([{"type": "image", "value": {"image": image.pk, "caption": "Leeds"}}]),
    )
    figure = client.get(page.url).content.decode().split('<figure class="figure">', 1)[1]
    assert 'alt="Six women around a table"' in figure.split("</figure>", 1)[0]


BEFORE_DROP = [
    ("home", "0012_tidy_image_alt_on_image"),
    ("blog", "0007_tidy_image_alt_on_image"),
    ("network", "0014_tidy_image_alt_on_image"),
    ("ballot", "0016_staff_option_alt_on_image"),
]
DROPPED = [
    ("home_homepage", "hero_image_alt"),
    ("blog_blogpage", "featured_image_alt"),
    ("network_campaignpage", "image_alt"),
    ("network_partnerpage", "logo_alt"),
    ("ballot_ballotoption", "image_alt"),
]


def stale_segment(source, path, text):
    context, _ = TranslationContext.objects.get_or_create(object_id=source.object_id, path=path)
    string = String.from_value(source.locale, StringValue.from_plaintext(text))
    StringSegment.objects.create(source=source, context=context, string=string, order=99)


def columns(table):
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


@pytest.mark.django_db(transaction=True)
def test_own_alt_fields_move_to_images_then_go(wagtail_roots, home_page):
    """The four page types' and the ballot option's own alt fields (home 0013, blog
    0008, network 0015, ballot 0017): each text staff wrote, on the row or in the
    latest draft, becomes its image's description where it had none; then the
    columns are dropped, so the pages and the ballot read the image alone."""
    image = {
        name: ImageFactory(title=name, description=described)
        for name, described in [
            ("Hero", ""),
            ("Post", ""),
            ("Post draft", ""),
            ("Campaign", "Kept as it is"),
            ("Logo", ""),
            ("Option", ""),
        ]
    }
    home_page.hero_image = image["Hero"]
    home_page.save()
    post = BlogPageFactory(
        parent=BlogIndexPageFactory(parent=home_page), featured_image=image["Post"]
    )
    draft = post.save_revision()
    campaign = CampaignPageFactory(
        parent=CampaignIndexPageFactory(parent=home_page), image=image["Campaign"]
    )
    partner = PartnerPageFactory(
        parent=NetworkIndexPageFactory(parent=home_page), logo=image["Logo"]
    )
    ballot = BallotPageFactory(parent=home_page, slug="have-your-say")
    option = ballot.options.first()
    option.image = image["Option"]
    option.save()
    home_source, _ = TranslationSource.get_or_create_from_instance(home_page)
    ballot_source, _ = TranslationSource.get_or_create_from_instance(ballot)

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        _migrate(BEFORE_DROP)
        assert all(column in columns(table) for table, column in DROPPED)
        old = MigrationExecutor(connection).loader.project_state(BEFORE_DROP).apps
        old.get_model("home", "HomePage").objects.filter(pk=home_page.pk).update(
            hero_image_alt="Two women holding hands"
        )
        old.get_model("blog", "BlogPage").objects.filter(pk=post.pk).update(
            featured_image_alt="A cup of tea"
        )
        Revision.objects.filter(pk=draft.pk).update(
            content={
                **draft.content,
                "featured_image": image["Post draft"].pk,
                "featured_image_alt": "A letter on a table",
            }
        )
        old.get_model("network", "CampaignPage").objects.filter(pk=campaign.pk).update(
            image_alt="Not copied over"
        )
        old.get_model("network", "PartnerPage").objects.filter(pk=partner.pk).update(
            logo_alt="AVA logo"
        )
        old.get_model("ballot", "BallotOption").objects.filter(pk=option.pk).update(
            image_alt="A police officer"
        )
        # Sources read while the fields existed hold a segment for each of them.
        stale_segment(home_source, "hero_image_alt", "Two women holding hands")
        stale_segment(ballot_source, f"options.{option.translation_key}.image_alt", "A police")
    finally:
        _migrate(leaves)

    descriptions = dict(SiteImage.objects.values_list("title", "description"))
    assert descriptions == {
        "Hero": "Two women holding hands",
        "Post": "A cup of tea",
        "Post draft": "A letter on a table",
        "Campaign": "Kept as it is",
        "Logo": "AVA logo",
        "Option": "A police officer",
    }
    assert not any(column in columns(table) for table, column in DROPPED)
    # Their segments are gone, the others stay, and a translation can be made again
    # (with the stale segment, wagtail-localize raised FieldDoesNotExist).
    paths = set(StringSegment.objects.values_list("context__path", flat=True))
    assert "hero_image_alt" not in paths and not any(p.endswith(".image_alt") for p in paths)
    assert {"hero_heading", "title"} <= paths
    for source in (home_source, ballot_source):
        instance = source.as_instance()
        segments = source._get_segments_for_translation(source.locale, fallback=True)
        ingest_segments(instance, instance, source.locale, source.locale, segments)
