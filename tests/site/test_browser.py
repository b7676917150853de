"""The built site in headless Chromium (Debian's, driven by Playwright; no browser download).

The site is served from 127.0.0.1 by http.server in a thread. For each colour scheme, one
browser context visits every page and checks: no console error or page error, no request to any
other host (such requests are also blocked), math rendered by KaTeX with no raw delimiters left,
every figure with a non-zero size and an accessible name. It screenshots each page into
test-artifacts/screenshots/{light,dark}/ and reports the folder at the end of the run. On a
390 px phone, in both schemes, no page may scroll sideways.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.site.builds import ROOT, SCREENSHOTS_KEY

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
HOST = "127.0.0.1"

# Runs in the page: what a reader would see as text outside code and rendered math.
VISIBLE_PROSE = """() => {
  const article = document.querySelector("article") || document.body;
  const copy = article.cloneNode(true);
  copy.querySelectorAll("pre, code, .katex, script, style, svg").forEach((e) => e.remove());
  document.body.appendChild(copy);
  const text = copy.innerText;
  copy.remove();
  return text;
}"""

MATH = """() => ({
  sources: document.querySelectorAll("article .arithmatex").length,
  unrendered: [...document.querySelectorAll("article .arithmatex")]
    .filter((e) => !e.querySelector(".katex")).map((e) => e.textContent.slice(0, 60)),
  rendered: document.querySelectorAll("article .katex").length,
})"""

# Shows what is folded away (collapsed solutions, inactive tabs) so every figure can be measured.
UNFOLD = """() => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const style = document.createElement("style");
  style.textContent = ".tabbed-block { display: block !important; }";
  document.head.appendChild(style);
}"""

FIGURES = """() => [...document.querySelectorAll("article svg[role=img], article img")].map((e) => {
  const box = e.getBoundingClientRect();
  const labelledBy = (e.getAttribute("aria-labelledby") || "").split(/\\s+/)
    .map((id) => document.getElementById(id)).filter(Boolean).map((n) => n.textContent).join(" ");
  const title = e.tagName.toLowerCase() === "svg" && e.querySelector(":scope > title");
  const name = e.getAttribute("aria-label") || labelledBy || (title && title.textContent)
    || e.getAttribute("alt") || "";
  return {tag: e.tagName.toLowerCase(), width: box.width, height: box.height, name: name.trim(),
          html: e.outerHTML.slice(0, 80)};
})"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on a free port of 127.0.0.1; yield its base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(served_site: str) -> str:
    """The built site, served at the address it was built for."""
    return served_site


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def page_urls(site: Path) -> list[str]:
    """Site-relative URLs of every HTML page, the way a reader reaches them."""
    urls = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        urls.append(relative.removesuffix("index.html"))
    return urls


def screenshot_name(url: str) -> str:
    return (url.strip("/").replace("/", "__") or "index") + ".png"


def visit(context: BrowserContext, url: str, shot: Path) -> list[str]:
    """Open one page, screenshot it, and return what is wrong with it."""
    problems: list[str] = []
    page: Page = context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})")
            if urlsplit(r.url).hostname == HOST else None)
    response = page.goto(url, wait_until="load")
    if response is None or not response.ok:
        problems.append(f"HTTP {response.status if response else 'no response'}")
    page.evaluate("document.fonts.ready")
    math = page.evaluate(MATH)
    if math["unrendered"]:
        problems.append(f"math not rendered: {math['unrendered'][:3]}")
    prose = page.evaluate(VISIBLE_PROSE)
    for delimiter in ("\\(", "\\[", "$$"):
        if delimiter in prose:
            at = prose.index(delimiter)
            problems.append(f"raw {delimiter} in the text: ...{prose[max(0, at - 40):at + 40]}...")
    page.screenshot(path=str(shot), full_page=True, animations="disabled")
    page.evaluate(UNFOLD)
    for figure in page.evaluate(FIGURES):
        if figure["width"] <= 0 or figure["height"] <= 0:
            problems.append(f"figure of size 0: {figure['html']}")
        if not figure["name"]:
            problems.append(f"figure without an accessible name: {figure['html']}")
    page.close()
    return problems


