"""Small-cell and complementary suppression: the one rule behind every breakdown.

Every table of counts about votes (the staff breakdowns, the CSV export, a
partner's turnout) goes through ``suppress``, so that no shown number
describes fewer than K women and no hidden number can be worked out from
the shown ones and the totals.

A table is a ``Grid``: interior cells plus, optionally, a total for each
row (a margin column) and for each column (a margin row). Each line with a
total is a linear equation: its interior cells add up to the total. A
hidden cell can be recomputed exactly when it is pinned down by those
equations. Seen as a graph, with one node per line that has an equation
(lines without one merge into a single free node) and one edge per hidden
cell, a hidden cell is pinned down exactly when its edge lies on no cycle,
i.e. is a bridge (every equation has coefficients of +1 on its cells and -1
on its total, and every cycle of this bipartite graph is balanced, so each
cycle gives a way to move the hidden values that no equation sees).

So ``suppress`` hides:

1. every cell describing 1 to K-1 women (primary suppression), and the whole
   line of any shown total describing 1 to K-1 women;
2. in each line whose total is shown, more cells, until the line has no
   hidden cell, or at least two whose sum is at least K (so what the total
   gives away, their sum, still describes at least K women);
3. in each line whose total is hidden, at least two cells;
4. more cells until no hidden cell is a bridge.

Cells marked ``forced`` are numbers published anyway (the overall result),
and are never hidden. Hidden cells are all shown the same way, so nobody can
tell a small group from a cell hidden to protect it.
"""

from dataclasses import dataclass, field

TOTAL = "total"
FREE = ("free",)
WITHHELD = "withheld"


@dataclass
class Grid:
    rows: list
    cols: list
    values: dict
    row_totals: bool = True
    col_totals: bool = True
    people: dict = field(default_factory=dict)
    forced: frozenset = frozenset()
    # Numbers no page shows (assumed known, so part of the equations): hiding
    # them costs nothing, so they are hidden first when something must be.
    undisplayed: frozenset = frozenset()

    @property
    def all_rows(self):
        return [*self.rows, TOTAL] if self.col_totals else list(self.rows)

    @property
    def all_cols(self):
        return [*self.cols, TOTAL] if self.row_totals else list(self.cols)

    def cells(self):
        return [(r, c) for r in self.all_rows for c in self.all_cols]

    def value(self, cell):
        return self.values.get(cell, 0)

    def people_of(self, cell):
        """How many women a number describes (a total of choices counts each woman
        several times, so its people are given separately)."""
        return self.people.get(cell, self.values.get(cell, 0))

    def lines(self):
        """Each equation as ``(total cell, interior cells)``."""
        found = []
        if self.row_totals:
            for r in self.all_rows:
                found.append(((r, TOTAL), [(r, c) for c in self.cols]))
        if self.col_totals:
            for c in self.all_cols:
                found.append(((TOTAL, c), [(r, c) for r in self.rows]))
        return found

    def nodes(self, cell):
        r, c = cell
        return (("r", r) if self.row_totals else FREE), (("c", c) if self.col_totals else FREE)


def bridges(edges):
    """Edges (id -> (node, node)) that lie on no cycle. Parallel edges and loops are cycles."""
    adjacent = {}
    for edge_id, (a, b) in edges.items():
        adjacent.setdefault(a, []).append((b, edge_id))
        adjacent.setdefault(b, []).append((a, edge_id))
    order, low, found = {}, {}, []
    for start in adjacent:
        if start in order:
            continue
        order[start] = low[start] = len(order)
        stack = [(start, None, iter(adjacent[start]))]
        while stack:
            node, via, neighbours = stack[-1]
            advanced = False
            for other, edge_id in neighbours:
                if edge_id == via:
                    continue
                if other in order:
                    low[node] = min(low[node], order[other])
                else:
                    order[other] = low[other] = len(order)
                    stack.append((other, edge_id, iter(adjacent[other])))
                    advanced = True
                    break
            if advanced:
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.append(via)
    return found


def _component(edges, start, without):
    adjacent = {}
    for edge_id, (a, b) in edges.items():
        if edge_id != without:
            adjacent.setdefault(a, []).append(b)
            adjacent.setdefault(b, []).append(a)
    seen, todo = {start}, [start]
    while todo:
        for other in adjacent.get(todo.pop(), []):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


