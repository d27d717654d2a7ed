"""Joint suppression: no withheld number can be worked out from ALL shown numbers together.

Each table protecting itself is not enough: the route table shows how many women
voted by each route, and (once the ballot closes) that is exactly the column total
of the organisations-by-route table behind the turnout pages. A cell withheld in
one table could then be recomputed from another table's shown cells.

The checker here is black-box and independent of ``ballot.suppression``: it reads
what the pages and the CSV show (``option_tables``, the admin breakdowns and CSV;
``turnout`` for every organisation, what staff and each partner see), writes the
equations that hold between the true counts behind them (every voter picks 3
options, each dimension splits the voters, each organisation's voters split by
route and by week, the organisations' votes by route add up to the route's
voters, running totals add up weeks), and solves them exactly with fractions. A
withheld number is recomputable when the shown numbers pin it to one value.
"""

import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballot.breakdowns import PARTITIONS, REST_LABEL, Snapshot, _labels, option_tables, turnout
from ballot.models.votes import AGE_BANDS, REGIONS, SERVICES, Route
from ballot.suppression import WITHHELD
from ballot.voting import tally_keys
from tests.ballot.test_suppression import determined

pytestmark = pytest.mark.django_db  # organisation names are looked up (none exist here)

K = 10
OPTIONS = [(pk, f"Issue {pk}") for pk in range(1, 7)]
ROUTES = [v for v, _ in Route.choices]
NONE = "(none)"


class _Org:
    def __init__(self, pk):
        self.pk = pk


def number(text):
    return None if text == WITHHELD else int(text.replace(",", ""))


class Model:
    """The true counts as unknowns, the equations between them, and what is shown."""

    def __init__(self, votes):
        self.votes = votes  # list of vote dicts
        self.equations, self.known, self.withheld = [], {}, {}
        self.values = {}  # every variable's true value (for the small-group check)

    def add(self, equation):
        self.equations.append({v: c for v, c in equation.items() if c})

    def values_of(self, dimension):
        found = set()
        for vote in self.votes:
            found.update(vote_values(vote, dimension))
        return sorted(found)

    def build_truth(self):
        options = [pk for pk, _ in OPTIONS]
        true = Counter()
        for vote in self.votes:
            true["V"] += 1
            for pk in vote["options"]:
                true[("O", pk)] += 1
            for dimension in [*PARTITIONS, "service"]:
                for v in vote_values(vote, dimension):
                    true[("P", dimension, v)] += 1
                    for pk in vote["options"]:
                        true[("X", dimension, v, pk)] += 1
            true[("C", vote["channel"], vote["route"])] += 1
            true[("W", vote["channel"], vote["week"])] += 1
        self.values = true
        self.add({("O", pk): 1 for pk in options} | {"V": -3})
        for dimension in [*PARTITIONS, "service"]:
            values = self.values_of(dimension)
            for v in values:
                equation = {("X", dimension, v, pk): 1 for pk in options}
                equation[("P", dimension, v)] = -3
                self.add(equation)
            if dimension in PARTITIONS:
                for pk in options:
                    equation = {("X", dimension, v, pk): 1 for v in values}
                    equation[("O", pk)] = -1
                    self.add(equation)
                equation = {("P", dimension, v): 1 for v in values}
                equation["V"] = -1
                self.add(equation)
        channels = self.values_of("channel")
        weeks = self.values_of("week")
        for ch in channels:
            self.add({("C", ch, r): 1 for r in ROUTES} | {("P", "channel", ch): -1})
            self.add({("W", ch, w): 1 for w in weeks} | {("P", "channel", ch): -1})
        for r in ROUTES:
            self.add({("C", ch, r): 1 for ch in channels} | {("P", "route", r): -1})
        for w in weeks:
            self.add({("W", ch, w): 1 for ch in channels} | {("P", "week", w): -1})

    def shown(self, var, text):
        value = number(text)
        if value is None:
            self.withheld[var] = True
        else:
            assert value == self.values[var], (var, value, self.values[var])
            self.known[var] = value

    def read_pages(self, snap):
        options = [pk for pk, _ in OPTIONS]
        self.known["V"] = self.values["V"]
        for pk in options:
            self.known[("O", pk)] = self.values[("O", pk)]
        for table in option_tables(snap):
            if table.key not in PARTITIONS and table.key != "service":
                continue
            published = set(self.values_of(table.key))
            by_label = {label: v for v, label in _labels(table.key, list(published))}
            rest = REST_LABEL.replace("K", str(snap.threshold))
            shown_values = set()
            for label, cells in table.rows:
                if label == rest:
                    continue
                v = by_label[label]
                shown_values.add(v)
                self.shown(("P", table.key, v), cells[0])
                for pk, text in zip(options, cells[1:], strict=True):
                    self.shown(("X", table.key, v, pk), text)
            for label, cells in table.rows:
                if label != rest:
                    continue
                # The last row: everything in rows not published.
                held = [v for v in self.values_of(table.key) if v not in shown_values]
                variable = ("REST", table.key, "voters")
                self.values[variable] = sum(self.values[("P", table.key, v)] for v in held)
                self.add({("P", table.key, v): 1 for v in held} | {variable: -1})
                self.shown(variable, cells[0])
                for pk, text in zip(options, cells[1:], strict=True):
                    variable = ("REST", table.key, pk)
                    self.values[variable] = sum(self.values[("X", table.key, v, pk)] for v in held)
                    self.add({("X", table.key, v, pk): 1 for v in held} | {variable: -1})
                    self.shown(variable, text)
        all_weeks = sorted({k.split("|week:")[1] for k in snap.counts if "|week:" in k})
        for ch in self.values_of("channel"):
            figures = turnout(snap, _Org(ch))
            if figures is None:
                continue
            self.shown(("P", "channel", ch), figures.total)
            for (label, text), r in zip(figures.routes, ROUTES, strict=True):
                assert label == dict(Route.choices)[r]
                self.shown(("C", ch, r), text)
            listed = {week for week, _, _ in figures.weeks}
            for w in all_weeks:
                if w not in listed:
                    self.shown(("W", ch, w), "0")  # a week not listed had no votes
            so_far = []
            for week, text, running in figures.weeks:
                self.shown(("W", ch, week), text)
                so_far.append(week)
                if running != WITHHELD:
                    variable = ("running", ch, week)
                    self.values[variable] = sum(self.values[("W", ch, w)] for w in so_far)
                    self.add({("W", ch, w): 1 for w in so_far} | {variable: -1})
                    self.shown(variable, running)

    def recomputable(self):
        unknowns = {v for eq in self.equations for v in eq if v not in self.known}
        pinned = determined(self.equations, self.known, unknowns)
        return sorted((v for v in pinned if v in self.withheld and not self.is_public(v)), key=repr)

    def is_public(self, var):
        """A cell of a breakdown whose one value holds every voter (all votes in
        one week, by one route...) is the public overall count of its option:
        working it out tells nothing the results page does not (ballot.joint's
        docstring: such a cell is left withheld, the overall result pins it)."""
        if var[0] != "X" or var[1] not in PARTITIONS:
            return False
        return self.values_of(var[1]) == [var[2]]

    def small_shown(self):
        """Shown numbers (beyond the public result) describing 1 to K-1 women."""
        return [
            v
            for v, value in self.known.items()
            if v != "V" and v[0] not in {"O", "running"} and 0 < value < K
        ]


