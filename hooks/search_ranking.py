"""MkDocs hook: the chapter that teaches a concept comes before the Reference in search results.

Material's search adds a trailing wildcard to every query term, so "chain" also matches the
package name "chainrule" on every Reference page, and a docstring that names a function
("sigmoid") outranks the chapter that explains it. The Reference stays in the index (readers
look functions up by name), with a lower document boost; the chapters get a higher one. Set
here rather than in each page's front matter because the Reference pages are generated
(hooks/reference_pages.py) and every chapter gets the same weight.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

BOOST = {"chapters/": 2.0, "workbooks/": 1.0, "reference/": 0.01}
"""Document boost by the page's folder under docs/ (Material's `search.boost`)."""


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for folder, boost in BOOST.items():
        if page.file.src_uri.startswith(folder):
            search = page.meta.setdefault("search", {})
            search.setdefault("boost", boost)  # a page's own front matter wins
    return markdown
