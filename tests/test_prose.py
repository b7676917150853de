"""Chapter prose speaks to the student: it never names the documents the notes grew from.

The comparisons with those documents live on one page, docs/sources.md. Code blocks are left out
of the search (their names and printed values are checked by tests/chapters/), and so is inline
code; everything else of a chapter (prose, headings, tab and admonition titles) is searched.
"""

import re
from pathlib import Path

import pytest

from hooks.fences import fences

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "docs" / "chapters").glob("*.md"))
SOURCE_WORDS = re.compile(
    r"\blectur\w*|\bblog\b|\bthe seeds?\b(?! gradient)|\bset of notes\b|\bcourse chapter\b"
    r"|\bsource (?:document|notebook)s?\b|\boriginal (?:notes|code|document|version)s?\b"
    r"|\bthe notes'",
    re.IGNORECASE,
)


def prose(text: str) -> str:
    """The text of a page with every fenced block and inline code span blanked (lines kept)."""
    pieces, position = [], 0
    for start, end, _block, _language in fences(text):
        pieces.append(text[position:start])
        pieces.append("\n" * text.count("\n", start, end))
        position = end
    pieces.append(text[position:])
    return re.sub(r"`[^`\n]+`", "``", "".join(pieces))


def source_mentions(path: Path) -> list[str]:
    lines = prose(path.read_text(encoding="utf-8")).splitlines()
    return [
        f"{path.name}:{number}: {line.strip()}"
        for number, line in enumerate(lines, start=1)
        if SOURCE_WORDS.search(line)
    ]


def test_the_search_sees_prose_and_skips_code():
    text = 'One lecture.\n\n```python exec="on" id="x"\nlecture = 1\n```\nA `lecture_plot` call.\n'
    assert prose(text).count("lecture") == 1
    assert len(SOURCE_WORDS.findall(prose(text))) == 1


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.stem)
def test_chapter_prose_does_not_name_the_sources(path):
    assert source_mentions(path) == [], "move these to docs/sources.md:\n" + "\n".join(
        source_mentions(path)
    )


WORDS_PER_CHAPTER = 2250  # "about 2,200": one sitting of about eleven minutes at 200 words a minute


def prose_words(text: str) -> int:
    """The number of words of prose: no code, no display maths, no HTML comments.

    >>> prose_words('Two words.\\n\\n$$x^2$$\\n\\n```python\\nx = 1\\n```\\n<!-- a note -->')
    2
    """
    text = re.sub(r"\$\$.*?\$\$|<!--.*?-->", " ", prose(text), flags=re.DOTALL)
    return sum(1 for word in text.split() if re.search(r"[^\W_]", word))


def test_the_word_count_skips_code_and_maths():
    assert prose_words("One `two` three.\n\n```python\nfour = 4\n```\n$$five$$ six") == 3


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.stem)
def test_a_chapter_is_one_sitting(path):
    words = prose_words(path.read_text(encoding="utf-8"))
    assert words <= WORDS_PER_CHAPTER, f"{path.name}: {words} words of prose, tighten it"
