"""MkDocs hook: every chapter as a Jupyter notebook, made from the page's own source.

For each page under docs/chapters/, the build adds ``chapters/NN-slug.ipynb`` to the site and a
download link under the page title. The notebook holds the prose as Markdown cells and the code
readers see as code cells, in page order:

* hidden blocks (no ``source`` option: the page's own checks) are left out;
* lines marked ``# markdown-exec: hide`` are left out, except that a figure block's hidden
  ``print(svg)`` becomes ``display(HTML(svg))`` so the notebook shows the figure too;
* admonitions, collapsible blocks and tabs become a bold title over their (dedented) content;
* the first code cell installs chainrule from the site's wheel when it is missing, and every link
  to the notes is an absolute address under ``site_url`` (hooks/downloads.py), so the notebook
  runs and links correctly wherever it is opened.

Cell ids are numbered, and the JSON is written with sorted keys, so the same page gives the same
bytes. `notebook_from_page` and `script_from_page` are what the tests run.
"""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path, PurePosixPath

import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:  # mkdocs loads hooks by file path; the shared grammar is hooks.fences
    sys.path.insert(0, ROOT)

from hooks.distribution import DEFAULT_SITE_URL  # noqa: E402
from hooks.downloads import RUN_IT_YOURSELF, absolute_links, needs, setup_cell  # noqa: E402
from hooks.fences import HIDE, executed  # noqa: E402

CHAPTERS = "chapters/"
WORKBOOKS = "workbooks/"
NEEDS_TABLE = "{{ notebook_needs }}"  # replaced by a table of every notebook and what it needs
ADMONITION = re.compile(r'^(?P<indent> *)(?:!!!|\?\?\?\+?|===)\s*(?P<kind>"[^"]*"|\S+)?'
                        r'(?:\s+"(?P<title>[^"]*)")?\s*$')
ATTR_LIST = re.compile(r"\{\s*[.#:][^}\n]*\}")
DISPLAY = "from IPython.display import HTML, display"


def _flatten(markdown: str) -> str:
    """Turn admonitions, collapsible blocks and tabs into a bold title over dedented content."""
    lines = markdown.splitlines()
    out: list[str] = []
    inside: list[int] = []  # the indents of the blocks we are in
    for line in lines:
        depth = len(line) - len(line.lstrip(" "))
        while inside and line.strip() and depth < inside[-1] + 4:
            inside.pop()
        shift = 4 * len(inside)
        line = line[shift:] if line[:shift].strip() == "" else line.lstrip(" ")
        header = ADMONITION.match(line)
        if header:
            kind = header["kind"] or ""
            title = header["title"] or (kind.strip('"') if kind.startswith('"') else kind.title())
            out.append(f"{header['indent']}**{title}**" if title else "")
            inside.append(depth)
            continue
        out.append(line)
    return "\n".join(out)


def _prose(markdown: str, src_uri: str, site_url: str) -> str:
    text = absolute_links(markdown, src_uri, site_url)
    return ATTR_LIST.sub("", _flatten(text)).strip("\n")


def _shown_code(code: str, options: dict[str, str], *, script: bool) -> str:
    lines = []
    for line in code.splitlines():
        if HIDE not in line:
            lines.append(line)
        elif not script and options.get("html", "").lower() in ("on", "1", "true", "yes"):
            shown = line.split("#", 1)[0].rstrip()
            if shown.lstrip().startswith("print(") and shown.endswith(")"):
                indent = shown[: len(shown) - len(shown.lstrip())]
                lines.append(f"{indent}display(HTML({shown.strip()[len('print('):-1]}))")
    return "\n".join(lines).strip("\n")


def _cells(markdown: str, *, script: bool, src_uri: str = "",
           site_url: str = DEFAULT_SITE_URL) -> list[tuple[str, str]]:
    """The page as ("markdown", text) and ("code", source) cells, in order, empty ones dropped."""
    cells: list[tuple[str, str]] = []
    prose, position = "", 0
    for start, end, block in executed(markdown):
        prose += markdown[position:start]
        position = end
        if "source" not in block.options:  # a hidden check: its prose neighbours join up
            continue
        cells.append(("markdown", _prose(prose, src_uri, site_url)))
        cells.append(("code", _shown_code(block.code, block.options, script=script)))
        prose = ""
    cells.append(("markdown", _prose(prose + markdown[position:], src_uri, site_url)))
    return [(kind, text) for kind, text in cells if text.strip()]


