"""The import graph of the project's own code: no cycles, dependencies one way.

Read from the source with ``ast`` (nothing is imported), counting every
import statement, also those inside functions: an import deferred to a
function is still a dependency, and deferring it is how cycles hide.

The direction, documented in docs/architecture.md: each layer may import the
layers after it in ``LAYERS`` and never those before it. ``home`` is the
site's core (settings models, blocks, rate limits, CSV, cache); ``ops`` is
operations (logging, CSP, logins); ``network`` owns organisations, partner
accounts, membership and the partner and campaign pages; ``blog`` may name a
network organisation; ``ballot`` builds on all of them; ``config`` wires
everything together; ``bench`` (``make bench``) seeds and measures the whole
site from outside, and nothing imports it.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["bench", "config", "experiences", "mailings", "ballot", "blog", "network", "ops", "home"]

# Cycles still to untangle, each listed whole so the test fails both when a
# new cycle appears and when a listed one changes: whoever breaks it removes it
# here. Empty now; keep it that way.
KNOWN_CYCLES: list[set[str]] = []


def project_modules():
    modules = {}
    for app in LAYERS:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts)
            if name.endswith(".__init__"):
                name = name[: -len(".__init__")]
            modules[name] = path
    return modules


def import_graph(modules):
    """Module -> the project modules it imports (a name resolves to its longest module prefix)."""

    def resolve(dotted):
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    graph = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package
                    for _ in range(node.level - 1):
                        base = base.rpartition(".")[0]
                    module = f"{base}.{node.module}" if node.module else base
                else:
                    module = node.module or ""
                targets = [f"{module}.{alias.name}" for alias in node.names]
            for target in targets:
                resolved = resolve(target)
                if resolved and resolved != name:
                    graph[name].add(resolved)
    return graph


def strongly_connected(graph, nodes):
    """Tarjan's algorithm, iterative; returns the components with more than one module."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_the_checker_finds_a_cycle_and_a_wrong_way_import():
    graph = {"home.a": {"home.b"}, "home.b": {"home.a"}, "home.c": {"ballot.x"}, "ballot.x": set()}
    graph = defaultdict(set, graph)
    assert strongly_connected(graph, graph.keys()) == [{"home.a", "home.b"}]
    assert wrong_way(graph) == ["home.c -> ballot.x"]


def wrong_way(graph):
    rank = {app: position for position, app in enumerate(LAYERS)}
    return sorted(
        f"{source} -> {target}"
        for source, targets in graph.items()
        for target in targets
        if rank[target.split(".")[0]] < rank[source.split(".")[0]]
    )


def test_no_import_cycles():
    modules = project_modules()
    cycles = strongly_connected(import_graph(modules), modules.keys())
    unexpected = [sorted(c) for c in cycles if c not in KNOWN_CYCLES]
    assert unexpected == [], f"import cycles: {unexpected}"
    gone = [sorted(c) for c in KNOWN_CYCLES if c not in cycles]
    assert gone == [], f"a known cycle changed or was broken; update KNOWN_CYCLES: {gone}"


def test_apps_depend_one_way():
    assert wrong_way(import_graph(project_modules())) == []


def in_known_cycle(source, target):
    return any(source in cycle and target in cycle for cycle in KNOWN_CYCLES)


def test_models_never_import_views_or_forms():
    graph = import_graph(project_modules())
    offending = sorted(
        f"{source} -> {target}"
        for source, targets in graph.items()
        if "models" in source.split(".")[-1] or ".models." in f"{source}."
        for target in targets
        if is_views_or_forms(target) and not in_known_cycle(source, target)
    )
    assert offending == []


def is_views_or_forms(module):
    """``views``/``forms`` and their siblings by concern (``page_views``,
    ``staff_forms``, ``comment_forms``...). A page's Wagtail admin form
    (``ballot.models.admin_form``, the model's ``base_form_class``) lives in the
    models package and is not one of them."""
    last = module.split(".")[-1]
    return last in {"views", "forms"} or last.endswith(("_views", "_forms"))


def test_the_models_rule_knows_views_and_forms_split_by_concern():
    assert is_views_or_forms("ballot.staff_forms")
    assert is_views_or_forms("ballot.page_views")
    assert is_views_or_forms("blog.comment_forms")
    assert not is_views_or_forms("ballot.models.admin_form")
    assert not is_views_or_forms("ballot.visibility")
