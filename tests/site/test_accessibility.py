"""Every reader, every device: axe-core on every page in both schemes, and figure text on a phone.

axe-core (node_modules/axe-core, pinned by package-lock.json, injected into the page from disk)
runs the WCAG 2.1 A/AA rules and the best practices on every built page, light and dark; any
violation of impact serious or critical, or moderate, fails the test, naming the rule, the page
and the selectors.

The figure check measures, on every chapter and workbook page at a 390 px phone viewport and at
the 1280 px desktop one, the smallest text of each SVG figure as the reader sees it: the text's
font size times the scale of the element on the screen (getScreenCTM), in CSS px, for Graphviz's
<text> and for matplotlib's text drawn as glyph paths alike. Under 8 px fails. A figure that
is wider than the column keeps its natural size inside a scrolling box.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.site.builds import ROOT
from tests.site.test_browser import UNFOLD, base_url, browser, offline_context, page_urls, serving

__all__ = ["base_url", "browser"]  # fixtures used by this module

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = ("moderate", "serious", "critical")
SMALLEST_TEXT_PX = 8.0

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 4), count: v.nodes.length}));
}"""

# The smallest text of every figure, as displayed: computed font size (in the SVG's user units)
# times the length of one user unit on the screen. Graphviz writes <text>; matplotlib (its
# "path" font type, chainrule.plots) draws each glyph as a <use> of a path inside a "text_N"
# group, at 100 units to the em, so such a glyph's font size on screen is 100 times its scale.
FIGURE_TEXT = """() => [...document.querySelectorAll("article svg[role=img]")].map((svg, index) => {
  let smallest = Infinity, sample = "";
  const measure = (element, size, name) => {
    const m = element.getScreenCTM();
    if (!m || !size) return;
    const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    if (size * scale < smallest) { smallest = size * scale; sample = name; }
  };
  svg.querySelectorAll("text").forEach((text) => {
    if (text.textContent.trim())
      measure(text, parseFloat(getComputedStyle(text).fontSize), text.textContent.trim());
  });
  svg.querySelectorAll("g[id*='text_'] use").forEach((glyph) => {
    measure(glyph, 100, "matplotlib " + glyph.closest("g[id*='text_']").id.replace(/^cr\\w+-/, ""));
  });
  const box = svg.getBoundingClientRect();
  return {index, label: (svg.getAttribute("aria-label") || "").slice(0, 70), smallest, sample,
          width: Math.round(box.width),
          kind: svg.querySelector("g[id*='text_'] use") ? "matplotlib" : "graphviz"};
}).filter((f) => f.smallest !== Infinity)"""


# Code blocks whose copy button covers part of their first line, as displayed.
COVERED_CODE = """() => [...document.querySelectorAll("article pre")].flatMap((pre) => {
  const button = pre.querySelector(".md-code__button, .md-clipboard");
  const line = pre.querySelector("code > span");
  if (!button || !line || !line.textContent.trim() || getComputedStyle(button).opacity === "0")
    return [];
  const range = document.createRange();
  range.selectNodeContents(line);
  const b = button.getBoundingClientRect();
  const covered = [...range.getClientRects()].some((r) => r.width > 0 && r.left < b.right
    && r.right > b.left && r.top < b.bottom && r.bottom > b.top);
  return covered ? [line.textContent.trim().slice(0, 50)] : [];
})"""


def axe_problems(page: Page, url: str) -> list[str]:
    """Run axe-core on the open page; one line per violation that fails the test."""
    page.add_script_tag(path=str(AXE))
    problems = []
    for violation in page.evaluate(RUN_AXE, AXE_TAGS):
        if violation["impact"] in FAILING_IMPACTS:
            problems.append(f"{violation['impact']} {violation['id']} on {url or '/'} "
                            f"({violation['count']}x: {violation['help']}): "
                            f"{', '.join(violation['targets'])}")
    return problems