def notebook_from_page(markdown: str, stem: str,
                       site_url: str = DEFAULT_SITE_URL) -> nbformat.NotebookNode:
    """The chapter page `markdown` (file stem `stem`) as a notebook for the site at `site_url`.

    >>> page = ('# 1. Title\\n\\nSee [chapter 2](02-y.md).\\n\\n'
    ...         '```python exec="on" session="x" source="above"\\nprint(1)\\n```\\n')
    >>> book = notebook_from_page(page, "01-x", "https://example.org/")
    >>> [(cell.id, cell.cell_type) for cell in book.cells]
    [('01-x-000', 'markdown'), ('01-x-001', 'code'), ('01-x-002', 'code')]
    >>> book.cells[0].source
    '# 1. Title\\n\\nSee [chapter 2](https://example.org/chapters/02-y/).'
    >>> book.cells[1].source.startswith("# Set-up: install chainrule"), book.cells[2].source
    (True, 'print(1)')
    """
    cells = _cells(markdown, script=False, src_uri=f"{CHAPTERS}{stem}.md", site_url=site_url)
    code = "\n".join(text for kind, text in cells if kind == "code")
    first_code = next(i for i, (kind, _) in enumerate(cells) if kind == "code")
    setup = [("code", setup_cell(site_url, code))]
    if "display(HTML(" in code:
        setup.append(("code", DISPLAY))
    cells[first_code:first_code] = setup
    book = nbformat.v4.new_notebook()
    for number, (kind, text) in enumerate(cells):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        book.cells.append(make(text, id=f"{stem}-{number:03d}"))
    book.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return book


def script_from_page(markdown: str) -> str:
    """The code a reader sees on the page, block by block, as one Python script."""
    blocks = [text for kind, text in _cells(markdown, script=True) if kind == "code"]
    return "\n\n".join(blocks) + "\n"


def _is_chapter(path: str) -> bool:
    return path.startswith(CHAPTERS) and path.endswith(".md") and path.count("/") == 1


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for file in list(files):
        if _is_chapter(file.src_uri):
            stem = PurePosixPath(file.src_uri).stem
            book = notebook_from_page(file.content_string, stem,
                                      config.site_url or DEFAULT_SITE_URL)
            files.append(File.generated(config, f"{CHAPTERS}{stem}.ipynb",
                                        content=nbformat.writes(book) + "\n"))
    return files


def _needs_table(files: Files, here: str) -> str:
    """A Markdown table of every notebook the site offers and what it needs besides chainrule."""
    rows = ["| notebook | needs besides chainrule |", "|---|---|"]
    for file in sorted(files, key=lambda f: f.src_uri):
        if _is_chapter(file.src_uri):
            title = file.content_string.partition("\n")[0]
            code = script_from_page(file.content_string)
        elif file.src_uri.startswith(WORKBOOKS) and file.src_uri.endswith(".ipynb"):
            cells = nbformat.reads(file.content_string, as_version=4).cells
            title = cells[0].source.partition("\n")[0]
            code = "\n".join(cell.source for cell in cells if cell.cell_type == "code")
        else:
            continue
        link = posixpath.relpath(file.src_uri, posixpath.dirname(here))
        rows.append(f"| [{title.removeprefix('# ')}]({link}) | "
                    f"{', '.join(needs(code)) or 'nothing else'} |")
    return "\n".join(rows)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if NEEDS_TABLE in markdown:
        markdown = markdown.replace(NEEDS_TABLE, _needs_table(files, page.file.src_uri))
    if not _is_chapter(page.file.src_uri):
        return markdown
    stem = PurePosixPath(page.file.src_uri).stem
    link = (f"[Download this chapter as a notebook]({stem}.ipynb)"
            f'{{ .notebook-download download="{stem}.ipynb" }} · '
            f"[Run the code yourself](../{RUN_IT_YOURSELF.rstrip('/')}.md)")
    title, _, rest = markdown.partition("\n")
    return f"{title}\n\n{link}\n{rest}"
