"""MkDocs hook: the workbook pages share one small stylesheet, not 600 KB of inline CSS each.

nbconvert's template, which mkdocs-jupyter renders every workbook with, puts JupyterLab's whole
stylesheet (and a Pygments theme) into ``<style>`` elements in the page body: the same 595 KB in
every workbook page, downloaded and parsed again on each. This hook takes those ``<style>``
elements out of each notebook page, keeps each distinct one once, in order, in
``stylesheets/jupyter.css`` (written into the site), and links that file from the notebook
pages' ``<head>`` instead, where the browser caches it across the workbooks.

Most of JupyterLab's stylesheet styles the JupyterLab application (menus, panels, widgets), not
a notebook exported to HTML, so the file keeps only the rules that can match an element of some
workbook page (`used_rules`): about a tenth of it, which a phone downloads and parses before it
can show the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import soupsieve
import tinycss2  # type: ignore[import-untyped]
from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

STYLESHEET = "stylesheets/jupyter.css"
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL)

_blocks: dict[str, None] = {}  # every distinct block, in first-seen order
_pages: list[str] = []  # the notebook pages' HTML, for used_rules

# Pseudo-classes and pseudo-elements that depend on the reader (hover, focus, ...) or style part
# of an element: a rule is kept if its selector matches some element with them removed.
_STATEFUL = re.compile(
    r"::?(?:-[a-z]+-)?(?:hover|focus|focus-visible|focus-within|active|visited|link|checked|"
    r"disabled|enabled|placeholder(?:-shown)?|selection|before|after|first-letter|first-line|"
    r"marker|backdrop|scrollbar[a-z-]*|resizer|autofill|target|indeterminate|invalid|valid|"
    r"read-only|read-write|focusring|inner-spin-button|outer-spin-button|"
    r"search-cancel-button|file-upload-button)\b(?!\()"
)
# Attributes that scripts set after the page loads (Material's `data-md-color-scheme` on <body>,
# the scroll-region marks of accessibility.js): a selector that needs one may still match.
_SCRIPTED = re.compile(r"\[\s*data-[\w-]+\s*(?:[~|^$*]?=[^\]]*)?\]")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")  # whose values may hold dots: [href$=".pdf"]
_ARGUMENTS = re.compile(r"\((?:[^()]|\([^()]*\))*\)")  # :not(...), :is(...), nested once


def used_rules(css: str, pages: Iterable[str]) -> str:
    """`css` without the rules whose selectors match no element of any of `pages`.

    A selector matches if it does once pseudo-classes of state (`:hover`), pseudo-elements
    (`::before`) and `data-*` attribute conditions, which scripts change, are taken out.
    At-rules that hold rules (@media, @supports) are pruned inside and dropped when empty;
    other at-rules (@font-face, @keyframes, ...) are kept. A selector this cannot read is kept.

    >>> used_rules(".a { color: red } .b { color: blue } @media print { .b { color: red } }",
    ...            ['<p class="a">x</p>'])
    '.a { color: red }'
    """
    documents = [BeautifulSoup(page, "html.parser") for page in pages]
    classes = {
        name
        for document in documents
        for tag in document.find_all(class_=True)
        for name in tag["class"]
    }

    def matches(selector: str) -> bool:
        selector = _SCRIPTED.sub("", _STATEFUL.sub("", selector)).strip() or "*"
        required = _CLASS.findall(_ATTRIBUTE.sub("", _ARGUMENTS.sub("", selector)))
        if not set(required) <= classes:
            return False  # it needs a class that no page has
        try:
            return any(soupsieve.select_one(selector, document) for document in documents)
        except (soupsieve.SelectorSyntaxError, NotImplementedError, ValueError):
            return True

    def prune(rules: list) -> list[str]:
        kept = []
        for rule in rules:
            if rule.type == "qualified-rule":
                selectors = _split_selectors(tinycss2.serialize(rule.prelude))
                if any(matches(selector) for selector in selectors):
                    kept.append(rule.serialize())
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports"):
                inner = prune(tinycss2.parse_rule_list(rule.content or [], True, True))
                if inner:
                    prelude = tinycss2.serialize(rule.prelude).strip()
                    kept.append(f"@{rule.at_keyword} {prelude} {{\n" + "\n".join(inner) + "\n}")
            elif rule.type == "at-rule":
                kept.append(rule.serialize())
        return kept

    return "\n".join(prune(tinycss2.parse_stylesheet(css, True, True)))


def _split_selectors(selector_list: str) -> list[str]:
    """Split a selector list at its top-level commas (not those inside :is(...) and the like)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(selector_list):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(selector_list[start:index])
            start = index + 1
    parts.append(selector_list[start:])
    return [part.strip() for part in parts if part.strip()]


def on_pre_build(config: MkDocsConfig) -> None:
    _blocks.clear()
    _pages.clear()


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return html

    def take(match: re.Match[str]) -> str:
        _blocks.setdefault(match.group(1).strip(), None)
        return ""

    return _STYLE.sub(take, html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    _pages.append(output)
    href = get_relative_url(STYLESHEET, page.url)
    return output.replace("</head>", f'<link rel="stylesheet" href="{href}">\n</head>', 1)


def on_post_build(config: MkDocsConfig) -> None:
    if _blocks:
        path = Path(config["site_dir"]) / STYLESHEET
        path.parent.mkdir(parents=True, exist_ok=True)
        css = used_rules("\n".join(_blocks), _pages)
        path.write_text(css + "\n", encoding="utf-8")
