"""chainrule's wheel and sdist, published with the site: complete metadata, clean, linked."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hooks import distribution
from hooks.distribution import SDIST, WHEEL, pip_install

MODULES = {"__init__", "_operations", "_svg", "benchmarks", "check", "counting", "datasets", "draw",
           "examples", "graph", "network", "nn", "nodes", "numeric", "plots", "value"}


def metadata(site: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(site / "dist" / WHEEL) as wheel:
        text = wheel.read(f"{WHEEL.split('-py3')[0]}.dist-info/METADATA").decode()
    message = Parser().parsestr(text)
    return {key: message.get_all(key) for key in set(message.keys())}


def test_twine_accepts_both_files(site: Path) -> None:
    files = [str(site / "dist" / name) for name in (WHEEL, SDIST)]
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


def test_the_metadata_is_complete_enough_to_publish(site: Path) -> None:
    meta = metadata(site)
    assert meta["Name"] == ["chainrule"] and meta["Version"] == ["0.1.0"]
    assert meta["Requires-Python"] == [">=3.10"]
    assert meta["License-Expression"] == ["MIT"] and meta["License-File"] == ["LICENSE"]
    assert sorted(meta["Requires-Dist"]) == ["graphviz>=0.20", "matplotlib>=3.7", "numpy>=1.24"]
    assert "Programming Language :: Python :: 3.10" in meta["Classifier"]
    assert "Typing :: Typed" in meta["Classifier"]
    assert meta["Description-Content-Type"] == ["text/markdown"]


def test_the_wheel_holds_the_package_its_data_and_licence(site: Path) -> None:
    with zipfile.ZipFile(site / "dist" / WHEEL) as wheel:
        names = set(wheel.namelist())
    modules = {name.removeprefix("chainrule/").removesuffix(".py") for name in names
               if re.fullmatch(r"chainrule/[^/]+\.py", name)}
    assert modules == MODULES
    assert {"chainrule/py.typed", "chainrule/data/bench-engine.json",
            "chainrule/data/bench-network.json",
            "chainrule-0.1.0.dist-info/licenses/LICENSE"} <= names


def test_the_sdist_is_the_package_sources_in_a_stable_order(site: Path) -> None:
    with tarfile.open(site / "dist" / SDIST) as sdist:
        members = sdist.getmembers()
    names = [member.name for member in members]
    assert names == sorted(names)
    assert {"chainrule-0.1.0/LICENSE", "chainrule-0.1.0/README.md", "chainrule-0.1.0/PKG-INFO",
            "chainrule-0.1.0/pyproject.toml", "chainrule-0.1.0/src/chainrule/value.py",
            "chainrule-0.1.0/src/chainrule/data/bench-network.json"} <= set(names)
    assert not [name for name in names if "/tests/" in name or "__pycache__" in name]
    assert {(member.uid, member.gid, member.uname, member.gname) for member in members} == {
        (0, 0, "", "")}
    assert len({member.mtime for member in members}) == 1


def test_the_site_links_the_wheel_and_shows_the_install_line(site: Path, site_url: str) -> None:
    assert site_url.startswith("http://127.0.0.1:")
    for page in ("run-it-yourself/index.html", "index.html"):
        html = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        code = [block.get_text() for block in html.select("pre code")]
        assert f"{pip_install(site_url)}\n" in code, page
    html = BeautifulSoup((site / "run-it-yourself/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    links = {a["href"] for a in html.find_all("a", href=True)}
    assert {f"../dist/{WHEEL}", f"../dist/{SDIST}"} <= links


def test_under_serve_an_unchanged_package_is_built_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds = []
    monkeypatch.setattr(distribution, "build_distributions",
                        lambda: builds.append(1) or {WHEEL: b"wheel", SDIST: b"sdist"})
    monkeypatch.setenv("CHAINRULE_EXEC_CACHE", str(tmp_path))
    assert distribution.distributions() == distribution.distributions() == {
        WHEEL: b"wheel", SDIST: b"sdist"}
    assert builds == [1]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")  # another input: built again
    distribution.distributions()
    monkeypatch.delenv("CHAINRULE_EXEC_CACHE")  # a plain build never reuses
    distribution.distributions()
    assert builds == [1, 1, 1]
