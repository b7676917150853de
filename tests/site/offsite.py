"""What a built page or stylesheet makes the browser load, and whether that stays on the site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# Attributes through which a page makes the browser fetch something.
FETCHING = {
    "script": ["src"], "link": ["href"], "img": ["src", "srcset"], "source": ["src", "srcset"],
    "iframe": ["src"], "embed": ["src"], "object": ["data"], "video": ["src", "poster"],
    "audio": ["src"], "track": ["src"],
    "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def fetched_urls(page: Path) -> list[str]:
    """Every URL the page asks the browser to load: tags, srcsets, inline styles."""
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    urls = []
    for tag in document.find_all(list(FETCHING)):
        if tag.name == "link" and {"alternate", "canonical"} & set(tag.get("rel", [])):
            continue  # hints for crawlers, never fetched
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


def local_target(base: Path, url: str, root: Path) -> Path | None:
    """The file a same-site URL points to, or None for data: URLs and in-page fragments.

    `base` is the folder of the file the URL is in; `root` is the folder the host serves at
    `/`: the site itself, or the folder it sits in when it is served under a sub-path (so an
    absolute link that forgets the sub-path points nowhere). Raises AssertionError for a URL
    with a scheme or host (it would leave the site).
    """
    parts = urlsplit(url)
    if parts.scheme == "data" or (not parts.path and parts.fragment):
        return None
    assert not parts.scheme and not parts.netloc, f"{base}: {url!r} leaves the site"
    target = (root / parts.path.lstrip("/")) if parts.path.startswith("/") else base / parts.path
    target = Path(unquote(str(target)))
    return target / "index.html" if target.is_dir() else target
