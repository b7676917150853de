"""MkDocs hook: a Run button on every block that can run in the browser, everything served locally.

For each executed block `hooks.runnable` decides whether the reader's browser can run it. A
runnable block's HTML (its shown code and the build's output) is wrapped in
``<div class="run-block" data-run="ID">``, which ``docs/javascripts/run.js`` turns into an editor
with Run and Reset; a shown block that cannot run gets a one-line note naming what it needs.
Hidden check blocks are left alone. The files the browser needs on the first Run are copied from
``node_modules`` (installed by ``scripts/setup`` from package-lock.json) into ``assets/run/``:
Pyodide's runtime and standard library, viz.js, a wheel of the installed `graphviz` binding (pure
Python), and a lock file of our own that lists that wheel and the chainrule wheel the build
publishes under ``dist/`` (hooks/distribution.py) by hash and with no dependencies, so Pyodide
never looks for NumPy or matplotlib anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import zipfile
from html import escape
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from markdown_exec._internal import main as exec_main
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hooks.distribution import DIST, VERSION, WHEEL  # noqa: E402
from hooks.runnable import Plan, exec_blocks, plan_page  # noqa: E402

NODE_MODULES = ROOT / "node_modules"
ASSETS = "assets/run/"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
VIZ = "@viz-js/viz/dist/viz-global.js"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

_plans: dict[str, Plan] = {}
_notebook = ""  # the current page's link to its chapter notebook


def binding_wheel(name: str = "graphviz") -> tuple[str, bytes]:
    """A wheel of the installed pure-Python distribution `name`, the same bytes on every build.

    >>> filename, data = binding_wheel()
    >>> filename
    'graphviz-0.21-py3-none-any.whl'
    >>> "graphviz/__init__.py" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    True
    """
    dist = metadata.distribution(name)
    info = f"{name}-{dist.version}.dist-info/"
    skip = {info + leaf for leaf in ("INSTALLER", "REQUESTED", "RECORD", "direct_url.json")}
    files = sorted(str(f) for f in dist.files or () if str(f) not in skip
                   and not str(f).endswith(".pyc") and not str(f).startswith(".."))
    record, out = [], io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as wheel:
        for path in files:
            data = Path(str(dist.locate_file(path))).read_bytes()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{path},sha256={digest.decode()},{len(data)}")
            wheel.writestr(zipfile.ZipInfo(path, ZIP_DATE), data)
        record.append(f"{info}RECORD,,")
        wheel.writestr(zipfile.ZipInfo(info + "RECORD", ZIP_DATE), "\n".join(record) + "\n")
    return f"{name}-{dist.version}-py3-none-any.whl", out.getvalue()


def note(plan: Plan, notebook: str) -> str:
    """The one line under a block the browser cannot run.

    >>> from hooks.fences import Block
    >>> line = note(Plan(Block(1, {"id": "x"}, ""), False, ("NumPy", "matplotlib")), "../x.ipynb")
    >>> print(line[line.index("it needs"):line.index(" Run it")])
    it needs NumPy and matplotlib, which this page cannot load.
    """
    needs = " and ".join(plan.needs) or "a block that runs only in the build"
    return (f'<p class="run-note" data-run-note="{escape(plan.block.id)}">Runs only in the build: '
            f"it needs {needs}, which this page cannot load. Run it in "
            f'<a href="{escape(notebook)}">the chapter\'s notebook</a>.</p>')


def wrap(plan: Plan, html: str) -> str:
    """The block's HTML inside the element run.js gives its editor, Run and Reset."""
    attributes = f'data-run="{escape(plan.block.id)}"'
    if plan.block.options.get("html"):
        attributes += " data-run-html"
    if plan.draws:
        attributes += " data-run-draws"
    if plan.tail:
        attributes += f' data-run-tail="{escape(plan.tail)}"'
    return f'<div class="run-block" {attributes}>{html}</div>'


def _format(original: Any) -> Any:
    def format_block(**options: Any) -> Markup:
        html = original(**options)
        plan = _plans.get(options.get("id", ""))
        if plan is None or plan.hidden:
            return html
        return Markup(wrap(plan, html) if plan.runs else f"{html}{note(plan, _notebook)}")
    return format_block


def on_config(config: MkDocsConfig) -> None:
    for language in ("python", "py"):  # after hooks/exec_cache.py installed its runner
        exec_main.formatters[language] = _format(exec_main.formatters[language])


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    global _notebook
    _plans.clear()
    plans = plan_page(exec_blocks(markdown))
    _plans.update((plan.block.id, plan) for plan in plans if plan.block.id)
    stem = PurePosixPath(page.file.src_uri)
    _notebook = get_relative_url(stem.with_suffix(".ipynb").as_posix(), page.url)
    return markdown


def lock_entry(name: str, version: str, file_name: str, data: bytes) -> dict[str, Any]:
    """A pure-Python wheel as Pyodide's lock file lists it, without dependencies to fetch.

    >>> lock_entry("graphviz", "0.21", "graphviz-0.21-py3-none-any.whl", b"")["depends"]
    []
    """
    return {"name": name, "version": version, "file_name": file_name, "install_dir": "site",
            "sha256": hashlib.sha256(data).hexdigest(), "package_type": "package",
            "imports": [name], "depends": [], "unvendored_tests": False, "tool": {}}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if not (NODE_MODULES / "pyodide").is_dir():
        raise FileNotFoundError(f"{NODE_MODULES}/pyodide is missing: run scripts/setup (npm ci)")
    for name in PYODIDE_FILES:
        files.append(File.generated(config, ASSETS + name,
                                    abs_src_path=str(NODE_MODULES / "pyodide" / name)))
    files.append(File.generated(config, ASSETS + "viz-global.js",
                                abs_src_path=str(NODE_MODULES / VIZ)))
    binding, wheel = binding_wheel()
    files.append(File.generated(config, ASSETS + binding, content=wheel))
    published = files.get_file_from_path(DIST + WHEEL)  # added by hooks/distribution.py
    if published is None:
        raise FileNotFoundError(f"{DIST}{WHEEL} is not in the site: list hooks/distribution.py "
                                "before hooks/run_on_page.py in mkdocs.yml")
    packages = {
        "chainrule": lock_entry("chainrule", VERSION, get_relative_url(DIST + WHEEL, ASSETS),
                                published.content_bytes),
        "graphviz": lock_entry("graphviz", metadata.version("graphviz"), binding, wheel),
    }
    lock = json.loads((NODE_MODULES / "pyodide" / "pyodide-lock.json").read_text("utf-8"))
    own_lock = json.dumps({"info": lock["info"], "packages": packages}, indent=1, sort_keys=True)
    files.append(File.generated(config, ASSETS + "pyodide-lock.json", content=own_lock))
    return files
