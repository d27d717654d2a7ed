"""One suppression pass over every table that shares numbers with another.

``ballot.suppression`` protects one table at a time: within a table, a hidden
cell can be worked out exactly when it is a bridge of the hidden cells' graph.
But tables share numbers. The route table shows how many women voted by each
route; the organisations-by-route table behind the turnout pages adds up, route
by route, to those same numbers (exactly, once the ballot has closed and every
organisation's row is published); each organisation's voters appear in the
organisation table and in its turnout. A cell hidden in one table could then be
recomputed from another table's shown cells (a test in
``tests/ballot/test_joint_suppression.py`` did it: 23 paper voters shown in the
route table, less the other organisations' shown paper votes, gave one
organisation's 3).

So the tables that share numbers (option by route, by week and by
organisation; organisations by route and by week) are suppressed together:

1. Each table is suppressed on its own (``ballot.suppression``), and a number
   that is the same in several tables (an organisation's voters, a route's or
   week's voters and its column total) is hidden in all of them if in any.
2. Then an exact check: every shown number is known, every hidden or unshown
   number is an unknown, and every equation that holds between the true
   counts is written down (each table's rows and columns add up to their
   totals; an organisation's voters are one number in three tables; the
   organisations' votes by route, plus those of organisations not yet
   published, are the route's voters, or part of the table's last row while
   the route's own row waits; the same for weeks). Gaussian elimination over
   the rationals (``pinned``) finds every unknown the equations fix to one
   value, whatever the others are: that is exactly the set of numbers that can
   be recomputed from everything shown, by any combination of the tables.
3. A recomputable hidden number describing 1 to K-1 women gets company: one
   more cell of its table is hidden (one that joins it into a cycle of hidden
   cells if there is one, else one next to it), and the check runs again. A
   recomputable hidden number describing 0 or K or more women tells nothing
   that is not already known, so it is shown instead. Each round hides or
   shows one more number, so this ends; it ends with no withheld number
   recomputable, unless every cell of its table that may be hidden already is
   (a table whose rows are all one row: then the public overall result, which
   is never hidden, pins it, and it tells nothing the results page does not).

What this does and does not prove. The check treats counts as real numbers:
it proves no withheld number has only one possible value, not that its
possible range is wide; the range is what the line rule of
``ballot.suppression`` looks after (a shown total's hidden cells add up to at
least K women). The equations are those of one moment, which is exactly the
case once the ballot has closed (every row is then published from one
count). While it is open, rows are released at different times (each when it
has K new votes), so between tables the same sums hold only as inequalities
(a count released later is at least as large); they are treated here as if
they held exactly, so a table is never left relying on their differing, but
the exact guarantee is the closed ballot's. Tables that share no number but the
public overall result (age band, region, services) are suppressed alone.
"""

from fractions import Fraction

from ballot.suppression import TOTAL, _component, _Suppressor


def pinned(equations, unknowns):
    """The unknowns that ``equations`` ({variable: coefficient} = a known
    constant) fix to one value: reduced row echelon form over the rationals,
    where an unknown is fixed exactly when it leads a row with no other
    unknown. Known terms only move the constants, so they are left out."""
    rows = {}  # leading variable -> its row, leading coefficient 1
    for equation in equations:
        row = {v: Fraction(c) for v, c in equation.items() if c and v in unknowns}
        for lead in [v for v in row if v in rows]:
            factor = row.get(lead)
            if factor:
                for v, c in rows[lead].items():
                    row[v] = row.get(v, 0) - factor * c
                row = {v: c for v, c in row.items() if c}
        if not row:
            continue
        lead = min(row, key=repr)
        scale = row[lead]
        row = {v: c / scale for v, c in row.items()}
        for other, existing in rows.items():
            factor = existing.get(lead)
            if factor:
                for v, c in row.items():
                    existing[v] = existing.get(v, 0) - factor * c
                rows[other] = {v: c for v, c in existing.items() if c}
        rows[lead] = row
    return {lead for lead, row in rows.items() if len(row) == 1}


