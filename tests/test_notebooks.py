"""Notebook hygiene: no committed outputs, listed in the toc, the course's conventions."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LABEL = re.compile(r"^\(([a-z0-9][a-z0-9-]*)\)=\s*$", re.M)
EXERCISE = re.compile(r"^```+\{exercise(?:-start)?\}[^\n]*\n(?::[^\n]*\n)*?:label: ([\w-]+)", re.M)
SOLUTION = re.compile(r"^```+\{solution(?:-start)?\} ([\w-]+)", re.M)


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def markdown(nb: nbformat.NotebookNode) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def test_there_are_chapters():
    assert NOTEBOOKS, "no notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    dirty = [
        i
        for i, cell in enumerate(read(path).cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count)
    ]
    assert not dirty, f"{path.name}: code cells {dirty} carry outputs; strip them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_listed_in_the_toc(path):
    assert f"notebooks/{path.stem}" in toc_files()


def test_every_toc_entry_exists():
    for entry in toc_files():
        candidates = [ROOT / f"{entry}{suffix}" for suffix in (".md", ".ipynb")]
        assert any(c.exists() for c in candidates), f"_toc.yml lists missing file {entry}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_structure(path):
    text = markdown(read(path))
    assert text.lstrip().startswith("# "), "a notebook opens with its title"
    if path.name[:2].isdigit():  # the toc is unnumbered: the title carries the course number
        number = int(path.name[:2])
        assert text.lstrip().startswith(f"# 第 {number} 章 "), f"title must start 第 {number} 章"
    for heading in ("学习目标", "小结", "练习"):
        assert heading in text, f"{path.name} lacks the {heading} section"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_has_a_solution(path):
    text = markdown(read(path))
    exercises, solutions = EXERCISE.findall(text), SOLUTION.findall(text)
    assert exercises, f"{path.name} has no exercises"
    assert sorted(exercises) == sorted(solutions)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chinese_font_set_before_plotting(path):
    code = "\n".join(c.source for c in read(path).cells if c.cell_type == "code")
    assert "use_course_style()" in code or "use_chinese_font()" in code


def test_outline_labels_are_unique_across_the_book():
    seen: dict[str, str] = {}
    sources = [(p.name, markdown(read(p))) for p in NOTEBOOKS]
    sources += [(p.name, p.read_text(encoding="utf-8")) for p in (ROOT / "book").glob("*.md")]
    for name, text in sources:
        for label in LABEL.findall(text):
            assert label not in seen, f"label {label} in both {seen[label]} and {name}"
            seen[label] = name
