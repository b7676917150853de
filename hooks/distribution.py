"""MkDocs hook: publish chainrule's wheel and sdist with the site, and say how to install them.

Every build makes both from ``src/`` (in a scratch copy, so the checkout gets no ``build/`` or
``*.egg-info``) and adds them to the site under ``dist/``. They are reproducible: the wheel's
dates come from ``SOURCE_DATE_EPOCH`` and the sdist is repacked with sorted entries, one date and
no owner, so two builds give the same bytes. Under `scripts/serve` (``CHAINRULE_EXEC_CACHE``
set) an unchanged package is not built again on every rebuild.

Pages and notebooks that need an absolute address use `wheel_url` (from ``site_url``, which
mkdocs.yml reads from the environment variable ``SITE_URL``). In a page, the text
``{{ wheel_url }}`` and ``{{ pip_install }}`` become the wheel's address and the one install
line, ``{{ wheel }}`` and ``{{ sdist }}`` the two file names (under ``dist/``).
hooks/downloads.py writes the notebooks' set-up cell with them.
"""

from __future__ import annotations

import gzip
import hashlib
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
_VERSION = re.search(r'^version = "([^"]+)"',
                     (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.MULTILINE)
if _VERSION is None:
    raise RuntimeError("pyproject.toml has no version = \"...\" line")
VERSION = _VERSION[1]  # tomllib is Python 3.11+, the project supports 3.10
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # as in mkdocs.yml: what scripts/serve serves
DIST = "dist/"
WHEEL = f"chainrule-{VERSION}-py3-none-any.whl"
SDIST = f"chainrule-{VERSION}.tar.gz"
EARLIEST_ZIP_DATE = "315532800"  # 1980-01-01: used when SOURCE_DATE_EPOCH is not set
SOURCES = ("pyproject.toml", "README.md", "LICENSE")
CACHE_VARIABLE = "CHAINRULE_EXEC_CACHE"  # set by scripts/serve: reuse unchanged builds


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


def _source_date_epoch() -> str:
    return os.environ.get("SOURCE_DATE_EPOCH") or EARLIEST_ZIP_DATE


def _repack_sdist(data: bytes, epoch: int) -> bytes:
    """The same sdist with sorted entries, one date, no owner and fixed modes."""
    members = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as source:
        for member in source.getmembers():
            extracted = source.extractfile(member) if member.isfile() else None
            content = extracted.read() if extracted is not None else None
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


def _inputs_digest(epoch: str) -> str:
    """A hash of everything the two files are made from."""
    digest = hashlib.sha256(f"{epoch}\0{sys.version}\0".encode())
    paths = [ROOT / name for name in SOURCES]
    paths += sorted(p for p in (ROOT / "src").rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p))
    for path in paths:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def distributions() -> dict[str, bytes]:
    """The wheel and the sdist by name: built, or under `mkdocs serve` (where the execution cache
    is on) taken from that cache when their sources have not changed since the last build."""
    cache = os.environ.get(CACHE_VARIABLE)
    if not cache:
        return build_distributions()
    folder = Path(cache) / "dist" / _inputs_digest(_source_date_epoch())
    if not all((folder / name).is_file() for name in (WHEEL, SDIST)):
        built = build_distributions()
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in built.items():
            (folder / name).write_bytes(content)
    return {name: (folder / name).read_bytes() for name in (WHEEL, SDIST)}


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
    for name, content in distributions().items():
        files.append(File.generated(config, DIST + name, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site_url = config.site_url or ""
    for token, text in (("{{ wheel_url }}", wheel_url(site_url)),
                        ("{{ pip_install }}", pip_install(site_url)),
                        ("{{ wheel }}", WHEEL), ("{{ sdist }}", SDIST)):
        markdown = markdown.replace(token, text)
    return markdown


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.site_url:
        raise ValueError("site_url is empty: mkdocs.yml reads it from SITE_URL "
                         "(for example SITE_URL=https://example.org/notes/)")
    return config

