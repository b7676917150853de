"""MkDocs hook: one fresh markdown-exec session per page, and an optional result cache.

markdown-exec runs every ```python exec="on" block on every build and keeps each session's
globals for the life of the process, so under `mkdocs serve` a rebuilt page runs on top of the
state its previous build left behind. This hook wraps markdown-exec's Python runner so that

* a page's session starts from empty globals each time the page is rendered, exactly as in a
  cold build, and its name must be the page's file stem (a warning otherwise, which fails
  `mkdocs build --strict`);
* when the environment variable ``CHAINRULE_EXEC_CACHE`` names a directory, what each block
  printed is stored there under a key made of the block's code, the code of every earlier block
  of the same session on that page, and a fingerprint of the package (with the benchmark
  results it ships), the requirements and the Python version. A hit returns the stored text without
  running anything; the first miss after hits first replays the skipped blocks (output
  discarded) so the session's state is right.

Blocks that fail are never cached, so their warning is repeated on every build. The cache only
replays text the same code printed before, so cached and uncached builds write the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import platform
from pathlib import Path, PurePosixPath
from typing import Any

# markdown-exec has no public extension point for its Python runner: these private names are
# imported here only (tests/pages.py reuses them from this module), and
# tests/test_markdown_exec_internals.py fails with a clear message when a release moves them.
from markdown_exec._internal import main as exec_main
from markdown_exec._internal.formatters.base import ExecutionError, base_format
from markdown_exec._internal.formatters.python import _run_python, _sessions_globals

__all__ = ["ExecutionError", "SessionRunner", "session_namespace"]
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.exec_cache")

ROOT = Path(__file__).resolve().parent.parent
CACHE_VARIABLE = "CHAINRULE_EXEC_CACHE"
# Everything a block's output may depend on besides its own page: the package (with the benchmark
# results the pages quote), the pinned versions, and this hook.
FINGERPRINT_SOURCES = ("src/chainrule/**/*.py", "src/chainrule/data/*", "requirements.txt",
                       "hooks/exec_cache.py")


class SessionRunner:
    """Run a page's blocks in a fresh session, answering from the cache when it can.

    Args:
        root: the project directory (where mkdocs.yml lives).
        cache_dir: where results are stored, or None to always run the code.
    """

    def __init__(self, root: Path, cache_dir: Path | None) -> None:
        self.root = root
        self.cache_dir = cache_dir
        self.fingerprint = ""
        self.page_stem = ""
        self.history: dict[str | None, list[tuple[str, str]]] = {}
        self.executed: dict[str | None, int] = {}

    def start_build(self) -> None:
        """Fingerprint the package and everything else a block's output depends on."""
        digest = hashlib.sha256(platform.python_version().encode())
        for pattern in FINGERPRINT_SOURCES:
            for path in sorted(p for p in self.root.glob(pattern) if p.is_file()):
                digest.update(path.relative_to(self.root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
        self.fingerprint = digest.hexdigest()

    def start_page(self, src_uri: str) -> None:
        """Forget every session's history: the next block of a session starts it afresh."""
        self.page_stem = PurePosixPath(src_uri).stem
        self.history.clear()
        self.executed.clear()

    def run(self, code: str, returncode: int | None = None, session: str | None = None,
            id: str | None = None, **extra: str) -> str:
        """Return what `code` prints, with markdown-exec's runner semantics."""
        if session != self.page_stem:
            log.warning("block %r on page %r uses session %r; every block of a page must use "
                        "session=%r (sessions are shared across pages)",
                        id or "(no id)", self.page_stem, session, self.page_stem)
        if session not in self.history:
            if session is not None:
                _sessions_globals.pop(session, None)
            self.history[session] = []
            self.executed[session] = 0
        history = self.history[session]
        history.append((code, id or ""))
        cached = self._cache_path(history)
        if cached is not None and cached.exists():
            return cached.read_text(encoding="utf-8")
        try:
            for earlier_code, earlier_id in history[self.executed[session]:-1]:
                _run_python(earlier_code, session=session, id=earlier_id)
            output = _run_python(code, returncode, session=session, id=id, **extra)
        finally:
            self.executed[session] = len(history)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".tmp")
            partial.write_text(output, encoding="utf-8")
            partial.replace(cached)
        return output

    def _cache_path(self, history: list[tuple[str, str]]) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(self.fingerprint.encode())
        for code, _ in history:
            digest.update(b"\0block\0" + code.encode())
        return self.cache_dir / f"{digest.hexdigest()}.txt"


def session_namespace(session: str) -> dict[str, Any]:
    """The globals the blocks of `session` share (markdown-exec keeps them per session)."""
    return _sessions_globals[session]


def _cache_dir() -> Path | None:
    value = os.environ.get(CACHE_VARIABLE, "")
    return Path(value).resolve() if value else None


_runner: SessionRunner | None = None


def _format_python(**options: Any) -> str:
    assert _runner is not None, "on_config installs the runner before any page renders"
    return base_format(language="python", run=_runner.run, **options)


def on_config(config: MkDocsConfig) -> None:
    global _runner
    _runner = SessionRunner(ROOT, _cache_dir())
    os.environ.setdefault("MPLBACKEND", "Agg")
    exec_main.formatters["python"] = _format_python
    exec_main.formatters["py"] = _format_python


def on_pre_build(config: MkDocsConfig) -> None:
    assert _runner is not None
    _runner.start_build()


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _runner is not None
    _runner.start_page(page.file.src_uri)
    return markdown
