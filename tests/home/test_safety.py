"""Issue 12, safety: quick exit, urgent help numbers, legal pages linked from forms.

Everything here is read from site settings, so staff can change it; the
tests change it too and look for the change on the page.
"""

import re

import pytest
from wagtail.models import Site

from ballot.device_marks import thanks_token
from home.models import SiteSettings
from tests.factories import (
    BallotPageFactory,
    ContactPageFactory,
    JoinPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

DEFAULT_NUMBERS = {
    "Samaritans": "tel:116123",
    "NHS": "tel:111",
    "Police": "tel:999",
    "National Domestic Abuse Helpline": "tel:08082000247",
}


@pytest.fixture
def site_settings(home_page):
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def pages(home_page):
    ballot = BallotPageFactory(parent=home_page, slug="have-your-say", title="Have your say")
    contact = ContactPageFactory(parent=home_page)
    about = StandardPageFactory(parent=home_page, slug="about", title="About")
    return {
        "ballot": ballot.url,
        "thanks": f"{ballot.url}thanks/?v={thanks_token(ballot.pk)}",
        "contact": contact.url,
        "about": about.url,
    }


def help_blocks(html):
    """The "If you need help now" sections: (in the page body, in the footer)."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    footer = html.split('<footer class="site-footer"', 1)[1]
    return main, footer


def call_links(section):
    return re.findall(r'class="help-now__call" href="(tel:[^"]+)"', section)


@pytest.mark.parametrize("name", ["ballot", "thanks", "contact"])
def test_help_numbers_on_ballot_thanks_and_contact_pages_and_footer(client, pages, name):
    response = client.get(pages[name])
    assert response.status_code == 200
    main, footer = help_blocks(response.content.decode())
    for section in (main, footer):
        assert "If you need help now" in section
        assert sorted(call_links(section)) == sorted(DEFAULT_NUMBERS.values())
    assert "Choose option 2" in main  # NHS 111, mental health option


def test_every_page_has_the_help_numbers_in_its_footer(client, pages):
    main, footer = help_blocks(client.get(pages["about"]).content.decode())
    assert "If you need help now" not in main
    assert sorted(call_links(footer)) == sorted(DEFAULT_NUMBERS.values())


def test_staff_edit_the_help_numbers_in_site_settings(client, pages, site_settings):
    site_settings.helplines = [
        ("helpline", {"name": "Refuge line", "number": "0800 123 4567", "detail": "Any time."})
    ]
    site_settings.save()
    for name in ("ballot", "thanks", "contact", "about"):
        html = client.get(pages[name]).content.decode()
        assert "Refuge line" in html
        assert 'href="tel:08001234567"' in html
        assert "Samaritans" not in html and "tel:116123" not in html


def test_quick_exit_link_goes_to_the_neutral_page_from_settings(client, pages, site_settings):
    html = client.get(pages["about"]).content.decode()
    link = re.search(r"<a [^>]*data-quick-exit[^>]*>", html).group(0)
    assert 'href="https://www.bbc.co.uk/weather"' in link
    assert 'rel="noreferrer"' in link
    # Early in the tab order: straight after the skip link, before the header.
    assert html.index("skip-link") < html.index("data-quick-exit") < html.index("site-header")

    site_settings.quick_exit_url = "https://example.org/recipes"
    site_settings.save()
    for name in ("ballot", "thanks", "contact", "about"):
        html = client.get(pages[name]).content.decode()
        assert re.search(
            r'href="https://example.org/recipes" rel="noreferrer" data-quick-exit', html
        )


def test_quick_exit_must_be_a_web_address(site_settings):
    from django.core.exceptions import ValidationError

    site_settings.quick_exit_url = "javascript:alert(1)"
    with pytest.raises(ValidationError):
        site_settings.full_clean()


def test_thank_you_title_and_address_do_not_say_she_voted(client, pages):
    html = client.get(pages["thanks"]).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)
    assert title.startswith("Have your say |")
    assert not re.search(r"thank|vot|choice", title, re.IGNORECASE)
    assert "noindex" in html


def test_forms_asking_for_personal_details_link_to_the_privacy_notice(
    client, home_page, site_settings
):
    privacy = StandardPageFactory(parent=home_page, slug="privacy", title="Privacy notice")
    ballot = BallotPageFactory(parent=home_page, slug="have-your-say", ask_about_you=True)
    contact = ContactPageFactory(parent=home_page)
    join = JoinPageFactory(parent=home_page)
    link = 'read our <a href="/privacy/">privacy notice</a>'

    for page in (ballot, contact, join):  # not chosen in settings yet: no dead link
        assert "privacy notice</a>" not in client.get(page.url).content.decode()

    site_settings.privacy_page = privacy
    site_settings.save()
    ballot_html = client.get(ballot.url).content.decode()
    about_you = ballot_html.split('class="ballot-form__about"', 1)[1].split("</fieldset>", 1)[0]
    assert link in about_you
    for page in (contact, join):
        form = client.get(page.url).content.decode().split("<form", 2)[2].split("</form>")[0]
        assert link in form, page.url

    privacy.unpublish()
    assert link not in client.get(contact.url).content.decode()


def test_footer_links_the_pages_chosen_in_settings(client, home_page, site_settings):
    chosen = {
        "privacy_page": ("privacy", "Privacy notice"),
        "cookie_page": ("cookies", "Cookies"),
        "accessibility_page": ("accessibility", "Accessibility statement"),
        "credits_page": ("credits", "Credits"),
    }
    for field, (slug, _label) in chosen.items():
        setattr(site_settings, field, StandardPageFactory(parent=home_page, slug=slug))
    site_settings.save()
    footer = client.get("/").content.decode().split('<footer class="site-footer"', 1)[1]
    for slug, label in chosen.values():
        assert f'<a href="/{slug}/">{label}</a>' in footer


def test_footer_links_cost_one_query(client, home_page, site_settings, django_assert_num_queries):
    for field in ("privacy_page", "cookie_page", "accessibility_page", "credits_page"):
        setattr(site_settings, field, StandardPageFactory(parent=home_page))
    site_settings.save()
    fresh = SiteSettings.objects.get(pk=site_settings.pk)
    with django_assert_num_queries(1):
        assert len(fresh.linked_pages) == 4


def test_staff_find_the_safety_settings_in_the_admin(admin_client, site_settings):
    site = Site.objects.get(is_default_site=True)
    response = admin_client.get(f"/admin/settings/home/sitesettings/{site.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="quick_exit_url"' in html
    assert "helplines" in html and "Samaritans" in html
    for field in ("privacy_page", "cookie_page", "accessibility_page", "credits_page"):
        assert f'name="{field}"' in html, field
