"""Every chapter as a notebook and as a script, made from the page's source.

The scripts run in a fresh Python process from the project directory; the notebooks, downloaded
from the served site, run in a reader's environment outside the checkout (test_reader_env.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from hooks.chapter_notebooks import notebook_from_page, script_from_page
from hooks.downloads import setup_cell

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "docs" / "chapters").glob("[0-9][0-9]-*.md"))
IDS = [path.stem for path in CHAPTERS]


def notebook(path: Path) -> nbformat.NotebookNode:
    return notebook_from_page(path.read_text(encoding="utf-8"), path.stem)


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_the_shown_code_runs_as_one_script(path: Path, tmp_path: Path) -> None:
    script = tmp_path / f"{path.stem}.py"
    script.write_text(script_from_page(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True,
                            text=True, timeout=600,
                            env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_the_notebook_is_the_page_without_its_plumbing(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    book = notebook(path)
    nbformat.validate(book)
    assert nbformat.writes(book) == nbformat.writes(notebook(path))  # same page, same bytes
    ids = [cell.id for cell in book.cells]
    assert ids == [f"{path.stem}-{i:03d}" for i in range(len(ids))]
    assert book.cells[0].cell_type == "markdown" and book.cells[0].source.startswith("# ")
    first_code = next(cell for cell in book.cells if cell.cell_type == "code")
    assert first_code.source.startswith("# Set-up: install chainrule from the notes' site")
    sources = "\n".join(cell.source for cell in book.cells)
    assert "markdown-exec" not in sources and 'exec="on"' not in sources
    assert "\n!!! " not in sources and "\n??? " not in sources and "\n=== " not in sources
    if "# markdown-exec: hide" in text:
        assert "display(HTML(svg))" in sources
    links = re.findall(r"\]\(([^)\s]+)\)", sources)
    assert links and all(link.startswith(("http://", "https://")) for link in links), links


def test_hidden_checks_are_left_out_and_figures_displayed() -> None:
    page = '''# 9. A page

Some prose with a [link](07-automatic-backward.md#topological-sort).

```python exec="on" session="x" id="a" source="above" result="text"
x = 2
print(x)
```

```python exec="on" session="x" id="check"
assert x == 2
```

!!! note "Why"
    Because.

??? success "Solution"

    ```python exec="on" session="x" id="fig" source="above" html="on"
    svg = "<svg></svg>"
    print(svg)  # markdown-exec: hide
    ```
'''
    book = notebook_from_page(page, "09-a-page", "https://example.org/notes/")
    assert [(cell.cell_type, cell.source) for cell in book.cells] == [
        ("markdown", "# 9. A page\n\nSome prose with a [link](https://example.org/notes/"
                     "chapters/07-automatic-backward/#topological-sort)."),
        ("code", setup_cell("https://example.org/notes/", 'x = 2\nprint(x)\nsvg = "<svg></svg>"\n'
                            "display(HTML(svg))")),
        ("code", "from IPython.display import HTML, display"),
        ("code", "x = 2\nprint(x)"),
        ("markdown", "**Why**\nBecause.\n\n**Solution**"),
        ("code", 'svg = "<svg></svg>"\ndisplay(HTML(svg))'),
    ]
    assert script_from_page(page) == 'x = 2\nprint(x)\n\nsvg = "<svg></svg>"\n'


def test_the_site_offers_each_chapter_notebook_for_download(site: Path, site_url: str) -> None:
    for path in CHAPTERS:
        built = site / "chapters" / f"{path.stem}.ipynb"
        expected = notebook_from_page(path.read_text(encoding="utf-8"), path.stem, site_url)
        assert built.read_text(encoding="utf-8") == nbformat.writes(expected) + "\n"
        assert site_url in built.read_text(encoding="utf-8")
        html = (site / "chapters" / path.stem / "index.html").read_text(encoding="utf-8")
        assert f'href="../{path.stem}.ipynb"' in html and f'download="{path.stem}.ipynb"' in html
        assert 'href="../../run-it-yourself/"' in html
