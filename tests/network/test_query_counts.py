"""Network and campaign listings cost the same number of queries with 5 items as with 50."""

import pytest
from django.core.cache import cache

from tests.blog.test_query_counts import rewarm
from tests.factories import (
    CampaignPageFactory,
    CampaignUpdatePageFactory,
    ImageFactory,
    PartnerPageFactory,
)

pytestmark = pytest.mark.django_db


# The most queries a listing may cost, however many items it lists: issue 15's goal.
CEILING = 12


def warm(client, url):
    client.get(url)  # create image renditions
    cache.clear()  # renditions must come from a prefetch, not the cache
    rewarm()


def add_partners(index, count, start):
    for i in range(start, start + count):
        partner = PartnerPageFactory(parent=index, slug=f"partner-{i}", logo=ImageFactory())
        partner.sectors.add("shared", f"sector-{i}")
        partner.save()


@pytest.mark.parametrize("url", ["/network/", "/network/?sector=shared"])
def test_network_index_queries_do_not_grow(
    client, network_index, url, django_assert_max_num_queries, django_assert_num_queries
):
    add_partners(network_index, 5, 0)
    warm(client, url)
    with django_assert_max_num_queries(CEILING) as at_5:
        assert client.get(url).status_code == 200
    few = len(at_5)  # read at once: the next request empties Django's query log

    add_partners(network_index, 45, 5)
    warm(client, url)
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


def add_campaigns(index, count, start):
    for i in range(start, start + count):
        campaign = CampaignPageFactory(parent=index, slug=f"campaign-{i}", image=ImageFactory())
        CampaignUpdatePageFactory(parent=campaign)


@pytest.mark.parametrize("url", ["/campaigns/", "/campaigns/updates/rss/", "/"])
def test_campaign_listings_queries_do_not_grow(
    client, campaign_index, url, django_assert_max_num_queries, django_assert_num_queries
):
    add_campaigns(campaign_index, 5, 0)
    warm(client, url)
    with django_assert_max_num_queries(CEILING) as at_5:
        assert client.get(url).status_code == 200
    few = len(at_5)  # read at once: the next request empties Django's query log

    add_campaigns(campaign_index, 45, 5)
    warm(client, url)
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200
