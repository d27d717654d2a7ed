"""Campaign pages: status, updates newest first, a feed of every update, the home section."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from network.models import CampaignStatus
from tests.factories import CampaignPageFactory, CampaignUpdatePageFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_campaign_index_lists_campaigns_with_status(client, campaign_index):
    CampaignPageFactory(parent=campaign_index, title="Housing", status=CampaignStatus.ACTIVE)
    CampaignPageFactory(parent=campaign_index, title="Police", status=CampaignStatus.WON)

    html = client.get("/campaigns/").content.decode()

    assert "Housing</a></h3>" in html and "Police</a></h3>" in html
    assert '<span class="status status--active">Active</span>' in html
    assert '<span class="status status--won">Won</span>' in html


def test_status_filter(client, campaign_index):
    CampaignPageFactory(parent=campaign_index, title="Housing", status=CampaignStatus.ACTIVE)
    CampaignPageFactory(parent=campaign_index, title="Police", status=CampaignStatus.PROPOSED)

    response = client.get("/campaigns/?status=active")
    assert [c.title for c in response.context["campaigns"]] == ["Housing"]

    bad = client.get("/campaigns/?status=<script>")
    assert bad.status_code == 200
    assert len(bad.context["campaigns"]) == 2  # an unknown status filters nothing out
    assert "<script>" not in bad.content.decode()


def test_campaign_page_shows_updates_newest_first(client, campaign_index):
    campaign = CampaignPageFactory(
        parent=campaign_index,
        title="Prison",
        status=CampaignStatus.IN_CONSULTATION,
        summary="Support, not silencing.",
    )
    CampaignUpdatePageFactory(parent=campaign, title="Launch", date=datetime.date(2025, 5, 1))
    CampaignUpdatePageFactory(parent=campaign, title="Results", date=datetime.date(2025, 9, 1))
    CampaignUpdatePageFactory(parent=campaign, title="Midway", date=datetime.date(2025, 7, 1))

    response = client.get(campaign.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "In consultation" in html
    assert "Support, not silencing." in html
    assert [u.title for u in response.context["updates"]] == ["Results", "Midway", "Launch"]
    assert html.index("Results</a>") < html.index("Midway</a>") < html.index("Launch</a>")


def test_update_page_links_back_to_its_campaign(client, campaign_index):
    campaign = CampaignPageFactory(parent=campaign_index, title="Housing")
    update = CampaignUpdatePageFactory(parent=campaign, title="The network launches")

    html = client.get(update.url).content.decode()

    assert "<h1>The network launches</h1>" in html
    assert f'<a href="{campaign.url}">Housing</a>' in html


def test_updates_feeds_hold_every_campaigns_updates(client, campaign_index):
    prison = CampaignPageFactory(parent=campaign_index, title="Prison")
    housing = CampaignPageFactory(parent=campaign_index, title="Housing")
    CampaignUpdatePageFactory(parent=prison, title="Launch", date=datetime.date(2025, 5, 1))
    CampaignUpdatePageFactory(parent=housing, title="Meeting", date=datetime.date(2025, 6, 1))
    draft = CampaignUpdatePageFactory(parent=housing, title="Draft")
    draft.unpublish()

    rss = client.get("/campaigns/updates/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    assert [i.findtext("title") for i in channel.findall("item")] == [
        "Housing: Meeting",
        "Prison: Launch",
    ]

    atom = client.get("/campaigns/updates/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(atom.content)
    assert root.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == [
        "Housing: Meeting",
        "Prison: Launch",
    ]


def test_campaign_pages_link_the_updates_feed_in_head(client, campaign_index):
    campaign = CampaignPageFactory(parent=campaign_index)

    head = client.get(campaign.url).content.decode().split("</head>")[0]

    assert 'href="/campaigns/updates/rss/"' in head
    assert 'href="/campaigns/updates/atom/"' in head


def test_featured_campaigns_come_first_on_home_page(client, campaign_index):
    CampaignPageFactory(parent=campaign_index, title="Ordinary campaign")
    CampaignPageFactory(parent=campaign_index, title="Featured campaign", featured=True)

    html = client.get("/").content.decode()

    assert html.index("Featured campaign") < html.index("Ordinary campaign")
