"""Make student copies of the chapter notebooks: exercises kept, solutions removed.

Usage: python scripts/make_student.py notebooks student   (or `make student`)

A solution is everything from a markdown cell that opens a gated ``{solution-start}``
block through the matching ``{solution-end}`` cell, plus any single ``{solution}`` block
and any cell tagged ``solution``. Outputs are cleared. The script refuses a notebook whose
solution-start has no solution-end, so nothing is cut silently.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

START = re.compile(r"^```+\{solution-start\}", re.M)
END = re.compile(r"^```+\{solution-end\}", re.M)
SINGLE = re.compile(r"^(```+)\{solution\}.*?^\1\s*$", re.M | re.S)


def strip_solutions(nb: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """Return a copy of ``nb`` without solutions or outputs."""
    kept, inside = [], False
    for index, cell in enumerate(nb.cells):
        source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        is_md = cell.cell_type == "markdown"
        if is_md and START.search(source):
            if inside:
                raise ValueError(f"{name}: cell {index} opens a solution inside another one")
            inside = True
        if not inside and "solution" not in cell.metadata.get("tags", []):
            new = nbformat.from_dict(dict(cell))
            if is_md:
                new.source = SINGLE.sub("", source)
            if new.cell_type == "code":
                new.outputs, new.execution_count = [], None
            kept.append(new)
        if is_md and END.search(source):
            if not inside:
                raise ValueError(f"{name}: cell {index} closes a solution that was never opened")
            inside = False
    if inside:
        raise ValueError(f"{name}: a solution-start block has no solution-end")
    student = nbformat.from_dict(dict(nb))
    student.cells = kept
    return student


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: make_student.py NOTEBOOK_DIR OUTPUT_DIR", file=sys.stderr)
        return 2
    source, target = Path(argv[1]), Path(argv[2])
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.ipynb")):
        try:
            student = strip_solutions(nbformat.read(path, as_version=4), path.name)
        except ValueError as err:
            print(f"make_student: error: {err}", file=sys.stderr)
            return 2
        nbformat.write(student, target / path.name)
        print(f"{path} -> {target / path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
