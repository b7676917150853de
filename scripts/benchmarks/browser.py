"""Benchmark the Run buttons: Python in the reader's browser, from the site's own files.

The site is built (strict) into a temporary directory, or `--site DIR` names a built one, and
served from 127.0.0.1. Headless Chromium resolves every other host to nothing
(`--host-resolver-rules`, which unlike request interception keeps the HTTP cache working).

1. Cold: a fresh browser profile opens chapter 3 and presses the first block's Run: the time
   from the press to the block's output, and the bytes fetched for it (Pyodide, chainrule,
   graphviz, viz.js: chapter 3 draws graphs). Chapter 1 (no drawings, so no viz.js) likewise.
2. Warm: the same page opened again in the same profile (files from the HTTP cache), best of 2.
3. A Value MLP training step (MLP(2, [16, 16, 1]) on 100 points, hinge loss, full batch), typed
   into a block and run there, against the same code in this CPython: the ratio of the times.

Usage: scripts/bench browser [--site DIR] [--steps N]. Prints the results; writes nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from _results import ROOT, machine

sys.path.insert(0, str(ROOT))
from playwright.sync_api import Page, sync_playwright

from tests.site.builds import build_site
from tests.site.serving import SiteServer
from tests.site.test_browser import CHROMIUM, CHROMIUM_ARGS

OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
TIMEOUT_MS = 300_000
TRAINING = """\
import random
import time

from chainrule.nn import MLP

rng = random.Random(1337)
points = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(100)]
labels = [1.0 if x * y > 0 else -1.0 for x, y in points]
model = MLP(2, [16, 16, 1], rng=rng)


def step(rate):
    scores = [model(point) for point in points]
    losses = [(1 + -label * score).relu() for label, score in zip(labels, scores)]
    loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.parameters())
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= rate * p.grad
    return loss.data


start = time.perf_counter()
for k in range(STEPS):
    step(1.0 - 0.9 * k / 100)
print(f"{(time.perf_counter() - start) / STEPS * 1000:.3f} ms per step")
"""

# Runs in the page: press Run on block `index`, resolve with the milliseconds to its output and
# the bytes the page fetched meanwhile.
PRESS_RUN = """async (index) => {
  const block = document.querySelectorAll(".run-block[data-run]")[index];
  const output = block.querySelector("output");
  const before = performance.getEntriesByType("resource").length;
  const started = performance.now();
  const shown = new Promise((resolve) => {
    new MutationObserver((_, observer) => {
      if (!output.hidden) { observer.disconnect(); resolve(); }
    }).observe(output, {attributes: true, childList: true});
  });
  block.querySelector(".run-bar button").click();
  await shown;
  const ms = performance.now() - started;
  const fetched = performance.getEntriesByType("resource").slice(before)
    .reduce((sum, entry) => sum + entry.transferSize, 0);
  return {ms, bytes: fetched, text: output.textContent};
}"""


def first_run(page: Page, url: str) -> dict:
    page.goto(url, wait_until="load")
    page.evaluate("performance.setResourceTimingBufferSize(1000)")
    return page.evaluate(PRESS_RUN, 0)


def browser_step(page: Page, url: str, steps: int) -> float:
    """Milliseconds per training step, typed into the page's first block and run there."""
    page.goto(url, wait_until="load")
    code = page.locator(".run-block[data-run]").first.get_by_role("textbox")
    code.evaluate("(element, text) => { element.textContent = text; }",
                  TRAINING.replace("STEPS", str(steps)))
    result = page.evaluate(PRESS_RUN, 0)
    found = re.search(r"([\d.]+) ms per step", result["text"])
    if not found:
        sys.exit(f"bench browser: the training step failed in the browser:\n{result['text']}")
    return float(found[1])


def cpython_step(steps: int) -> float:
    """Milliseconds per training step of the same code in a fresh CPython process."""
    result = subprocess.run([sys.executable, "-c", TRAINING.replace("STEPS", str(steps))],
                            capture_output=True, text=True, check=True)
    return float(re.search(r"([\d.]+) ms per step", result.stdout)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--steps", type=int, default=20, help="training steps to time")
    args = parser.parse_args()
    server = SiteServer("/")
    with tempfile.TemporaryDirectory(prefix="chainrule-bench-") as scratch:
        site = args.site
        if site is None:
            started = time.perf_counter()
            build = build_site(Path(scratch) / "site", SITE_URL=server.url)
            if build.returncode != 0:
                sys.exit(f"bench browser: the strict build failed:\n{build.log[-3000:]}")
            site = build.site
            print(f"built the site in {time.perf_counter() - started:.1f} s")
        vendored = sum(p.stat().st_size for p in (site / "assets" / "run").iterdir())
        load_before = os.getloadavg()[0]
        rows, in_browser = [], None
        server.serve(site)
        base = server.url
        with sync_playwright() as playwright:
            for chapter in ("03-computation-graphs", "01-derivatives"):
                profile = Path(scratch) / f"profile-{chapter}"  # a new reader: empty cache
                context = playwright.chromium.launch_persistent_context(
                    profile, executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, OFFLINE])
                page = context.new_page()
                url = f"{base}chapters/{chapter}/"
                cold = first_run(page, url)
                warm = min((first_run(page, url) for _ in range(2)), key=lambda r: r["ms"])
                rows.append((chapter, cold, warm))
                in_browser = in_browser or browser_step(page, url, args.steps)
                context.close()
        server.close()
    in_cpython = cpython_step(args.steps)
    print(f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after (2 cores: "
          "above 2, every time here grows with the other work)")
    print(f"machine: {machine()}; Python {platform.python_version()}; "
          f"Chromium via Playwright {metadata.version('playwright')}; "
          f"{time.strftime('%Y-%m-%d', time.gmtime())}")
    print(f"vendored under assets/run/: {vendored / 1e6:.2f} MB")
    print(f"{'page':24} {'cold: first Run to output':>27} {'warm':>16}")
    for chapter, cold, warm in rows:
        print(f"{chapter:24} {cold['ms'] / 1000:8.2f} s {cold['bytes'] / 1e6:9.2f} MB   "
              f"{warm['ms'] / 1000:6.2f} s {warm['bytes'] / 1e3:6.1f} kB")
    print(f"Value MLP training step ({args.steps} steps): browser {in_browser:.1f} ms, "
          f"CPython {in_cpython:.1f} ms, ratio {in_browser / in_cpython:.2f}")
    print("targets: cold <= 3 s, warm <= 1.5 s")


if __name__ == "__main__":
    main()
