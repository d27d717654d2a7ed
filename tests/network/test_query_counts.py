"""Network and campaign listings cost the same number of queries with 5 items as with 50."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CampaignPageFactory,
    CampaignUpdatePageFactory,
    ImageFactory,
    PartnerPageFactory,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # create image renditions
    cache.clear()  # renditions must come from a prefetch, not the cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_partners(index, count, start):
    for i in range(start, start + count):
        partner = PartnerPageFactory(parent=index, slug=f"partner-{i}", logo=ImageFactory())
        partner.sectors.add("shared", f"sector-{i}")
        partner.save()


@pytest.mark.parametrize("url", ["/network/", "/network/?sector=shared"])
def test_network_index_queries_do_not_grow(client, network_index, url):
    add_partners(network_index, 5, 0)
    few = queries_for(client, url)

    add_partners(network_index, 45, 5)
    many = queries_for(client, url)

    assert many == few
    assert few <= 25


def add_campaigns(index, count, start):
    for i in range(start, start + count):
        campaign = CampaignPageFactory(parent=index, slug=f"campaign-{i}", image=ImageFactory())
        CampaignUpdatePageFactory(parent=campaign)


@pytest.mark.parametrize("url", ["/campaigns/", "/campaigns/updates/rss/", "/"])
def test_campaign_listings_queries_do_not_grow(client, campaign_index, url):
    add_campaigns(campaign_index, 5, 0)
    few = queries_for(client, url)

    add_campaigns(campaign_index, 45, 5)
    many = queries_for(client, url)

    assert many == few