def offline_context(browser: Browser, scheme: str) -> tuple[BrowserContext, list[str]]:
    """A browser context that blocks, and lists, every request not served from 127.0.0.1."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    off_site: list[str] = []

    def route(route_request):
        if urlsplit(route_request.request.url).hostname == HOST:
            route_request.continue_()
        else:
            off_site.append(route_request.request.url)
            route_request.abort()

    context.route("**/*", route)
    return context, off_site


BROKEN_PAGE = """<!doctype html><html><head><title>Broken</title></head><body><article>
<p>Unrendered math: <span class="arithmatex">\\(x^2\\)</span></p>
<img src="https://example.com/figure.png" alt="a figure from elsewhere">
<svg role="img" width="40" height="30"><rect width="40" height="30"/></svg>
<script>console.error("something broke")</script>
</article></body></html>"""


def test_the_checks_catch_a_broken_page(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(BROKEN_PAGE, encoding="utf-8")
    context, off_site = offline_context(browser, "light")
    with serving(tmp_path) as url:
        problems = visit(context, url, tmp_path / "shot.png")
    context.close()
    assert set(off_site) == {"https://example.com/figure.png"}
    assert "console error: something broke" in problems
    assert "math not rendered: ['\\\\(x^2\\\\)']" in problems
    assert any(p.startswith("raw \\( in the text") for p in problems)
    assert any(p.startswith("figure without an accessible name: <svg") for p in problems)
    assert (tmp_path / "shot.png").stat().st_size > 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_renders_offline_in_chromium(
    scheme: str, site: Path, base_url: str, browser: Browser, request: pytest.FixtureRequest
) -> None:
    folder = SCREENSHOTS / scheme
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    context, off_site = offline_context(browser, scheme)
    problems = {}
    urls = page_urls(site)
    for url in urls:
        found = visit(context, base_url + url, folder / screenshot_name(url))
        if found:
            problems[url or "/"] = found
    context.close()
    request.config.stash.setdefault(SCREENSHOTS_KEY, []).append(str(folder))

    assert not off_site, f"requests to other hosts: {sorted(set(off_site))[:10]}"
    assert not problems, "\n".join(f"{url}: {p}" for url, found in problems.items() for p in found)
    assert len(list(folder.glob("*.png"))) == len(urls)


PHONE = {"width": 390, "height": 844}

# Runs in the page: how far it scrolls sideways, and the widest element that sticks out of the
# viewport.
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  let widest = null, right = width;
  for (const e of document.querySelectorAll("body *")) {
    const box = e.getBoundingClientRect();
    if (box.right > right + 1 && box.width > 0) { right = box.right; widest = e; }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width,
          widest: widest ? widest.outerHTML.slice(0, 100) : ""};
}"""


def sideways(page: Page, url: str) -> str:
    """'' when the page at `url` does not scroll sideways, else what sticks out."""
    page.goto(url, wait_until="load")
    found = page.evaluate(SIDEWAYS)
    if found["scrollWidth"] <= found["width"]:
        return ""
    return f"scrolls sideways: {found['scrollWidth']} px wide on a {found['width']} px screen " \
           f"(widest: {found['widest']})"


def test_the_sideways_check_catches_a_wide_page(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<!doctype html><meta name="viewport" content="width=device-width">'
        '<body><p style="width: 520px">A line too long for a phone.</p></body>', encoding="utf-8")
    context = browser.new_context(viewport=PHONE)
    with serving(tmp_path) as url:
        problem = sideways(context.new_page(), url)
    context.close()
    assert problem.startswith("scrolls sideways: 5")
    assert "A line too long" in problem


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_scrolls_sideways_on_a_phone(
    scheme: str, site: Path, base_url: str, browser: Browser
) -> None:
    context = browser.new_context(color_scheme=scheme, viewport=PHONE, is_mobile=True,
                                  has_touch=True, service_workers="block")
    page = context.new_page()
    problems = {url or "/": found for url in page_urls(site)
                if (found := sideways(page, base_url + url))}
    context.close()
    assert not problems, "\n".join(f"{url}: {p}" for url, p in problems.items())


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_copy_button_copies_its_code_block(device: str, base_url: str, browser: Browser) -> None:
    phone = device == "phone"
    context = browser.new_context(viewport=PHONE if phone else {"width": 1280, "height": 900},
                                  is_mobile=phone, has_touch=phone, service_workers="block",
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "chapters/03-computation-graphs/", wait_until="load")
    blocks = page.locator("article pre:has(> code):visible")
    assert blocks.count() > 20
    copied = []
    for index in (0, blocks.count() - 1):
        block = blocks.nth(index)
        block.scroll_into_view_if_needed()
        block.hover()
        block.locator(".md-code__button").click()
        page.locator(".md-dialog", has_text="Copied to clipboard").wait_for()
        copied.append((page.evaluate("navigator.clipboard.readText()"),
                       block.locator("code").inner_text().rstrip()))
    context.close()
    for text, code in copied:
        assert text == code and len(code) > 10
    assert copied[0][0] != copied[1][0]


def test_no_code_is_set_under_12_px_on_a_phone(site: Path, base_url: str, browser: Browser) -> None:
    """Lighthouse's legible-text threshold; code in tables and admonitions was 10.9 px."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  service_workers="block")
    page = context.new_page()
    small, seen = [], 0
    for url in page_urls(site):
        page.goto(base_url + url, wait_until="load")
        sizes = page.evaluate("""() => [...document.querySelectorAll(".md-typeset code")]
          .map((code) => [parseFloat(getComputedStyle(code).fontSize), code.textContent])""")
        seen += len(sizes)
        small += [f"{url or '/'}: {text[:30]!r} at {size} px" for size, text in sizes if size < 12]
    context.close()
    assert seen > 1000
    assert not small, f"{len(small)} code elements under 12 px:\n" + "\n".join(small[:10])
