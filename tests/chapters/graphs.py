"""Reading the graphs that chainrule.draw puts on a page back out of their SVG text."""

import html
import re


def records(svg: str) -> set[tuple[str, str, str]]:
    """Every (label, data, grad) record drawn in a graph, read from the SVG's text elements."""
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return {
        (texts[i], texts[i + 1], texts[i + 2])
        for i in range(len(texts) - 2)
        if texts[i + 1].startswith("data ") and texts[i + 2].startswith("grad ")
    }
