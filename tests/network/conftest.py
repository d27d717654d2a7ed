import pytest

from tests.factories import CampaignIndexPageFactory, NetworkIndexPageFactory


@pytest.fixture
def network_index(home_page):
    return NetworkIndexPageFactory(parent=home_page)


@pytest.fixture
def campaign_index(home_page):
    return CampaignIndexPageFactory(parent=home_page)
