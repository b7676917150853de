"""MkDocs hook: every code block's copy button, written into the page when it is built.

Material's ``content.code.copy`` adds the button to each block with script as the page loads,
and measures the block right after, so the browser lays the page out again once per block
(29 times on chapter 3 in a Chromium trace). The same markup written at build time costs
nothing on load: Material's clipboard handler serves any ``[data-clipboard-target]`` on the
page, and its stylesheet shows, hides and prints the button as before. The button's ``<nav>``
gets ``role="none"``: it holds one button, it is not a navigation landmark.

Everything is a pure function of the page's HTML, so builds stay byte-identical.
"""

from __future__ import annotations

import itertools
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

COPY_TITLE = "Copy to clipboard"
"""The button's tooltip and accessible name: Material's English text for it."""

# A block as Python-Markdown and Pygments write it: <pre ...><span></span><code ...>
_BLOCK = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?)<code\b([^>]*)>")
_ID = re.compile(r'\bid="([^"]*)"')


def with_copy_buttons(content: str) -> str:
    """`content` with a copy button before the `<code>` of every `<pre><code>` block.

    Each `<code>` without an id gets `__copy_N` (N counts the page's blocks from 1), and its
    button copies it.

    >>> print(with_copy_buttons('<pre><span></span><code>x = 1</code></pre>'))
    <pre><span></span><nav class="md-code__nav" role="none"><button class="md-code__button" \
title="Copy to clipboard" data-clipboard-target="#__copy_1" data-md-type="copy"></button></nav>\
<code id="__copy_1">x = 1</code></pre>
    >>> with_copy_buttons('<pre>no code element</pre>')
    '<pre>no code element</pre>'
    """
    numbers = itertools.count(1)

    def add_button(block: re.Match[str]) -> str:
        opening, attributes = block.group(1), block.group(2)
        existing = _ID.search(attributes)
        if existing:
            target = existing.group(1)
        else:
            target = f"__copy_{next(numbers)}"
            attributes = f' id="{target}"{attributes}'
        button = (f'<nav class="md-code__nav" role="none"><button class="md-code__button" '
                  f'title="{COPY_TITLE}" data-clipboard-target="#{target}" '
                  f'data-md-type="copy"></button></nav>')
        return f"{opening}{button}<code{attributes}>"

    return _BLOCK.sub(add_button, content)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return with_copy_buttons(html)