def vote_values(vote, dimension):
    if dimension == "service":
        return vote["services"]
    value = vote[dimension]
    return [value] if value != "" else [NONE]


def snapshot_of(votes, held=frozenset()):
    counts = Counter()
    for vote in votes:
        counts.update(
            tally_keys(
                vote["route"],
                None if vote["channel"] == "-" else vote["channel"],
                vote["options"],
                "" if vote["age"] == NONE else vote["age"],
                "" if vote["region"] == NONE else vote["region"],
                vote["services"],
                vote["week"],
            )
        )
    published = {k: v for k, v in counts.items() if k.split("|")[0] not in held}
    return Snapshot(published, OPTIONS, counts["voters"], K)


def vote(route, channel, week="2026-11-02", options=(1, 2, 3), age=NONE, region=NONE):
    return {
        "route": route,
        "channel": str(channel),
        "week": week,
        "options": list(options),
        "age": age,
        "region": region,
        "services": [],
    }


def check(votes, held=frozenset()):
    snap = snapshot_of(votes, held)
    model = Model(votes)
    model.build_truth()
    model.read_pages(snap)
    return model


def test_a_cell_withheld_in_turnout_is_not_recomputed_from_the_route_table():
    """Closed ballot. Organisation 11: online 20, code 20, paper 3. Organisation 12:
    20 by each route; no organisation: 30 online. Turnout withholds 11's paper (3)
    and code, relying on the routes' column totals being unknown; but the route
    table shows 23 paper voters, and 12's paper (20) is shown: 23 - 20 = 3."""
    votes = (
        [vote("online", 11)] * 20
        + [vote("code", 11)] * 20
        + [vote("paper", 11)] * 3
        + [vote(r, 12) for r in ROUTES for _ in range(20)]
        + [vote("online", "-")] * 30
    )

    model = check(votes)

    assert model.withheld, "something small must be withheld"
    assert model.recomputable() == []
    assert model.small_shown() == []


