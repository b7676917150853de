"""What a page makes a phone download: the workbooks share one stylesheet (hooks/notebook_styles.py)
instead of each inlining JupyterLab's ~600 KB of CSS."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


def test_workbook_pages_link_one_shared_stylesheet(site: Path) -> None:
    workbooks = sorted((site / "workbooks").glob("*/index.html"))
    assert len(workbooks) == 3
    shared = site / "stylesheets" / "jupyter.css"
    assert shared.stat().st_size > 100_000  # JupyterLab's styles are all there, once
    for page in workbooks:
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        inline = sum(len(style.get_text()) for style in document.find_all("style"))
        assert inline == 0, f"{page.relative_to(site)} inlines {inline} bytes of CSS"
        links = [link["href"] for link in document.head.find_all("link", rel="stylesheet")]
        assert "../../stylesheets/jupyter.css" in links, links
        assert page.stat().st_size < 200_000, f"{page.relative_to(site)}: {page.stat().st_size} B"
