"""Looking like the charity (issue 13, item 6): a logo from site settings, a
vendored web font with its licence, even cards, and demo campaign pages that say
their summary once."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.html import escape

from home.models import SiteSettings
from tests.factories import ImageFactory

FONTS = settings.BASE_DIR / "static" / "fonts" / "atkinson-hyperlegible"
CSS = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()


@pytest.mark.django_db
def test_without_a_logo_the_header_has_the_name_alone(client, home_page):
    assert "site-header__logo" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_logo_from_site_settings_is_in_the_header(client, home_page):
    from wagtail.models import Site

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.logo = ImageFactory(title="Logo")
    site_settings.save()
    html = client.get("/").content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert re.search(r'<img class="site-header__logo" src="[^"]+" [^>]*alt="">', header)
    assert "Women's Mental Health Network" in header  # the name stays, as text


def test_the_web_font_is_vendored_with_its_licence_and_never_fetched():
    files = {p.name for p in FONTS.iterdir()}
    for subset in ("latin", "latin-ext"):
        for weight in (400, 700):
            assert f"atkinson-hyperlegible-{subset}-{weight}-normal.woff2" in files
    assert "SIL Open Font License" in (FONTS / "LICENSE-OFL-1.1.txt").read_text()
    assert "Atkinson Hyperlegible" in (FONTS / "NOTICE").read_text()
    faces = re.findall(r"@font-face\s*{[^}]*}", CSS)
    assert len(faces) == 8
    assert all("font-display: swap" in face and 'url("../fonts/' in face for face in faces)
    assert "http" not in "".join(faces)


def test_cards_in_a_row_are_the_same_height():
    assert ".card-grid > li { display: flex; }" in CSS
    assert ".card-grid > li > .card { flex: 1 1 auto;" in CSS


@pytest.mark.django_db
def test_demo_campaign_pages_say_their_summary_once_and_old_ones_are_repaired(client, demo):
    from network.campaigns import CampaignPage
    from network.demo import CAMPAIGNS

    def article(page):
        html = client.get(page.url).content.decode()
        return html.split("<article", 1)[1].split("</article>", 1)[0]

    for campaign in CampaignPage.objects.live():
        assert article(campaign).count(escape(campaign.summary)) == 1, campaign.title
    # A demo loaded before the fix: its first paragraph repeats the summary.
    slug, _, summary = CAMPAIGNS[0]
    page = CampaignPage.objects.get(slug=slug)
    page.body = [("paragraph", f"<p>{summary}</p>"), *[(b.block_type, b.value) for b in page.body]]
    page.save_revision().publish()
    call_command("load_demo_content", stdout=io.StringIO())
    page.refresh_from_db()
    assert article(page).count(escape(summary)) == 1
    call_command("load_demo_content", stdout=io.StringIO())  # and again: nothing more removed
    page.refresh_from_db()
    assert len(list(page.body)) == 1


@pytest.mark.django_db
def test_the_demo_has_a_logo(client, demo):
    assert SiteSettings.objects.get().logo.file.name.endswith(".svg")
    assert "site-header__logo" in client.get("/").content.decode()
