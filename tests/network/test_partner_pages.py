"""Partner pages and the network index: logos, sectors, contact, and posts by their people."""

import pytest

from network.models import Organisation
from tests.factories import (
    AuthorFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    ImageFactory,
    OrganisationFactory,
    PartnerPageFactory,
)

pytestmark = pytest.mark.django_db


def test_network_index_lists_partners_with_logo_and_one_line(client, network_index):
    PartnerPageFactory(
        parent=network_index,
        title="Against Violence and Abuse",
        summary="Working to end gender-based violence.",
        logo=ImageFactory(description="AVA logo"),
    )
    PartnerPageFactory(parent=network_index, title="Imkaan")

    response = client.get("/network/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Against Violence and Abuse</a></h3>" in html
    assert "Working to end gender-based violence." in html
    assert 'alt="AVA logo"' in html
    assert "Imkaan</a></h3>" in html


def test_partner_page_shows_everything_staff_entered(client, network_index):
    partner = PartnerPageFactory(
        parent=network_index,
        title="Women in Prison",
        short_name="WIP",
        summary="Supporting women in the criminal justice system.",
        logo=ImageFactory(description="Women in Prison logo"),
        website="https://example.org/wip",
        contact_email="hello@example.org",
        contact_phone="020 0000 0001",
        get_in_touch="Call on weekdays.",
        body=[{"type": "paragraph", "value": "<p>They run services in prisons.</p>"}],
    )
    partner.sectors.add("criminal justice")
    partner.save()

    response = client.get(partner.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Women in Prison" in html and "(WIP)" in html
    assert 'alt="Women in Prison logo"' in html
    assert "They run services in prisons." in html
    assert 'href="/network/?sector=criminal-justice">criminal justice</a>' in html
    assert 'href="https://example.org/wip"' in html
    assert 'href="mailto:hello@example.org"' in html
    assert 'href="tel:02000000001"' in html
    assert "Call on weekdays." in html
    assert '<meta property="og:image"' in html  # the logo stands in as the social image


def test_sector_filter(client, network_index):
    housing = PartnerPageFactory(parent=network_index, title="Housing charity")
    housing.sectors.add("housing")
    housing.save()
    PartnerPageFactory(parent=network_index, title="Other charity")

    response = client.get("/network/?sector=housing")
    assert [p.title for p in response.context["partners"]] == ["Housing charity"]

    unknown = client.get("/network/?sector=nothing")
    assert unknown.status_code == 200
    assert "No partner is listed under that sector" in unknown.content.decode()


def test_the_sector_filter_is_kept_by_the_page_cache_and_an_unknown_sector_is_not(
    client, network_index, page_cache_on
):
    housing = PartnerPageFactory(parent=network_index, title="Housing charity")
    housing.sectors.add("housing")
    housing.save_revision().publish()

    client.get("/network/?sector=housing")
    kept = client.get("/network/?sector=housing")
    unknown = [client.get("/network/?sector=nothing") for _ in range(2)]

    assert kept["X-Page-Cache"] == "hit"
    assert "Housing charity" in kept.content.decode()
    assert all("X-Page-Cache" not in r for r in unknown)


def test_partner_page_lists_posts_by_their_people(client, home_page, network_index):
    blog = BlogIndexPageFactory(parent=home_page)
    ava = OrganisationFactory(name="Against Violence and Abuse", slug="ava")
    jennifer = AuthorFactory(name="Jennifer Holly", organisation=ava, is_partner_guest=True)
    other = AuthorFactory(organisation=OrganisationFactory(name="Wish", slug="wish"))
    BlogPageFactory(parent=blog, title="Violence and mental health", authors=[jennifer])
    BlogPageFactory(parent=blog, title="A post by someone else", authors=[other])
    partner = PartnerPageFactory(
        parent=network_index, title="Against Violence and Abuse", short_name="AVA", organisation=ava
    )

    html = client.get(partner.url).content.decode()

    assert "Blog posts by people from Against Violence and Abuse" in html
    assert "Violence and mental health" in html
    assert "A post by someone else" not in html


def test_partner_page_without_posts_has_no_empty_section(client, network_index):
    partner = PartnerPageFactory(parent=network_index)

    assert "Blog posts by people from" not in client.get(partner.url).content.decode()


def test_deleting_an_organisation_keeps_the_page(client, network_index):
    partner = PartnerPageFactory(parent=network_index, title="Kept")
    Organisation.objects.filter(pk=partner.organisation_id).delete()

    partner.refresh_from_db()
    assert partner.organisation is None
    assert client.get(partner.url).status_code == 200


def test_partner_page_is_linked_to_its_organisation(network_index):
    partner = PartnerPageFactory(parent=network_index)

    assert partner.organisation.partner_page == partner
