"""The demo site has a join page at /join/, in the menu and behind the home page's button."""

import io

import pytest
from django.core.management import call_command

from network.models import ConsentText, JoinPage

pytestmark = pytest.mark.django_db


def test_demo_join_page_in_menu_and_linked_from_home(client, demo):
    call_command("load_demo_content", stdout=io.StringIO())  # safe to run again

    join_page = JoinPage.objects.get(locale__language_code="en-gb")
    assert join_page.url == "/join/"
    assert join_page.show_in_menus
    assert join_page.involvement_options.count() == 5
    # One English version, and one draft translation per other language.
    assert ConsentText.objects.filter(kind="membership", language="en-gb").count() == 1
    assert ConsentText.objects.filter(kind="membership").count() == 7
    home = client.get("/").content.decode()
    assert 'href="/join/">Join the network</a>' in home
    assert client.get("/join/").status_code == 200