class JointSuppression:
    """Tables ``{name: Grid}``, suppressed together.

    ``groups``: lists of (name, cell) that are one number (hidden in all or
    none); ``links``: further equations over (name, cell) and extra unknowns
    (tuples starting with ``"extra"``) that hold between the true counts.
    """

    def __init__(self, grids, k, groups=(), links=()):
        self.grids, self.k = grids, k
        self.parts = {name: _Suppressor(grid, k) for name, grid in grids.items()}
        self.groups = [list(g) for g in groups]
        self.links = list(links)
        self.group_of = {member: g for g in self.groups for member in g}
        self.accepted = set()
        for name, cell in self.group_of:
            self.parts[name].tied.add(cell)

    def small(self, name, cell):
        return 0 < self.grids[name].people_of(cell) < self.k

    def spread(self):
        """Hide a shared number everywhere it is hidden anywhere (or, for a
        number no page shows, follow the shown copy)."""
        changed = False
        for group in self.groups:
            hidden = any(
                cell in self.parts[n].hidden
                for n, cell in group
                if cell not in self.grids[n].undisplayed
            )
            for n, cell in group:
                part = self.parts[n]
                if hidden and cell not in part.hidden and cell not in self.grids[n].forced:
                    part.known.discard(cell)
                    part.hidden.add(cell)
                    changed = True
                elif not hidden and cell in self.grids[n].undisplayed and cell in part.hidden:
                    part.hidden.discard(cell)
                    part.known.add(cell)  # its shown copy gives it
                    changed = True
        return changed

    def equations(self):
        found = []
        for name, grid in self.grids.items():
            for margin, interior in grid.lines():
                equation = {(name, c): 1 for c in interior}
                equation[(name, margin)] = -1
                found.append(equation)
        return found + self.links

    def unknowns(self):
        found = {v for link in self.links for v in link if v[0] == "extra"}
        for name, grid in self.grids.items():
            found |= {(name, c) for c in self.parts[name].hidden}
            found |= {(name, c) for c in grid.undisplayed}
        return found

    def recomputable(self):
        """Hidden numbers, and small unshown ones, that the shown ones pin down."""
        found = []
        for var in sorted(pinned(self.equations(), self.unknowns()), key=repr):
            if var[0] == "extra" or var in self.accepted:
                continue
            name, cell = var
            shown_somewhere = cell not in self.grids[name].undisplayed
            if shown_somewhere or self.small(name, cell):
                found.append(var)
        return found

    def reveal(self, var):
        """Show a recomputable number that describes no small group."""
        for name, cell in self.group_of.get(var, [var]):
            self.parts[name].hidden.discard(cell)
            self.parts[name].known.add(cell)

    def company(self, name, cell):
        """Hide one more cell of ``name`` so ``cell`` is less alone: one joining
        its two ends through hidden cells not shared with other tables, else one
        touching them. False when no cell is left to hide."""
        part, grid = self.parts[name], self.grids[name]
        shared = {c for n, c in self.group_of if n == name}
        shared |= {v[1] for link in self.links for v in link if v[0] == name}
        edges = {c: grid.nodes(c) for c in part.hidden if c not in shared or c == cell}
        edges[cell] = grid.nodes(cell)
        a, b = edges[cell]
        side_a, side_b = _component(edges, a, cell), _component(edges, b, cell)
        joining, growing, other = [], [], []
        for candidate in grid.cells():
            if not part.hideable(candidate) or candidate in grid.undisplayed:
                continue
            x, y = grid.nodes(candidate)
            if candidate in shared:
                other.append(candidate)
            elif (x in side_a and y in side_b) or (x in side_b and y in side_a):
                joining.append(candidate)
            elif {x, y} & (side_a | side_b):
                growing.append(candidate)
            else:
                other.append(candidate)
        choices = joining or growing or other
        if not choices:
            return False
        part.hidden.add(part.pick(choices))
        return True

    def run(self):
        for part in self.parts.values():
            part.primary()
        while True:
            while True:
                for part in self.parts.values():
                    part.settle()
                if not self.spread():
                    break
            found = self.recomputable()
            if not found:
                return {name: part.hidden for name, part in self.parts.items()}
            var = found[0]
            if not self.small(*var) and var[1] not in self.grids[var[0]].undisplayed:
                self.reveal(var)
                continue
            members = self.group_of.get(var, [var])
            if not any(self.company(n, c) for n, c in members):
                self.accepted.add(var)


def margin_links(dimension, cross, option_rows, cross_cols, held_channels):
    """Equations tying a dimension's option table (``dimension``: its rows'
    voters, 3 choices each) to the organisations-by-dimension table
    (``cross``: its column totals), through each value's true voters.

    Returns (groups, links)."""
    groups, links = [], []
    published = [v for v in option_rows if v != "rest"]
    values = sorted(set(published) | set(cross_cols))
    truth = {v: ("extra", dimension, "voters", v) for v in values}
    held = {v: ("extra", dimension, "held", v) for v in values}
    other_truth = ("extra", dimension, "voters", "other")
    for v in values:
        equation = {truth[v]: 1}
        if v in cross_cols:
            equation[(cross, (TOTAL, v))] = -1
        if held_channels:
            equation[held[v]] = -1
        links.append(equation)
        if v in published:
            links.append({(dimension, (v, TOTAL)): 1, truth[v]: -3})
            if v in cross_cols and not held_channels:
                groups.append([(dimension, (v, TOTAL)), (cross, (TOTAL, v))])
    waiting = [v for v in values if v not in published]
    if not option_rows:  # no table for this dimension: only the overall voters
        links.append(
            {**dict.fromkeys(truth.values(), 1), **({other_truth: 1} if held_channels else {})}
        )
    if option_rows and "rest" not in option_rows:  # no last row: nobody waits
        nobody = dict.fromkeys((truth[v] for v in waiting), 1)
        if held_channels:
            nobody[other_truth] = 1
        if nobody:
            links.append(nobody)
    if "rest" in option_rows:
        equation = {(dimension, ("rest", TOTAL)): 1}
        for v in waiting:
            equation[truth[v]] = -3
        if held_channels:
            equation[other_truth] = -3
        links.append(equation)
    if held_channels:
        links.append({other_truth: 1, ("extra", dimension, "held", "other"): -1})
        equation = dict.fromkeys(held.values(), 3)
        equation[("extra", dimension, "held", "other")] = 3
        equation[("channel", ("rest", TOTAL))] = -1
        links.append(equation)
    return groups, links
