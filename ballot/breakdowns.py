"""Breakdown tables from the published snapshot, suppressed: for the admin, the CSV and turnout.

Everything here reads ``PublishedTally`` (see ``ballot.release``), never the
votes or the live tallies, and every table goes through
``ballot.suppression.suppress``. Tables of the dimensions that split the
voters (route, organisation, age band, region, week) carry a last row for the
votes not in any published row (not answered, or waiting for K new votes in
their row), so each column adds up to the published overall result.
"""

from dataclasses import dataclass, field

from ballot.joint import JointSuppression, margin_links
from ballot.models.tallies import published_counts
from ballot.models.votes import AGE_BANDS, REGIONS, SERVICES, Route
from ballot.release import release, threshold
from ballot.suppression import TOTAL, WITHHELD, Grid, suppress
from network.models import Organisation

REST = "rest"
DIMENSIONS = [
    ("route", "Route"),
    ("channel", "Organisation"),
    ("age", "Age band (optional question)"),
    ("region", "Region (optional question)"),
    ("service", "Services used (optional question)"),
    ("week", "Week starting"),
]
# Every vote falls in exactly one row of these (or in the "rest" row).
PARTITIONS = {"route", "channel", "age", "region", "week"}
REST_LABEL = "Not answered, or waiting for K new votes in their row"


@dataclass
class Table:
    key: str
    heading: str
    columns: list
    rows: list = field(default_factory=list)  # (label, [text, ...])
    total: tuple | None = None


@dataclass
class Snapshot:
    counts: dict
    options: list  # (pk, title)
    voters: int
    threshold: int
    _joint: dict | None = field(default=None, repr=False, compare=False)

    @property
    def withheld(self):
        return self.voters < self.threshold


def snapshot(ballot):
    """The published counts, with a release first if one is due."""
    release(ballot)
    counts = published_counts(ballot.pk)
    options = list(ballot.options.order_by("sort_order").values_list("pk", "title"))
    return Snapshot(counts, options, counts.get("voters", 0), threshold())


def _labels(dimension, values):
    if dimension == "route":
        fixed = dict(Route.choices)
    elif dimension == "age":
        fixed = dict(AGE_BANDS)
    elif dimension == "region":
        fixed = dict(REGIONS)
    elif dimension == "service":
        fixed = dict(SERVICES)
    elif dimension == "channel":
        ids = [v for v in values if v.isdigit()]
        names = Organisation.objects.filter(pk__in=ids).values_list("pk", "name")
        fixed = {str(pk): name for pk, name in names}
        fixed["-"] = "No organisation"
    else:
        fixed = {}
    order = list(fixed)
    ranked = sorted(values, key=lambda v: (order.index(v) if v in order else len(order), v))
    return [(v, fixed.get(v, v)) for v in ranked]


def _row_values(counts, dimension):
    prefix = f"{dimension}:"
    return [k[len(prefix) :] for k in counts if k.startswith(prefix) and "|" not in k]


def option_grid(snap, dimension):
    """Rows of one dimension against the options, with each row's voters as its total."""
    counts = snap.counts
    values = [v for v, _ in _labels(dimension, _row_values(counts, dimension))]
    option_ids = [pk for pk, _ in snap.options]
    cells, people = {}, {}
    for value in values:
        row = f"{dimension}:{value}"
        for pk in option_ids:
            cells[(value, pk)] = counts.get(f"{row}|option:{pk}", 0)
        cells[(value, TOTAL)] = sum(cells[(value, pk)] for pk in option_ids)
        people[(value, TOTAL)] = counts.get(row, 0)
    partition = dimension in PARTITIONS
    rows = list(values)
    forced = set()
    if partition:
        rest_people = snap.voters - sum(people[(v, TOTAL)] for v in values)
        for pk in option_ids:
            overall = counts.get(f"option:{pk}", 0)
            cells[(TOTAL, pk)] = overall
            cells[(REST, pk)] = overall - sum(cells[(v, pk)] for v in values)
            forced.add((TOTAL, pk))
        cells[(REST, TOTAL)] = sum(cells[(REST, pk)] for pk in option_ids)
        people[(REST, TOTAL)] = rest_people
        cells[(TOTAL, TOTAL)] = sum(cells[(TOTAL, pk)] for pk in option_ids)
        people[(TOTAL, TOTAL)] = snap.voters
        forced.add((TOTAL, TOTAL))
        if rest_people and values:
            rows.append(REST)  # (with no published row, the table would be the overall result)
    return Grid(
        rows=rows,
        cols=option_ids,
        values=cells,
        people=people,
        row_totals=True,
        col_totals=partition,
        forced=frozenset(forced),
    )


