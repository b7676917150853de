"""Run buttons in headless Chromium, every request to another host aborted.

Each chapter: every runnable block run in page order prints what the build printed (numbers to
12 significant digits, figures with the same accessible name), and no chapter has fewer runnable
blocks than `runnable_blocks.json` records. Typing, errors, Reset, keyboard use, a phone-sized
dark page and moving to the next page work; nothing of Pyodide loads before the first Run.
"""

from __future__ import annotations

import doctest
import importlib.util
import json
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.site.builds import ROOT
from tests.site.test_browser import (  # noqa: F401 (fixtures)
    SCREENSHOTS,
    UNFOLD,
    base_url,
    browser,
    offline_context,
)

COUNTS = Path(__file__).with_name("runnable_blocks.json")
CHAPTERS = sorted(path.stem for path in (ROOT / "docs" / "chapters").glob("*.md"))
LOADING = 180_000  # ms: a cold Pyodide start takes 3 s on a quiet machine, far more under load
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# Blocks whose browser output is known to differ from the build's, and why.
KNOWN_DIFFERENCES = {
    "01-errors": "10.0 ** -k from the browser's libm differs in the last bit for some k, and the "
                 "table of rounding errors at h <= 1e-12 magnifies that",
    "10-multiply-seed": "Python 3.14 says 'division by zero' where 3.11 says 'float division by "
                        "zero'",
}

# Runs in the page: what the build printed for every runnable block (text, or a figure's name).
BUILT = """() => [...document.querySelectorAll(".run-block[data-run]")].map((block) => {
  const built = [...block.children].slice(1).filter((e) => !e.matches(".run-bar, output"));
  const svg = built.map((e) => e.matches("svg") ? e : e.querySelector("svg")).find(Boolean);
  return {id: block.dataset.run, figure: svg ? svg.getAttribute("aria-label") : null,
          text: built.map((e) => e.textContent).join("")};
})"""
RAN = """() => [...document.querySelectorAll(".run-block[data-run]")].map((block) => {
  const output = block.querySelector(":scope > output");
  const svg = output.querySelector("svg[role=img]");
  const pre = output.querySelector("pre");
  const built = [...block.children].slice(1).filter((e) => !e.matches(".run-bar, output"));
  return {hidden: output.hidden, error: output.classList.contains("run-error"),
          figure: svg ? svg.getAttribute("aria-label") : null, text: pre ? pre.textContent : "",
          builtShown: built.some((e) => e.getClientRects().length > 0)};
})"""


def same_output(built: str, ran: str) -> bool:
    """Equal text, and numbers equal to 12 significant digits (below 1e-12 in size, near 0).

    >>> same_output("o = 0.7071067811865477\\n", "o = 0.7071067811865476\\n")
    True
    >>> same_output("x = 0.5", "x = 0.6"), same_output("2.2e-16 left", "1.1e-16 left")
    (False, True)
    """
    if NUMBER.sub("#", built).strip() != NUMBER.sub("#", ran).strip():
        return False
    pairs = zip(NUMBER.findall(built), NUMBER.findall(ran), strict=True)
    return all(math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12) for a, b in pairs)


def runnable_counts(site: Path) -> dict[str, int]:
    counts = {}
    for chapter in CHAPTERS:
        html = (site / "chapters" / chapter / "index.html").read_text(encoding="utf-8")
        counts[chapter] = len(BeautifulSoup(html, "html.parser").select("div.run-block[data-run]"))
    return counts


def load_module(path: str):
    """The module at `path` (relative to the project), imported as its dotted name."""
    name = path.removesuffix(".py").replace("/", ".")
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", ["hooks/runnable.py", "hooks/run_on_page.py",
                                  "docs/javascripts/run.py", "tests/site/test_run_on_page.py"])
def test_examples_in_docstrings(path: str) -> None:
    result = doctest.testmod(load_module(path))
    assert result.attempted > 0 and result.failed == 0


def test_no_chapter_loses_a_runnable_block(site: Path) -> None:
    recorded = json.loads(COUNTS.read_text(encoding="utf-8"))
    counts = runnable_counts(site)
    lost = {chapter: (recorded[chapter], counts[chapter]) for chapter in recorded
            if counts[chapter] < recorded[chapter]}
    assert not lost, f"(recorded, now) runnable blocks: {lost}; lower {COUNTS.name} only on purpose"
    assert set(recorded) == set(CHAPTERS)
    for chapter in ("03-computation-graphs", "04-manual-backprop", "05-chain-rule",
                    "07-automatic-backward"):
        html = (site / "chapters" / chapter / "index.html").read_text(encoding="utf-8")
        assert "run-note" not in html, f"{chapter}: every block of the Value chapters must run"


def test_blocks_that_cannot_run_say_why(site: Path) -> None:
    page = BeautifulSoup((site / "chapters" / "11-pytorch" / "index.html").read_text("utf-8"),
                         "html.parser")
    notes = page.select("p.run-note")
    assert notes and not page.select("div.run-block[data-run]")
    assert "it needs PyTorch" in notes[0].get_text()
    assert notes[0].a["href"] == "../11-pytorch.ipynb"


@pytest.fixture(scope="module")
def context(browser: Browser) -> Iterator[tuple[BrowserContext, list[str]]]:  # noqa: F811
    context, off_site = offline_context(browser, "light")
    yield context, off_site
    context.close()
    assert not off_site, f"requests to other hosts: {sorted(set(off_site))[:10]}"


