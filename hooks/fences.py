"""The grammar of markdown-exec fences, shared by the build hooks and the tests.

A page's executed blocks are its ```python fences whose header has a true ``exec`` option;
fences may be nested in lists, admonitions and tabs (indented), and the code is dedented.
`tests/pages.py` runs them as markdown-exec does; `hooks/chapter_notebooks.py` turns them into
notebook cells.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field

OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
FALSE = {"", "no", "off", "false", "0"}  # how markdown-exec reads exec="..."
HIDE = "markdown-exec: hide"  # a line that runs but is not shown


@dataclass
class Block:
    """One executed fence: its attributes, its code (dedented) and, once run, what it printed."""

    line: int
    options: dict[str, str]
    code: str
    output: str | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return self.options.get("id", "")

    @property
    def session(self) -> str:
        return self.options.get("session", "")

    @property
    def label(self) -> str:
        return self.id or f"the block at line {self.line}"


def parse_info(info: str) -> tuple[str, dict[str, str]]:
    """Split a fence's info string into its language and its ``key="value"`` options.

    >>> parse_info('python exec="on" session="01-derivatives" id="01-shift"')
    ('python', {'exec': 'on', 'session': '01-derivatives', 'id': '01-shift'})
    """
    words = shlex.split(info)
    language, attributes = (words[0], words[1:]) if words else ("", [])
    options = {}
    for attribute in attributes:
        key, _, value = attribute.partition("=")
        options[key] = value
    return language, options


def fences(text: str) -> Iterator[tuple[int, int, Block, str]]:
    """Every fenced block of a Markdown text, in document order, nested in lists or admonitions.

    Yields (start offset, end offset, block, language). A fence closes on the first later line
    made only of at least as many of the same fence character; the code is dedented.
    """
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    index = 0
    while index < len(lines):
        opening = OPENING.match(lines[index].rstrip("\n"))
        if opening is None:
            index += 1
            continue
        fence = opening["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end].rstrip("\n")):
            end += 1
        language, options = parse_info(opening["info"])
        code = textwrap.dedent("".join(lines[index + 1:end]))
        stop = offsets[min(end + 1, len(lines))]
        yield offsets[index], stop, Block(index + 1, options, code), language
        index = end + 1


def executed(text: str) -> Iterator[tuple[int, int, Block]]:
    for start, end, block, language in fences(text):
        if language in ("python", "py") and block.options.get("exec", "").lower() not in FALSE:
            yield start, end, block


def exec_blocks(text: str) -> list[Block]:
    """The blocks markdown-exec runs: ```python fences whose ``exec`` option is true.

    >>> [b.id for b in exec_blocks('```python exec="on" id="a"\\nx = 1\\n```\\n')]
    ['a']
    """
    return [block for _, _, block in executed(text)]
