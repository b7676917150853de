"""Griffe extension: show the package's ``>>>`` examples as code on the Reference pages.

The package's docstrings end with doctest examples that ``pytest --doctest-modules`` runs. Outside
an ``Examples:`` section Markdown would read them as prose (and mkdocs-autorefs would take a
printed list such as ``['a', 'b']`` for a cross-reference). This extension wraps every run of
doctest lines (a ``>>>`` line up to the next blank line) in a ``pycon`` fence before the
docstring is parsed. Loaded by mkdocstrings from mkdocs.yml.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

FENCE = re.compile(r"^\s*(```|~~~)")
PROMPT = re.compile(r"^(\s*)>>>")


def fence_doctests(text: str) -> str:
    """Return `text` with each doctest run wrapped in a ```pycon fence, other lines unchanged."""
    lines, out, in_fence, i = text.split("\n"), [], False, 0
    while i < len(lines):
        line = lines[i]
        if FENCE.match(line):
            in_fence = not in_fence
        prompt = None if in_fence else PROMPT.match(line)
        if prompt is None:
            out.append(line)
            i += 1
            continue
        indent, end = prompt.group(1), i
        while end < len(lines) and lines[end].strip():
            end += 1
        out += [f"{indent}```pycon", *lines[i:end], f"{indent}```"]
        i = end
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Fence the doctest examples of every docstring griffe loads."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
