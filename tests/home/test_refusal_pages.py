"""The 403 page (templates/403.html): what a refused visitor or admin user meets.

Django's permission_denied view renders it for any PermissionDenied, and the
admin's policy refusals (network/access_admin.py) go through the same view.
A throwaway address that always refuses (``urlpatterns`` below, used through
``pytest.mark.urls``) stands in for "PermissionDenied anywhere" on the public
site; the admin case is a real partner refused another partner's turnout.
"""

import pytest
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path
from django.utils import translation

from config import urls as site_urls
from tests.factories import OrganisationFactory, partner_user, role_user


def refuse(request):
    raise PermissionDenied("Turnout of Somewhere Else Trust")


# One public address that always refuses, in every language like the rest of
# the site, then everything the site serves.
urlpatterns = [
    *i18n_patterns(path("refused/", refuse), prefix_default_language=False),
    *site_urls.urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

H1 = "This page is not open to you"
DASHBOARD = 'href="/admin/"'


def h1_of(html):
    return html.split("<h1>", 1)[1].split("</h1>", 1)[0]


def main_of(html):
    return html.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]


def test_a_visitor_refused_gets_the_403_page_with_a_way_home(client, home_page):
    response = client.get("/refused/")

    assert response.status_code == 403
    html = response.content.decode()
    assert h1_of(html) == H1
    assert '<a href="/">Go to the home page</a>' in main_of(html)
    assert DASHBOARD not in html
    # The reason given with the refusal is never shown.
    assert "Somewhere Else" not in html


def test_a_signed_in_user_without_the_admin_gets_no_dashboard_link(client, home_page):
    client.force_login(role_user(None, "reader"))

    html = client.get("/refused/").content.decode()

    assert h1_of(html) == H1
    assert DASHBOARD not in html


def test_an_admin_user_refused_is_offered_the_dashboard(client, home_page):
    client.force_login(role_user("Communications", "comms"))

    html = client.get("/refused/").content.decode()

    assert h1_of(html) == H1
    assert f"<a {DASHBOARD}>Go to the admin dashboard</a>" in main_of(html)


def test_a_partner_refused_another_partners_turnout_learns_nothing_of_it(home_page):
    ours = OrganisationFactory(name="Women in Prison", slug="women-in-prison")
    other = OrganisationFactory(name="Somewhere Else Trust", slug="somewhere-else")
    client = Client()
    client.force_login(partner_user(ours))

    response = client.get(f"/admin/ballot/turnout/{other.pk}/")

    assert response.status_code == 403
    html = response.content.decode()
    assert h1_of(html) == H1
    assert other.name not in html
    assert f"/{other.pk}/" not in main_of(html)
    assert f"<a {DASHBOARD}>Go to the admin dashboard</a>" in main_of(html)


def test_a_welsh_request_is_refused_in_welsh(client, home_page):
    response = client.get("/cy/refused/")

    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="cy"' in html
    with translation.override("cy"):
        assert h1_of(html) == translation.gettext(H1)
    assert h1_of(html) != H1
    assert H1 not in html


def test_the_403_page_renders_without_a_site(client):
    """No Site matches the request (and no page context): the page still renders."""
    response = client.get("/refused/", HTTP_HOST="nowhere.example")

    assert response.status_code == 403
    assert h1_of(response.content.decode()) == H1


def test_the_403_template_stands_alone():
    """Rendered with no request at all, like the 500 page."""
    from django.template.loader import render_to_string

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("403.html")
    assert h1_of(html) == H1
    assert "{%" not in html
    assert DASHBOARD not in html


def test_the_csrf_refusal_links_home(client, home_page):
    from django.template.loader import render_to_string

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("403_csrf.html")
    assert '<a href="/">Go to the home page</a>' in main_of(html)
