"""Data flows one way (design.md): a retailsim layer imports only from the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import retailsim

ROOT = Path(retailsim.__file__).parent

# Bottom to top; a layer may import any layer before it, and itself.
ORDER = (
    "config",
    "simulate",
    "features",
    "diagnostics",
    "labels",
    "augment",
    "models",
    "decisions",
    "sandbox",
    "viz",
    "widgets",
    "cli",
)
# Stricter than the order: the label store and rules stay light (no pandas-heavy features, no
# sklearn pipelines at import), so ``retailsim labels`` starts fast.
NARROWER = {"labels": ("config", "features.validation")}


def allowed(layer: str) -> tuple[str, ...]:
    below = NARROWER.get(layer, ORDER[: ORDER.index(layer)])
    return tuple(f"retailsim.{name}" for name in (*below, layer))


def files(layer: str) -> list[Path]:
    folder = ROOT / layer
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [ROOT / f"{layer}.py"]


def retailsim_imports(path: Path) -> list[str]:
    """Absolute ``retailsim...`` modules imported anywhere in ``path`` (functions included)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return [name for name in names if name.split(".")[0] == "retailsim"]


def test_every_module_belongs_to_a_layer():
    top = {p.stem for p in ROOT.glob("*.py")} | {p.name for p in ROOT.iterdir() if p.is_dir()}
    unknown = top - set(ORDER) - {"__init__", "__main__", "__pycache__"}
    assert not unknown, f"add {sorted(unknown)} to ORDER in tests/test_layers.py"


@pytest.mark.parametrize("layer", ORDER)
def test_layer_imports_only_downwards(layer):
    ok = allowed(layer)
    for path in files(layer):
        for name in retailsim_imports(path):
            assert name.startswith(ok), (
                f"{path.relative_to(ROOT)} imports {name}; {layer} may import {ok}"
            )


def test_the_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from retailsim.sandbox import run_sandbox\n", encoding="utf-8")
    assert retailsim_imports(bad) == ["retailsim.sandbox"]
    assert not "retailsim.sandbox".startswith(allowed("features"))
