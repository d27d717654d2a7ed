"""The home page's row comes with its pictures, its buttons' pages and whether a
view restriction applies (home.models.HomePageManager); where Wagtail and
treebeard lock or trim the row, the joins go. Run on PostgreSQL too: it refuses
FOR UPDATE on the nullable side of an outer join."""

import pytest
from django.db import transaction
from wagtail.models import Page, PageViewRestriction

from home.models import HOME_JOINS, HomePage
from tests.factories import ImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(home_page):
    about = StandardPageFactory(parent=home_page, slug="about")
    home_page.hero_image = ImageFactory()
    home_page.join_page = about
    home_page.save_revision().publish()
    return HomePage.objects.get(pk=home_page.pk)


def test_the_row_brings_its_pictures_buttons_and_restriction_flag(home, django_assert_num_queries):
    with django_assert_num_queries(1):
        row = HomePage.objects.get(pk=home.pk)
        assert row.hero_image.title and row.join_page.slug == "about"
        assert row.have_your_say_page is None and row.social_image is None
        assert row.known_unrestricted
        assert list(row.get_view_restrictions()) == []


@pytest.mark.parametrize("where", ["home", "root"])
def test_a_restricted_home_page_is_checked_and_refused(home, client, where):
    page = home if where == "home" else Page.get_first_root_node()
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    row = HomePage.objects.get(pk=home.pk)
    assert not row.known_unrestricted
    assert row.get_view_restrictions().exists()
    response = client.get("/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_locking_and_trimming_drop_the_joins_and_keep_the_callers(home):
    joined = HomePage.objects.all()
    assert set(joined.query.select_related) == set(HOME_JOINS)
    with transaction.atomic():
        locked = HomePage.objects.select_for_update().get(pk=home.pk)
    assert locked.pk == home.pk
    assert HomePage.objects.select_for_update().query.select_related is False
    assert HomePage.objects.only("title").get(pk=home.pk).title == home.title
    assert HomePage.objects.defer("intro").get(pk=home.pk).intro == home.intro
    # Wagtail's own "defer().select_related('locale')" keeps its join.
    trimmed = HomePage.objects.defer().select_related("locale")
    assert trimmed.query.select_related == {"locale": {}}
    mine = HomePage.objects.select_related("locale").select_for_update()
    assert mine.query.select_related == {"locale": {}}


def test_publishing_moving_and_adding_under_the_home_page(home, client):
    """What locks the home page's row: a child added, a page moved under it, a publish."""
    other = StandardPageFactory(parent=home, slug="other")
    child = StandardPageFactory(parent=other, slug="child")
    child.move(home, pos="last-child")
    home.hero_heading = "A new welcome"
    home.save_revision().publish()
    assert client.get("/child/").status_code == 200
    assert "A new welcome" in client.get("/").content.decode()
    assert HomePage.objects.get(pk=home.pk).get_children().count() == 3
