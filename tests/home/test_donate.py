"""The donate call to action: shown only when staff set the charity's donation page."""

import pytest

from home.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_no_donate_link_until_a_page_is_set(client, home_page):
    html = client.get("/").content.decode()

    assert "data-donate" not in html


def test_donate_links_go_to_the_page_set_in_site_settings(client, home_page):
    from wagtail.models import Site

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.donate_url = "https://donate.example.org/give"
    settings.save()

    html = client.get("/").content.decode()

    assert html.count('href="https://donate.example.org/give"') == 2  # header and footer
    footer = html.split('id="footer-donate-heading"')[1].split("</section>")[0]
    assert "women's voices shape the services" in footer.replace("&#x27;", "'")
    assert "<form" not in footer  # no payment handling here
