"""MkDocs hook: make mkdocs-jupyter's notebook pages follow the site's offline rule.

nbconvert's page template, which mkdocs-jupyter renders each workbook with, carries two loaders:
a MathJax ``<script src="...">`` (an empty ``src`` here, since no MathJax URL is configured) with
its configuration script, and a module script that imports Mermaid from cdnjs when a notebook
holds a diagram. Both are removed from the notebook's HTML; the site's vendored KaTeX renders
the notebooks' ``$...$`` math at build time instead (hooks/katex_maths.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup


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


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        return offline_notebook_html(html)
    return html
