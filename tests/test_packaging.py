"""pyproject.toml's version ranges agree with the two sets of versions the suite runs on.

`make test` installs constraints.txt (the versions parity is developed with); `make
test-lowest` installs constraints-lowest.txt, the lowest that pyproject.toml allows. A lower
bound raised in one file and not the other would let people install versions nobody tested.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def _pins(name: str) -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / name).read_text().splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            package, _, version = text.partition("==")
            assert version, f"{name}: {line!r} is not a pin"
            pins[package.strip().lower()] = Version(version.strip())
    return pins


def _requirements(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(text) for text in found]


def _lower_bound(requirement: Requirement) -> Version:
    bounds = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
    assert len(bounds) == 1, f"{requirement}: one lower bound (>=) expected"
    return bounds[0]


def test_every_lower_bound_is_the_version_the_lowest_run_installs() -> None:
    lowest = _pins("constraints-lowest.txt")
    for requirement in _requirements():
        assert lowest.get(requirement.name.lower()) == _lower_bound(requirement), requirement


def test_the_versions_of_make_test_are_within_the_ranges() -> None:
    pinned = _pins("constraints.txt")
    for requirement in [*_requirements(), *_requirements("dev")]:
        version = pinned.get(requirement.name.lower())
        assert version is not None, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(version), (requirement, version)


def test_the_lowest_run_differs_only_in_the_dependencies_of_parity_itself() -> None:
    runtime = {r.name.lower() for r in _requirements()}
    lowest, pinned = _pins("constraints-lowest.txt"), _pins("constraints.txt")
    assert {p: v for p, v in lowest.items() if p not in runtime} == {
        p: v for p, v in pinned.items() if p not in runtime
    }
