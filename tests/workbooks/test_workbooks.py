"""The workbooks: tasks without answers, self-checks that pass on the reference solutions and
fail, with a useful message, on empty tasks and on deliberately wrong solutions."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.workbooks.solutions import REFERENCE, WRONG

ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = sorted((ROOT / "docs" / "workbooks").glob("*.ipynb"))
NAMES = [path.stem for path in WORKBOOKS]


def load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "docs" / "workbooks" / f"{name}.ipynb", as_version=4)


def run(book: nbformat.NotebookNode, replacements: dict[str, str]) -> dict[str, str]:
    """Execute a copy of the workbook in a fresh kernel with some task cells replaced;
    return the text each check cell showed, by cell id."""
    book = nbformat.from_dict(book)
    for cell in book.cells:
        if cell.id in replacements:
            cell.source = replacements[cell.id].strip("\n")
    NotebookClient(book, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    return {cell.id: "".join(output.get("data", {}).get("text/plain", "")
                             for output in cell.outputs)
            for cell in book.cells if cell.id.startswith("check-")}


def test_there_is_a_workbook_per_part_of_the_course():
    assert NAMES == ["01-derivatives-and-gradients", "02-value-engine", "03-networks-and-backprop"]
    assert sorted(REFERENCE) == sorted(WRONG) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_the_workbook_holds_tasks_not_answers(name):
    book = load(name)
    nbformat.validate(book)
    ids = [cell.id for cell in book.cells]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)
    tasks = [cell for cell in book.cells if "task" in cell.metadata.get("tags", [])]
    assert sorted(cell.id for cell in tasks) == sorted(REFERENCE[name])
    for cell in tasks:
        assert "...  # your code here" in cell.source
        answer_lines = {line.strip() for line in REFERENCE[name][cell.id].splitlines()
                        if line.strip().startswith("return ")}
        assert not answer_lines & {line.strip() for line in cell.source.splitlines()}
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    checks = [cell.id for cell in code if cell.id.startswith("check-")]
    assert len(checks) == len(tasks)


@pytest.mark.parametrize("name", NAMES)
def test_unfinished_tasks_run_and_every_check_reports_them(name):
    reports = run(load(name), {})
    assert reports and all(text.startswith("✗ ") for text in reports.values()), reports
    assert all("first failing case:" in text for text in reports.values())


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_solutions_pass_every_check(name):
    reports = run(load(name), REFERENCE[name])
    assert reports and all(re.fullmatch(r"✓ \w+: all \d+ cases pass", text)
                           for text in reports.values()), reports


CASES = [(name, task) for name in NAMES for task in WRONG[name]]


@pytest.mark.parametrize(("name", "task"), CASES, ids=[f"{n}:{t}" for n, t in CASES])
def test_a_wrong_solution_fails_its_check_with_a_useful_message(name, task):
    code, phrase = WRONG[name][task]
    reports = run(load(name), {**REFERENCE[name], task: code})
    check = "check-" + task.removeprefix("task-")
    report = reports[check]
    assert report.startswith("✗ ") and phrase in report, report
    assert "expected" in report or "raised" in report
    earlier = list(reports)[:list(reports).index(check)]  # later tasks may build on this one
    assert all(reports[other].startswith("✓ ") for other in earlier), reports
