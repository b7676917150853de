"""Every page's blocks run in order in one namespace; sessions and ids follow the rules.

One test per page (its blocks run through the build's runner, see tests/pages.py): a failing block
is reported with its page, id, line and traceback without building the site.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from hooks.fences import exec_blocks
from tests.pages import DOCS, ROOT, run_page

PAGES = sorted(DOCS.rglob("*.md"))
EXECUTED = {page: exec_blocks(page.read_text(encoding="utf-8")) for page in PAGES}
PAGES_WITH_CODE = [page for page, blocks in EXECUTED.items() if blocks]


def page_id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def test_the_site_has_pages() -> None:
    assert DOCS / "index.md" in PAGES


# An exec fence's opening line and its id, read with a regex rather than with hooks/fences.py,
# so that the test does not compare the parser with itself.
EXEC_FENCE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*python\b(?P<info>.*\bexec=\"on\".*)$", re.M)
FENCE_ID = re.compile(r'\bid="([^"]*)"')


def fence_ids(page: Path) -> list[str]:
    """The ids of the page's ```python exec="on" fences, in the order they appear."""
    ids = []
    for fence in EXEC_FENCE.finditer(page.read_text(encoding="utf-8")):
        found = FENCE_ID.search(fence["info"])
        ids.append(found[1] if found else "")
    return ids


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_page_blocks_run_in_order(page: Path) -> None:
    result = run_page(page)
    assert [block.id for block in result.blocks] == fence_ids(page)
    assert all(block.output is not None for block in result.blocks)


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_every_block_uses_the_page_session(page: Path) -> None:
    wrong = [(block.label, block.session) for block in EXECUTED[page] if block.session != page.stem]
    assert not wrong, f"{page_id(page)}: every exec block needs session={page.stem!r}: {wrong}"


def test_no_two_pages_share_a_session() -> None:
    sessions = Counter(session for blocks in EXECUTED.values()
                       for session in {block.session for block in blocks})
    shared = {session: count for session, count in sessions.items() if count > 1}
    assert not shared, f"sessions used by more than one page: {shared}"


def test_block_ids_are_present_and_unique_across_the_site() -> None:
    missing = [f"{page_id(page)}:{block.line}" for page, blocks in EXECUTED.items()
               for block in blocks if not block.id]
    assert not missing, f"exec blocks without an id: {missing}"
    ids = Counter(block.id for blocks in EXECUTED.values() for block in blocks)
    assert not [i for i, n in ids.items() if n > 1], f"ids used twice: {ids.most_common(5)}"
