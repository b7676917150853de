"""MkDocs hook: the workbook pages share one stylesheet instead of inlining ~600 KB of CSS each.

nbconvert's template, which mkdocs-jupyter renders every workbook with, puts JupyterLab's whole
stylesheet (and a Pygments theme) into ``<style>`` elements in the page body: the same 595 KB in
every workbook page, downloaded and parsed again on each. This hook takes those ``<style>``
elements out of each notebook page, keeps each distinct one once, in order, in
``stylesheets/jupyter.css`` (written into the site), and links that file from the notebook
pages' ``<head>`` instead, where the browser caches it across the workbooks.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

STYLESHEET = "stylesheets/jupyter.css"
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL)

_blocks: dict[str, None] = {}  # every distinct block, in first-seen order


def on_pre_build(config: MkDocsConfig) -> None:
    _blocks.clear()


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
    href = get_relative_url(STYLESHEET, page.url)
    return output.replace("</head>", f'<link rel="stylesheet" href="{href}">\n</head>', 1)


def on_post_build(config: MkDocsConfig) -> None:
    if _blocks:
        path = Path(config["site_dir"]) / STYLESHEET
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(_blocks) + "\n", encoding="utf-8")
