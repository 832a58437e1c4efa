"""pyproject.toml, requirements/lock.txt and environment.yml describe the same environment."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def conda_env() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def conda_pip_section() -> list[str]:
    deps = conda_env()["dependencies"]
    return next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)


def conda_pins() -> dict[str, str]:
    pins = {}
    for line in conda_pip_section():
        if line.startswith("-"):
            continue
        req = Requirement(line)
        (spec,) = req.specifier
        assert spec.operator == "==", f"environment.yml: {line!r} must be an exact pin"
        pins[canonicalize_name(req.name)] = spec.version
    return pins


def direct_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for group in project["optional-dependencies"].values():
        reqs += [r for r in group if not r.startswith("retailsim")]
    return {canonicalize_name(Requirement(r).name) for r in reqs}


def test_every_conda_pin_matches_the_lock():
    lock = lock_pins()
    mismatched = {n: (v, lock.get(n)) for n, v in conda_pins().items() if lock.get(n) != v}
    assert not mismatched, f"environment.yml vs lock.txt (yml, lock): {mismatched}"


def test_every_direct_dependency_is_pinned_in_both():
    direct = direct_dependencies()
    assert direct - set(conda_pins()) == set(), "missing from environment.yml"
    assert direct - set(lock_pins()) == set(), "missing from requirements/lock.txt"


def test_pyproject_ranges_admit_the_locked_versions():
    lock = lock_pins()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for group in project["optional-dependencies"].values():
        reqs += [r for r in group if not r.startswith("retailsim")]
    for raw in reqs:
        req = Requirement(raw)
        version = lock[canonicalize_name(req.name)]
        assert req.specifier.contains(version, prereleases=True), f"{raw} excludes {version}"


def test_conda_env_uses_python_311_the_lock_and_the_package():
    deps = conda_env()["dependencies"]
    assert "python=3.11" in deps
    pip = conda_pip_section()
    assert "-c requirements/lock.txt" in pip
    assert "-e ." in pip
    assert any(re.search(r"download\.pytorch\.org/whl/cpu", line) for line in pip)


@pytest.mark.parametrize("name", ["torch"])
def test_torch_pin_has_no_local_label(name):
    """`torch==2.13.0` picks the +cpu wheel from the CPU index and the plain wheel on macOS."""
    assert "+" not in lock_pins()[name]
