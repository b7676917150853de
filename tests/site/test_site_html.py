"""The built site as files: nothing it loads leaves the site; every page is titled and sane."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

# Attributes through which a page makes the browser fetch something.
FETCHING = {
    "script": ["src"], "link": ["href"], "img": ["src", "srcset"], "source": ["src", "srcset"],
    "iframe": ["src"], "embed": ["src"], "object": ["data"], "video": ["src", "poster"],
    "audio": ["src"], "track": ["src"],
    "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def fetched_urls(page: Path) -> list[str]:
    """Every URL the page asks the browser to load: tags, srcsets, inline styles."""
    document, urls = soup(page), []
    for tag in document.find_all(list(FETCHING)):
        if tag.name == "link" and "alternate" in tag.get("rel", []):
            continue  # a hint for crawlers, never fetched
        for attribute in FETCHING[tag.name]:
            value = tag.get(attribute)
            if value and attribute == "srcset":
                urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif value:
                urls.append(value)
    styles = [tag.get_text() for tag in document.find_all("style")]
    styles += [tag["style"] for tag in document.find_all(style=True)]
    for style in styles:
        urls += [a or b for a, b in CSS_URL.findall(style)]
    return urls


def local_target(base: Path, url: str, site: Path) -> Path | None:
    """The file a same-site URL points to, or None for data: URLs and in-page fragments.

    Raises AssertionError for a URL with a scheme or host (it would leave the site).
    """
    parts = urlsplit(url)
    if parts.scheme == "data" or (not parts.path and parts.fragment):
        return None
    assert not parts.scheme and not parts.netloc, f"{base}: {url!r} leaves the site"
    target = (site / parts.path.lstrip("/")) if parts.path.startswith("/") else base / parts.path
    target = Path(unquote(str(target)))
    return target / "index.html" if target.is_dir() else target


def test_the_site_has_pages(site: Path) -> None:
    names = {page.relative_to(site).as_posix() for page in html_pages(site)}
    assert {"index.html", "404.html", "reference/index.html"} <= names


def test_nothing_a_page_loads_leaves_the_site_and_everything_it_loads_exists(site: Path) -> None:
    missing = []
    for page in html_pages(site):
        for url in fetched_urls(page):
            target = local_target(page.parent, url, site)
            if target is not None and not target.is_file():
                missing.append(f"{page.relative_to(site)}: {url}")
    assert not missing, "missing assets:\n" + "\n".join(missing[:20])


def test_stylesheets_load_nothing_from_elsewhere(site: Path) -> None:
    stylesheets = sorted(site.rglob("*.css"))
    assert stylesheets
    missing = []
    for stylesheet in stylesheets:
        for a, b in CSS_URL.findall(stylesheet.read_text(encoding="utf-8")):
            target = local_target(stylesheet.parent, a or b, site)
            if target is not None and not target.is_file():
                missing.append(f"{stylesheet.relative_to(site)}: {a or b}")
    assert not missing, "missing files:\n" + "\n".join(missing[:20])


def test_the_math_fonts_are_vendored_woff2(site: Path) -> None:
    css = (site / "assets/katex/katex.min.css").read_text(encoding="utf-8")
    fonts = {a for a, _ in CSS_URL.findall(css) if a}
    assert len(fonts) == 20
    assert all(font.endswith(".woff2") for font in fonts)


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
