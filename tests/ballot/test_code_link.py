"""Issue 12, item 4: a code card's link fills in the code (see ballot/paper.py for
why the QR uses #code= and ?code= is the fallback)."""

import pytest

from ballot.paper import ballot_url, code_cards

pytestmark = pytest.mark.django_db


def test_query_code_fills_the_code_field(client, ballot):
    html = client.get("/have-your-say/?code=acde3479").content.decode()
    assert 'name="code" id="ballot' in html and 'value="ACDE-3479"' in html


def test_a_malformed_query_code_is_ignored(client, ballot):
    html = client.get("/have-your-say/?code=%00<script>").content.decode()
    assert "&lt;script" not in html and "<script>" not in html.split('name="code"')[1][:200]


def test_cards_link_to_the_ballot_with_the_code_in_the_fragment(ballot):
    url, cards = code_cards(ballot, ["ACDE-3479"], "en-gb")
    assert url == ballot_url(ballot, "en-gb") and url.endswith("/have-your-say/")
    assert cards[0]["link"] == f"{url}#code=ACDE-3479"
    assert cards[0]["qr"].startswith("<svg") and "<title>ACDE-3479</title>" in cards[0]["qr"]
