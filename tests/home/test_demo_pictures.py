"""The demo's pictures (issue 13, item 6): each post, campaign and the home hero
shows its own credited OpenMoji pictogram instead of the old circles placeholder."""

import io

import pytest
from django.core.management import call_command
from django.utils.html import escape
from wagtail.images import get_image_model

from blog.demo import OLD_PICTURE_TITLE, POST_PICTURES
from blog.models import BlogPage
from home.demo import HERO_PICTOGRAM, OLD_HERO_TITLE, demo_image
from home.models import HomePage
from network.campaigns import CampaignPage
from network.demo import CAMPAIGN_PICTURES, PARTNERS
from network.models import PartnerPage

pytestmark = pytest.mark.django_db


def english(model):
    return list(model.objects.filter(locale__language_code="en-gb").order_by("path"))


def test_no_demo_card_or_hero_shows_the_circles(client, demo):
    posts, campaigns = english(BlogPage), english(CampaignPage)
    assert len(posts) == len(POST_PICTURES) and len(campaigns) == len(CAMPAIGN_PICTURES)
    urls = ["/", "/blog/", "/campaigns/"] + [p.url for p in posts + campaigns]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "circles" not in response.content.decode().lower(), url
    for page, image in [(p, p.featured_image) for p in posts] + [(c, c.image) for c in campaigns]:
        assert image is not None and image.title.startswith("Pictogram:"), page.slug
        assert image.file.name.endswith(".svg")
    # Each card shows its own picture, described once, on the image.
    blog = client.get("/blog/").content.decode()
    for post in posts:
        assert f'alt="{escape(post.featured_image.description)}"' in blog


def test_each_post_and_campaign_has_its_own_credited_picture(client, demo):
    home = HomePage.objects.get(locale__language_code="en-gb")
    posts = [p.featured_image for p in english(BlogPage)]
    campaigns = [c.image for c in english(CampaignPage)]
    assert len({i.pk for i in posts}) == len(posts) == 6
    assert len({i.pk for i in campaigns}) == len(campaigns) == 10
    # A post's picture never stands for a campaign's issue, nor for the whole network.
    assert not {i.pk for i in posts} & {i.pk for i in campaigns}
    assert home.hero_image.pk not in {i.pk for i in posts + campaigns}
    assert home.hero_image.description == HERO_PICTOGRAM[1]

    credits = client.get("/credits/").content.decode()
    for image in [home.hero_image, *posts, *campaigns]:
        assert image.description and "circles" not in image.description.lower()
        assert (image.credit, image.licence) == ("OpenMoji", "CC BY-SA 4.0")
        assert escape(image.description) in credits, image.title
    assert credits.count("OpenMoji (CC BY-SA 4.0)") >= 17


def test_partner_logos_are_plain_name_plates_not_circles(client, demo):
    partners = english(PartnerPage)
    assert len(partners) == len(PARTNERS)
    credits = client.get("/credits/").content.decode()
    for page in partners:
        logo = page.logo
        assert logo.title == f"{page.short_name} logo (demo name plate)"
        assert logo.description == f"{page.short_name} logo"
        assert logo.credit and logo.licence
        assert escape(logo.description) in credits
    assert len({p.logo_id for p in partners}) == len(partners)


def test_reloading_an_older_demo_replaces_the_circles_without_duplicating(demo):
    Image = get_image_model()
    old_post = demo_image(OLD_PICTURE_TITLE, size=(96, 54))
    old_hero = demo_image(OLD_HERO_TITLE, size=(120, 80))
    post = BlogPage.objects.get(slug="what-will-the-network-do")
    post.featured_image = old_post
    post.save_revision().publish()
    HomePage.objects.filter(locale__language_code="en-gb").update(hero_image=old_hero)
    campaign = CampaignPage.objects.get(slug="housing", locale__language_code="en-gb")
    campaign.image = None
    campaign.save_revision().publish()
    partner = PartnerPage.objects.get(slug="nsun", locale__language_code="en-gb")
    partner.logo = demo_image("NSUN logo (demo picture)", size=(48, 24))
    partner.save_revision().publish()
    pictograms_before = Image.objects.filter(title__startswith="Pictogram:").count()

    call_command("load_demo_content", stdout=io.StringIO())

    post = BlogPage.objects.get(pk=post.pk)
    assert post.featured_image.description == POST_PICTURES[post.slug][1]
    # The latest revision has it too, so publishing it again keeps the pictogram.
    assert post.get_latest_revision_as_object().featured_image_id == post.featured_image_id
    home = HomePage.objects.get(locale__language_code="en-gb")
    assert home.hero_image.description == HERO_PICTOGRAM[1]
    assert not HomePage.objects.filter(hero_image=old_hero).exists()
    campaign = CampaignPage.objects.get(pk=campaign.pk)
    assert campaign.image.description == CAMPAIGN_PICTURES["housing"][1]
    assert campaign.live and campaign.get_latest_revision_as_object().image_id == campaign.image_id

    partner = PartnerPage.objects.get(pk=partner.pk)
    assert partner.logo.title == "NSUN logo (demo name plate)"
    assert partner.get_latest_revision_as_object().logo_id == partner.logo_id

    # Loading again changes nothing: one image per pictogram.
    images = Image.objects.count()
    call_command("load_demo_content", stdout=io.StringIO())
    assert Image.objects.count() == images
    assert Image.objects.filter(title__startswith="Pictogram:").count() == pictograms_before
    titles = list(
        Image.objects.filter(title__startswith="Pictogram:").values_list("title", flat=True)
    )
    assert len(titles) == len(set(titles))
