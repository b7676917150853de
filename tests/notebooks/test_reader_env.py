"""Every notebook the site offers, downloaded from the served site, runs in a reader's Python.

The reader's environment (tests/notebooks/reader_env.py) lives outside the checkout and has no
chainrule: it gets chainrule the way the site tells a reader to, from the served wheel. Each
notebook starts without chainrule, so its own first cell must install it, and runs top to bottom
with nbclient in an empty folder of its own.
"""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup

from hooks.distribution import WHEEL
from tests.notebooks.reader_env import CACHE, reader_python, run, run_notebook

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "docs/chapters").glob("[0-9]*.md"))
WORKBOOKS = sorted((ROOT / "docs/workbooks").glob("*.ipynb"))
PAGES = [f"chapters/{p.stem}/" for p in CHAPTERS] + [f"workbooks/{p.stem}/" for p in WORKBOOKS]
IMPORTS_CHAINRULE = "import chainrule; print(chainrule.__file__)"


def fetch(url: str) -> bytes:
    with urlopen(url, timeout=60) as response:
        return response.read()


def notebook_link(page_url: str) -> str:
    """The absolute URL of the notebook a page offers for download (its link with `download`)."""
    html = BeautifulSoup(fetch(page_url), "html.parser")
    links = [a["href"] for a in html.select("article a[download][href]")
             if a["href"].endswith(".ipynb")]
    assert len(links) == 1, f"{page_url} links {len(links)} notebooks for download, not 1"
    return urljoin(page_url, links[0])


@pytest.fixture(scope="module")
def reader(served_site: str) -> Iterator[Path]:
    """The reader's python, with no chainrule installed, for this test run alone."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / "reader-env.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test run waits: the tests uninstall chainrule
        python = reader_python()
        run(python, "-m", "pip", "uninstall", "--yes", "--quiet", "chainrule", cwd=python.parent)
        assert run(python, "-c", IMPORTS_CHAINRULE, cwd=python.parent).returncode != 0
        yield python


def test_every_chapter_and_workbook_page_offers_its_notebook(served_site: str) -> None:
    for page in PAGES:
        stem = page.rstrip("/").rsplit("/", 1)[1]
        url = notebook_link(served_site + page)
        assert url.endswith(f"/{stem}.ipynb"), url
        assert fetch(url).startswith(b"{"), url
        html = fetch(served_site + page).decode()
        assert "Run the code yourself" in html, page


def test_the_set_up_cell_installs_chainrule_from_the_site_only_when_missing(
    reader: Path, served_site: str, tmp_path: Path
) -> None:
    book = fetch(notebook_link(served_site + PAGES[0])).decode()
    (tmp_path / "setup-only.ipynb").write_text(_only_first_code_cell(book), encoding="utf-8")
    first = run_notebook(reader, tmp_path / "setup-only.ipynb")
    assert first["ok"], first
    where = run(reader, "-c", IMPORTS_CHAINRULE, cwd=tmp_path)
    assert where.returncode == 0 and str(reader.parent.parent) in where.stdout, where.stderr
    again = run_notebook(reader, tmp_path / "setup-only.ipynb")  # installed: it does nothing
    assert again["ok"] and again["outputs"] == 0, again


def _only_first_code_cell(text: str) -> str:
    import nbformat

    book = nbformat.reads(text, as_version=4)
    first = next(cell for cell in book.cells if cell.cell_type == "code")
    book.cells = [first]
    return nbformat.writes(book)


def test_the_install_line_the_site_shows_installs_the_served_wheel(
    reader: Path, served_site: str, tmp_path: Path
) -> None:
    html = BeautifulSoup(fetch(served_site + "run-it-yourself/"), "html.parser")
    lines = [code.get_text().strip() for code in html.select("pre code")
             if code.get_text().startswith("pip install ")]
    assert lines == [f"pip install {served_site}dist/{WHEEL}"]
    run(reader, "-m", "pip", "uninstall", "--yes", "--quiet", "chainrule", cwd=tmp_path)
    target = lines[0].removeprefix("pip install ")
    installed = run(reader, "-m", "pip", "install", "--quiet", "--no-deps", target, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-2000:]
    version = run(reader, "-c", "import chainrule; print(chainrule.__version__)", cwd=tmp_path)
    assert version.stdout.strip() == re.search(r"-(\d+\.\d+\.\d+)-", WHEEL)[1], version.stderr


@pytest.mark.parametrize("page", PAGES)
def test_the_notebook_runs_top_to_bottom_in_an_empty_folder(
    reader: Path, served_site: str, page: str, tmp_path: Path
) -> None:
    url = notebook_link(served_site + page)
    notebook = tmp_path / url.rsplit("/", 1)[1]
    notebook.write_bytes(fetch(url))
    run(reader, "-m", "pip", "uninstall", "--yes", "--quiet", "chainrule", cwd=tmp_path)
    report = run_notebook(reader, notebook)  # its first cell installs chainrule again
    assert report["ok"], (f"{notebook.name}: cell {report['cell']} failed with "
                          f"{report['error']}\n{report['source']}")
    assert report["outputs"] > 0  # it showed something
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p != notebook)
    assert not [name for name in leftovers if name.endswith(".py")], leftovers