def option_tables(snap):
    """Every breakdown (route, organisation, age, region, services, week) by option."""
    if snap.withheld:
        return []
    tables = []
    together = joint_suppression(snap)
    for dimension, heading in DIMENSIONS:
        if dimension in together:
            grid, hidden = together[dimension]
        else:
            grid = option_grid(snap, dimension)
            hidden = suppress(grid, snap.threshold)
        if not grid.rows:
            continue
        labels = dict(_labels(dimension, [r for r in grid.rows if r != REST]))
        labels[REST] = REST_LABEL.replace("K", str(snap.threshold))

        def line(r, grid=grid, hidden=hidden):
            voters = WITHHELD if (r, TOTAL) in hidden else f"{grid.people_of((r, TOTAL)):,}"
            return [voters] + [
                WITHHELD if (r, pk) in hidden else f"{grid.value((r, pk)):,}" for pk in grid.cols
            ]

        table = Table(
            key=dimension,
            heading=heading,
            columns=["Voters", *(title for _, title in snap.options)],
            rows=[(labels[r], line(r)) for r in grid.rows],
        )
        if grid.col_totals:
            table.total = ("All voters", line(TOTAL))
        tables.append(table)
    return tables


def overall_table(snap):
    """Per option overall: the same numbers as the public results."""
    table = Table(key="overall", heading="Options", columns=["Votes", "Share of voters"])
    if snap.withheld:
        return table
    for pk, title in snap.options:
        votes = snap.counts.get(f"option:{pk}", 0)
        table.rows.append((title, [f"{votes:,}", f"{round(votes * 100 / snap.voters)}%"]))
    table.total = ("All voters", [f"{snap.voters:,}", ""])
    return table


# --- turnout: organisations against routes and weeks ------------------------
def channel_grid(snap, dimension, values):
    """Organisations against routes or weeks, each organisation's voters as its total.

    The column totals (all published organisations' votes by route, or by
    week) are shown on no page (``undisplayed``), but once every
    organisation's row is published they equal the route and week tables'
    voters: ``joint_suppression`` ties them to those, so one is hidden here
    only while its copy there is withheld.
    """
    channels = _row_values(snap.counts, "channel")
    cells = {}
    for ch in channels:
        for value in values:
            cells[(ch, value)] = snap.counts.get(f"channel:{ch}|{dimension}:{value}", 0)
        cells[(ch, TOTAL)] = snap.counts.get(f"channel:{ch}", 0)
    for value in values:
        cells[(TOTAL, value)] = sum(cells[(ch, value)] for ch in channels)
    cells[(TOTAL, TOTAL)] = sum(cells[(ch, TOTAL)] for ch in channels)
    # All published organisations' voters, too, is shown nowhere: the staff
    # breakdown gives it (the voters less its last row) only while that last
    # row is shown, which the joint pass knows.
    margins = frozenset((TOTAL, c) for c in [*values, TOTAL])
    return Grid(rows=channels, cols=list(values), values=cells, undisplayed=margins)


def _turnout_columns(snap):
    channels = _row_values(snap.counts, "channel")
    weeks = sorted(
        {k.split("|week:")[1] for k in snap.counts if k.startswith("channel:") and "|week:" in k}
    )
    return channels, [v for v, _ in Route.choices], weeks


