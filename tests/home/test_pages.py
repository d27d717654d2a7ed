"""Every page type of the home app renders, with its parts in place."""

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import ImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_renders_hero_and_landmarks(client, home_page):
    home_page.hero_image = ImageFactory(description="Women at a meeting")
    home_page.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert home_page.hero_heading.replace("'", "&#x27;") in html
    assert '<a class="skip-link" href="#main-content">' in html
    assert '<main id="main-content"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert 'alt="Women at a meeting"' in html
    assert 'srcset="' in html


def test_home_page_calls_to_action_point_at_chosen_pages(client, home_page):
    about = StandardPageFactory(parent=home_page, title="Join us", slug="join")
    home_page.join_page = about
    home_page.save_revision().publish()

    html = client.get("/").content.decode()

    assert 'href="/join/">Join the network</a>' in html
    assert "Have your say</a>" not in html  # no page chosen, no dead button


def test_standard_page_renders_body_blocks(client, home_page):
    page = StandardPageFactory(
        parent=home_page,
        slug="about",
        title="About the network",
        body=[
            {"type": "heading", "value": {"text": "Why we exist", "level": "h2"}},
            {"type": "quote", "value": {"quote": "Nothing about us", "attribution": "Survivors"}},
            {
                "type": "key_facts",
                "value": {"heading": "Numbers", "facts": [{"figure": "5,000", "label": "women"}]},
            },
            {
                "type": "call_to_action",
                "value": {
                    "title": "Get in touch",
                    "text": "",
                    "button_text": "Contact us",
                    "page": None,
                    "url": "https://example.org/",
                },
            },
        ],
    )

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>About the network</h1>" in html
    assert "<h2>Why we exist</h2>" in html
    assert "<blockquote><p>Nothing about us</p></blockquote>" in html
    assert "5,000" in html
    assert 'href="https://example.org/">Contact us</a>' in html
    assert 'aria-label="Breadcrumb"' in html


def test_unknown_url_gets_friendly_404(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_500_template_stands_alone():
    """The 500 page must render even when the database or context is broken."""
    from django.template.loader import render_to_string

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("500.html")
    assert "Sorry, something went wrong" in html
    assert "{%" not in html


def test_500_template_speaks_the_visitors_language():
    """A woman reading the site in Welsh meets the error page in Welsh too."""
    from django.template.loader import render_to_string

    with translation.override("cy"):
        html = render_to_string("500.html")
    assert 'lang="cy"' in html
    assert "Sorry, something went wrong" not in html
    assert "Mynd i'r hafan" in html


def test_a_request_in_welsh_leaves_the_next_test_in_english(client, home_page):
    """The first half of a pair: a Welsh request leaves Welsh active in the
    thread (Django's LocaleMiddleware), which the conftest fixture undoes; the
    500 test above reads English whatever ran before it on its worker."""
    client.get("/cy/")
    assert translation.get_language() == "cy"


def test_site_settings_show_in_footer(client, home_page):
    from wagtail.models import Site

    from home.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.charity_number = "1234567"
    settings.email = "team@example.org"
    settings.x_url = "https://x.com/example"
    settings.save()

    html = client.get("/").content.decode()

    assert "registered charity, number 1234567" in html
    assert 'href="mailto:team@example.org"' in html
    assert 'href="https://x.com/example"' in html
