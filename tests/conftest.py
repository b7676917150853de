"""Shared fixtures: the project root on sys.path, and the site built and served once per session.

The build is strict, runs without the execution cache (so it tests the real thing) and uses
SOURCE_DATE_EPOCH from the last commit, like scripts/serve and scripts/bench. Its SITE_URL is
the address of the test server on 127.0.0.1 it is then served from, under a sub-path
(http://127.0.0.1:PORT/notes/) as on a host that serves the notes beside other things: every
absolute link in it (the install line, the notebooks' set-up cells, the 404 page's assets) must
then carry that path, and every test that reads the site checks the sub-path build.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so tests can `from tests.pages import run_page`

from tests.site.builds import SCREENSHOTS_KEY, Build, build_site  # noqa: E402
from tests.site.serving import SiteServer  # noqa: E402

SITE_PATH = "/notes/"  # the URL path the session's site is built for and served under


@pytest.fixture(scope="session")
def site_server() -> Iterator[SiteServer]:
    """The server the site is built for; it serves once `served_site` asks for it."""
    server = SiteServer(SITE_PATH)
    yield server
    server.close()


@pytest.fixture(scope="session")
def site_url(site_server: SiteServer) -> str:
    """The SITE_URL of the session's build: http://127.0.0.1:PORT/notes/."""
    return site_server.url


@pytest.fixture(scope="session")
def strict_build(tmp_path_factory: pytest.TempPathFactory, site_url: str) -> Build:
    """The whole site built once per test session (it may have failed: see `site`).

    It is written to `notes/` inside the folder the server serves at its root.
    """
    host = tmp_path_factory.mktemp("host")
    return build_site(host / SITE_PATH.strip("/"), SITE_URL=site_url)


@pytest.fixture(scope="session")
def site(strict_build: Build) -> Path:
    """The directory of a successful strict build; fails the test with the log otherwise."""
    if strict_build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{strict_build.log[-6000:]}", pytrace=False)
    return strict_build.site


@pytest.fixture(scope="session")
def served_site(site: Path, site_server: SiteServer) -> str:
    """The built site served at its own SITE_URL; returns that URL."""
    site_server.serve(site.parent)
    return site_server.url


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Say where the browser test put its screenshots."""
    for folder in config.stash.get(SCREENSHOTS_KEY, []):
        terminalreporter.write_line(f"browser screenshots: {folder}")
