"""Exports are aggregate only, and every CSV cell is formula-escaped."""

import csv
import io
import re
from urllib.parse import unquote

import pytest

from ballot.models import BallotOption
from ballot.voting import record_vote
from home.csv_export import csv_safe, csv_text
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
HOUR = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def cast(ballot, n, start=0, route="online", **kwargs):
    options = list(ballot.options.order_by("sort_order"))
    for i in range(start, start + n):
        chosen = [options[(i + j) % len(options)] for j in (0, 1, 4)]
        record_vote(ballot, chosen, route=route, **kwargs)


def export(admin_client, ballot):
    response = admin_client.get(f"/admin/ballot/ballotpage/export/{ballot.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_the_export_has_no_row_per_vote(admin_client, ballot):
    unit = OrganisationFactory(name="Example Unit")
    cast(ballot, 30, channel=unit, answers={"age_band": "25-34", "services": ["prison"]})
    few = export(admin_client, ballot)
    cast(ballot, 60, start=30, channel=unit, answers={"age_band": "25-34", "services": ["prison"]})
    many = export(admin_client, ballot)

    assert len(many) == len(few)  # the same tables, whatever the number of votes
    assert not any(HOUR.search(cell) for row in many for cell in row)
    headings = [row[0] for row in many if len(row) > 2 and row[1] == "Voters"]
    assert headings == [
        "Route",
        "Organisation",
        "Age band (optional question)",
        "Services used (optional question)",
        "Week starting",
    ]
    assert [
        "Organisation",
        "Voters",
        *[o.title for o in ballot.options.order_by("sort_order")],
    ] in many


def test_every_shown_breakdown_number_describes_at_least_k_women(admin_client, ballot):
    big, small = OrganisationFactory(name="Example Big"), OrganisationFactory(name="Example Small")
    other = OrganisationFactory(name="Example Third")
    cast(ballot, 25, channel=big, answers={"age_band": "25-34"})
    cast(ballot, 14, start=3, channel=other, answers={"age_band": "35-44"})
    cast(ballot, 3, start=5, channel=small, route="paper", answers={"age_band": "65-plus"})

    rows = export(admin_client, ballot)

    start = next(i for i, row in enumerate(rows) if row[:2] == ["Route", "Voters"])
    for row in rows[start:]:
        if len(row) < 3 or row[1] == "Voters":
            continue
        for cell in row[1:]:
            assert (
                cell == "withheld"
                or int(cell.replace(",", "")) == 0
                or int(cell.replace(",", "")) >= 10
            ), row


def test_the_admin_results_page_has_no_row_per_vote(admin_client, ballot):
    unit = OrganisationFactory(name="Example Unit")
    cast(ballot, 30, channel=unit, answers={"region": "north_east"})

    html = admin_client.get(f"/admin/ballot/ballotpage/results/{ballot.pk}/").content.decode()

    assert not HOUR.search(html)
    assert "Export every vote" not in html
    assert html.count('<th scope="row">') < 40  # tables of groups, not of votes


def test_before_k_votes_the_export_says_when_results_appear(admin_client, ballot):
    cast(ballot, 4)

    rows = export(admin_client, ballot)

    assert ["Results will appear once at least 10 women have voted."] in rows
    assert not any(len(row) > 2 for row in rows)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_a_spreadsheet_would_run_are_escaped(start):
    assert csv_safe(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert csv_safe("A plain title") == "A plain title"
    assert csv_safe(None) == ""
    assert csv_text([[f"{start}1+1"]]).startswith(f"'{start}1+1") or csv_text(
        [[f"{start}1+1"]]
    ).startswith(f"\"'{start}1+1")


def test_option_titles_and_organisation_names_are_escaped_in_the_export(admin_client, ballot):
    option = BallotOption.objects.filter(page=ballot).order_by("sort_order").first()
    option.title = '=HYPERLINK("http://evil.example")'
    option.save()
    orgs = [
        OrganisationFactory(name="+Example Plus"),
        OrganisationFactory(name="@Example At"),
        OrganisationFactory(name="-Example Minus"),
    ]
    for i, org in enumerate(orgs):
        cast(ballot, 12, start=i, channel=org)

    rows = export(admin_client, ballot)
    cells = [cell for row in rows for cell in row]

    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert {"'+Example Plus", "'@Example At", "'-Example Minus"} <= set(cells)
    assert not any(cell[:1] in {"=", "+", "-", "@", "\t", "\r"} for cell in cells)


def test_code_card_csv_is_escaped(admin_client, ballot):
    org = OrganisationFactory(name="=Example Formula Centre")

    response = admin_client.post(
        "/admin/ballot/codebatch/create/",
        {"ballot": ballot.pk, "organisation": org.pk, "size": 3, "reference": "Wing A"},
    )

    text = unquote(response.context["csv_href"].split(",", 1)[1])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["code", "ballot", "organisation"]
    assert len(rows) == 4
    assert all(row[2] == "'=Example Formula Centre" for row in rows[1:])
