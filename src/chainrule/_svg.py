"""Turn SVG text from graphviz or matplotlib into a figure ready to inline in a page.

Both renderers write a standalone SVG document: an XML declaration, comments, metadata, renderer
titles, ids that clash when two figures share a page, and a fixed foreground colour. `finish_svg`
keeps the drawing and fixes the rest, so every figure on the site is inlined the same way.
"""

from __future__ import annotations

import hashlib
import re
from xml.sax.saxutils import escape, quoteattr

PALETTE = {
    "blue": "#2f7fe0",
    "violet": "#9b5de5",
    "green": "#1f9d55",
    "red": "#e03c3c",
    "magenta": "#d03ad8",
    "gray": "#888888",
    "grey": "#888888",
    "orange": "#e8710a",
}
"""Colours by name that contrast at least 3:1 with white and with Material's dark #1e2129."""

_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_METADATA = re.compile(r"<metadata\b.*?</metadata>", re.DOTALL)
_TITLE = re.compile(r"<title\b[^>]*>.*?</title>", re.DOTALL)
_BLANK_LINES = re.compile(r"\n\s*\n")
_ROOT = re.compile(r"<svg\b[^>]*>")
_ID = re.compile(r'\bid="([^"]*)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^)"]*)')


def finish_svg(svg: str, alt: str, ink: str) -> str:
    """Make renderer output an accessible, theme-aware SVG element for inlining in HTML.

    Drops the XML declaration, DOCTYPE, comments, metadata and the renderer's own `<title>`s;
    turns the foreground colour `ink` into `currentColor` (so lines and text follow the page's
    light or dark scheme); prefixes every id with a digest of the figure so that two figures on
    one page never share an id; gives the root `role="img"`, an `aria-label` and a `<title>`
    (both `alt`) and a style that lets it shrink to the width of the page. Shapes and text
    without a fill of their own (renderers leave black text unfilled) get `currentColor`.

    Args:
        svg: a complete SVG document as written by graphviz or matplotlib.
        alt: the text alternative, a short description of what the figure shows.
        ink: the colour (as written in `svg`, e.g. "#010203") that stands for the foreground.

    Returns:
        The `<svg>` element as text, the same bytes for the same input.

    >>> svg = finish_svg('<?xml version="1.0"?><svg width="9pt"><path stroke="#123456"/></svg>',
    ...                  alt="A line", ink="#123456")
    >>> svg[: svg.index(" style=")]
    '<svg width="9pt" role="img" aria-label="A line"'
    >>> svg[svg.index("<title>") :]
    '<title>A line</title><path stroke="currentColor"/></svg>'
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt must be a non-empty description of the figure, got {alt!r}")
    if not _ROOT.search(svg):
        raise ValueError("not an SVG document: no <svg> element found")
    body = _PROLOGUE.sub("", svg, count=1)
    for pattern in (_COMMENT, _METADATA, _TITLE):
        body = pattern.sub("", body)
    body = re.sub(re.escape(ink), "currentColor", body, flags=re.IGNORECASE)
    body = _BLANK_LINES.sub("\n", body).strip()
    body = _prefix_ids(body, alt)
    root = _ROOT.search(body)
    assert root is not None, "the edits above keep the <svg> element"
    opening = root.group(0)[:-1].rstrip()
    attributes = (
        f' role="img" aria-label={quoteattr(alt)}'
        ' style="max-width:100%;height:auto;fill:currentColor"'
    )
    return (
        body[: root.start()]
        + opening
        + attributes
        + f"><title>{escape(alt)}</title>"
        + body[root.end() :]
    )


def _prefix_ids(body: str, alt: str) -> str:
    """Prefix each id and each reference to it with a digest of the figure and its alt text.

    Links to anything else (e.g. `href="#section"` of the page) are left alone.
    """
    ids = set(_ID.findall(body))
    if not ids:
        return body
    digest = hashlib.sha256((alt + "\0" + body).encode()).hexdigest()[:8]
    prefix = f"cr{digest}-"

    def reference(match: re.Match[str]) -> str:
        target = match.group(2)
        return match.group(1) + (prefix + target if target in ids else target)

    body = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', body)
    return _REFERENCE.sub(reference, body)
