"""MkDocs hook: what the theme's HTML and the inline figures need for every reader and device.

- Figures: every inline ``<svg role="img">`` goes into a ``<div class="figure-scroll">`` and gets a
  ``min-width`` at which its smallest text is 8.25 CSS px (Graphviz's ``font-size`` attributes,
  or matplotlib's glyph scales: it draws text as paths). The figure still shrinks to the column
  down to that width; below it the box scrolls sideways (docs/javascripts/accessibility.js makes
  it focusable and shows a hint), so no text on a 390 px phone is drawn under 8 px.
- The search dialog gets an accessible name (Material leaves ``role="dialog"`` unnamed).
- A navigation section whose toggle label is only an icon (navigation.indexes) is named by its
  title, so no two navigation landmarks share an empty name.

Everything is a pure function of the page's HTML, so builds stay byte-identical.
"""

from __future__ import annotations

import math
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

SMALLEST_TEXT_PX = 8.25
"""The smallest text a figure may show, in CSS px (the tests fail under 8)."""

_FIGURE = re.compile(r'<svg\b[^>]*\brole="img"[^>]*>.*?</svg>', re.DOTALL)
_WIDTH = re.compile(r'\bwidth="([\d.]+)(pt|px)?"')
_VIEWBOX = re.compile(r'\bviewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"')
_FONT_SIZE = re.compile(r'\bfont-size="([\d.]+)(?:px)?"')
# matplotlib (svg.fonttype "path") draws text as glyphs at 100 units to the em, scaled by the
# font size / 100 and flipped: <g transform="translate(x y) scale(0.1 -0.1)"> for 10 pt.
_GLYPH_SCALE = re.compile(r'<g transform="[^"]*\bscale\(([\d.]+) -[\d.]+\)"')
# Its maths text (sub- and superscripts) scales single glyphs further: <use ... scale(0.7)"/>.
_USE_SCALE = re.compile(r'<use\b[^>]*\btransform="[^"]*\bscale\(([\d.]+)\)"')
GLYPH_EM = 100.0
_STYLE = re.compile(r'\bstyle="')
_SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'
_NAV = re.compile(
    r'(<nav class="md-nav" data-md-level="\d+") aria-labelledby="__nav_[\d_]+_label"'
    r'( aria-expanded="\w+">\s*<label class="md-nav__title" for="__nav_[\d_]+">\s*'
    r'<span class="md-nav__icon md-icon"></span>\s*)([^<]*?\S)(\s*</label>)'
)


def figure_min_width(svg: str) -> int | None:
    """The width in CSS px at which the smallest text of `svg` is SMALLEST_TEXT_PX, if it has text.

    >>> figure_min_width('<svg width="300pt" viewBox="0 0 300 100"><text font-size="11.00">a'
    ...                  '</text><text font-size="8.00">b</text></svg>')
    310
    >>> figure_min_width('<svg width="300pt" viewBox="0 0 300 100"><g id="text_1">'
    ...                  '<g transform="translate(5 9) scale(0.08 -0.08)"><use/></g></g></svg>')
    310
    >>> figure_min_width('<svg width="300pt" viewBox="0 0 300 100"><g transform="scale(0.1 -0.1)">'
    ...                  '<use transform="translate(9 9) scale(0.5)"/></g></svg>')
    495
    >>> figure_min_width('<svg width="300pt" viewBox="0 0 300 100"><path/></svg>') is None
    True
    """
    root = svg[: svg.index(">")]
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    glyphs = [GLYPH_EM * float(scale) for scale in _GLYPH_SCALE.findall(svg)]
    if glyphs:  # the smallest glyph scale is counted against the smallest text, to be safe
        sizes.append(min(glyphs) * min([1.0] + [float(s) for s in _USE_SCALE.findall(svg)]))
    viewbox = _VIEWBOX.search(root)
    if not sizes or not viewbox or not _WIDTH.search(root):
        return None
    return math.ceil(SMALLEST_TEXT_PX * float(viewbox.group(1)) / min(sizes))


def wrap_figure(match: re.Match[str]) -> str:
    svg = match.group(0)
    width = figure_min_width(svg)
    if width is not None:
        opening = svg[: svg.index(">")]
        if _STYLE.search(opening):
            svg = _STYLE.sub(f'style="min-width:{width}px;', svg, count=1)
        else:
            svg = svg.replace("<svg", f'<svg style="min-width:{width}px"', 1)
    return f'<div class="figure-scroll">{svg}</div>'


def accessible_page(html: str) -> str:
    """The built page with its search dialog and navigation sections named.

    >>> accessible_page('<div class="md-search" data-md-component="search" role="dialog">')
    '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
    """
    html = html.replace(_SEARCH, _SEARCH[:-1] + ' aria-label="Search">')
    return _NAV.sub(lambda m: f'{m.group(1)} aria-label="{m.group(3)}"{m.group(2)}'
                              f'{m.group(3)}{m.group(4)}', html)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _FIGURE.sub(wrap_figure, html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return accessible_page(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return accessible_page(output) if template_name.endswith(".html") else output
