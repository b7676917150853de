"""MkDocs hook: publish chainrule's wheel and sdist with the site, and say how to install them.

Every build makes both from ``src/`` (in a scratch copy, so the checkout gets no ``build/`` or
``*.egg-info``) and adds them to the site under ``dist/``. They are reproducible: the wheel's
dates come from ``SOURCE_DATE_EPOCH`` and the sdist is repacked with sorted entries, one date and
no owner, so two builds give the same bytes.

Pages and notebooks that need an absolute address use `wheel_url` (from ``site_url``, which
mkdocs.yml reads from the environment variable ``SITE_URL``). In a page, the text
``{{ wheel_url }}`` and ``{{ pip_install }}`` are replaced by the wheel's address and the one
install line; `setup_cell` is the first code cell of every notebook the site offers.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
VERSION = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
                    re.MULTILINE)[1]  # tomllib is Python 3.11+, the project supports 3.10
DIST = "dist/"
WHEEL = f"chainrule-{VERSION}-py3-none-any.whl"
SDIST = f"chainrule-{VERSION}.tar.gz"
RUN_IT_YOURSELF = "run-it-yourself/"  # the page that explains installing and running
EARLIEST_ZIP_DATE = "315532800"  # 1980-01-01: used when SOURCE_DATE_EPOCH is not set
SOURCES = ("pyproject.toml", "README.md", "LICENSE")


def wheel_url(site_url: str) -> str:
    """The absolute address of the wheel published with a site at `site_url`.

    >>> wheel_url("https://example.org/notes/")
    'https://example.org/notes/dist/chainrule-0.1.0-py3-none-any.whl'
    """
    return urljoin(site_url, DIST + WHEEL)


def pip_install(site_url: str) -> str:
    """The one line that installs chainrule from the site at `site_url`.

    >>> pip_install("http://127.0.0.1:8000/")
    'pip install http://127.0.0.1:8000/dist/chainrule-0.1.0-py3-none-any.whl'
    """
    return f"pip install {wheel_url(site_url)}"


def setup_cell(site_url: str, code: str) -> str:
    """The first code cell of a downloaded notebook whose code cells are `code`.

    It installs chainrule from the site when it is not importable (and does nothing when it is),
    and names what else the notebook needs: PyTorch where it imports torch, Graphviz's `dot`
    where it draws graphs.

    >>> print(setup_cell("http://127.0.0.1:8000/", "import torch"))  # doctest: +ELLIPSIS
    # Set-up: install chainrule from the notes' site if this Python does not have it yet.
    # It does nothing when chainrule is already installed. More: http://127.0.0.1:8000/run-it-yourself/
    # This notebook also needs PyTorch; the CPU build is enough (and much smaller): https://pytorch.org/get-started/locally/
    import importlib
    import importlib.util
    <BLANKLINE>
    if importlib.util.find_spec("chainrule") is None:
        %pip install --quiet http://127.0.0.1:8000/dist/chainrule-0.1.0-py3-none-any.whl
        importlib.invalidate_caches()
    """
    lines = [
        "# Set-up: install chainrule from the notes' site if this Python does not have it yet.",
        "# It does nothing when chainrule is already installed. "
        f"More: {urljoin(site_url, RUN_IT_YOURSELF)}",
    ]
    if "import torch" in code:
        lines.append("# This notebook also needs PyTorch; the CPU build is enough (and much "
                     "smaller): https://pytorch.org/get-started/locally/")
    if "chainrule.draw" in code:
        lines.append("# Its drawings need Graphviz's `dot` program: `dot -V` in a terminal checks; "
                     "chainrule.draw says how to install it.")
    lines += [
        "import importlib",
        "import importlib.util",
        "",
        'if importlib.util.find_spec("chainrule") is None:',
        f"    %pip install --quiet {wheel_url(site_url)}",
        "    importlib.invalidate_caches()",
    ]
    return "\n".join(lines)


def _source_date_epoch() -> str:
    return os.environ.get("SOURCE_DATE_EPOCH") or EARLIEST_ZIP_DATE


def _repack_sdist(data: bytes, epoch: int) -> bytes:
    """The same sdist with sorted entries, one date, no owner and fixed modes."""
    members = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as source:
        for member in source.getmembers():
            content = source.extractfile(member).read() if member.isfile() else None
            members.append((member, content))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as zipped, \
            tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as target:
        for member, content in sorted(members, key=lambda pair: pair[0].name):
            member.mtime, member.uid, member.gid, member.uname, member.gname = epoch, 0, 0, "", ""
            member.mode = 0o755 if member.isdir() else 0o644
            member.pax_headers = {}
            target.addfile(member, io.BytesIO(content) if content is not None else None)
    return out.getvalue()


def build_distributions() -> dict[str, bytes]:
    """Build the wheel and the sdist from a scratch copy of the sources; return them by name."""
    epoch = _source_date_epoch()
    with tempfile.TemporaryDirectory(prefix="chainrule-dist-") as scratch:
        tree = Path(scratch) / "tree"
        shutil.copytree(ROOT / "src", tree / "src",
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        for name in SOURCES:
            shutil.copy2(ROOT / name, tree / name)
        out = Path(scratch) / "out"
        result = subprocess.run(
            [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(tree)],
            env={**os.environ, "SOURCE_DATE_EPOCH": epoch}, capture_output=True, text=True,
            check=False)
        if result.returncode != 0:
            raise RuntimeError(f"building chainrule's wheel failed:\n{result.stdout}"
                               f"{result.stderr}")
        built = {path.name: path.read_bytes() for path in out.iterdir()}
    if sorted(built) != sorted((WHEEL, SDIST)):
        raise RuntimeError(f"expected {WHEEL} and {SDIST}, the build made {sorted(built)}")
    built[SDIST] = _repack_sdist(built[SDIST], int(epoch))
    return built


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for name, content in build_distributions().items():
        files.append(File.generated(config, DIST + name, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site_url = config.site_url or ""
    return (markdown.replace("{{ wheel_url }}", wheel_url(site_url))
                    .replace("{{ pip_install }}", pip_install(site_url)))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.site_url:
        raise ValueError("site_url is empty: mkdocs.yml reads it from SITE_URL "
                         "(for example SITE_URL=https://example.org/notes/)")
    return config

