"""Run a page's executed code blocks with the build's own runner.

A page is a Markdown file under docs/. Its executed blocks are the ```python fences whose header
has ``exec="on"`` (found by hooks/fences.py, which the build hooks use too); they run in order
through `hooks.exec_cache.SessionRunner`, the runner the build installs into markdown-exec, with
no result cache, in the working directory markdown-exec would use. So a page's blocks run here
exactly as in the build: one namespace per page session, ``print`` writing to a per-block buffer,
and lines marked ``# markdown-exec: hide`` run too.

    page = run_page("docs/chapters/01-derivatives.md")
    assert page.output("01-shift") == "If we shift input by 10, output becomes 169.0\\n"
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

from hooks.exec_cache import ExecutionError, SessionRunner, session_namespace
from hooks.fences import Block, exec_blocks

matplotlib.use("Agg")  # pages draw figures; tests never have a display

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


class PageError(AssertionError):
    """A block of a page raised: names the page, the block and the traceback."""


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


@dataclass
class Page:
    """A page whose blocks have all run: what each printed, and the namespace they shared."""

    path: Path
    blocks: list[Block]
    namespace: dict[str, Any]

    def output(self, block_id: str) -> str:
        """Exactly what the block with this id printed (with print's trailing newlines)."""
        for block in self.blocks:
            if block.id == block_id:
                assert block.output is not None, f"{block.label} has not run"
                return block.output
        known = ", ".join(block.id for block in self.blocks if block.id) or "none"
        raise KeyError(f"{self.path} has no executed block with id {block_id!r} (ids: {known})")


def page_path(path: str | Path) -> Path:
    """Resolve a page path given relative to the project, to docs/, or absolutely."""
    candidates = [Path(path), ROOT / path, DOCS / path]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    raise FileNotFoundError(f"no page {path!s} (looked in {ROOT} and {DOCS})")


@cache
def _run(path: Path) -> Page | PageError:
    blocks = exec_blocks(path.read_text(encoding="utf-8"))
    runner = SessionRunner(ROOT, cache_dir=None)
    runner.start_page(path.name)
    for block in blocks:
        workdir = ROOT / block.options["workdir"] if "workdir" in block.options else ROOT
        try:
            with _working_directory(workdir):
                block.output = runner.run(block.code, session=block.session, id=block.id)
        except ExecutionError as error:
            return PageError(f"{path}: {block.label} (line {block.line}) raised:\n{error}")
    sessions = {block.session for block in blocks}
    namespace = session_namespace(sessions.pop()) if len(sessions) == 1 else {}
    return Page(path, blocks, namespace)


def run_page(path: str | Path) -> Page:
    """Run every executed block of a page in order in one namespace (once per process).

    Args:
        path: the page, e.g. "docs/chapters/01-derivatives.md".

    Returns:
        The `Page`: `page.output(block_id)` and `page.namespace`.

    Raises:
        PageError: a block raised; the message names the page, the block id and the traceback.
    """
    result = _run(page_path(path))
    if isinstance(result, PageError):
        raise result
    return result
