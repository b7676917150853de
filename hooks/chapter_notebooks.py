"""MkDocs hook: every chapter as a Jupyter notebook, made from the page's own source.

For each page under docs/chapters/, the build adds ``chapters/NN-slug.ipynb`` to the site and a
download link under the page title. The notebook holds the prose as Markdown cells and the code
readers see as code cells, in page order:

* hidden blocks (no ``source`` option: the page's own checks) are left out;
* lines marked ``# markdown-exec: hide`` are left out, except that a figure block's hidden
  ``print(svg)`` becomes ``display(HTML(svg))`` so the notebook shows the figure too;
* admonitions, collapsible blocks and tabs become a bold title over their (dedented) content, and
  links to other chapters point at their notebooks.

Cell ids are numbered, and the JSON is written with sorted keys, so the same page gives the same
bytes. `notebook_from_page` and `script_from_page` are what the tests run.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import nbformat
from mkdocs.structure.files import File, Files

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:  # mkdocs loads hooks by file path; the shared grammar is hooks.fences
    sys.path.insert(0, ROOT)

from hooks.fences import HIDE, executed  # noqa: E402

CHAPTERS = "chapters/"
ADMONITION = re.compile(r'^(?P<indent> *)(?:!!!|\?\?\?\+?|===)\s*(?P<kind>"[^"]*"|\S+)?'
                        r'(?:\s+"(?P<title>[^"]*)")?\s*$')
CHAPTER_LINK = re.compile(r"\]\((?P<stem>\d\d-[a-z0-9-]+)\.md(?P<anchor>#[^)]*)?\)")
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


def _prose(markdown: str) -> str:
    text = CHAPTER_LINK.sub(lambda m: f"]({m['stem']}.ipynb{m['anchor'] or ''})", markdown)
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


def _cells(markdown: str, *, script: bool) -> list[tuple[str, str]]:
    """The page as ("markdown", text) and ("code", source) cells, in order, empty ones dropped."""
    cells: list[tuple[str, str]] = []
    prose, position = "", 0
    for start, end, block in executed(markdown):
        prose += markdown[position:start]
        position = end
        if "source" not in block.options:  # a hidden check: its prose neighbours join up
            continue
        cells.append(("markdown", _prose(prose)))
        cells.append(("code", _shown_code(block.code, block.options, script=script)))
        prose = ""
    cells.append(("markdown", _prose(prose + markdown[position:])))
    return [(kind, text) for kind, text in cells if text.strip()]


def notebook_from_page(markdown: str, stem: str) -> nbformat.NotebookNode:
    """The chapter page `markdown` (file stem `stem`) as a notebook.

    >>> page = ('# 1. Title\\n\\nText.\\n\\n'
    ...         '```python exec="on" session="x" source="above"\\nprint(1)\\n```\\n')
    >>> [(cell.id, cell.cell_type, cell.source) for cell in notebook_from_page(page, "01-x").cells]
    [('01-x-000', 'markdown', '# 1. Title\\n\\nText.'), ('01-x-001', 'code', 'print(1)')]
    """
    cells = _cells(markdown, script=False)
    if any(kind == "code" and "display(HTML(" in text for kind, text in cells):
        first_code = next(i for i, (kind, _) in enumerate(cells) if kind == "code")
        cells.insert(first_code, ("code", DISPLAY))
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


def on_files(files: Files, config: Any) -> Files:
    for file in list(files):
        if _is_chapter(file.src_uri):
            stem = PurePosixPath(file.src_uri).stem
            book = notebook_from_page(file.content_string, stem)
            files.append(File.generated(config, f"{CHAPTERS}{stem}.ipynb",
                                        content=nbformat.writes(book) + "\n"))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if not _is_chapter(page.file.src_uri):
        return markdown
    stem = PurePosixPath(page.file.src_uri).stem
    link = (f"[Download this chapter as a notebook]({stem}.ipynb)"
            f'{{ .notebook-download download="{stem}.ipynb" }}')
    title, _, rest = markdown.partition("\n")
    return f"{title}\n\n{link}\n{rest}"
