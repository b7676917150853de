"""The `page` fixture of the chapter tests: tests/chapters/test_chNN.py gets chapter NN, run once.

The chapter is found by its number (docs/chapters/NN-*.md), so a test file follows its chapter
through a rename of the page.
"""

from __future__ import annotations

import re

import pytest

from tests.pages import DOCS, Page, run_page


def chapter_of(module_name: str) -> str:
    """The page of the chapter a test module is named after: test_ch09 -> docs/chapters/09-*.md.

    >>> chapter_of("tests.chapters.test_ch01")
    'docs/chapters/01-derivatives.md'
    """
    found = re.fullmatch(r"test_ch(\d\d)(?:_\w+)?", module_name.rsplit(".", 1)[-1])
    if found is None:
        raise ValueError(f"{module_name} is not named test_chNN: the page fixture needs the number")
    pages = sorted((DOCS / "chapters").glob(f"{found[1]}-*.md"))
    if len(pages) != 1:
        raise ValueError(f"{module_name}: expected one docs/chapters/{found[1]}-*.md, got {pages}")
    return pages[0].relative_to(DOCS.parent).as_posix()


@pytest.fixture(scope="module")
def page(request: pytest.FixtureRequest) -> Page:
    """The module's chapter, every block run in order (once per test process)."""
    return run_page(chapter_of(request.module.__name__))
