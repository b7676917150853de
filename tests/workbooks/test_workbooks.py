"""The workbooks: tasks without answers, self-checks that pass on the reference solutions (and on
correct solutions in other styles) and fail, with a message naming the mistake, on empty tasks
and on each deliberately wrong solution."""

from __future__ import annotations

import ast
import contextlib
import io
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.workbooks.solutions import ALSO_RIGHT, REFERENCE, WRONG

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


def run_here(name: str, replacements: dict[str, str]) -> dict[str, str]:
    """The same as `run`, faster: the workbook's code cells executed in this process, in one
    namespace, each check cell's last expression shown as the notebook would show it. Lines of
    IPython syntax (``%pip ...``, ``!...``), such as a set-up cell's, are skipped."""
    namespace: dict[str, object] = {"__name__": "__workbook__"}
    reports = {}
    for cell in load(name).cells:
        if cell.cell_type != "code":
            continue
        source = replacements.get(cell.id, cell.source).strip("\n")
        source = "\n".join(line for line in source.splitlines()
                           if not line.lstrip().startswith(("%", "!")))
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(tree, cell.id, "exec"), namespace)
            shown = eval(compile(ast.Expression(last.value), cell.id, "eval"), namespace) \
                if last else None
        if cell.id.startswith("check-"):
            reports[cell.id] = repr(shown)
    return reports


def check_of(task: str) -> str:
    return "check-" + task.removeprefix("task-")


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
    assert sorted(cell.id for cell in tasks) == sorted(REFERENCE[name]) == sorted(WRONG[name])
    for cell in tasks:
        assert "...  # your code here" in cell.source
        answer_lines = {line.strip() for line in REFERENCE[name][cell.id].splitlines()
                        if line.strip().startswith("return ")}
        assert not answer_lines & {line.strip() for line in cell.source.splitlines()}
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    checks = [cell.id for cell in code if cell.id.startswith("check-")]
    assert checks == [check_of(cell.id) for cell in tasks]


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
    assert run_here(name, REFERENCE[name]) == reports  # the fast runner shows the same


RIGHT = [(name, task, i) for name in ALSO_RIGHT for task in ALSO_RIGHT[name]
         for i in range(len(ALSO_RIGHT[name][task]))]


@pytest.mark.parametrize(("name", "task", "i"), RIGHT, ids=[f"{n}:{t}:{i}" for n, t, i in RIGHT])
def test_a_correct_solution_of_another_style_passes(name, task, i):
    reports = run_here(name, {**REFERENCE[name], task: ALSO_RIGHT[name][task][i]})
    assert re.fullmatch(r"✓ \w+: all \d+ cases pass", reports[check_of(task)]), reports


WRONGS = [(name, task, i) for name in NAMES for task in WRONG[name]
          for i in range(len(WRONG[name][task]))]


def test_there_are_many_wrong_solutions_and_every_task_has_some():
    assert len(WRONGS) >= 25
    assert all(WRONG[name][task] for name in NAMES for task in REFERENCE[name])


@pytest.mark.parametrize(("name", "task", "i"), WRONGS, ids=[f"{n}:{t}:{i}" for n, t, i in WRONGS])
def test_a_wrong_solution_fails_its_check_with_a_message_naming_the_mistake(name, task, i):
    code, phrase = WRONG[name][task][i]
    reports = run_here(name, {**REFERENCE[name], task: code})
    report = reports[check_of(task)]
    assert report.startswith("✗ ") and "first failing case:" in report, report
    assert phrase in report, report
    assert "expected" in report or "raised" in report
    earlier = list(reports)[:list(reports).index(check_of(task))]
    assert all(reports[other].startswith("✓ ") for other in earlier), reports


@pytest.mark.parametrize(("name", "task", "i"), WRONGS, ids=[f"{n}:{t}:{i}" for n, t, i in WRONGS])
def test_a_wrong_solution_is_blamed_on_its_own_task_only(name, task, i):
    """Later checks use known-good machinery for what earlier tasks build, so a mistake in one
    task fails that task's check and no other."""
    code, _ = WRONG[name][task][i]
    reports = run_here(name, {**REFERENCE[name], task: code})
    others = {other: text for other, text in reports.items() if other != check_of(task)}
    assert all(text.startswith("✓ ") for text in others.values()), others


def test_a_wrong_backward_in_one_kernel_is_reported_where_it_is():
    """The issue's report, in a real kernel: a backward() without topological order carried
    into the later tasks fails Task 1 only, with the reason."""
    code, phrase = WRONG["02-value-engine"]["task-backward"][4]
    reports = run(load("02-value-engine"), {**REFERENCE["02-value-engine"], "task-backward": code})
    assert phrase in reports["check-backward"]
    assert [text[:2] for text in reports.values()] == ["✗ ", "✓ ", "✓ ", "✓ "], reports
