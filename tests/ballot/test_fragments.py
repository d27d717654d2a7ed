"""The ballot page reuses what is the same for every visitor (issue 15): the
menu, language switcher, logo, footer, breadcrumbs and options are kept; the
CSRF token, the form's one-time token and a sent form's ticks are each
visitor's own."""

import re

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def fetched(monkeypatch):
    """The names of the shared values (ballot/page_views.py) asked for, in order."""
    from ballot import page_views

    names = []
    real = page_views.shared_value

    def counting(name, *args, **kwargs):
        names.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(page_views, "shared_value", counting)
    return names


def token(response, name):
    return re.search(rf'name="{name}" value="([^"]+)"', response.content.decode()).group(1)


def sql_of(get):
    """``get()``'s response and every statement it sent, recorded where each
    is executed: the statements themselves, so a failing count shows what
    was read."""
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = get()
    return response, seen


def test_second_visitor_gets_her_own_tokens_without_a_query(ballot, page_cache_on):
    first, first_sql = sql_of(lambda: Client().get("/have-your-say/"))
    # Everything the first visitor's render read (the site and the page's
    # route: home/route_cache.py; options, pictures, menus, language switcher,
    # logo, footer: fragments) is kept for the next one.
    second, second_sql = sql_of(lambda: Client().get("/have-your-say/"))

    assert first_sql, "the first visitor's page is read from the database"
    assert second_sql == []

    assert first.status_code == second.status_code == 200
    assert token(first, "form_token") != token(second, "form_token")
    assert token(first, "csrfmiddlewaretoken") != token(second, "csrfmiddlewaretoken")
    strip = re.compile(r'name="(csrfmiddlewaretoken|form_token)" value="[^"]+"')
    assert strip.sub("", first.content.decode()) == strip.sub("", second.content.decode())
    assert "no-store" in second["Cache-Control"]


def test_a_sent_form_keeps_its_own_ticks(client, ballot, page_cache_on):
    from tests.ballot.conftest import option_ids, vote_data

    client.get("/have-your-say/")  # the unticked options are now kept
    chosen = option_ids(ballot)[:2]  # one short: the form comes back

    response = client.post("/have-your-say/", vote_data(ballot, chosen))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(" checked>") == 2
    assert Client().get("/have-your-say/").content.decode().count(" checked>") == 0


def test_publishing_new_options_shows_them_at_once(client, ballot, page_cache_on):
    client.get("/have-your-say/")
    option = ballot.options.first()
    option.title = "Peer support in every ward"
    option.save()
    ballot.save_revision().publish()

    assert "Peer support in every ward" in Client().get("/have-your-say/").content.decode()


def test_a_vote_with_kept_options_is_stored(ballot, page_cache_on):
    from ballot.models import Vote
    from tests.ballot.conftest import vote_data

    Client().get("/have-your-say/")

    response = Client().post("/have-your-say/", vote_data(ballot))

    assert response.status_code == 303
    assert Vote.objects.count() == 1


def test_an_editors_preview_never_uses_or_fills_the_kept_parts(admin_client, ballot, page_cache_on):
    Client().get("/have-your-say/")
    ballot.title = "A draft title"
    ballot.intro = "Draft words"
    revision = ballot.save_revision()

    response = admin_client.get(f"/admin/pages/{ballot.pk}/revisions/{revision.pk}/view/")
    public = Client().get("/have-your-say/").content.decode()

    assert response.status_code == 200
    assert "A draft title" in response.content.decode()
    assert "A draft title" not in public


def test_kept_options_list_is_not_fetched_again(ballot, page_cache_on, fetched):
    """The form fetches its options only when it needs them (ballot/forms.py):
    with the list of options kept as a fragment, not at all."""
    Client().get("/have-your-say/")
    assert fetched == ["ballot-options"]

    second = Client().get("/have-your-say/")

    assert fetched == ["ballot-options"]
    assert (
        second.content.decode().count('name="options"')
        == ballot.options.filter(hidden=False).count()
    )


def test_a_ballot_block_with_kept_options_does_not_fetch_them(
    home_page, ballot, page_cache_on, fetched
):
    """The form block on another page (ballot/blocks.py) hands the template
    the options as a call, made only where the options are rendered afresh:
    with the options kept as a fragment, the next visitor's render neither
    queries them nor asks the cache for the kept list."""
    from tests.factories import StandardPageFactory

    StandardPageFactory(
        parent=home_page,
        slug="campaign",
        title="A campaign",
        body=[("ballot_form", {"ballot": ballot, "heading": "Vote here"})],
    )
    first, first_sql = sql_of(lambda: Client().get("/campaign/"))
    assert fetched == ["ballot-options"]
    second, second_sql = sql_of(lambda: Client().get("/campaign/"))

    def options_read(sql):
        return [s for s in sql if 'FROM "ballot_ballotoption"' in s]

    assert options_read(first_sql), "the first render reads the options"
    assert options_read(second_sql) == []
    assert fetched == ["ballot-options"]
    shown = ballot.options.filter(hidden=False).count()
    assert second.content.decode().count('name="options"') == shown
