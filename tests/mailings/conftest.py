import pytest
from django.core.cache import cache

from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    CampaignIndexPageFactory,
    CampaignPageFactory,
    CategoryFactory,
)


@pytest.fixture(autouse=True)
def clear_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(home_page):
    blog = BlogIndexPageFactory(parent=home_page)
    campaigns = CampaignIndexPageFactory(parent=home_page)
    return {
        "blog": blog,
        "campaign": CampaignPageFactory(parent=campaigns, title="Safe housing"),
        "other_campaign": CampaignPageFactory(parent=campaigns, title="Courts"),
        "housing": CategoryFactory(name="Housing", slug="housing"),
        "prisons": CategoryFactory(name="Prisons", slug="prisons"),
    }


def publish(page, capture):
    """Publish through a revision (as the editor does), running on-commit hooks."""
    with capture(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def new_post(site, django_capture_on_commit_callbacks):
    def make(categories=(), **kwargs):
        post = BlogPageFactory(parent=site["blog"], live=False, **kwargs)
        if categories:
            post.categories.set(categories)
            post.save()
        return publish(post, django_capture_on_commit_callbacks)

    return make
