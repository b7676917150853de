"""A reader's Python, outside the checkout: what a student who has only the site works in.

`reader_python` makes (once, then reuses) a virtual environment under the user's cache folder
with the packages a reader has before following the site's instructions: NumPy, matplotlib,
Jupyter's kernel and client, the Python binding of Graphviz and PyTorch (CPU), at the versions
pinned in requirements.txt, but no chainrule and no path into the repository. Its name is a hash
of those pins and the Python version, so a change of pins makes a new one.

`run_notebook` executes a notebook there with nbclient, in a folder of its own, and returns the
failure (notebook, cell, error) or None.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READER_PACKAGES = ("numpy", "matplotlib", "ipykernel", "nbclient", "graphviz", "torch")
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "chainrule"

# Runs inside the reader's Python: execute one notebook, print a JSON report on the last line.
RUNNER = r'''
import json, sys, time
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

path = sys.argv[1]
book = nbformat.read(path, as_version=4)
started = time.perf_counter()
report = {"ok": True}
try:
    NotebookClient(book, timeout=600, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": "."}}).execute()
except CellExecutionError as error:
    failed = next((i for i, cell in enumerate(book.cells) if cell.cell_type == "code"
                   and any(o.get("output_type") == "error" for o in cell.get("outputs", []))), None)
    report = {"ok": False, "cell": failed,
              "source": book.cells[failed].source[:400] if failed is not None else "",
              "error": f"{error.ename}: {error.evalue}"}
report["seconds"] = round(time.perf_counter() - started, 1)
report["outputs"] = sum(len(cell.get("outputs", []))
                        for cell in book.cells if cell.cell_type == "code")
print(json.dumps(report))
'''


def pins() -> list[str]:
    """The reader's packages as pinned in requirements.txt, e.g. ['numpy==2.4.6', ...]."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    found = {line.split("==")[0].lower(): line.strip() for line in lines if "==" in line}
    return [found[name] for name in READER_PACKAGES]


def reader_python() -> Path:
    """The python of the reader's environment, made on first use and reused after."""
    requirements = pins()
    key = hashlib.sha256("\n".join([sys.version, *requirements]).encode()).hexdigest()[:16]
    env = CACHE / f"reader-env-{key}"
    python = env / "bin" / "python"
    done = env / ".complete"
    if not done.exists():
        shutil.rmtree(env, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", *requirements],
                       check=True, cwd=CACHE, env=clean_env(env))
        done.write_text("\n".join(requirements) + "\n")
    return python


def clean_env(env: Path) -> dict[str, str]:
    """Environment variables of a reader's shell: their own Python first, nothing of ours."""
    keep = {key: value for key, value in os.environ.items()
            if key in ("HOME", "LANG", "LC_ALL", "TMPDIR", "PIP_CONSTRAINT", "PIP_CONFIG_FILE")}
    return {**keep, "PATH": f"{env / 'bin'}:/usr/local/bin:/usr/bin:/bin", "MPLBACKEND": "Agg",
            "VIRTUAL_ENV": str(env), "PYTHONNOUSERSITE": "1"}


def run(python: Path, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the reader's `python` with `arguments` in `cwd`."""
    return subprocess.run([str(python), *arguments], cwd=cwd, env=clean_env(python.parent.parent),
                          capture_output=True, text=True, check=False, timeout=1800)


def run_notebook(python: Path, notebook: Path) -> dict:
    """Execute `notebook` (in its own folder) in the reader's Python; return the runner's report."""
    result = run(python, "-c", RUNNER, notebook.name, cwd=notebook.parent)
    if result.returncode != 0 or not result.stdout.strip():
        return {"ok": False, "cell": None, "source": "",
                "error": f"the runner failed: {result.stderr[-2000:]}"}
    return json.loads(result.stdout.strip().splitlines()[-1])
