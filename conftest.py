"""Pytest glue shared by the unit tests and nbval.

nbval executes every notebook under ``notebooks/`` once. So that ``make test`` does not
execute each notebook a second time for the book build, this plugin collects the outputs
nbval saw and stores each fully passing notebook in Jupyter Book's execution cache
(``_build/.jupyter_cache``, the jupyter-cache database myst-nb reads in
``execute_notebooks: cache`` mode). The book build then finds the notebook by the hash of
its code cells and uses those outputs instead of running it again. A notebook with any
failing, skipped or unrun cell is not cached, so the book build re-executes it and
``-W`` turns its failure into a build error.

It also fails any notebook cell whose output carries matplotlib's "Glyph ... missing from
font(s)" warning: every Chinese label must render (see ``retailsim.viz``).
"""

from __future__ import annotations

import copy
import re
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent
JUPYTER_CACHE = ROOT / "_build" / ".jupyter_cache"
# matplotlib's warning when a font lacks a character (it would render as a box)
GLYPH_WARNING = re.compile(r"Glyph \d+ .*missing from (current )?font|missing from font\(s\)")


class _NotebookRun:
    """Outputs and outcomes of one notebook's cells as nbval ran them."""

    def __init__(self, path: Path, n_code_cells: int) -> None:
        self.path = path
        self.n_code_cells = n_code_cells
        self.outputs: dict[int, list] = {}
        self.passed: set[int] = set()
        self.started = time.perf_counter()
        self.finished = self.started

    @property
    def complete(self) -> bool:
        return len(self.passed) == self.n_code_cells


_runs: dict[Path, _NotebookRun] = {}


def _is_nbval_cell(item: pytest.Item) -> bool:
    return type(item).__name__ == "IPyNbCell" and hasattr(item, "cell_num")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    if not _is_nbval_cell(item):
        return (yield)
    path = Path(str(item.parent.fspath)).resolve()
    run = _runs.get(path)
    if run is None:
        n_code = sum(c.cell_type == "code" for c in item.parent.nb.cells)
        run = _runs[path] = _NotebookRun(path, n_code)
    try:
        result = yield
    finally:
        run.finished = time.perf_counter()
    outputs = item.test_outputs or []
    missing = [line for line in _output_text(outputs).splitlines() if GLYPH_WARNING.search(line)]
    if missing:
        pytest.fail(f"matplotlib could not draw some characters: {missing[0].strip()}")
    run.passed.add(item.cell_num)
    run.outputs[item.cell_num] = outputs
    return result


def _output_text(outputs: list) -> str:
    """Stream text and plain-text results of a cell's outputs."""
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        else:
            parts.append(str(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def _executed_notebook(run: _NotebookRun) -> nbformat.NotebookNode:
    nb = nbformat.read(run.path, as_version=4)
    executed = copy.deepcopy(nb)
    code_cells = [c for c in executed.cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells):
        outputs = [nbformat.from_dict(dict(o)) for o in run.outputs[number]]
        for out in outputs:
            if out.get("output_type") == "execute_result":
                out["execution_count"] = number + 1
        cell.outputs = outputs
        cell.execution_count = number + 1
    return executed


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    complete = [run for run in _runs.values() if run.complete]
    if not complete:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(JUPYTER_CACHE))
    for run in complete:
        bundle = CacheBundleIn(
            _executed_notebook(run),
            str(run.path),
            data={"execution_seconds": round(run.finished - run.started, 2)},
        )
        cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
