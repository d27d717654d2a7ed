"""Every page type, and a ballot in each state, in every language (issue 12):
the right ``lang`` and ``dir``, a language switcher and ``hreflang`` links."""

from datetime import timedelta
from html import escape

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import timezone

from tests.factories import (
    BallotPageFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    ContactPageFactory,
    JoinPageFactory,
    NetworkIndexPageFactory,
    StandardPageFactory,
    translate_page,
)

pytestmark = pytest.mark.django_db

RTL = {"ur", "ar"}
CODES = [code for code, _ in settings.LANGUAGES]


def html_lang(code):
    return "en-GB" if code == "en-gb" else code


@pytest.fixture
def pages(home_page):
    now = timezone.now()
    blog = BlogIndexPageFactory(parent=home_page, slug="blog")
    return [
        home_page,
        StandardPageFactory(parent=home_page, slug="about"),
        blog,
        BlogPageFactory(parent=blog, slug="a-post"),
        NetworkIndexPageFactory(parent=home_page, slug="network"),
        ContactPageFactory(parent=home_page, slug="contact"),
        JoinPageFactory(parent=home_page),
        BallotPageFactory(parent=home_page, slug="open-ballot"),
        BallotPageFactory(
            parent=home_page,
            slug="closed-ballot",
            opens_at=now - timedelta(days=9),
            closes_at=now - timedelta(days=1),
        ),
        BallotPageFactory(
            parent=home_page,
            slug="future-ballot",
            opens_at=now + timedelta(days=2),
            closes_at=now + timedelta(days=9),
        ),
    ]


@pytest.mark.parametrize("code", CODES)
def test_every_page_type_and_ballot_state_renders_with_its_lang_and_dir(client, pages, code):
    for page in pages:
        target = page if code == "en-gb" else translate_page(page, [code])[code]
        url = target.url
        if code != "en-gb":
            assert url.startswith(f"/{code}/"), url
        response = client.get(url)
        assert response.status_code == 200, (code, url)
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.html["lang"] == html_lang(code), url
        assert soup.html["dir"] == ("rtl" if code in RTL else "ltr"), url
        switcher = soup.find("nav", class_="language-switcher")
        assert len(switcher.find_all("a")) == len(CODES)
        current = switcher.find("a", attrs={"aria-current": "true"})
        assert current["hreflang"] == html_lang(code)
        assert current["href"] == url
        brand = soup.find("a", class_="site-header__brand")["href"]
        assert brand == ("/" if code == "en-gb" else f"/{code}/")


def test_switcher_links_to_the_translation_or_else_that_languages_home(client, home_page):
    about = StandardPageFactory(parent=home_page, slug="about")
    urdu_about = translate_page(about, ["ur"])["ur"]
    soup = BeautifulSoup(client.get(about.url).content, "html.parser")
    links = {
        a["hreflang"]: a["href"] for a in soup.find("nav", class_="language-switcher").find_all("a")
    }
    assert links["ur"] == urdu_about.url == "/ur/about/"
    assert links["en-GB"] == "/about/"
    # No Polish translation of this page, nor of the home page: Polish's root.
    assert links["pl"] == "/pl/"

    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert alternates == {
        "en-GB": "http://testserver/about/",
        "ur": "http://testserver/ur/about/",
    }


def test_switcher_falls_back_to_the_translated_home(client, home_page):
    about = StandardPageFactory(parent=home_page, slug="about")
    urdu_home = translate_page(home_page, ["ur"])["ur"]
    soup = BeautifulSoup(client.get(about.url).content, "html.parser")
    link = soup.find("nav", class_="language-switcher").find("a", hreflang="ur")
    assert link["href"] == urdu_home.url == "/ur/"


def switcher_links(response):
    soup = BeautifulSoup(response.content, "html.parser")
    nav = soup.find("nav", class_="language-switcher")
    return {a["hreflang"]: a["href"] for a in nav.find_all("a")}


