"""The anonymous page cache serves repeat views and empties on every publish."""

import pytest
from django.core.cache import cache

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_view_is_a_hit(client, home_page, page_cache):
    first = client.get("/")
    second = client.get("/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_a_page_empties_the_cache(client, home_page, page_cache):
    page = StandardPageFactory(parent=home_page, slug="about", title="About", intro="Old words")
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    page.intro = "New words"
    page.save_revision().publish()

    response = client.get("/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "New words" in response.content.decode()


def test_new_page_in_menu_appears_on_cached_home_page(client, home_page, page_cache):
    client.get("/")
    StandardPageFactory(parent=home_page, slug="campaigns", title="Our campaigns")

    assert "Our campaigns" in client.get("/").content.decode()


def test_saving_site_settings_empties_the_cache(client, home_page, page_cache):
    from wagtail.models import Site

    from home.models import SiteSettings

    client.get("/")
    settings_obj = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_obj.charity_number = "7654321"
    settings_obj.save()

    assert "7654321" in client.get("/").content.decode()


def test_signed_in_editor_is_never_served_from_cache(page_cache, admin_client, client, home_page):
    # page_cache first: it empties the cache, which holds sessions when REDIS_URL is set.
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    response = admin_client.get("/")

    assert "X-Page-Cache" not in response
    assert b"wagtail-userbar" in response.content  # the editor's own toolbar, never cached


def test_response_setting_a_cookie_is_not_stored(client, home_page, page_cache):
    """Pages with POST forms set the CSRF cookie; storing them would hand one
    visitor's token to the next."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from home.cache import PageCacheMiddleware

    def view(request):
        response = HttpResponse("form page")
        response.set_cookie("csrftoken", "abc")
        return response

    middleware = PageCacheMiddleware(view)
    request = RequestFactory().get("/form/")
    first = middleware(request)
    second = middleware(RequestFactory().get("/form/"))

    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_limit_page_cache_shortens_the_timeout(home_page, page_cache, monkeypatch):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from home import cache as page_cache_module

    stored = {}

    def view(request):
        page_cache_module.limit_page_cache(request, 5)
        return HttpResponse("live results")

    real_set = page_cache_module.cache.set

    def spy_set(key, value, timeout=None):
        stored["timeout"] = timeout
        return real_set(key, value, timeout=timeout)

    monkeypatch.setattr(page_cache_module.cache, "set", spy_set)
    page_cache_module.PageCacheMiddleware(view)(RequestFactory().get("/live/"))

    assert stored["timeout"] == 5


# --- Private stays private -------------------------------------------------


def test_making_a_page_private_empties_the_cache(client, home_page, page_cache):
    from wagtail.models import PageViewRestriction

    page = StandardPageFactory(parent=home_page, slug="about", title="About", intro="Our plans")
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/about/")
    assert response.status_code == 302
    assert "Our plans" not in response.content.decode()


def test_privacy_set_in_the_admin_empties_the_cache(page_cache, admin_client, client, home_page):
    page = StandardPageFactory(parent=home_page, slug="about", title="About", intro="Our plans")
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    reply = admin_client.post(
        f"/admin/pages/{page.pk}/privacy/", {"restriction_type": "password", "password": "s3cret"}
    )
    assert reply.status_code == 200

    response = client.get("/about/")
    assert "Our plans" not in response.content.decode()
    assert response.get("X-Page-Cache") != "hit"


def test_changing_a_restriction_empties_the_cache(client, home_page, page_cache):
    """A page whose restriction is lifted and set again is never served stale."""
    from wagtail.models import PageViewRestriction

    page = StandardPageFactory(parent=home_page, slug="about", title="About", intro="Our plans")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="one"
    )
    restriction.delete()
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert client.get("/about/").status_code == 302


def test_unpublishing_empties_the_cache(client, home_page, page_cache):
    page = StandardPageFactory(parent=home_page, slug="about", title="About", intro="Our plans")
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    page.unpublish()

    assert client.get("/about/").status_code == 404
