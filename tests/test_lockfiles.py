"""The lock files install what the requirement files ask for.

`make run` and `make test` install from requirements.lock and
requirements-dev.lock with pip's --require-hashes, so a version pinned in a
requirements file but not re-locked would silently not be installed. These
checks read the files only (no network): every pin in a requirements file is
in its lock file at the same version, and every locked package has a hash.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path):
    """Name → version for each `name==version` line, following `-r` includes."""
    found = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found.update(pins(path.parent / line[3:].strip()))
            continue
        match = PIN.match(line)
        if match:
            found[_name(match.group(1))] = match.group(2)
    return found


def locked(path):
    """Name → (version, number of hashes) for each package in a lock file."""
    entries = {}
    current = None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = _name(match.group(1))
            entries[current] = [match.group(2), 0]
        elif current and line.strip().startswith("--hash=sha256:"):
            entries[current][1] += 1
    return entries


@pytest.mark.parametrize(
    "requirements, lock",
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_every_pin_is_locked_at_its_version(requirements, lock):
    wanted = pins(ROOT / requirements)
    have = locked(ROOT / lock)
    assert wanted, f"no pins read from {requirements}"
    mismatched = {
        name: (version, have.get(name, ["missing"])[0])
        for name, version in wanted.items()
        if have.get(name, [None])[0] != version
    }
    assert not mismatched, f"run `make lock`: {requirements} and {lock} disagree: {mismatched}"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_a_hash(lock):
    entries = locked(ROOT / lock)
    assert len(entries) > 20
    assert not [name for name, (_v, hashes) in entries.items() if hashes == 0]


def test_runtime_and_dev_locks_agree():
    runtime = locked(ROOT / "requirements.lock")
    dev = locked(ROOT / "requirements-dev.lock")
    differ = {n: (v, dev[n][0]) for n, (v, _h) in runtime.items() if n in dev and dev[n][0] != v}
    assert not differ
    assert set(runtime) <= set(dev)