def test_a_kept_switcher_follows_a_new_translation_and_each_views_address(
    client, home_page, settings
):
    """With fragments kept (PAGE_CACHE_SECONDS > 0) a page's switcher is
    rendered once per page and language: a newly published translation shows
    at once, and Django views (no page) each link to their own address."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    about = StandardPageFactory(parent=home_page, slug="about")
    contact = StandardPageFactory(parent=home_page, slug="contact-us")
    assert switcher_links(client.get(about.url))["ur"] == "/ur/"
    assert switcher_links(client.get(contact.url))["en-GB"] == "/contact-us/"

    translate_page(about, ["ur"])

    assert switcher_links(client.get(about.url))["ur"] == "/ur/about/"
    assert switcher_links(client.get("/membership/confirmed/"))["ur"] == "/ur/membership/confirmed/"
    assert switcher_links(client.get("/search/"))["ur"] == "/ur/search/"
    cache.clear()


def test_english_needs_no_prefix_and_admin_feeds_and_robots_still_work(client, home_page):
    assert client.get("/").status_code == 200
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/admin/").status_code in (200, 302)


def test_a_new_translation_is_listed_as_a_draft_translation(admin_client, home_page):
    from home.models import TranslationReview

    about = StandardPageFactory(parent=home_page, slug="about")
    urdu = translate_page(about, ["ur"])["ur"]
    review = TranslationReview.objects.get(page=urdu)
    assert not review.checked
    assert not TranslationReview.objects.filter(page=about).exists()
    listing = admin_client.get("/admin/home/translationreview/").content.decode()
    assert "draft translation: to be checked" in listing


def test_the_demo_ballot_home_about_and_join_exist_in_every_language(client, demo):
    from ballot.models import BallotPage
    from home.demo_languages import SENTENCES
    from home.models import TranslationReview

    english = BallotPage.objects.get(locale__language_code="en-gb", slug="have-your-say")
    for code in CODES[1:]:
        ballot = english.get_translation(english.locale.__class__.objects.get(language_code=code))
        assert ballot.live
        assert ballot.question == SENTENCES[english.question][code]
        assert ballot.counting_ballot().pk == english.pk
        assert ballot.options.count() == english.options.count()
        assert TranslationReview.objects.filter(page=ballot, checked=False).exists()
        html = client.get(ballot.url).content.decode()
        assert escape(SENTENCES[english.question][code]) in html
        for slug in ("about", "join"):
            page = ballot.get_parent().get_children().filter(slug__startswith=slug).first()
            assert page is not None and page.live, (code, slug)


def test_each_demo_home_links_to_its_own_languages_ballot_and_join_pages(client, demo):
    """The translated home pages' buttons and ballot block lead on in the same
    language: /ur/ to /ur/have-your-say/, not to the English ballot."""
    import re

    for code in CODES[1:]:
        html = client.get(f"/{code}/").content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        links = set(re.findall(r'href="([^"#?]+)"', main))
        assert f"/{code}/have-your-say/" in links, (code, sorted(links))
        assert f"/{code}/join/" in links, (code, sorted(links))
        assert "/have-your-say/" not in links and "/join/" not in links, (code, sorted(links))


def test_the_menu_on_a_translated_page_leads_to_that_languages_pages(client, home_page):
    """A Welsh page's menu links to the Welsh page where there is one (with
    its Welsh title) and to the English page where there is not."""
    about = StandardPageFactory(parent=home_page, slug="about", title="About", show_in_menus=True)
    news = StandardPageFactory(parent=home_page, slug="news", title="News", show_in_menus=True)
    welsh = translate_page(home_page, ["cy"])["cy"]
    welsh_about = translate_page(about, ["cy"])["cy"]
    welsh_about.title = "Amdanom ni"
    welsh_about.save_revision().publish()

    for path in (welsh.url, welsh_about.url):
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        menu = {a.get_text(strip=True): a["href"] for a in soup.select(".site-nav__list a")}
        assert menu == {"Amdanom ni": "/cy/about/", "News": news.url}, path
    english = BeautifulSoup(client.get(about.url).content, "html.parser")
    menu = {a.get_text(strip=True): a["href"] for a in english.select(".site-nav__list a")}
    assert menu == {"About": "/about/", "News": "/news/"}
    # A Django view (search) in Welsh reads the active language's items; the
    # query reads only the root's language and that one (home/chrome.py).
    polish_about = translate_page(about, ["pl"])["pl"]
    polish_about.title = "O nas"
    polish_about.save_revision().publish()
    search = BeautifulSoup(client.get("/cy/search/").content, "html.parser")
    menu = {a.get_text(strip=True): a["href"] for a in search.select(".site-nav__list a")}
    assert menu == {"Amdanom ni": "/cy/about/", "News": news.url}
