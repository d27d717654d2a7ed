"""The anonymous page cache serves repeat views and empties on every publish."""

import datetime

import pytest

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_second_anonymous_view_is_a_hit(client, home_page, page_cache_on):
    first = client.get("/")
    second = client.get("/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_a_page_empties_the_cache(client, home_page, page_cache_on):
    page = StandardPageFactory(parent=home_page, slug="about", title="About", intro="Old words")
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    page.intro = "New words"
    page.save_revision().publish()

    response = client.get("/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "New words" in response.content.decode()


def test_new_page_in_menu_appears_on_cached_home_page(client, home_page, page_cache_on):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"  # the home page is cached
    StandardPageFactory(parent=home_page, slug="campaigns", title="Our campaigns")

    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Our campaigns" in response.content.decode()


def test_saving_site_settings_empties_the_cache(client, home_page, page_cache_on):
    from wagtail.models import Site

    from home.models import SiteSettings

    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"  # the home page is cached
    settings_obj = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_obj.charity_number = "7654321"
    settings_obj.save()

    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "7654321" in response.content.decode()


def test_signed_in_editor_is_never_served_from_cache(
    page_cache_on, admin_client, client, home_page
):
    # page_cache_on first: it empties the cache, which holds sessions when REDIS_URL is set.
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    response = admin_client.get("/")

    assert "X-Page-Cache" not in response
    assert b"wagtail-userbar" in response.content  # the editor's own toolbar, never cached


def test_response_setting_a_cookie_is_not_stored(client, home_page, page_cache_on):
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


def test_limit_page_cache_shortens_the_timeout(home_page, page_cache_on, monkeypatch):
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


def test_making_a_page_private_empties_the_cache(client, home_page, page_cache_on):
    from wagtail.models import PageViewRestriction

    page = StandardPageFactory(parent=home_page, slug="about", title="About", intro="Our plans")
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/about/")
    assert response.status_code == 302
    assert "Our plans" not in response.content.decode()


def test_privacy_set_in_the_admin_empties_the_cache(page_cache_on, admin_client, client, home_page):
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


def test_changing_a_restriction_empties_the_cache(client, home_page, page_cache_on):
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


def test_unpublishing_empties_the_cache(client, home_page, page_cache_on):
    page = StandardPageFactory(parent=home_page, slug="about", title="About", intro="Our plans")
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    page.unpublish()

    assert client.get("/about/").status_code == 404


# --- Editing empties only what can show the change (issue 15) ----------------


@pytest.fixture
def blog(home_page):
    from tests.factories import BlogIndexPageFactory, BlogPageFactory

    index = BlogIndexPageFactory(parent=home_page)
    first = BlogPageFactory(parent=index, slug="first", title="First post")
    second = BlogPageFactory(parent=index, slug="second", title="Second post")
    return index, first, second


def warm(client, *paths):
    for path in paths:
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit", path


def test_drafts_autosaves_and_revisions_empty_nothing(client, blog, page_cache_on):
    index, first, second = blog
    warm(client, "/", "/blog/", "/blog/first/", "/blog/second/")

    first.title = "A draft title"
    first.save_revision()  # a draft (Wagtail's autosave saves the same way)
    first.save_revision(log_action=True)  # another revision
    first.refresh_from_db()
    first.with_content_json(first.latest_revision.content).save_revision(clean=False)

    for path in ("/", "/blog/", "/blog/first/", "/blog/second/"):
        response = client.get(path)
        assert response["X-Page-Cache"] == "hit", path
    assert "A draft title" not in client.get("/blog/first/").content.decode()


def test_editing_a_page_that_is_not_live_empties_nothing(client, blog, page_cache_on):
    from tests.factories import BlogPageFactory

    index, first, second = blog
    hidden = BlogPageFactory(parent=index, slug="hidden", title="Not yet", live=False)
    warm(client, "/", "/blog/first/")

    hidden.title = "Still not live"
    hidden.save()

    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get("/blog/first/")["X-Page-Cache"] == "hit"


def test_publishing_a_post_empties_only_what_can_show_it(client, blog, page_cache_on):
    """It, its listings, the home page, the sitemap and the other posts (their
    older/newer links and related posts); not a page that cannot show it."""
    index, first, second = blog
    StandardPageFactory(parent=index.get_parent(), slug="about", title="About")
    warm(client, "/", "/blog/", "/blog/first/", "/blog/second/", "/sitemap.xml", "/about/")

    first.title = "First post, corrected"
    first.save_revision().publish()

    for path in ("/", "/blog/", "/blog/first/", "/blog/second/", "/sitemap.xml"):
        assert client.get(path)["X-Page-Cache"] == "miss", path
    assert client.get("/about/")["X-Page-Cache"] == "hit"
    assert "First post, corrected" in client.get("/blog/").content.decode()
    assert "First post, corrected" in client.get("/blog/second/").content.decode()  # "Older post"


def test_publishing_a_page_in_the_menus_empties_everything(client, blog, page_cache_on):
    index, first, second = blog
    about = StandardPageFactory(parent=index.get_parent(), slug="about", title="About")
    warm(client, "/blog/second/")

    about.title = "About us"
    about.save_revision().publish()

    response = client.get("/blog/second/")
    assert response["X-Page-Cache"] == "miss"
    assert "About us" in response.content.decode()  # the menu on every page


# --- Cache-Control for the CDN ----------------------------------------------------


def test_anonymous_page_is_public_for_the_cdn(client, home_page, page_cache_on, settings):
    settings.PAGE_CACHE_BROWSER_SECONDS = 60
    for response in (client.get("/"), client.get("/")):  # miss, then hit
        control = response["Cache-Control"]
        assert "public" in control
        assert "s-maxage=300" in control
        assert "max-age=60" in control
        assert "Cookie" in response["Vary"]


def test_results_are_public_for_seconds_only(client, home_page, page_cache_on, settings):
    from tests.factories import BallotPageFactory

    settings.BALLOT_RESULTS_CACHE_SECONDS = 3
    ballot = BallotPageFactory(parent=home_page, slug="have-your-say", title="Have your say")

    control = client.get(f"{ballot.url}results/")["Cache-Control"]

    assert "public" in control and "s-maxage=3" in control and "max-age=3" in control


def test_page_with_a_form_is_never_public(client, home_page, page_cache_on):
    from tests.factories import ContactPageFactory

    ContactPageFactory(parent=home_page)
    for _ in range(2):
        response = client.get("/contact/")
        assert response.status_code == 200
        assert "public" not in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert "X-Page-Cache" not in response


def test_ballot_page_is_never_public(client, home_page, page_cache_on):
    from tests.factories import BallotPageFactory

    BallotPageFactory(parent=home_page, slug="have-your-say", title="Have your say")
    response = client.get("/have-your-say/")

    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_signed_in_editor_pages_are_private(admin_client, home_page, page_cache_on):
    response = admin_client.get("/")

    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# --- Query strings ------------------------------------------------------------------


def test_unknown_query_parameters_bypass_the_cache_without_storing(
    client, home_page, page_cache_on, monkeypatch
):
    from home import cache as page_cache_module

    stored = []
    real_set = page_cache_module.cache.set

    def spy(key, value, timeout=None, **kwargs):
        if key.startswith("pagecache:entry:"):
            stored.append(key)
        return real_set(key, value, timeout=timeout, **kwargs)

    monkeypatch.setattr(page_cache_module.cache, "set", spy)
    client.get("/")
    stored.clear()

    responses = [client.get(f"/?x={n}") for n in range(20)]

    assert all(r.status_code == 200 for r in responses)
    assert stored == []
    assert all("X-Page-Cache" not in r for r in responses)
    assert all("public" not in r["Cache-Control"] for r in responses)


def test_tracking_parameters_share_the_page_copy(client, home_page, page_cache_on):
    client.get("/")

    response = client.get("/?utm_source=newsletter&utm_campaign=nov&fbclid=abc")

    assert response["X-Page-Cache"] == "hit"


@pytest.fixture
def long_blog(blog):
    """The blog with a category on its first post and two pages of posts."""
    from blog.models import BlogPageAuthor
    from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory

    index, first, second = blog
    from taggit.models import Tag

    Tag.objects.create(name="On no post", slug="on-no-post")
    category = CategoryFactory(slug="prisons", name="Prisons")
    first.categories.set([category])
    BlogPageAuthor.objects.create(page=first, author=AuthorFactory(slug="penny"))
    first.save_revision().publish()
    for n in range(10):
        BlogPageFactory(
            parent=index,
            slug=f"older-{n}",
            title=f"Older post {n}",
            date=datetime.date(2020, 1, 1 + n),
        )
    return index, category


@pytest.mark.parametrize(
    "query",
    [
        "?page=2",
        "?category=prisons",
        "?page=1&category=prisons",
        "?category=prisons&tag=&author=",  # as the filter form sends it
    ],
)
def test_a_listings_own_pages_and_filters_are_kept_and_stay_out_of_cdns(
    client, long_blog, page_cache_on, query
):
    first = client.get(f"/blog/{query}")
    second = client.get(f"/blog/{query}&utm_source=newsletter")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # A CDN's purge names /blog/ only, so it must never hold these copies.
    assert "public" not in second["Cache-Control"]
    assert "private" in second["Cache-Control"]
    # Not the unfiltered first page under another name.
    assert first.content != client.get("/blog/").content


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",  # Django's get_page shows page 1
        "?page=99",  # ... or the last page
        "?page=02",
        "?category=no-such-category",
        "?category=Prisons",  # not the slug as the site writes it
        "?tag=on-no-post",  # a real tag, but the list is empty
        "?category=prisons&author=penny",  # two filters, one post: combinations would multiply
        "?page=2&page=3",
        "?page=2&x=1",
    ],
)
def test_listing_parameters_the_page_did_not_read_as_given_are_never_stored(
    client, long_blog, page_cache_on, query
):
    responses = [client.get(f"/blog/{query}") for _ in range(2)]

    assert [r.status_code for r in responses] == [200, 200]
    assert all("X-Page-Cache" not in r for r in responses)
    assert all("public" not in r["Cache-Control"] for r in responses)


def test_publishing_a_post_refreshes_the_listings_later_pages(client, long_blog, page_cache_on):
    from tests.factories import BlogPageFactory

    index, _ = long_blog
    warm(client, "/blog/?page=2")
    assert "Older post 2" not in client.get("/blog/?page=2").content.decode()

    BlogPageFactory(parent=index, slug="newest", title="The newest post")

    response = client.get("/blog/?page=2")
    assert response["X-Page-Cache"] == "miss"
    # Every post moved one place down: the last of page 1 now opens page 2.
    assert "Older post 2" in response.content.decode()
    assert client.get("/blog/?page=2")["X-Page-Cache"] == "hit"


def test_publishing_a_parent_refreshes_its_childrens_breadcrumbs(client, blog, page_cache_on):
    index, first, second = blog
    index.show_in_menus = False
    index.save_revision().publish()
    warm(client, "/blog/first/")

    index.title = "News and stories"
    index.save_revision().publish()

    response = client.get("/blog/first/")
    assert response["X-Page-Cache"] == "miss"
    assert "News and stories" in response.content.decode()
