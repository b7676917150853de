"""Workbook notebooks (mkdocs-jupyter): executed at build time, errors fail it, nothing off-site."""

from __future__ import annotations

from pathlib import Path

import nbformat

from tests.site.builds import build_site, mini_site
from tests.site.offsite import fetched_urls, local_target


def notebook(code: str) -> str:
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_markdown_cell("# A workbook\n\nWith math, $x^2$.", id="intro"),
                  nbformat.v4.new_code_cell(code, id="task")]
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                   "language": "python"}
    return nbformat.writes(book)


def test_a_workbook_is_executed_offered_for_download_and_loads_nothing_off_site(
    tmp_path: Path,
) -> None:
    code = "print(sum(range(1, 101)))\n"
    config = mini_site(tmp_path, {"index.md": "# Home\n",
                                  "workbooks/01-sums.ipynb": notebook(code)})
    build = build_site(tmp_path / "site", config)
    assert build.returncode == 0, build.log[-3000:]
    page = tmp_path / "site" / "workbooks" / "01-sums" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "5050" in html  # the cell ran during the build
    assert ('<a download="01-sums.ipynb" href="01-sums.ipynb">Download this workbook as a '
            "notebook</a>") in html
    downloaded = nbformat.read(page.parent / "01-sums.ipynb", as_version=4)  # next to the page
    assert [cell.id for cell in downloaded.cells] == ["intro", "install-chainrule", "task"]
    assert downloaded.cells[1].source.startswith("# Set-up: install chainrule")
    install = "%pip install --quiet http://127.0.0.1:8000/dist/chainrule-0.1.0-py3-none-any.whl"
    assert install in downloaded.cells[1].source
    assert "cdnjs" not in html and "text/x-mathjax-config" not in html
    for url in fetched_urls(page):
        local_target(page.parent, url, tmp_path / "site")  # raises for an off-site URL


def test_a_failing_workbook_cell_fails_the_build(tmp_path: Path) -> None:
    config = mini_site(tmp_path, {"index.md": "# Home\n",
                                  "workbooks/01-broken.ipynb": notebook("1 / 0\n")})
    build = build_site(tmp_path / "site", config)
    assert build.returncode != 0
    assert "ZeroDivisionError" in build.log
