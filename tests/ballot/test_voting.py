"""The online route: a vote is stored once, anonymously, with its tallies."""

import pytest
from django.test import Client, override_settings

from ballot.models import Tally, Vote
from tests.ballot.conftest import form_field, option_ids, page_errors, stored, vote_data
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_ballot_page_shows_options_hint_and_form(client, ballot):
    response = client.get("/have-your-say/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose exactly 3." in html
    assert f'aria-describedby="ballot{ballot.pk}-hint"' in html
    assert html.count('type="checkbox" name="options"') == 10
    assert "<legend>" in html
    assert "This is a shared device" not in html


def test_a_vote_is_stored_with_its_tallies_and_thanks(client, ballot):
    chosen = option_ids(ballot)[2:5]

    response = client.post("/have-your-say/", vote_data(ballot, chosen, age_band="25-34"))

    assert response.status_code == 303
    assert response["Location"].startswith("/have-your-say/thanks/?v=")
    vote = Vote.objects.get()
    assert vote.route == "online"
    assert vote.age_band == "25-34"
    assert vote.created_at.minute == 0 and vote.created_at.second == 0
    assert sorted(str(c.option_id) for c in vote.choices.all()) == sorted(chosen)
    counts = dict(Tally.objects.values_list("key", "count"))
    assert counts["voters"] == 1
    assert all(counts[f"option:{pk}"] == 1 for pk in chosen)
    assert counts["route:online"] == 1
    assert counts["age:25-34"] == 1
    thanks = client.get(response["Location"])
    assert "Thank you for voting" in thanks.content.decode()
    assert "Results so far" in thanks.content.decode()


def test_a_vote_keeps_no_personal_data(ballot):
    field_names = {f.name for f in Vote._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "email", "name", "user_agent", "user"}


def test_double_submit_stores_one_vote_and_shows_the_same_thanks(ballot):
    data = vote_data(ballot)
    first = Client().post("/have-your-say/", data)
    second = Client().post("/have-your-say/", data)  # the second click, sent before the cookie

    assert first.status_code == second.status_code == 303
    assert first["Location"].split("?")[0] == second["Location"].split("?")[0]
    assert Vote.objects.count() == 1
    assert Tally.objects.get(key="voters").count == 1


def test_a_resend_right_after_a_vote_is_asked_about_not_refused(client, ballot):
    """Changed for issue 10: the 400-day "device has voted" block shut out the
    next woman on a shared phone and told her someone had voted. Now only a
    second send within minutes is asked about, and the page itself says nothing."""
    client.post("/have-your-say/", vote_data(ballot))

    again = client.post("/have-your-say/", vote_data(ballot))

    assert again.status_code == 200
    assert any("do not need to send it again" in e for e in page_errors(again))
    assert Vote.objects.count() == 1
    assert "already" not in client.get("/have-your-say/").content.decode()


def test_kiosk_mode_takes_a_vote_after_a_vote(client, ballot, admin_client):
    # The link now comes from a Kiosk record made in the kiosk admin, shown once.
    org = OrganisationFactory()
    made = admin_client.post(
        "/admin/ballot/kiosk/create/",
        {"label": "Library", "ballot": ballot.pk, "organisation": org.pk, "days": 7},
    )
    kiosk_url = made.context["url"]
    from urllib.parse import unquote

    kiosk = unquote(kiosk_url.split("?kiosk=")[1])

    for _ in range(3):
        page = client.get("/have-your-say/", {"kiosk": kiosk})
        assert form_field(page, "kiosk") == kiosk
        assert "This is a shared device" in page.content.decode()
        response = client.post("/have-your-say/", vote_data(ballot, kiosk=kiosk))
        assert response.status_code == 303
        thanks = client.get(response["Location"])
        assert "ready for the next woman" in thanks.content.decode()

    assert Vote.objects.filter(channel=org).count() == 3
    # No device mark at all on a kiosk: it is for one woman after another.
    assert not any(c.startswith("wmhn_") for c in client.cookies)


def test_referral_link_records_the_channel(client, ballot):
    org = OrganisationFactory(slug="example-womens-centre-leeds")

    page = client.get("/have-your-say/?via=example-womens-centre-leeds")
    via = form_field(page, "via")
    client.post("/have-your-say/", vote_data(ballot, via=via))

    assert Vote.objects.get().channel == org
    assert Tally.objects.get(key=f"channel:{org.pk}").count == 1


def test_unknown_referral_slug_is_ignored(client, ballot):
    page = client.get("/have-your-say/?via=no-such-organisation")

    assert not form_field(page, "via")


@override_settings(BALLOT_IP_LIMIT=2)
def test_per_address_limit(ballot):
    for _ in range(2):
        assert Client().post("/have-your-say/", vote_data(ballot)).status_code == 303

    refused = Client().post("/have-your-say/", vote_data(ballot))

    assert refused.status_code == 200
    errors = page_errors(refused)
    assert any("Many votes have come from this internet connection" in e for e in errors)
    assert Vote.objects.count() == 2


@override_settings(BALLOT_IP_LIMIT=0)
def test_limit_zero_means_no_limit(ballot):
    for _ in range(35):
        assert Client().post("/have-your-say/", vote_data(ballot)).status_code == 303
    assert Vote.objects.count() == 35


@override_settings(BALLOT_IP_LIMIT=1, FORWARDED_ALLOW_IPS=["127.0.0.1"])
def test_limit_uses_forwarded_address_only_behind_a_trusted_proxy(ballot):
    ok = Client(HTTP_X_FORWARDED_FOR="203.0.113.1").post("/have-your-say/", vote_data(ballot))
    other = Client(HTTP_X_FORWARDED_FOR="203.0.113.2").post("/have-your-say/", vote_data(ballot))
    same = Client(HTTP_X_FORWARDED_FOR="203.0.113.1").post("/have-your-say/", vote_data(ballot))

    assert (ok.status_code, other.status_code, same.status_code) == (303, 303, 200)


@override_settings(BALLOT_IP_LIMIT=1, FORWARDED_ALLOW_IPS=["10.0.0.1"])
def test_forwarded_address_from_a_peer_that_is_not_our_proxy_is_ignored(ballot):
    """The test client's peer (127.0.0.1) is not the configured proxy, so a
    made-up X-Forwarded-For does not make it a new voter."""
    ok = Client(HTTP_X_FORWARDED_FOR="203.0.113.1").post("/have-your-say/", vote_data(ballot))
    other = Client(HTTP_X_FORWARDED_FOR="203.0.113.2").post("/have-your-say/", vote_data(ballot))

    assert (ok.status_code, other.status_code) == (303, 200)
    assert Vote.objects.count() == 1


def test_honeypot_stores_nothing(client, ballot):
    response = client.post("/have-your-say/", vote_data(ballot, website="http://spam.example"))

    assert response.status_code == 200
    assert any("could not accept this vote" in e for e in page_errors(response))
    assert stored()["votes"] == 0


@override_settings(RECAPTCHA_ENABLED=True, RECAPTCHA_PUBLIC_KEY="pub", RECAPTCHA_PRIVATE_KEY="priv")
def test_recaptcha_network_error_asks_to_try_again(client, ballot, monkeypatch):
    from urllib.error import URLError

    import django_recaptcha.fields

    def unreachable(**kwargs):
        raise URLError("timed out")

    monkeypatch.setattr(django_recaptcha.fields.client, "submit", unreachable)

    response = client.post("/have-your-say/", vote_data(ballot, **{"g-recaptcha-response": "x"}))

    assert response.status_code == 200
    assert any("Please try again in a minute" in e for e in page_errors(response))
    assert stored()["votes"] == 0


@override_settings(RECAPTCHA_ENABLED=True, RECAPTCHA_PUBLIC_KEY="pub", RECAPTCHA_PRIVATE_KEY="priv")
def test_recaptcha_timeout_and_success(client, ballot, monkeypatch):
    import django_recaptcha.fields
    from django_recaptcha.client import RecaptchaResponse

    def timeout(**kwargs):
        raise TimeoutError

    monkeypatch.setattr(django_recaptcha.fields.client, "submit", timeout)
    refused = client.post("/have-your-say/", vote_data(ballot, **{"g-recaptcha-response": "x"}))
    assert refused.status_code == 200
    assert stored()["votes"] == 0

    monkeypatch.setattr(
        django_recaptcha.fields.client,
        "submit",
        lambda **kwargs: RecaptchaResponse(is_valid=True),
    )
    accepted = client.post("/have-your-say/", vote_data(ballot, **{"g-recaptcha-response": "x"}))
    assert accepted.status_code == 303
    assert Vote.objects.count() == 1


def test_ballot_page_queries_do_not_grow_with_options(
    client, home_page, django_assert_max_num_queries, django_assert_num_queries
):
    from ballot.models import BallotOption
    from tests.factories import BallotPageFactory, ImageFactory

    small = BallotPageFactory(parent=home_page, slug="small", options=3)
    large = BallotPageFactory(parent=home_page, slug="large", options=12)
    for option in BallotOption.objects.all():
        option.image = ImageFactory()
        option.save()

    client.get(small.url)
    with django_assert_max_num_queries(30) as three_options:
        assert client.get(small.url).status_code == 200
    few = len(three_options)  # read at once: the next request empties Django's query log
    client.get(large.url)
    with django_assert_num_queries(few):
        assert client.get(large.url).status_code == 200