def open_page(context: BrowserContext, url: str) -> tuple[Page, list[str], list[str]]:
    """A page with every request and every page or console error recorded."""
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="load")
    page.evaluate(UNFOLD)
    return page, requests, errors


def wait_for_run(block: Locator) -> None:
    status = block.locator(".run-status")
    expect(status).to_have_text(re.compile(r"^(Ran|Could not)"), timeout=LOADING)
    assert status.text_content().startswith("Ran"), status.text_content()


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c != "11-pytorch"])
def test_every_runnable_block_prints_what_the_build_printed(
    chapter: str, base_url: str, context: tuple[BrowserContext, list[str]]  # noqa: F811
) -> None:
    page, requests, errors = open_page(context[0], f"{base_url}chapters/{chapter}/")
    built = page.evaluate(BUILT)
    assert built, f"{chapter} has no runnable block"
    assert not [url for url in requests if "/assets/run/" in url], "Pyodide loaded before Run"
    last = page.locator(".run-block[data-run]").last
    last.get_by_role("button", name="Run").click()
    wait_for_run(last)
    assert any(url.endswith("/assets/run/pyodide.asm.wasm") for url in requests)
    wrong = []
    for block, ran in zip(built, page.evaluate(RAN), strict=True):
        if ran["builtShown"]:
            wrong.append(f"{block['id']}: the build's output is still shown after the run")
        if ran["hidden"] or ran["error"]:
            wrong.append(f"{block['id']}: {'not run' if ran['hidden'] else ran['text'][-300:]}")
        elif block["figure"] is not None:
            if ran["figure"] != block["figure"]:
                wrong.append(f"{block['id']}: figure {ran['figure']!r} for {block['figure']!r}")
        elif block["id"] in KNOWN_DIFFERENCES:
            assert ran["text"].count("\n") == block["text"].count("\n")
        elif not same_output(block["text"], ran["text"]):
            wrong.append(f"{block['id']}: printed\n{ran['text']}\nthe build printed\n"
                         f"{block['text']}")
    page.close()
    assert not errors and not wrong, "\n".join(errors + wrong)


def test_typing_errors_and_reset(base_url: str, context: tuple[BrowserContext, list[str]]) -> None:  # noqa: F811
    page, _, errors = open_page(context[0], f"{base_url}chapters/05-chain-rule/")
    blocks = page.locator(".run-block[data-run]")
    first, code = blocks.first, blocks.first.get_by_role("textbox")
    original = code.text_content()

    def replace_and_run(text: str) -> None:
        code.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        page.keyboard.press("Control+Enter")
        wait_for_run(first)

    replace_and_run("print(6 * 7)")
    expect(first.locator("output")).to_have_text("42")
    assert first.locator("div.highlight").nth(1).is_hidden()  # the build's output gives way
    replace_and_run("print(6 *")
    expect(first.locator("output.run-error")).to_contain_text("SyntaxError")
    replace_and_run("def f(x):\n\treturn 1 / x\nf(0)")  # Tab indents
    output = first.locator("output.run-error").text_content()
    assert "Traceback" in output and 'File "<block 05-imports>", line 2, in f' in output
    assert "ZeroDivisionError" in output and "run.py" not in output and "exec(" not in output
    first.get_by_role("button", name="Reset").click()
    assert code.text_content() == original and first.locator("output").is_hidden()
    assert first.locator("div.highlight").nth(0).is_visible()
    figure = page.locator(".run-block[data-run-html]").first
    figure.get_by_role("button", name="Run").click()  # the page still works
    wait_for_run(figure)
    name = figure.locator("output svg[role=img]").get_attribute("aria-label")
    built = figure.locator(":scope > svg, :scope > :not(output) svg").first
    assert name and name == built.get_attribute("aria-label")
    assert built.is_hidden()  # the build's figure gives way to the one just drawn
    page.close()
    assert not errors, errors


def test_typed_drawing_on_a_page_without_drawings(
    base_url: str, context: tuple[BrowserContext, list[str]]  # noqa: F811
) -> None:
    page, requests, errors = open_page(context[0], f"{base_url}chapters/01-derivatives/")
    first = page.locator(".run-block[data-run]").first
    drawing = "from chainrule import Value\nfrom chainrule.draw import draw_dot\n" \
              "print(draw_dot(Value(2.0) * 3))\n"
    first.get_by_role("textbox").evaluate("(code, text) => { code.textContent = text; }", drawing)
    first.get_by_role("button", name="Run").click()
    wait_for_run(first)  # Graphviz (viz.js) loads for the typed code, though the page has none
    expect(first.locator("output")).to_contain_text('<svg width=')
    assert any(url.endswith("/assets/run/viz-global.js") for url in requests)
    page.close()
    assert not errors, errors


def test_keyboard_phone_dark_and_next_page(base_url: str, browser: Browser) -> None:  # noqa: F811
    context, off_site = offline_context(browser, "dark")
    page, _, errors = open_page(context, f"{base_url}chapters/03-computation-graphs/")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".md-footer__link--next").click()  # in-site navigation to chapter 4
    page.wait_for_url("**/04-manual-backprop/")
    first = page.locator(".run-block[data-run]").first
    first.get_by_role("textbox").focus()
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")  # after Escape, Tab leaves the editor for the Run button
    assert page.evaluate("document.activeElement.textContent") == "Run"
    page.keyboard.press("Enter")
    wait_for_run(first)
    assert first.locator(".run-bar").evaluate("(bar) => bar.scrollWidth <= bar.clientWidth + 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "run-on-page-phone-dark.png"))
    context.close()
    assert not errors and not off_site, errors + off_site
