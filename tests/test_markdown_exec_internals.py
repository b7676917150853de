"""The private parts of markdown-exec that hooks/exec_cache.py relies on are still there.

markdown-exec offers no public hook for its Python runner, so hooks/exec_cache.py (and, through
it, tests/pages.py) uses four private names. When a markdown-exec release moves or changes one of
them, this test names what changed, instead of the build failing somewhere deep inside a page.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = [
    ("markdown_exec._internal.main", "formatters"),
    ("markdown_exec._internal.formatters.base", "base_format"),
    ("markdown_exec._internal.formatters.base", "ExecutionError"),
    ("markdown_exec._internal.formatters.python", "_run_python"),
    ("markdown_exec._internal.formatters.python", "_sessions_globals"),
]


@pytest.mark.parametrize(("module", "name"), PRIVATE, ids=[f"{m}.{n}" for m, n in PRIVATE])
def test_the_private_name_still_exists(module: str, name: str) -> None:
    try:
        found = importlib.import_module(module)
    except ImportError as error:
        pytest.fail(f"markdown-exec no longer has the module {module} ({error}); update the "
                    f"imports in hooks/exec_cache.py to the release's new layout")
    assert hasattr(found, name), (
        f"markdown-exec's {module} no longer defines {name}; hooks/exec_cache.py needs it")


def test_the_runner_and_formatter_keep_their_signatures() -> None:
    from markdown_exec._internal import main
    from markdown_exec._internal.formatters.base import base_format
    from markdown_exec._internal.formatters.python import _run_python, _sessions_globals

    assert list(inspect.signature(_run_python).parameters)[:4] == [
        "code", "returncode", "session", "id"], "markdown-exec changed _run_python's arguments"
    assert {"language", "run", "workdir"} <= set(inspect.signature(base_format).parameters), (
        "markdown-exec changed base_format's arguments")
    assert "python" in main.formatters and "py" in main.formatters, (
        "markdown-exec no longer keys its formatters by language name")
    _sessions_globals.pop("__probe__", None)
    assert _sessions_globals["__probe__"] == {}, "session globals are no longer a defaultdict"
    del _sessions_globals["__probe__"]


def test_the_runner_prints_into_the_session_namespace() -> None:
    from hooks.exec_cache import SessionRunner, session_namespace

    runner = SessionRunner(ROOT, cache_dir=None)
    runner.start_page("docs/probe-page.md")
    assert runner.run("x = 6\nprint('x is', x)", session="probe-page", id="a") == "x is 6\n"
    assert runner.run("print(x * 7, end='')", session="probe-page", id="b") == "42"
    assert session_namespace("probe-page")["x"] == 6

