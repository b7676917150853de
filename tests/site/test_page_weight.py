"""What a page makes a phone download: the workbooks share one stylesheet (hooks/notebook_styles.py)
with the rules they use, instead of each inlining JupyterLab's ~600 KB of CSS."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


def test_workbook_pages_link_one_shared_stylesheet(site: Path) -> None:
    workbooks = sorted((site / "workbooks").glob("*/index.html"))
    assert len(workbooks) == 3
    shared = site / "stylesheets" / "jupyter.css"
    css = shared.read_text(encoding="utf-8")
    # only the rules a workbook page can use: nbconvert's template brings 595 KB of them
    assert 20_000 < len(css) < 80_000, len(css)
    for rule in (".jupyter-wrapper .jp-InputPrompt", "[data-md-color-scheme=slate] .jupyter-"):
        assert rule in css, rule
    assert ".jupyter-wrapper .jp-FileBrowser" not in css  # JupyterLab's file browser
    for page in workbooks:
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        inline = sum(len(style.get_text()) for style in document.find_all("style"))
        assert inline == 0, f"{page.relative_to(site)} inlines {inline} bytes of CSS"
        links = [link["href"] for link in document.head.find_all("link", rel="stylesheet")]
        assert "../../stylesheets/jupyter.css" in links, links
        assert page.stat().st_size < 200_000, f"{page.relative_to(site)}: {page.stat().st_size} B"
