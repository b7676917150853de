"""Printing two chapters, with a dark colour-scheme preference: black on white, no buttons or
icons, code wrapped rather than cut, figures legible, external link addresses written out.

Each chapter is printed to PDF with Chromium (test-artifacts/print/NAME.pdf, to look at), then
checked under print media emulation at the width of the printed column: what is shown, in which
colours, whether anything is cut, and a screenshot of the printed page (its margins must be white).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from tests.site.builds import ROOT
from tests.site.test_accessibility import FIGURE_TEXT, SMALLEST_TEXT_PX
from tests.site.test_browser import base_url, browser, offline_context

__all__ = ["base_url", "browser"]  # fixtures used by this module

PRINTS = ROOT / "test-artifacts" / "print"
# Chapter 7 has the tanh neuron graph (it printed with 5 pt labels); chapter 11 links elsewhere.
CHAPTERS = ["chapters/07-automatic-backward/", "chapters/11-pytorch/"]
PRINT_WIDTH = 700  # CSS px: an A4 page (794 px) less Chromium's default PDF margins

PRINTED = """() => {
  const shown = (e) => { const s = getComputedStyle(e);
    return s.display !== "none" && s.visibility !== "hidden" && e.getClientRects().length > 0; };
  const controls = [...document.querySelectorAll(
      "button, .md-clipboard, .md-icon, .headerlink, .md-content__button, .md-top, .md-code__nav")]
    .filter(shown).map((e) => e.outerHTML.slice(0, 80));
  const cut = [...document.querySelectorAll("article pre, article pre > code")]
    .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible")
    .map((e) => e.textContent.slice(0, 60));
  const wide = [...document.querySelectorAll("article pre > code")]
    .filter((e) => getComputedStyle(e).whiteSpace !== "pre-wrap").length;
  const colours = [document.documentElement, document.body, document.querySelector("article")]
    .map((e) => getComputedStyle(e)).map((s) => [s.color, s.backgroundColor]);
  const prose = [...document.querySelectorAll("article p, article li")].filter(shown).slice(0, 40)
    .map((e) => getComputedStyle(e).color);
  const external = [...document.querySelectorAll('article a[href^="http"]')]
    .map((a) => [a.href, getComputedStyle(a, "::after").content]);
  return {controls, cut, wide, colours, prose, external};
}"""


def printed_page(page: Page) -> dict:
    page.emulate_media(media="print", color_scheme="dark")
    page.set_viewport_size({"width": PRINT_WIDTH, "height": 1000})
    return page.evaluate(PRINTED)


def problems_of(found: dict, figures: list[dict], shot: Image.Image) -> list[str]:
    problems = [f"control printed: {c}" for c in found["controls"]]
    problems += [f"code cut at the page edge: {c!r}" for c in found["cut"]]
    if found["wide"]:
        problems.append(f"{found['wide']} code blocks do not wrap")
    for colour, background in found["colours"]:
        if background not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"):
            problems.append(f"background {background} on paper")
        if colour != "rgb(0, 0, 0)":
            problems.append(f"text in {colour}, not black")
    problems += [f"prose in {c}, not black" for c in set(found["prose"]) if c != "rgb(0, 0, 0)"]
    problems += [f"external link {href} printed without its address ({after})"
                 for href, after in found["external"] if href.rstrip("/") not in after]
    problems += [f"figure text {f['sample']!r} printed at {f['smallest']:.1f} px"
                 for f in figures if f["smallest"] < SMALLEST_TEXT_PX]
    width, height = shot.size
    corners = {shot.getpixel((x, y)) for x in (2, width - 3) for y in (2, height - 3)}
    if any(min(pixel[:3]) < 250 for pixel in corners):
        problems.append(f"printed margins are not white: {sorted(corners)}")
    return problems


def check_print(page: Page) -> list[str]:
    found = printed_page(page)
    figures = page.evaluate(FIGURE_TEXT)
    shot = Image.open(io.BytesIO(page.screenshot(full_page=False))).convert("RGB")
    return problems_of(found, figures, shot)


UNPRINTABLE = """<!doctype html><html lang="en"><head><title>x</title><style>
html, body { background: #222; color: #eee } pre { overflow: auto; white-space: pre }
</style></head><body><article><p>See <a href="https://example.org/">this</a>.</p>
<button>Copy</button><pre><code>""" + "x = 1; " * 80 + """</code></pre></article></body></html>"""


def test_the_print_check_catches_a_screen_only_page(browser: Browser, tmp_path: Path) -> None:
    context, _ = offline_context(browser, "dark")
    page = context.new_page()
    page.set_content(UNPRINTABLE)
    problems = check_print(page)
    context.close()
    for expected in ("control printed", "code cut", "code blocks do not wrap", "background",
                     "not black", "without its address", "margins are not white"):
        assert any(expected in p for p in problems), (expected, problems)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_prints_black_on_white(chapter: str, base_url: str, browser: Browser) -> None:
    context, off_site = offline_context(browser, "dark")
    page = context.new_page()
    page.goto(base_url + chapter, wait_until="load")
    PRINTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(PRINTS / (chapter.strip("/").split("/")[-1] + ".pdf")), format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    problems = check_print(page)
    external = page.evaluate(PRINTED)["external"]
    context.close()
    assert not off_site
    assert pages >= 3, f"{chapter} printed on {pages} pages"
    assert not problems, f"{chapter} on paper:\n" + "\n".join(problems)
    assert external or "11-pytorch" not in chapter, "no external link checked"
