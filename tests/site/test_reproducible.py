"""Two builds of the same tree are byte-identical, whatever Python's hash seed."""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.site.builds import build_site, differing_files


def first_difference(first: Path, second: Path) -> str:
    a = first.read_text(encoding="utf-8", errors="replace").splitlines()
    b = second.read_text(encoding="utf-8", errors="replace").splitlines()
    diff = difflib.unified_diff(a, b, str(first), str(second), n=0, lineterm="")
    return "\n".join(line[:300] for line in list(diff)[:12])


def test_a_second_build_is_byte_identical(site: Path, site_url: str, tmp_path: Path) -> None:
    second = build_site(tmp_path / "second", PYTHONHASHSEED="12345", SITE_URL=site_url)
    assert second.returncode == 0, second.log[-4000:]
    differing = differing_files(site, second.site)
    assert not differing, (f"{len(differing)} files differ, first {differing[0]}:\n"
                           + first_difference(site / differing[0], second.site / differing[0]))
    assert (site / "sitemap.xml.gz").read_bytes() == (second.site / "sitemap.xml.gz").read_bytes()
