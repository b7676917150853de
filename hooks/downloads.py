"""What makes a notebook downloaded from the site run anywhere: a set-up cell and absolute links.

Used by hooks/chapter_notebooks.py (chapter notebooks) and hooks/notebook_pages.py (workbooks).
A downloaded notebook is opened far from the site, so its first code cell installs chainrule from
the site's wheel when it is missing, and every link to another page of the notes becomes an
absolute address under ``site_url``.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urljoin

from hooks.distribution import wheel_url

RUN_IT_YOURSELF = "run-it-yourself/"  # the page that says how to install and run the code
# A Markdown link's target, when it has no scheme: ](path#anchor) or ](#anchor).
RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|/)(?P<target>[^)\s]+)\)")
NEEDS = {
    "PyTorch": "import torch",
    "Graphviz": "chainrule.draw",
}


def needs(code: str) -> list[str]:
    """What besides chainrule and its dependencies `code` needs: "PyTorch", "Graphviz".

    >>> needs("from chainrule.draw import draw_dot\\nimport torch")
    ['PyTorch', 'Graphviz']
    """
    return [name for name, marker in NEEDS.items() if marker in code]


def setup_cell(site_url: str, code: str) -> str:
    """The first code cell of a downloaded notebook whose code cells are `code`.

    It installs chainrule from the site when it is not importable (and does nothing when it is),
    and names what else the notebook needs.

    >>> print(setup_cell("http://127.0.0.1:8000/", "import torch"))
    # Set-up: install chainrule from the notes' site if this Python does not have it yet.
    # When chainrule is installed it does nothing. More: http://127.0.0.1:8000/run-it-yourself/
    # This notebook also needs PyTorch; the CPU build is enough (the page above says how).
    import importlib
    import importlib.util
    <BLANKLINE>
    if importlib.util.find_spec("chainrule") is None:
        %pip install --quiet http://127.0.0.1:8000/dist/chainrule-0.1.0-py3-none-any.whl
        importlib.invalidate_caches()
    """
    lines = [
        "# Set-up: install chainrule from the notes' site if this Python does not have it yet.",
        "# When chainrule is installed it does nothing. "
        f"More: {urljoin(site_url, RUN_IT_YOURSELF)}",
    ]
    required = needs(code)
    if "PyTorch" in required:
        lines.append("# This notebook also needs PyTorch; the CPU build is enough (the page above "
                     "says how).")
    if "Graphviz" in required:
        lines.append("# Its drawings need Graphviz's `dot` program (`dot -V` in a terminal "
                     "checks; the page above says how to install it).")
    lines += [
        "import importlib",
        "import importlib.util",
        "",
        'if importlib.util.find_spec("chainrule") is None:',
        f"    %pip install --quiet {wheel_url(site_url)}",
        "    importlib.invalidate_caches()",
    ]
    return "\n".join(lines)


def page_url(docs_path: str) -> str:
    """The site-relative URL of the page or file at `docs_path` (directory URLs, as the site uses).

    >>> [page_url(p) for p in ("index.md", "chapters/05-chain-rule.md", "workbooks/02-x.ipynb")]
    ['', 'chapters/05-chain-rule/', 'workbooks/02-x/']
    """
    stem, extension = posixpath.splitext(docs_path)
    if extension not in (".md", ".ipynb"):
        return docs_path
    if posixpath.basename(stem) in ("index", "README"):
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""


def absolute_links(markdown: str, src_uri: str, site_url: str) -> str:
    """`markdown` (the source of the page `src_uri`) with every relative link made absolute.

    Links written as source paths (``05-chain-rule.md#x``) and as URLs relative to the page
    (``../../chapters/01-derivatives/``) both point at the published page under `site_url`.

    >>> text = "[5](05-chain-rule.md#fork) [me](#top) [py](https://python.org)"
    >>> for link in absolute_links(text, "chapters/07-x.md", "https://example.org/").split():
    ...     print(link)
    [5](https://example.org/chapters/05-chain-rule/#fork)
    [me](https://example.org/chapters/07-x/#top)
    [py](https://python.org)
    >>> absolute_links("[1](../../chapters/01-derivatives/)", "workbooks/01-w.ipynb", "http://h/")
    '[1](http://h/chapters/01-derivatives/)'
    >>> absolute_links("`layers[0](x)`", "chapters/12-mlp.md", "http://h/")
    '`layers[0](x)`'
    """
    here = urljoin(site_url, page_url(src_uri))

    def absolute(match: re.Match[str]) -> str:
        target = match["target"]
        path, hash_, anchor = target.partition("#")
        if path.endswith((".md", ".ipynb")):
            docs_path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
            return f"]({urljoin(site_url, page_url(docs_path))}{hash_}{anchor})"
        if target.startswith(("#", "./", "../")) or path.endswith("/"):
            return f"]({urljoin(here, target)})"
        return match[0]  # not a link to the site: `layers[0](x)` in prose, say

    return RELATIVE_LINK.sub(absolute, markdown)
