"""The site built for a sub-path (SITE_URL=http://127.0.0.1:PORT/notes/) works served from there.

A host that serves the notes under /notes/ must find every page, asset, the search index, the
404 page (which links its assets absolutely), the notebooks and the wheel under that path. The
site is the session's one strict build, which tests/conftest.py makes for that sub-path.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from hooks.distribution import DEFAULT_SITE_URL, WHEEL, pip_install
from tests.site.test_browser import browser, offline_context  # noqa: F401 (a fixture)

PAGES = ["", "chapters/05-chain-rule/", "workbooks/02-value-engine/", "run-it-yourself/",
         "reference/"]


@pytest.fixture(scope="module")
def notes(served_site: str) -> str:
    """The session's site (tests/conftest.py), built for and served under /notes/; its URL."""
    assert urlsplit(served_site).path == "/notes/", served_site
    return served_site


def open_page(page: Page, url: str) -> tuple[int, list[str]]:
    """Go to `url`; return its HTTP status and every failed or non-2xx sub-request."""
    bad: list[str] = []
    page.on("requestfailed", lambda r: bad.append(f"failed: {r.url}"))
    page.on("response", lambda r: bad.append(f"{r.status}: {r.url}")
            if r.status >= 400 and r.url != url else None)
    response = page.goto(url, wait_until="networkidle")
    assert response is not None
    return response.status, bad


def test_pages_and_assets_load_under_the_sub_path(notes: str, browser: Browser) -> None:  # noqa: F811
    context, off_site = offline_context(browser, "light")
    for path in PAGES:
        page = context.new_page()
        status, bad = open_page(page, notes + path)
        assert status == 200 and not bad, (path, bad)
        stylesheets = page.eval_on_selector_all("link[rel=stylesheet]", "ls => ls.map(l => l.href)")
        assert stylesheets and all(urlsplit(s).path.startswith("/notes/") for s in stylesheets)
        page.close()
    context.close()
    assert not off_site


def test_a_missing_url_gets_the_styled_404_page(notes: str, browser: Browser) -> None:  # noqa: F811
    context, _ = offline_context(browser, "light")
    page = context.new_page()
    status, bad = open_page(page, notes + "chapters/no-such-chapter/")
    assert status == 404 and not bad, bad
    assert "404" in page.inner_text("article")
    header = page.eval_on_selector(".md-header", "e => getComputedStyle(e).position")
    assert header in ("sticky", "fixed")  # Material's stylesheet applied
    home = page.eval_on_selector("a.md-header__button.md-logo", "a => a.href")
    assert home == notes
    context.close()


def test_search_finds_a_chapter_under_the_sub_path(notes: str, browser: Browser) -> None:  # noqa: F811
    context, _ = offline_context(browser, "light")
    page = context.new_page()
    status, bad = open_page(page, notes)
    assert status == 200 and not bad
    page.keyboard.press("s")  # Material's shortcut: what a keyboard user presses
    page.keyboard.type("chain rule")
    first = page.wait_for_selector(".md-search-result__item a", timeout=20_000)
    href = first.get_attribute("href") or ""
    assert urljoin(notes, href).startswith(notes + "chapters/"), href
    context.close()


def test_notebook_and_wheel_links_resolve_under_the_sub_path(notes: str, browser: Browser) -> None:  # noqa: F811
    context, _ = offline_context(browser, "light")
    page = context.new_page()
    for path in ("chapters/05-chain-rule/", "workbooks/02-value-engine/"):
        page.goto(notes + path)
        href = page.eval_on_selector("article a[download]", "a => a.href")
        assert href.startswith(notes) and href.endswith(".ipynb")
        notebook = page.request.get(href)
        assert notebook.status == 200 and notes in notebook.text()
    page.goto(notes + "run-it-yourself/")
    wheel = page.eval_on_selector(f'a[href$="{WHEEL}"]', "a => a.href")
    assert wheel == f"{notes}dist/{WHEEL}" and page.request.get(wheel).status == 200
    assert pip_install(notes) in page.inner_text("article")
    context.close()


def test_no_file_of_the_sub_path_build_names_the_default_address(site: Path, notes: str) -> None:
    texts = [p for p in site.rglob("*") if p.suffix in (".html", ".ipynb", ".xml")]
    assert len(texts) > 30
    assert not [p for p in texts if DEFAULT_SITE_URL in p.read_text(encoding="utf-8")]
    assert notes in (site / "sitemap.xml").read_text(encoding="utf-8")
