"""Running `mkdocs build` from tests: the real site, or a small site made of given pages.

Builds run in a subprocess (markdown-exec keeps sessions in module globals), strict, with
SOURCE_DATE_EPOCH from the last commit and without the execution caches unless asked for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE_VARIABLES = ("CHAINRULE_EXEC_CACHE", "CHAINRULE_JUPYTER_CACHE")
# Folders of browser screenshots written during a test run, reported at its end by conftest.py.
SCREENSHOTS_KEY = pytest.StashKey[list]()


def source_date_epoch() -> str:
    """The last commit's time (seconds since 1970), the date every reproducible build uses."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() or "0"


def build_env(**extra: str) -> dict[str, str]:
    """The environment of a test build: a fixed date, no caches, no display, plus `extra`."""
    env = {key: value for key, value in os.environ.items() if key not in CACHE_VARIABLES}
    env.update(SOURCE_DATE_EPOCH=source_date_epoch(), MPLBACKEND="Agg", NO_MKDOCS_2_WARNING="1")
    env.update(extra)
    return env


@dataclass
class Build:
    """The outcome of one `mkdocs build --strict`: where it wrote, its exit code and its log."""

    site: Path
    returncode: int
    log: str


def build_site(site: Path, config: Path = ROOT / "mkdocs.yml", **env: str) -> Build:
    """Run a strict build of `config` into `site`; `env` adds environment variables."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(config), "--site-dir", str(site)]
    result = subprocess.run(command, cwd=ROOT, env=build_env(**env),
                            capture_output=True, text=True, check=False)
    return Build(site, result.returncode, result.stdout + result.stderr)


def mini_site(directory: Path, pages: dict[str, str]) -> Path:
    """Write a site of `pages` (path -> Markdown) that inherits mkdocs.yml; return its config.

    It keeps the real theme, plugins, Markdown extensions, hooks and static assets, but not the
    generated Reference pages, so a build takes a second or two.
    """
    for assets in ("javascripts", "stylesheets"):
        shutil.copytree(ROOT / "docs" / assets, directory / "docs" / assets, dirs_exist_ok=True)
    for name, text in pages.items():
        (directory / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / "docs" / name).write_text(text, encoding="utf-8")
    config = directory / "mkdocs.yml"
    hooks = ", ".join(str(ROOT / "hooks" / name) for name in ("exec_cache.py", "notebook_pages.py"))
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs\nwatch: []\n"
                      f"hooks: [{hooks}]\n", encoding="utf-8")
    return config


def differing_files(first: Path, second: Path) -> list[str]:
    """Relative paths of the files that are not byte-identical in two builds (or only in one)."""
    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes()
                for p in sorted(site.rglob("*")) if p.is_file()}
    a, b = files(first), files(second)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))
