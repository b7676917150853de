"""MkDocs hook: render every page's maths at build time with the pinned KaTeX, so no maths
script runs in the reader's browser and nothing moves when a page opens.

pymdownx.arithmatex (generic mode) leaves ``<span class="arithmatex">\\(...\\)</span>`` and
``<div class="arithmatex">\\[...\\]</div>``; the workbooks (mkdocs-jupyter) keep the ``$...$``
and ``$$...$$`` of their Markdown cells. All of a page's formulas go to one ``node`` process
(hooks/katex_render.js, KaTeX from node_modules) and come back as MathML, which the browser draws
with its own maths font: no KaTeX stylesheet, font or script reaches the reader, and a formula is
a handful of DOM nodes. A formula KaTeX cannot render fails the build, naming it.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

RENDERER = Path(__file__).resolve().parent / "katex_render.js"

_ARITHMATEX = re.compile(
    r'<(span|div) class="arithmatex">\s*(\\\(|\\\[)(.*?)(\\\)|\\\])\s*</\1>', re.DOTALL
)
# Notebook Markdown: $$...$$ and $...$, outside tags and outside code, styles and scripts.
_SKIP = re.compile(r"(<(style|script|pre|code|textarea)\b.*?</\2>|<[^>]*>)", re.DOTALL)
_DOLLARS = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)", re.DOTALL)


# An inline formula and the punctuation right after it, which the browser would otherwise let a
# line break separate (a formula is one box): "with $b = 3$, $d = 10$:" must not start a line
# with the comma.
_PUNCTUATED = re.compile(
    r'(<span class="arithmatex"><span class="katex"><math(?![^>]*display="block")[^>]*>'
    r"(?:(?!</math>).)*</math></span></span>)([,.;:!?)]+)", re.DOTALL
)


class MathError(RuntimeError):
    pass


def render(formulas: list[tuple[str, bool]]) -> list[str]:
    """KaTeX MathML for each (tex, display) pair, in one node process."""
    if not formulas:
        return []
    node = shutil.which("node")
    if node is None:
        raise MathError("rendering the maths needs Node.js (`node`) and `npm ci` (scripts/setup)")
    result = subprocess.run([node, str(RENDERER)], input=json.dumps(formulas), text=True,
                            capture_output=True, check=False)
    if result.returncode != 0:
        raise MathError(result.stderr.strip() or f"{RENDERER.name} exited {result.returncode}")
    return json.loads(result.stdout)


def render_arithmatex(content: str) -> str:
    matches = list(_ARITHMATEX.finditer(content))
    rendered = iter(render([(html.unescape(m.group(3)), m.group(2) == "\\[") for m in matches]))
    return _ARITHMATEX.sub(
        lambda m: f'<{m.group(1)} class="arithmatex">{next(rendered)}</{m.group(1)}>', content)


def render_dollars(content: str) -> str:
    """Render $$...$$ and $...$ in the text of `content` (not in tags, code, styles, scripts)."""
    pieces = _SKIP.split(content)
    # split() with two groups yields: text, whole match, tag name, text, ...
    texts = pieces[0::3]
    found = [(i, m) for i, text in enumerate(texts) for m in _DOLLARS.finditer(text)]
    rendered = iter(render([(html.unescape(m.group(1) or m.group(2)), m.group(1) is not None)
                            for _, m in found]))

    def replace(m: re.Match[str]) -> str:  # a span even for display maths: it may sit in a <p>
        return f'<span class="arithmatex">{next(rendered)}</span>'

    out = []
    for index in range(0, len(pieces), 3):
        out.append(_DOLLARS.sub(replace, pieces[index]))
        if index + 1 < len(pieces):
            out.append(pieces[index + 1])
    return "".join(out)


def keep_punctuation(content: str) -> str:
    """Wrap each inline formula with the punctuation that follows it in one unbreakable span.

    >>> keep_punctuation('<span class="arithmatex"><span class="katex"><math><mi>b</mi></math>'
    ...                  '</span></span>, and')
    '<span class="math-nowrap"><span class="arithmatex"><span class="katex"><math><mi>b</mi>\
</math></span></span>,</span> and'
    """
    return _PUNCTUATED.sub(r'<span class="math-nowrap">\1\2</span>', content)


def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        if page.file.src_uri.endswith(".ipynb"):
            return keep_punctuation(render_dollars(content))
        return keep_punctuation(render_arithmatex(content))
    except MathError as error:
        raise MathError(f"{page.file.src_uri}: {error}") from None
