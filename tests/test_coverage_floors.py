"""The coverage floors script (tests/coverage_floors.py) fails below each floor.

The figures themselves come from a whole measured run (`make test`); here the
check is fed made-up figures, one floor missed at a time.
"""

import pytest

from tests.coverage_floors import check, modules_fatal, percent

MET = {
    "ballot/voting.py": (95, 100),
    "ballot/rules.py": (85, 100),
    "network/access.py": (180, 200),
    "network/access_admin.py": (90, 100),
    "network/access_groups.py": (100, 100),
    "home/views.py": (75, 100),
    "home/__init__.py": (0, 0),
}


def test_all_floors_met_prints_each_floor_with_its_figure(capsys):
    assert check(MET) == []
    out = capsys.readouterr().out
    assert "ballot/ (whole app): 90.0 % (floor 90 %) ok" in out
    assert "permission policy (network/access*.py): 92.5 % (floor 90 %) ok" in out
    assert "every module: lowest 75.0 % (home/views.py) (floor 75 %) ok" in out


@pytest.mark.parametrize(
    ("path", "value", "missed"),
    [
        ("ballot/voting.py", (94, 100), "ballot/ (whole app): 89.5 % < 90 %"),
        ("network/access.py", (150, 200), "permission policy (network/access*.py): 85.0 % < 90 %"),
        ("home/views.py", (74, 100), "home/views.py: 74.0 % < 75 %"),
    ],
)
def test_each_floor_fails_on_its_own(capsys, path, value, missed):
    assert check({**MET, path: value}) == [missed]
    assert "BELOW" in capsys.readouterr().out


def test_a_module_below_its_floor_is_only_listed_when_asked_to_report(capsys):
    measured = {**MET, "home/views.py": (74, 100)}
    assert check(measured, modules_fatal=False) == []
    out = capsys.readouterr().out
    assert "home/views.py: 74.0 %" in out
    assert "reported only, as COVERAGE_MODULE_FLOOR=report asks" in out


@pytest.mark.parametrize(
    ("value", "fatal"), [(None, True), ("strict", True), ("", True), ("report", False)]
)
def test_the_module_floor_is_enforced_unless_the_environment_says_report(value, fatal):
    environ = {} if value is None else {"COVERAGE_MODULE_FLOOR": value}
    assert modules_fatal(environ) is fatal


def test_a_floor_with_nothing_measured_fails():
    measured = {path: value for path, value in MET.items() if not path.startswith("ballot/")}
    assert check(measured) == ["ballot/ (whole app): no modules measured"]


def test_an_empty_module_counts_as_covered():
    assert percent(0, 0) == 100.0
    assert percent(3, 4) == 75.0
