"""The demo's privacy notice, cookie notice, accessibility statement and
credits (issue 12): staff-editable pages, linked from settings, the footer
and the forms that ask for personal details."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Site

from home.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


def text_of(page):
    return page.intro + " " + " ".join(str(block.value) for block in page.body)


def test_legal_pages_exist_say_what_they_must_and_are_linked(client, demo):
    call_command("load_demo_content", stdout=io.StringIO())  # safe to run again
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    pages = site_settings.linked_pages

    assert {name: page.slug for name, page in pages.items()} == {
        "privacy_page": "privacy",
        "cookie_page": "cookies",
        "accessibility_page": "accessibility",
        "credits_page": "credits",
    }
    assert StandardPage.objects.filter(slug__in=["privacy", "cookies"]).count() == 2

    privacy = text_of(pages["privacy_page"].specific)
    assert f"after {settings.MEMBERSHIP_PURGE_DAYS} days" in privacy
    for words in ("anonymous", "lawful basis", "Your rights", "ICO", "cannot find"):
        assert words in privacy, words
    cookies = text_of(pages["cookie_page"].specific)
    for words in ("csrftoken", "wmhn_voted_", "sessionid", "reCAPTCHA", "Google"):
        assert words in cookies, words
    accessibility = text_of(pages["accessibility_page"].specific)
    assert (
        "WCAG" in accessibility
        and "2.2" in accessibility
        and "Tell us about a problem" in (accessibility)
    )
    assert "OpenMoji" in text_of(pages["credits_page"].specific)
    assert "CC BY-SA 4.0" in text_of(pages["credits_page"].specific)

    footer = client.get("/").content.decode().split('<footer class="site-footer"', 1)[1]
    for slug in ("privacy", "cookies", "accessibility", "credits"):
        assert f'href="/{slug}/"' in footer
    for path in ("/join/", "/contact/", "/have-your-say/"):
        html = client.get(path).content.decode()
        form = html.split("<main", 1)[1].split("</form>", 1)[0]
        assert 'read our <a href="/privacy/">privacy notice</a>' in form, path