class _Suppressor:
    def __init__(self, grid, k):
        self.grid, self.k = grid, k
        self.position = {cell: i for i, cell in enumerate(grid.cells())}
        self.hidden = set()
        self.known = set()  # undisplayed numbers the shown ones pin down anyway
        self.tied = set()  # undisplayed numbers that follow a shown copy elsewhere

    def free_to_know(self, cell):
        """A number no page shows and that describes no small group may be
        worked out from the shown ones: it tells nothing they do not."""
        return cell in self.grid.undisplayed and not 0 < self.grid.people_of(cell) < self.k

    def hideable(self, cell):
        return cell not in self.grid.forced and cell not in self.hidden and cell not in self.known

    def pick(self, candidates):
        """The cheapest extra cell: smallest non-zero count, preferring cells whose
        other line already has a hidden cell (that closes a cycle)."""
        touched = {node for cell in self.hidden for node in self.grid.nodes(cell)}

        def cost(cell):
            people = self.grid.people_of(cell)
            closes = all(node in touched for node in self.grid.nodes(cell))
            shown = cell not in self.grid.undisplayed
            return (shown, people == 0, not closes, people, self.position[cell])

        return min(candidates, key=cost)

    def fix_line(self):
        for margin, interior in self.grid.lines():
            hidden = [c for c in interior if c in self.hidden]
            if margin in self.hidden:
                # The total is unknown too: one hidden cell would still be the
                # total less the shown cells, so the line needs one besides it.
                need = not hidden
            else:
                if not hidden:
                    continue
                total = sum(self.grid.people_of(c) for c in hidden)
                need = len(hidden) < 2 or total < self.k
            if not need:
                continue
            if margin in self.grid.undisplayed and self.hideable(margin):
                self.hidden.add(margin)
                return True
            candidates = [c for c in interior if self.hideable(c)]
            if candidates:
                self.hidden.add(self.pick(candidates))
                return True
            if self.hideable(margin):
                self.hidden.add(margin)
                return True
        return False

    def fix_bridges(self):
        """Hide a cell that closes a cycle through a bridge (or, failing that,
        one that grows the hidden graph from it, until one can)."""
        edges = {cell: self.grid.nodes(cell) for cell in self.hidden}
        found = [b for b in bridges(edges) if not self.free_to_know(b)]
        for bridge in sorted(found, key=self.position.get):
            a, b = edges[bridge]
            side_a = _component(edges, a, bridge)
            side_b = _component(edges, b, bridge)
            joining, growing = [], []
            for cell in self.grid.cells():
                if not self.hideable(cell):
                    continue
                x, y = self.grid.nodes(cell)
                if (x in side_a and y in side_b) or (x in side_b and y in side_a):
                    joining.append(cell)
                elif x in side_a or y in side_a or x in side_b or y in side_b:
                    growing.append(cell)
            free = [c for c in joining if c in self.grid.undisplayed]
            if free or joining or growing:
                self.hidden.add(self.pick(free or joining or growing))
                return True
        return False

    def primary(self, start=()):
        """Cells hidden from the start: ``start``, and every small number (with
        the whole line of a small shown total)."""
        grid, k = self.grid, self.k
        cells = set(grid.cells())
        self.hidden.update(c for c in start if c in cells and c not in grid.forced)
        for cell in grid.cells():
            if 0 < grid.people_of(cell) < k and cell not in grid.forced:
                self.hidden.add(cell)
        for margin, interior in grid.lines():
            if 0 < grid.people_of(margin) < k and margin not in grid.undisplayed:
                self.hidden.update(c for c in interior if c not in grid.forced)

    def settle(self):
        """Hide more until every line rule holds and no hidden cell is a bridge."""
        grid = self.grid
        while True:
            while self.fix_line() or self.fix_bridges():
                pass
            # A number no page shows, hidden for free, may still be pinned down
            # by the shown ones: then it is known, and hiding it protects nothing.
            edges = {cell: grid.nodes(cell) for cell in self.hidden}
            pinned = {c for c in bridges(edges) if self.free_to_know(c) and c not in self.tied}
            if not pinned:
                return self.hidden
            self.hidden -= pinned
            self.known |= pinned

    def run(self, start):
        self.primary(start)
        return self.settle()


def suppress(grid, k, start=()):
    """The set of cells to hide in ``grid`` (see the module docstring).

    ``start`` are cells already hidden elsewhere (the same number in another
    table), which stay hidden here too.
    """
    return _Suppressor(grid, k).run(start)


def suppress_together(grids, k):
    """Suppress tables that share their row totals (one organisation's voters
    appear in several), hiding a shared total in all of them if in any."""
    shared = set()
    while True:
        hidden = [suppress(grid, k, start=shared) for grid in grids]
        totals = {cell for found in hidden for cell in found if cell[1] == TOTAL}
        if totals <= shared:
            return hidden
        shared |= totals
