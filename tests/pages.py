"""Run a page's executed code blocks the way markdown-exec runs them at build time.

A page is a Markdown file under docs/. Its executed blocks are the ```python fences whose header
has ``exec="on"``; they run in order, in one namespace per page, from the project directory,
with ``print`` writing to a per-block buffer exactly as markdown-exec's does (arguments joined by
one space, then ``end``). Lines marked ``# markdown-exec: hide`` are hidden from readers, not from
Python, so they run too.

The fence grammar lives in hooks/fences.py (the build hooks use it too); here it serves both
`run_page` (chapter tests assert printed values with it) and the Sybil parser `exec_fences`
(tests/site/test_pages_run.py runs every page).

    page = run_page("docs/chapters/01-derivatives.md")
    assert page.output("01-shift") == "If we shift input by 10, output becomes 169.0\\n"
"""

from __future__ import annotations

import contextlib
import io
import linecache
import os
import re
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from types import ModuleType
from typing import Any

import matplotlib
from sybil import Document, Example, Region

from hooks.fences import Block, executed

matplotlib.use("Agg")  # pages draw figures; tests never have a display

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


class PageError(AssertionError):
    """A block of a page raised: names the page, the block and the traceback."""


def _buffer_print(buffer: io.StringIO, *texts: Any, end: str = "\n", **_: Any) -> None:
    buffer.write(" ".join(str(text) for text in texts) + end)


def _module_name(block: Block) -> str:
    name = f"<code block: id {block.id}>" if block.id else f"<code block: line {block.line}>"
    return re.sub(r"[^a-zA-Z\d]+", "_", name)


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def evaluate_block(example: Example) -> None:
    """Sybil evaluator: run one block in the page's namespace and keep what it printed."""
    __tracebackhide__ = True
    block: Block = example.parsed
    namespace = example.namespace
    buffer = io.StringIO()
    name = _module_name(block)
    namespace["__name__"] = name
    sys.modules[name] = ModuleType(name)
    namespace["print"] = partial(_buffer_print, buffer)
    workdir = ROOT / block.options["workdir"] if "workdir" in block.options else ROOT
    filename = f"{example.path}:{block.line} ({block.label})"
    linecache.cache[filename] = (len(block.code), None, block.code.splitlines(True), filename)
    try:
        with _working_directory(workdir):
            exec(compile(block.code, filename, "exec"), namespace)
    except Exception as error:
        trace = "".join(traceback.format_exception(type(error), error, error.__traceback__.tb_next))
        raise PageError(f"{example.path}: {block.label} (line {block.line}) raised:\n{trace}"
                        f"\nWhat it printed before failing:\n{buffer.getvalue()}") from error
    block.output = buffer.getvalue()


def exec_fences(document: Document) -> Iterator[Region]:
    """Sybil parser: one region per executed block of a Markdown page."""
    for start, end, block in executed(document.text):
        yield Region(start, end, block, evaluate_block)


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
    document = Document.parse(str(path), exec_fences)
    try:
        for example in document:
            example.evaluate()
    except PageError as error:
        return error
    return Page(path, [example.parsed for example in document], document.namespace)


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
