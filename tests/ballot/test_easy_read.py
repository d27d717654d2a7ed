"""Issue 12, item 2: the Easy read view of a ballot, filled in by staff, no JavaScript needed."""

import pytest

from ballot.models import Vote
from tests.ballot.conftest import option_ids, page_errors, vote_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def easy_ballot(ballot):
    ballot.intro = "Complicated introduction about national campaigning priorities."
    ballot.easy_read_intro = "Pick 3 problems.\nWe will work on them."
    ballot.save()
    first = ballot.options.first()
    first.plain_title = "Being held down by police"
    first.easy_read_text = "Police can hurt women in a crisis."
    first.save()
    return ballot


def test_standard_view_links_to_easy_read(client, easy_ballot):
    html = client.get("/have-your-say/").content.decode()
    assert 'href="/have-your-say/?view=easy"' in html
    assert "Complicated introduction" in html
    assert "We will work on them." not in html


def test_easy_read_view_uses_the_easy_texts_and_bigger_layout(client, easy_ballot):
    html = client.get("/have-your-say/?view=easy").content.decode()
    assert "template-ballot--easy" in html and "ballot-form--easy" in html
    assert "Pick 3 problems.<br>We will work on them." in html
    assert "Complicated introduction" not in html
    # the plain title leads, the campaign title follows it
    assert html.index("Being held down by police") < html.index("Issue 1<")
    assert 'href="/have-your-say/">Standard view' in html.replace("\n", "")
    # one picture per option is the staff's picture (none in this factory ballot): no other
    assert html.count('type="checkbox" name="options"') == 10


def test_easy_read_falls_back_to_the_intro(client, ballot):
    ballot.intro = "Plain intro."
    ballot.save()
    assert "Plain intro." in client.get("/have-your-say/?view=easy").content.decode()


def test_view_links_keep_a_referral_link(client, easy_ballot):
    from tests.factories import OrganisationFactory

    OrganisationFactory(slug="example-centre")
    html = client.get("/have-your-say/?via=example-centre").content.decode()
    assert 'href="/have-your-say/?view=easy&amp;via=example-centre"' in html


def test_a_refused_vote_from_the_easy_view_stays_in_the_easy_view(client, easy_ballot):
    html = client.get("/have-your-say/?view=easy").content.decode()
    assert 'action="/have-your-say/?view=easy"' in html
    response = client.post(
        "/have-your-say/?view=easy", vote_data(easy_ballot, option_ids(easy_ballot)[:2])
    )
    assert response.status_code == 200
    assert "ballot-form--easy" in response.content.decode()
    assert "You chose 2." in " ".join(page_errors(response))
    assert Vote.objects.count() == 0


def test_a_vote_from_the_easy_view_counts(client, easy_ballot):
    response = client.post("/have-your-say/?view=easy", vote_data(easy_ballot))
    assert response.status_code == 303
    assert Vote.objects.count() == 1
