"""Shared fixtures: the project root on sys.path, and the site built once per test session.

The build is strict, runs without the execution cache (so it tests the real thing) and uses
SOURCE_DATE_EPOCH from the last commit, like scripts/serve and scripts/bench.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so tests can `from tests.pages import run_page`

CACHE_VARIABLES = ("CHAINRULE_EXEC_CACHE", "CHAINRULE_JUPYTER_CACHE")


def source_date_epoch() -> str:
    """The last commit's time (seconds since 1970), the date every reproducible build uses."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() or "0"


def build_env() -> dict[str, str]:
    """The environment of a test build: a fixed date, no caches, no display."""
    env = {key: value for key, value in os.environ.items() if key not in CACHE_VARIABLES}
    env.update(SOURCE_DATE_EPOCH=source_date_epoch(), MPLBACKEND="Agg",
               NO_MKDOCS_2_WARNING="1")
    return env


@dataclass
class Build:
    """The outcome of one `mkdocs build --strict`: where it wrote, its exit code and its log."""

    site: Path
    returncode: int
    log: str


def build_site(site: Path) -> Build:
    """Run a strict, cache-free build of the whole site into `site`."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site)],
        cwd=ROOT, env=build_env(), capture_output=True, text=True, check=False,
    )
    return Build(site, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def strict_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The site built once per test session (may have failed: see `site`)."""
    return build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def site(strict_build: Build) -> Path:
    """The directory of a successful strict build; fails the test with the log otherwise."""
    if strict_build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{strict_build.log[-6000:]}", pytrace=False)
    return strict_build.site
