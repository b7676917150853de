"""Search, as a reader uses it: type a query into the built site's search box (Material's lunr
index in its web worker, offline) and read the results in order.

A concept ranks the chapter that teaches it first, and the Reference does not crowd the chapters
out: at most one Reference page among the first three results of a concept query. A function name
still finds its Reference page (the Reference stays in the index, with a lower boost:
hooks/search_ranking.py).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page

from tests.site.test_browser import base_url, browser, offline_context

__all__ = ["base_url", "browser"]  # fixtures used by this module

# query -> the page that teaches it (the first result)
CONCEPTS = {
    "chain rule": "chapters/05-chain-rule/",
    "sigmoid": "chapters/05-chain-rule/",
    "gradient descent": "chapters/06-gradient-descent/",
    "topological sort": "chapters/07-automatic-backward/",
    "finite difference": "chapters/01-derivatives/",
    "partial derivative": "chapters/02-partial-derivatives/",
    "learning rate": "chapters/06-gradient-descent/",
    "pytorch": "chapters/11-pytorch/",
}
LOOKUPS = {"draw_dot": "reference/draw/"}


def results(page: Page, query: str, site_path: str) -> list[str]:
    """Site-relative pages of the search results for `query`, best first, each once.

    `site_path` is the URL path the site is served under, such as "/notes/".
    """
    page.evaluate("document.querySelector('.md-search__input').focus()")
    page.fill(".md-search__input", "")
    page.keyboard.type(query)
    page.wait_for_function(
        """q => [...document.querySelectorAll('.md-search-result__link')]
                 .some((a) => new URL(a.href).searchParams.get('h') === q)""", arg=query)
    hrefs = page.eval_on_selector_all(".md-search-result__item > .md-search-result__link",
                                      "links => links.map((a) => new URL(a.href).pathname)")
    pages: list[str] = []
    for href in hrefs:
        relative = href.removeprefix(site_path)
        if relative not in pages:
            pages.append(relative)
    return pages


def test_concepts_rank_their_chapter_first(site: Path, base_url: str, browser: Browser) -> None:
    context, off_site = offline_context(browser, "light")
    page = context.new_page()
    page.goto(base_url, wait_until="load")
    wrong = []
    for query, chapter in {**CONCEPTS, **LOOKUPS}.items():
        found = results(page, query, urlsplit(base_url).path)
        if not found or found[0] != chapter:
            wrong.append(f"{query!r}: first is {found[:1]}, expected {chapter}")
        if query in CONCEPTS and sum(p.startswith("reference/") for p in found[:3]) > 1:
            wrong.append(f"{query!r}: Reference pages crowd the first three: {found[:3]}")
    context.close()
    assert not off_site
    assert not wrong, "\n".join(wrong)
