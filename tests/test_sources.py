"""The Sources page (docs/sources.md): every error of the source documents listed, every link live.

The page quotes the numbers the four documents print, each next to a link to the section of the
notes that prints it again. These tests run the linked chapter and check that a block of that very
section printed every quoted number, that each of the 22 errors has its row with at least one link,
and that every link points to a heading that exists.
"""

import re
from collections import Counter
from functools import cache
from pathlib import Path

import markdown
import pytest

from hooks.fences import fences
from tests.pages import run_page

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SOURCES = DOCS / "sources.md"
LINK = re.compile(r"\]\((chapters/[\w.-]+\.md)(?:#([\w-]+))?\)")
CODE = re.compile(r"`([^`\n]+)`")
HEADING = re.compile(r"^(#{1,6}) (.+)$")

# One word or phrase that each error's row must contain, so that a row cannot silently drift to
# another error (CONTENT.md numbers the errors 1 to 22).
ERRORS = {
    1: "`+=`", 2: "topological sort", 3: "__radd__", 4: "not bounded below", 5: "74.8149472",
    6: "dx/dx", 7: "rebound", 8: "forward difference", 9: "images", 10: "ascent",
    11: "backspace", 12: "dl_*", 13: "set(_children)", 14: "len(y)", 15: "global",
    16: "ZeroDivisionError", 17: "not clipped", 18: "self.gradient", 19: "RecursionError",
    20: "always print", 21: "typos", 22: "diagrams",
}


def page_text() -> str:
    return SOURCES.read_text(encoding="utf-8")


def table_rows(section: str) -> list[str]:
    """The body rows of every table under the `## section` heading of the Sources page."""
    text = page_text().split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return [
        line for line in text.splitlines()
        if line.startswith("|") and not re.match(r"^\|\s*(---|What|#)\s*\|", line)
    ]


@cache
def sections(page: str) -> dict[str, tuple[int, int]]:
    """Each heading's anchor on a page, mapped to the range of lines its section spans."""
    text = (DOCS / page).read_text(encoding="utf-8")
    lines = text.splitlines()
    in_fence = set()
    for start, end, _block, _language in fences(text):
        in_fence.update(range(text.count("\n", 0, start), text.count("\n", 0, end)))
    headings = []
    seen: Counter = Counter()
    for number, line in enumerate(lines):
        match = HEADING.match(line)
        if match and number not in in_fence:
            html = markdown.markdown(line, extensions=["attr_list", "toc"])
            anchor = re.search(r'id="([^"]+)"', html)[1]
            seen[anchor] += 1
            if seen[anchor] > 1:
                anchor = f"{anchor}_{seen[anchor] - 1}"
            headings.append((number, len(match[1]), anchor))
    spans = {"": (0, len(lines))}
    for index, (number, level, anchor) in enumerate(headings):
        end = next((n for n, lv, _ in headings[index + 1:] if lv <= level), len(lines))
        spans[anchor] = (number, end)
    return spans


def printed_in(page: str, anchor: str) -> str:
    """Everything the blocks of one section of a page printed."""
    start, end = sections(page)[anchor]
    ran = run_page(DOCS / page)
    return "".join(block.output or "" for block in ran.blocks if start < block.line <= end)


def all_links() -> list[tuple[str, str]]:
    return [(page, anchor or "") for page, anchor in LINK.findall(page_text())]


def test_every_link_points_to_an_existing_section():
    links = all_links()
    assert len(links) > 40
    missing = [f"{page}#{anchor}" for page, anchor in links if anchor not in sections(page)]
    assert missing == []


NUMBER_ROWS = table_rows("What the documents print, and where the notes print it")


@pytest.mark.parametrize("row", NUMBER_ROWS, ids=lambda row: row.split("|")[1].strip()[:40])
def test_each_quoted_number_is_printed_by_the_linked_section(row):
    what, quoted, where = (cell.strip() for cell in row.strip("|").split("|"))
    numbers = CODE.findall(quoted)
    links = LINK.findall(where)
    assert numbers and len(links) == 1, row
    page, anchor = links[0]
    output = printed_in(page, anchor)
    assert [number for number in numbers if number not in output] == []


def test_the_number_tables_cover_each_document():
    assert len(NUMBER_ROWS) >= 30


def test_every_error_has_its_row_and_a_fix():
    rows = table_rows("The errors, and where the notes fix them")
    numbered = {int(row.split("|")[1]): row for row in rows}
    assert sorted(numbered) == list(range(1, 23))
    for number, row in numbered.items():
        assert ERRORS[number] in row, (number, row)
        assert LINK.search(row.split("|")[-2]), f"error {number} links no section"


def test_the_home_page_and_every_chapter_link_the_sources_page():
    assert "](sources.md)" in (DOCS / "index.md").read_text(encoding="utf-8")
    for chapter in sorted((DOCS / "chapters").glob("*.md")):
        assert "](../sources.md)" in chapter.read_text(encoding="utf-8"), chapter.name
