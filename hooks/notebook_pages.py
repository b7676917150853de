"""MkDocs hook: the workbook pages (mkdocs-jupyter) offline, and their notebooks for download.

Each workbook page gets a download link under its title; the notebook it downloads is the
workbook with a first code cell that installs chainrule from the site when it is missing and
with absolute links (hooks/downloads.py), published next to the page as ``<stem>.ipynb``.

nbconvert's page template, which mkdocs-jupyter renders each workbook with, carries two loaders:
a MathJax ``<script src="...">`` (an empty ``src`` here, since no MathJax URL is configured) with
its configuration script, and a module script that imports Mermaid from cdnjs when a notebook
holds a diagram. Both are removed from the notebook's HTML; the site's vendored KaTeX renders
the notebooks' ``$...$`` math at build time instead (hooks/katex_maths.py).

The page's table of contents is rebuilt from the headings of that HTML. mkdocs-jupyter builds it
from a Markdown copy of the notebook with every inline code span deleted, so a heading such as
"Task 1: `backward()`" became the entry "Task 1:" linking to ``#task-1``, an id no element has
(the heading's id is ``task-1-backward``).

The automatic navigation sorts sections by path, which puts Reference before Workbooks; the
workbooks practise the chapters, so they are moved to follow them, then the Sources page, just
before the Reference.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import nbformat
from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:  # mkdocs loads hooks by file path
    sys.path.insert(0, ROOT)

from hooks.downloads import RUN_IT_YOURSELF, absolute_links, setup_cell  # noqa: E402

WORKBOOKS = "workbooks/"
SETUP_CELL_ID = "install-chainrule"


def _loads_from_elsewhere(script: Any) -> bool:
    source = script.get("src")
    if source is not None:
        parts = urlsplit(source)
        return not source.strip() or bool(parts.scheme or parts.netloc)
    return "cdnjs.cloudflare.com" in script.get_text() or "import(\"http" in script.get_text()


def offline_notebook_html(html: str) -> str:
    """Drop the scripts that would load MathJax or Mermaid from elsewhere, keep everything else.

    >>> offline_notebook_html('<p>x</p><script src=""> </script>'
    ...                       '<script type="text/x-mathjax-config">init_mathjax()</script>')
    '<p>x</p>'
    """
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        if script.get("type") == "text/x-mathjax-config" or _loads_from_elsewhere(script):
            script.decompose()
    return str(soup)


def headings_toc(html: str) -> TableOfContents:
    """The table of contents of the headings in `html` that have an id, nested by level, each
    entry named by its heading's text (without the "¶" of its anchor link).

    >>> toc = headings_toc('<h1 id="t">Title</h1><h2 id="task-1-backward">Task 1: '
    ...                    '<code>backward()</code><a class="anchor-link" href="#x">¶</a></h2>')
    >>> [(item.title, item.url, [(c.title, c.url) for c in item.children]) for item in toc]
    [('Title', '#t', [('Task 1: backward()', '#task-1-backward')])]
    """
    root: dict[str, Any] = {"level": 0, "children": []}
    stack = [root]
    for heading in BeautifulSoup(html, "html.parser").find_all(
            ["h1", "h2", "h3", "h4", "h5", "h6"]):
        if not heading.get("id"):
            continue
        for anchor in heading.find_all("a", class_="anchor-link"):
            anchor.decompose()
        level = int(heading.name[1])
        token: dict[str, Any] = {"level": level, "id": heading["id"],
                                 "name": heading.get_text().strip(), "children": []}
        while stack[-1]["level"] >= level:
            stack.pop()
        stack[-1]["children"].append(token)
        stack.append(token)
    return get_toc(root["children"])


def downloadable_workbook(text: str, src_uri: str, site_url: str) -> str:
    """The workbook notebook `text` as the site offers it: set-up cell first, links absolute."""
    book = nbformat.reads(text, as_version=4)
    code = "\n".join(cell.source for cell in book.cells if cell.cell_type == "code")
    for cell in book.cells:
        if cell.cell_type == "markdown":
            cell.source = absolute_links(cell.source, src_uri, site_url)
    first_code = next(i for i, cell in enumerate(book.cells) if cell.cell_type == "code")
    book.cells.insert(first_code, nbformat.v4.new_code_cell(setup_cell(site_url, code),
                                                            id=SETUP_CELL_ID))
    return nbformat.writes(book) + "\n"


def _download_link(html: str, stem: str) -> str:
    """`html` with the workbook's download link right after its title."""
    soup = BeautifulSoup(html, "html.parser")
    title = soup.find("h1")
    assert title is not None, f"workbook {stem} has no '# Title' cell"
    paragraph = BeautifulSoup(
        f'<p class="notebook-download"><a href="{stem}.ipynb" download="{stem}.ipynb">'
        f"Download this workbook as a notebook</a> · "
        f'<a href="../../{RUN_IT_YOURSELF}">Run the code yourself</a></p>', "html.parser")
    title.insert_after(paragraph)
    return str(soup)


def _is_workbook(src_uri: str) -> bool:
    return src_uri.startswith(WORKBOOKS) and src_uri.endswith(".ipynb")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for file in list(files):
        if _is_workbook(file.src_uri):
            stem = PurePosixPath(file.src_uri).stem
            text = downloadable_workbook(file.content_string, file.src_uri, config.site_url or "")
            files.append(File.generated(config, f"{WORKBOOKS}{stem}/{stem}.ipynb", content=text))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _is_workbook(page.file.src_uri):
        html = offline_notebook_html(html)
        page.toc = headings_toc(html)
        return _download_link(html, PurePosixPath(page.file.src_uri).stem)
    return html


def _pages(items: list[Any]) -> list[Page]:
    found: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            found.append(item)
        elif isinstance(item, Section):
            found.extend(_pages(item.children))
    return found


def _key(item: Any) -> str | None:
    """A section's title, or a page's source file (page titles are read later)."""
    if isinstance(item, Page):
        return item.file.src_uri
    return getattr(item, "title", None)


def workbooks_before_reference(nav: Navigation) -> Navigation:
    """Move the Workbooks section, then the Sources page, just before the Reference section.

    Previous/next links are relinked to the new order.
    """
    for key in ("Workbooks", "sources.md"):  # a section by title, a page by its file
        keys = [_key(item) for item in nav.items]
        if key in keys and "Reference" in keys:
            moved = nav.items.pop(keys.index(key))
            nav.items.insert([_key(i) for i in nav.items].index("Reference"), moved)
    nav.pages = _pages(nav.items)
    for before, after in zip(nav.pages, nav.pages[1:], strict=False):
        before.next_page, after.previous_page = after, before
    if nav.pages:
        nav.pages[0].previous_page = nav.pages[-1].next_page = None
    return nav


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    return workbooks_before_reference(nav)