def joint_suppression(snap):
    """The tables that share numbers, suppressed together (``ballot.joint``):
    ``{name: (grid, hidden)}`` for the option tables by ``route``, ``week`` and
    ``channel``, and the organisations by route and week (``channel_route``,
    ``channel_week``, behind the turnout pages). Worked out once per snapshot."""
    if getattr(snap, "_joint", None) is not None:
        return snap._joint
    channels, routes, weeks = _turnout_columns(snap)
    grids = {name: option_grid(snap, name) for name in ("route", "week", "channel")}
    groups, links = [], []
    if grids["channel"].rows:
        grids["channel_route"] = channel_grid(snap, "route", routes)
        grids["channel_week"] = channel_grid(snap, "week", weeks)
        for ch in channels:
            groups.append([(name, (ch, TOTAL)) for name in ("channel", *CROSS.values())])
            for name in CROSS.values():
                links.append({("channel", (ch, TOTAL)): 1, (name, (ch, TOTAL)): -3})
        held_channels = REST in grids["channel"].rows
        for dimension, cross in CROSS.items():
            found = margin_links(
                dimension, cross, grids[dimension].rows, grids[cross].cols, held_channels
            )
            groups += found[0]
            links += found[1]
    grids = {name: grid for name, grid in grids.items() if grid.rows}
    links = [link for link in links if all(v[0] == "extra" or v[0] in grids for v in link)]
    groups = [[m for m in g if m[0] in grids] for g in groups]
    hidden = JointSuppression(grids, snap.threshold, groups, links).run()
    snap._joint = {name: (grid, hidden[name]) for name, grid in grids.items()}
    return snap._joint


CROSS = {"route": "channel_route", "week": "channel_week"}


def channel_suppression(snap):
    """The three tables showing each organisation's voters (by option, by route,
    by week), from the joint pass: ``{name: (grid, hidden)}``."""
    together = joint_suppression(snap)
    _channels, routes, weeks = _turnout_columns(snap)
    empty = {
        "channel": option_grid(snap, "channel"),
        "channel_route": channel_grid(snap, "route", routes),
        "channel_week": channel_grid(snap, "week", weeks),
    }
    names = {"option": "channel", "route": "channel_route", "week": "channel_week"}
    return {key: together.get(name) or (empty[name], set()) for key, name in names.items()}


def _text(grid, hidden, cell):
    return WITHHELD if cell in hidden else f"{grid.value(cell):,}"


@dataclass
class Turnout:
    total: str
    count: int | None  # the organisation's voters, when shown
    routes: list  # (label, text)
    weeks: list  # (week, text, running text)


def turnout(snap, organisation):
    channel = str(organisation.pk)
    if snap.withheld or f"channel:{channel}" not in snap.counts:
        return None
    together = channel_suppression(snap)
    route_grid, route_hidden = together["route"]
    week_grid, week_hidden = together["week"]
    # Every week of the ballot so far, with or without votes: leaving out a
    # week without votes would show it to be 0, even where 0 is withheld.
    weeks = list(week_grid.cols)
    count = snap.counts[f"channel:{channel}"]
    total_hidden = (channel, TOTAL) in route_hidden or (channel, TOTAL) in week_hidden
    counts = [week_grid.value((channel, w)) for w in weeks]
    hidden_weeks = {i for i, w in enumerate(weeks) if (channel, w) in week_hidden}
    # A running total is the sum of the weeks so far: the difference of two
    # would give the weeks between. So they are shown only when every week is,
    # and then they tell nothing new; otherwise only the total is shown.
    every_week_shown = not hidden_weeks and not total_hidden
    shown_running = [every_week_shown or i == len(weeks) - 1 for i in range(len(weeks))]
    if total_hidden:
        shown_running = [False] * len(weeks)
    running, week_rows = 0, []
    for i, week in enumerate(weeks):
        running += counts[i]
        week_rows.append(
            (
                week,
                WITHHELD if i in hidden_weeks else f"{counts[i]:,}",
                f"{running:,}" if shown_running[i] else WITHHELD,
            )
        )
    return Turnout(
        total=WITHHELD if total_hidden else f"{count:,}",
        count=None if total_hidden else count,
        routes=[
            (label, _text(route_grid, route_hidden, (channel, v))) for v, label in Route.choices
        ],
        weeks=week_rows,
    )


def turnout_totals(snap):
    """Each published organisation's voters as shown on its turnout page:
    ``{organisation id: text}``, "withheld" where the turnout page withholds it.

    One suppression for every organisation at once (the staff turnout index),
    the same cells ``turnout`` hides, so the index never shows a number an
    organisation's own page withholds.
    """
    if snap.withheld:
        return {}
    together = channel_suppression(snap)
    route_grid, route_hidden = together["route"]
    _week_grid, week_hidden = together["week"]
    totals = {}
    for channel in route_grid.rows:
        if not channel.isdigit():
            continue
        cell = (channel, TOTAL)
        hidden = cell in route_hidden or cell in week_hidden
        totals[int(channel)] = WITHHELD if hidden else f"{snap.counts[f'channel:{channel}']:,}"
    return totals