def test_the_checker_finds_what_one_table_alone_misses():
    """The checker is not vacuous: with the route table's voters known, hiding 11's
    paper and code (what each table alone would do) leaves paper recomputable."""
    votes = (
        [vote("online", 11)] * 20
        + [vote("code", 11)] * 20
        + [vote("paper", 11)] * 3
        + [vote(r, 12) for r in ROUTES for _ in range(20)]
        + [vote("online", "-")] * 30
    )
    model = Model(votes)
    model.build_truth()
    for var in {v for equation in model.equations for v in equation}:
        model.known[var] = model.values[var]
    for var in [("C", "11", "paper"), ("C", "11", "code")]:
        del model.known[var]
        model.withheld[var] = True

    assert model.recomputable() == [("C", "11", "code"), ("C", "11", "paper")]


def test_a_table_of_one_row_holding_everyone_gives_nothing_away():
    """Found by the property test below: twelve votes, all in one week. The week
    table's one row is every voter, so its cells are the public overall counts:
    its small cells stay withheld (no breakdown shows fewer than K women), the
    overall result pins them, and nothing else is pinned; the checker knew no
    such cell is news only after this case."""
    rows = [
        ("code", 11, (1, 4, 6), "under-18", "north_west"),
        ("paper", 12, (1, 3, 4), NONE, "north_east"),
        ("code", 12, (1, 2, 6), "under-18", "north_west"),
        ("paper", "-", (1, 3, 5), "18-24", NONE),
        ("code", 12, (1, 5, 6), "18-24", "north_west"),
        ("code", 12, (2, 4, 5), NONE, "north_east"),
        ("code", 13, (1, 3, 6), "18-24", "north_east"),
        ("paper", 12, (3, 4, 6), "under-18", "north_west"),
        ("paper", 11, (2, 3, 5), "under-18", "north_west"),
        ("paper", 13, (3, 4, 6), "18-24", "north_west"),
        ("paper", 11, (2, 4, 6), "under-18", "north_east"),
        ("paper", 12, (1, 2, 3), "18-24", "north_east"),
    ]
    votes = [vote(r, ch, "2026-11-16", opts, age, region) for r, ch, opts, age, region in rows]
    held = frozenset({"channel:-", "channel:11", "channel:12", "channel:13"})
    held |= {"route:code", "route:paper"}

    model = check(votes, held)

    week = next(t for t in option_tables(snapshot_of(votes, held)) if t.key == "week")
    assert [cells[0] for _, cells in week.rows] == ["12"]
    assert WITHHELD in week.rows[0][1]  # the small counts of one week stay withheld
    assert model.recomputable() == []
    assert model.withheld, "the route and organisation rows wait, so something is withheld"
    assert model.small_shown() == []


CHANNELS = ["-", "11", "12", "13", "14"]
WEEKS = ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]


@st.composite
def vote_sets(draw):
    rng = random.Random(draw(st.integers(0, 10**6)))
    size = draw(st.integers(10, 140))
    # Skewed choices make small groups (a route or organisation of a few women) common.
    routes = rng.choices(ROUTES, weights=[rng.random() for _ in ROUTES], k=size)
    channels = rng.choices(CHANNELS, weights=[rng.random() for _ in CHANNELS], k=size)
    weeks = rng.choices(WEEKS, weights=[rng.random() for _ in WEEKS], k=size)
    votes = []
    for i in range(size):
        votes.append(
            {
                "route": routes[i],
                "channel": channels[i],
                "week": weeks[i],
                "options": sorted(rng.sample([pk for pk, _ in OPTIONS], 3)),
                "age": rng.choice([*(v for v, _ in AGE_BANDS[:2]), NONE]),
                "region": rng.choice([*(v for v, _ in REGIONS[:2]), NONE]),
                "services": sorted(rng.sample([v for v, _ in SERVICES[:2]], rng.randint(0, 1))),
            }
        )
    # While the ballot is open, rows with fewer than K votes (and some others,
    # waiting for K new ones) are not published; once it closes, all are.
    held = set()
    if not draw(st.booleans()):
        counts = Counter()
        for v in votes:
            counts.update(f"{d}:{x}" for d in ("route", "channel", "week") for x in [v[d]])
        held = {row for row, n in counts.items() if n < K or rng.random() < 0.2}
    return votes, frozenset(held)


@given(vote_sets())
def test_no_withheld_number_on_any_page_can_be_recomputed(case):
    votes, held = case
    if len(votes) < K:
        return
    model = check(votes, held)

    assert model.recomputable() == []
    assert model.small_shown() == []