def figure_problems(page: Page, url: str) -> list[str]:
    """Figures on the open page whose smallest displayed text is under SMALLEST_TEXT_PX."""
    page.evaluate(UNFOLD)
    return [f"{url}: figure {f['index']} ({f['label']}...) shows {f['sample']!r} at "
            f"{f['smallest']:.1f} px, {f['width']} px wide"
            for f in page.evaluate(FIGURE_TEXT) if f["smallest"] < SMALLEST_TEXT_PX]


def figure_pages(site: Path) -> list[str]:
    return [url for url in page_urls(site) if url.startswith(("chapters/", "workbooks/"))]


def test_the_copy_button_covers_no_code_on_a_phone(
    site: Path, base_url: str, browser: Browser
) -> None:
    context, _ = offline_context(browser, "light")
    covered, buttons = [], 0
    for url in [u for u in page_urls(site) if u.startswith("chapters/")]:
        page = context.new_page()
        page.set_viewport_size({"width": 390, "height": 900})
        page.goto(base_url + url, wait_until="load")
        buttons += page.locator("article pre .md-code__button, article pre .md-clipboard").count()
        covered += [f"{url}: {line}" for line in page.evaluate(COVERED_CODE)]
        page.close()
    context.close()
    assert buttons > 100, f"only {buttons} copy buttons on the chapters: the check saw no code"
    assert not covered, f"{len(covered)} first lines under the copy button:\n" + (
        "\n".join(covered[:20]))


BAD_PAGE = """<!doctype html><html lang="en"><head><title>Bad</title></head><body><main><article>
<p style="color:#bbb">Faint text</p><a href="#x"><img src="data:,"></a>
<svg role="img" aria-label="tiny" width="40" height="20" viewBox="0 0 400 200">
<text x="0" y="100" font-size="40">small</text></svg>
<svg role="img" aria-label="tiny plot" width="40" height="20" viewBox="0 0 400 200">
<defs><path id="g1" d="M0 0h60v-70h-60z"/></defs>
<g id="text_1"><g transform="translate(0 100) scale(0.2 -0.2)"><use href="#g1"/></g></g></svg>
</article></main></body></html>"""


def test_the_checks_catch_a_bad_page(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    context, _ = offline_context(browser, "light")
    with serving(tmp_path) as url:
        page = context.new_page()
        page.goto(url)
        problems = axe_problems(page, "bad/")
        figures = figure_problems(page, "bad/")
    context.close()
    assert any(p.startswith("serious color-contrast on bad/") for p in problems), problems
    assert any(" image-alt on bad/" in p and "img" in p for p in problems), problems
    assert len(figures) == 2 and "'small' at 4.0 px" in figures[0], figures
    assert "'matplotlib text_1' at 2.0 px" in figures[1], figures


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(
    scheme: str, site: Path, base_url: str, browser: Browser
) -> None:
    context, off_site = offline_context(browser, scheme)
    problems = []
    for url in page_urls(site):
        page = context.new_page()
        page.goto(base_url + url, wait_until="load")
        problems += axe_problems(page, url)
        page.close()
    context.close()
    assert not off_site
    assert not problems, f"{len(problems)} axe violations ({scheme}):\n" + "\n".join(problems)


@pytest.mark.parametrize("width", [390, 1280])
def test_figure_text_is_legible(width: int, site: Path, base_url: str, browser: Browser) -> None:
    context, _ = offline_context(browser, "light")
    problems = []
    measured = plots = 0
    for url in figure_pages(site):
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base_url + url, wait_until="load")
        figures = page.evaluate(FIGURE_TEXT)
        measured += len(figures)
        plots += sum(f["kind"] == "matplotlib" for f in figures)
        problems += figure_problems(page, url)
        page.close()
    context.close()
    assert measured >= 40 and plots >= 10, f"only {measured} figures ({plots} plots) measured"
    assert not problems, f"{len(problems)} figures under {SMALLEST_TEXT_PX} px at {width} px:\n" + (
        "\n".join(problems))
