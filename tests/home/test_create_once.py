"""Issue 13, item 3: Publish is never lost when it overlaps Wagtail's first autosave.

The browser test (tests/browser/test_publish_with_autosave.py) clicks at robot
speed; these tests send the two requests the browser sends, in each order, so
the server's part is checked without depending on timing:

1. the autosave's create (a JSON post) answers first, then Publish posts a
   second create of the same new page: the page the autosave made is published;
2. Publish's create answers first, then the autosave's create arrives: it
   fails quietly, and no draft is written over the published page.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from ballot.models import BallotPage
from home.models import StandardPage

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def editor():
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pass-123456")
    client = Client()
    client.force_login(user)
    return client


def standard_page(title="Robot page", **extra):
    fields = {"title": title, "slug": title.lower().replace(" ", "-"), "intro": ""}
    return nested_form_data({**fields, "body": streamfield([]), **extra})


def add_url(parent, model="home/standardpage"):
    return f"/admin/pages/add/{model}/{parent.pk}/"


def test_publish_after_the_autosave_created_the_page_publishes_it(editor, home_page):
    autosave = editor.post(add_url(home_page), standard_page(), **JSON)
    assert autosave.status_code == 200 and autosave.json()["success"]

    publish = editor.post(add_url(home_page), standard_page(**{"action-publish": "1"}))

    assert publish.status_code == 302
    pages = StandardPage.objects.filter(slug="robot-page")
    assert pages.count() == 1
    page = pages.get()
    assert page.live and not page.has_unpublished_changes
    messages = [str(m) for m in editor.get(publish["Location"]).context["messages"]]
    assert any("published" in m for m in messages)


def test_an_autosave_after_publish_fails_quietly_and_writes_no_draft(editor, home_page):
    publish = editor.post(add_url(home_page), standard_page(**{"action-publish": "1"}))
    assert publish.status_code == 302

    autosave = editor.post(add_url(home_page), standard_page(), **JSON)

    assert autosave.status_code < 500
    assert not autosave.json()["success"]
    page = StandardPage.objects.get(slug="robot-page")
    assert page.live and not page.has_unpublished_changes


def test_someone_elses_page_with_that_slug_is_not_taken_over(editor, home_page):
    other = get_user_model().objects.create_superuser("other", "other@example.org", "pass-123456")
    mine = Client()
    mine.force_login(other)
    mine.post(add_url(home_page), standard_page(), **JSON)

    publish = editor.post(add_url(home_page), standard_page(**{"action-publish": "1"}))

    assert publish.status_code == 200  # the form again, saying the address is taken
    assert "robot-page" in publish.content.decode()
    page = StandardPage.objects.get(slug="robot-page")
    assert page.owner == other and not page.live


def test_inline_rows_made_by_the_autosave_are_not_added_twice(editor, home_page):
    options = inline_formset(
        [{"title": f"Option {n}", "hidden": ""} for n in range(1, 4)], initial=0
    )
    data = {
        "title": "Autumn ballot",
        "slug": "autumn-ballot",
        "question": "Which issue first?",
        "choices_required": "1",
        "opens_at": "2026-01-01 10:00",
        "target": "100",
        "online_route": "on",
        "thank_you_text": "Thank you.",
        "results_visibility": "always",
        "options": options,
    }
    url = add_url(home_page, "ballot/ballotpage")
    autosave = editor.post(url, nested_form_data(data), **JSON)
    assert autosave.json()["success"], autosave.json()

    publish = editor.post(url, nested_form_data({**data, "action-publish": "1"}))

    assert publish.status_code == 302, publish.content.decode()[:2000]
    ballot = BallotPage.objects.get(slug="autumn-ballot")
    assert ballot.live
    assert [o.title for o in ballot.options.all()] == ["Option 1", "Option 2", "Option 3"]
    assert Page.objects.filter(slug="autumn-ballot").count() == 1


def test_publish_before_the_slug_was_filled_in_still_publishes(editor, home_page):
    """Wagtail's script copies the title into the slug a moment after typing; a
    Publish within that moment posts an empty slug ("This field is required",
    out of sight on the Promote tab)."""
    publish = editor.post(
        add_url(home_page), standard_page("Quick page", slug="", **{"action-publish": "1"})
    )

    assert publish.status_code == 302
    assert StandardPage.objects.get(slug="quick-page").live
