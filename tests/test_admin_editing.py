"""Staff can create and edit every new page type and snippet in the Wagtail admin."""

import pytest

from tests.factories import (
    AuthorFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    CampaignIndexPageFactory,
    CampaignPageFactory,
    CampaignUpdatePageFactory,
    CategoryFactory,
    ContactPageFactory,
    NetworkIndexPageFactory,
    PartnerPageFactory,
)

pytestmark = pytest.mark.django_db


def test_add_forms_for_every_page_type_open(admin_client, home_page):
    blog = BlogIndexPageFactory(parent=home_page)
    network = NetworkIndexPageFactory(parent=home_page)
    campaigns = CampaignIndexPageFactory(parent=home_page)
    campaign = CampaignPageFactory(parent=campaigns)
    forms = [
        ("blog", "blogpage", blog),
        ("network", "partnerpage", network),
        ("network", "campaignpage", campaigns),
        ("network", "campaignupdatepage", campaign),
        ("home", "contactpage", home_page),
    ]
    for app, model, parent in forms:
        response = admin_client.get(f"/admin/pages/add/{app}/{model}/{parent.pk}/")
        assert response.status_code == 200, model
        assert 'name="seo_title"' in response.content.decode(), model
        assert 'name="social_image"' in response.content.decode(), model


def test_edit_forms_for_every_page_type_open(admin_client, home_page):
    blog = BlogIndexPageFactory(parent=home_page)
    network = NetworkIndexPageFactory(parent=home_page)
    campaigns = CampaignIndexPageFactory(parent=home_page)
    campaign = CampaignPageFactory(parent=campaigns)
    pages = [
        blog,
        BlogPageFactory(parent=blog, authors=[AuthorFactory()]),
        network,
        PartnerPageFactory(parent=network),
        campaigns,
        campaign,
        CampaignUpdatePageFactory(parent=campaign),
        ContactPageFactory(parent=home_page),
    ]
    for page in pages:
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, type(page).__name__


def test_contact_page_admin_says_whether_recaptcha_is_on(admin_client, home_page):
    contact = ContactPageFactory(parent=home_page)

    html = admin_client.get(f"/admin/pages/{contact.pk}/edit/").content.decode()

    assert "reCAPTCHA is off because no keys are set" in html


def test_authors_and_categories_are_snippets(admin_client):
    AuthorFactory(name="Penny Bennett")
    CategoryFactory(name="Community Link")

    authors = admin_client.get("/admin/snippets/blog/author/")
    categories = admin_client.get("/admin/snippets/blog/category/")

    assert "Penny Bennett" in authors.content.decode()
    assert "Community Link" in categories.content.decode()


def test_staff_can_add_an_author_without_a_slug(admin_client):
    from blog.models import Author
    from tests.factories import OrganisationFactory

    wish = OrganisationFactory(name="Wish", slug="wish")
    response = admin_client.post(
        "/admin/snippets/blog/author/add/",
        {"name": "Justine Howard", "slug": "", "role": "Advocate", "organisation": wish.pk},
    )

    assert response.status_code == 302
    assert Author.objects.get(name="Justine Howard").slug == "justine-howard"
