"""The built site as files: nothing it loads leaves the site; every page is titled and sane."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.site.offsite import CSS_URL, fetched_urls, local_target


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_the_site_has_pages(site: Path) -> None:
    names = {page.relative_to(site).as_posix() for page in html_pages(site)}
    assert {"index.html", "404.html", "reference/index.html"} <= names


def test_nothing_a_page_loads_leaves_the_site_and_everything_it_loads_exists(site: Path) -> None:
    missing = []
    for page in html_pages(site):
        for url in fetched_urls(page):
            target = local_target(page.parent, url, site.parent)
            if target is not None and not target.is_file():
                missing.append(f"{page.relative_to(site)}: {url}")
    assert not missing, "missing assets:\n" + "\n".join(missing[:20])


def test_stylesheets_load_nothing_from_elsewhere(site: Path) -> None:
    stylesheets = sorted(site.rglob("*.css"))
    assert stylesheets
    missing = []
    for stylesheet in stylesheets:
        for a, b in CSS_URL.findall(stylesheet.read_text(encoding="utf-8")):
            target = local_target(stylesheet.parent, a or b, site.parent)
            if target is not None and not target.is_file():
                missing.append(f"{stylesheet.relative_to(site)}: {a or b}")
    assert not missing, "missing files:\n" + "\n".join(missing[:20])


def test_every_page_has_a_title(site: Path) -> None:
    untitled = [page.relative_to(site).as_posix() for page in html_pages(site)
                if not (soup(page).title and soup(page).title.get_text(strip=True))]
    assert not untitled


@pytest.mark.parametrize("marker", ["Traceback (most recent call last)", "exited with errors"])
def test_no_page_shows_an_error(site: Path, marker: str) -> None:
    broken = [page.relative_to(site).as_posix() for page in html_pages(site)
              if marker in soup(page).get_text()]
    assert not broken, f"pages showing {marker!r}: {broken}"


def test_the_url_checks_catch_off_site_loads(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<html><head><script src="https://cdn.example/k.js"></script>'
                    '<link rel="stylesheet" href="../a.css"><style>@import "//fonts.example/f";'
                    '</style></head><body><img srcset="x.png 1x, https://i.example/y.png 2x">'
                    '<div style="background: url(data:image/png;base64,AA)"></div></body></html>')
    urls = fetched_urls(page)
    assert urls == ["https://cdn.example/k.js", "../a.css", "x.png", "https://i.example/y.png",
                    "//fonts.example/f", "data:image/png;base64,AA"]
    outside = []
    for url in urls:
        try:
            local_target(tmp_path, url, tmp_path)
        except AssertionError:
            outside.append(url)
    assert outside == ["https://cdn.example/k.js", "https://i.example/y.png", "//fonts.example/f"]


def toc_links(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(label, href) of every entry of the page's table of contents (Material's secondary nav)."""
    return [(link.get_text(" ", strip=True), link["href"])
            for nav in page.select("nav.md-nav--secondary")
            for link in nav.select("a.md-nav__link[href]")]


def test_every_table_of_contents_link_leads_to_an_element_of_its_page(site: Path) -> None:
    broken, checked = [], 0
    for path in html_pages(site):
        page = soup(path)
        ids = {element["id"] for element in page.find_all(id=True)}
        for label, href in toc_links(page):
            checked += 1
            if not href.startswith("#") or href[1:] not in ids:
                broken.append(f"{path.relative_to(site)}: {label!r} -> {href}")
    assert checked > 100
    assert not broken, "table-of-contents links to nothing:\n" + "\n".join(broken)


def test_every_code_block_has_a_copy_button_for_its_own_code(site: Path) -> None:
    """The buttons are in the HTML (hooks/copy_buttons.py), not added by the theme's script."""
    wrong, blocks = [], 0
    for path in html_pages(site):
        for pre in soup(path).select("article pre"):
            code = pre.find("code", recursive=False)
            if code is None:
                continue
            blocks += 1
            button = pre.select_one(":scope > nav.md-code__nav[role=none] > button.md-code__button")
            if button is None or button.get("data-clipboard-target") != f"#{code.get('id')}":
                wrong.append(f"{path.relative_to(site)}: {code.get_text()[:40]!r}")
    assert blocks > 300
    assert not wrong, f"{len(wrong)} code blocks without their copy button:\n" + "\n".join(
        wrong[:10])


def test_a_workbook_heading_with_code_keeps_its_code_in_the_table_of_contents(site: Path) -> None:
    entries = dict(toc_links(soup(site / "workbooks/02-value-engine/index.html")))
    assert entries["Task 1: backward()"] == "#task-1-backward"
    assert entries["Task 3: exp and tanh"] == "#task-3-exp-and-tanh"


WORKBOOK_CHAPTERS = {
    "01-derivatives-and-gradients": ["01-derivatives", "02-partial-derivatives", "05-chain-rule"],
    "02-value-engine": ["03-computation-graphs", "04-manual-backprop", "07-automatic-backward"],
    "03-networks-and-backprop": ["08-numpy-network", "09-backpropagation", "12-mlp"],
}


def test_the_workbooks_come_after_the_chapters_and_before_the_reference(site: Path) -> None:
    nav = soup(site / "index.html").select_one("nav.md-nav--primary")
    sections = [item.find(["label", "a"]).get_text(" ", strip=True)
                for item in nav.select(":scope > ul > li.md-nav__item--section")]
    assert sections == ["Chapters", "Workbooks", "Reference"], sections
    footer = soup(site / "workbooks/03-networks-and-backprop/index.html").select_one(
        "a.md-footer__link--next")
    assert footer is not None and footer["href"] == "../../sources/"
    after_sources = soup(site / "sources/index.html").select_one("a.md-footer__link--next")
    assert after_sources is not None and after_sources["href"] == "../reference/"


def test_the_home_page_and_each_chapter_link_the_workbooks_that_practise_them(site: Path) -> None:
    home = soup(site / "index.html").select_one("#practise-with-the-workbooks").find_next("ul")
    for workbook, chapters in WORKBOOK_CHAPTERS.items():
        item = home.find("a", href=f"workbooks/{workbook}/").find_parent("li")
        assert [a["href"] for a in item.select("a")][1:] == [f"chapters/{c}/" for c in chapters]
        for chapter in chapters:
            page = soup(site / "chapters" / chapter / "index.html")
            exercises = page.select_one("#exercises").find_next("p")
            assert exercises.find("a", href=f"../../workbooks/{workbook}/"), chapter
