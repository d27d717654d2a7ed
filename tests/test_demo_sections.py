"""The demo site has the blog, partners, campaigns and contact form, and every page type renders."""

import pytest

from blog.models import Author, BlogPage
from home.models import ContactPage
from network.models import CampaignPage, CampaignUpdatePage, Organisation, PartnerPage

pytestmark = pytest.mark.django_db


def test_demo_has_its_posts_and_four_named_authors(demo):
    from blog.demo import POSTS

    live = set(BlogPage.objects.live().values_list("slug", flat=True))
    assert live == {spec["slug"] for spec in POSTS}
    names = set(Author.objects.values_list("name", flat=True))
    assert {"Penny Bennett", "Justine Howard", "Jennifer Holly", "Joyce Kallevik"} <= names
    roxanne = BlogPage.objects.get(slug="community-link-roxannes-story")
    assert [a.name for a in roxanne.authors()] == ["Penny Bennett"]
    assert sorted(c.name for c in roxanne.categories.all()) == [
        "Community Link",
        "Criminal Justice",
        "WMHN",
    ]
    # Posts with no named author are credited to the team, never left blank.
    assert all(post.authors() for post in BlogPage.objects.all())


def test_demo_has_its_organisations_and_a_page_for_each_partner(demo):
    from network.demo import PARTNERS, TOTAL_ORGANISATIONS, example_organisations

    partner_names = {spec["name"] for spec in PARTNERS}
    examples = [fields["name"] for fields in example_organisations()]
    expected = partner_names | set(examples[: TOTAL_ORGANISATIONS - len(partner_names)])
    assert set(Organisation.objects.values_list("name", flat=True)) == expected
    partners_by_flag = set(
        Organisation.objects.filter(is_partner=True).values_list("name", flat=True)
    )
    assert partners_by_flag == partner_names
    partners = PartnerPage.objects.live()
    assert {p.organisation.name for p in partners} == partner_names
    assert partners.count() == len(PARTNERS)
    assert all(p.organisation and p.organisation.is_partner for p in partners)
    others = Organisation.objects.filter(is_partner=False)
    assert all(o.name.startswith("Example ") for o in others)


def test_demo_has_its_campaigns_in_consultation_each_with_an_update(demo):
    from network.demo import CAMPAIGNS

    campaigns = CampaignPage.objects.live()
    assert set(campaigns.values_list("slug", flat=True)) == {slug for slug, _, _ in CAMPAIGNS}
    assert set(campaigns.values_list("status", flat=True)) == {"in_consultation"}
    for campaign in campaigns:
        assert CampaignUpdatePage.objects.child_of(campaign).live().count() == 1


def test_demo_pages_render_and_are_in_the_menu(demo, client):
    home = client.get("/").content.decode()
    for label in ["Blog", "Our partners", "Campaigns", "Contact us"]:
        assert f">{label}</a>" in home
    assert "Latest from the blog" in home
    assert 'href="/blog/">Follow our updates</a>' in home

    urls = [
        "/blog/",
        "/blog/community-link-roxannes-story/",
        "/blog/feed/rss/",
        "/blog/category/wmhn/feed/atom/",
        "/network/",
        "/network/ava/",
        "/campaigns/",
        "/campaigns/prison/",
        "/campaigns/prison/network-launch/",
        "/campaigns/updates/atom/",
        "/contact/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    ava = client.get("/network/ava/").content.decode()
    assert "Violence against women: what it means for mental health" in ava
    assert ContactPage.objects.live().count() == 1
