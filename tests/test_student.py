"""Student copies of the notebooks keep the exercises and lose every solution."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_student import strip_solutions  # noqa: E402

FENCE = "```"


def notebook_with_solution() -> nbformat.NotebookNode:
    return new_notebook(
        cells=[
            new_markdown_cell("# 标题"),
            new_markdown_cell(f"{FENCE}{{exercise}}\n:label: ex-a\n计算稀疏度。\n{FENCE}"),
            new_markdown_cell(f"{FENCE}{{solution-start}} ex-a\n:class: dropdown\n{FENCE}"),
            new_code_cell("answer = 42", metadata={"tags": ["solution"]}),
            new_markdown_cell("答案解释"),
            new_markdown_cell(f"{FENCE}{{solution-end}}\n{FENCE}"),
            new_code_cell("print('kept')", outputs=[], execution_count=3),
            new_markdown_cell(f"前文\n{FENCE}{{solution}} ex-b\n单独的解答\n{FENCE}\n后文"),
        ]
    )


def test_strip_solutions_removes_gated_and_single_solutions():
    student = strip_solutions(notebook_with_solution())
    text = "\n".join(c.source for c in student.cells)
    assert "{exercise}" in text and "计算稀疏度" in text
    assert "answer = 42" not in text and "答案解释" not in text and "单独的解答" not in text
    assert "solution" not in text
    assert "前文" in text and "后文" in text and "print('kept')" in text
    assert all(c.get("execution_count") is None for c in student.cells if c.cell_type == "code")


def test_unclosed_solution_is_refused():
    nb = notebook_with_solution()
    del nb.cells[5]
    with pytest.raises(ValueError, match="no solution-end"):
        strip_solutions(nb)


def test_make_student_on_the_course_notebooks(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_student.py"), ROOT / "notebooks", tmp_path],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        student = nbformat.read(tmp_path / path.name, as_version=4)
        text = "\n".join(c.source for c in student.cells)
        assert "{solution" not in text
        assert "{exercise" in text
        assert not any("solution" in c.metadata.get("tags", []) for c in student.cells)
