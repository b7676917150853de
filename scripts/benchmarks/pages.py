"""Benchmark every page with Lighthouse's mobile preset, the site served with gzip as a host would.

1. A strict build of the working tree into a temporary folder (SOURCE_DATE_EPOCH of the last
   commit, a fresh execution cache).
2. The folder served on a free 127.0.0.1 port by a small HTTP server that gzips text responses
   (HTML, CSS, JavaScript, JSON, SVG) for clients that accept it and sends cache headers.
3. Lighthouse (node_modules/lighthouse, pinned by package-lock.json; Chromium from CHROME_PATH,
   by default Debian's /usr/bin/chromium) on every page: mobile form factor, simulated slow 4G
   and 4x CPU slowdown (its defaults), the four categories. Each page is run `--runs` times
   (default 1) and the best performance run is kept.

Prints, per page, the four scores, the one-minute load average when it ran (Lighthouse's
simulated throttling scales the CPU time it observes, so a busy machine lowers the score), the raw
metrics behind the performance score (FCP, LCP, TBT, CLS) and the three worst audits, then the
pages below the targets (performance 95, the others 100). Writes
scripts/benchmarks/results/bench-pages.json
with the machine, versions and date (scripts/benchmarks/_results.py).
Usage: scripts/bench pages [--runs N] [--only SUBSTRING]... [--reports DIR].
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import ROOT, write_results

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
GZIPPED = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".ipynb")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-dev-shm-usage"


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it, with a cache lifetime like a CDN's."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        requested = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not requested.endswith("/"):
                return super().send_head()  # the parent redirects /dir to /dir/
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in GZIPPED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build(site: Path, cache: Path) -> None:
    epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                           text=True, check=False).stdout.strip() or "0"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAINRULE_")}
    env.update(SOURCE_DATE_EPOCH=epoch, CHAINRULE_EXEC_CACHE=str(cache), MPLBACKEND="Agg",
               NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                             str(site)], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        sys.exit(f"bench pages: the strict build failed:\n{result.stderr[-3000:]}")


def page_urls(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix().removesuffix("index.html")
            for p in sorted(site.rglob("*.html")) if p.name != "404.html"]


def lighthouse(url: str) -> dict:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = ["node", str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"bench pages: lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS"}
"""Lighthouse's raw metrics that explain a performance score, with their short names."""


def summary(report: dict) -> dict:
    """The four scores, the raw metrics and the three worst audits of one Lighthouse report.

    The audits are those of the four categories that have a score: metrics, opportunities
    (unused JavaScript, render-blocking resources, ...) and pass/fail checks, worst first; the
    heavier an audit weighs in its category, the earlier it comes among equal scores.
    """
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    weight = {ref["id"]: ref["weight"] for c in CATEGORIES
              for ref in report["categories"][c]["auditRefs"]}
    audits = [a for a in report["audits"].values() if a["id"] in weight
              and a.get("score") is not None
              and a["scoreDisplayMode"] in ("binary", "numeric", "metricSavings")]
    worst = sorted(audits, key=lambda a: (a["score"], -weight[a["id"]], a["id"]))[:3]
    metrics = {short: report["audits"][m].get("displayValue", "") for m, short in METRICS.items()
               if m in report["audits"]}
    return {"scores": scores, "metrics": metrics,
            "worst": [{"id": a["id"], "score": round(a["score"], 2),
                       "value": a.get("displayValue", "")} for a in worst if a["score"] < 1]}


def line(url: str, result: dict) -> str:
    """One page's scores, raw metrics, load average and worst audits, on two lines."""
    scores = " ".join(f"{c[:4]} {s:3d}" for c, s in result["scores"].items())
    metrics = " ".join(f"{name} {value}" for name, value in result["metrics"].items())
    worst = "; ".join(f"{w['id']} {w['score']}" + (f" ({w['value']})" if w["value"] else "")
                      for w in result["worst"])
    return (f"{url:42} {scores}  load {result['load']:.2f}\n"
            f"{'':42} {metrics}  worst: {worst or '-'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (best kept)")
    parser.add_argument("--only", action="append", default=[],
                        help="pages whose URL contains this (repeatable; '/': the home page)")
    parser.add_argument("--reports", type=Path, help="also write each page's Lighthouse JSON here")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        sys.exit("bench pages: node_modules/lighthouse is missing; run `npm ci` (scripts/setup)")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="chainrule-bench-pages-") as temporary:
        site, cache = Path(temporary) / "site", Path(temporary) / "cache"
        build(site, cache)
        urls = [u for u in page_urls(site) if not args.only
                or any(u == "" if o == "/" else o in u for o in args.only)]
        with serving(site) as base:
            for url in urls:
                reports = [lighthouse(base + url) for _ in range(max(1, args.runs))]
                runs = [summary(r) for r in reports]
                best = max(range(len(runs)), key=lambda i: runs[i]["scores"]["performance"])
                results[url or "/"] = {**runs[best], "load": os.getloadavg()[0]}
                if args.reports:
                    args.reports.mkdir(parents=True, exist_ok=True)
                    name = (url.strip("/").replace("/", "__") or "index") + ".json"
                    (args.reports / name).write_text(json.dumps(reports[best]), encoding="utf-8")
                print(line(url or "/", results[url or "/"]), flush=True)
    below = {url: {c: s for c, s in r["scores"].items() if s < TARGETS[c]}
             for url, r in results.items()}
    below = {url: b for url, b in below.items() if b}
    print(f"{len(results)} pages; {len(below)} below the targets "
          f"(performance {TARGETS['performance']}, the others 100)")
    for url, b in below.items():
        print(f"  {url}: {b}")
    version = json.loads((ROOT / "node_modules/lighthouse/package.json").read_text())["version"]
    write_results("pages", {"lighthouse": version, "preset": "mobile (default)", "gzip": True,
                            "runs_per_page": args.runs, "load_average": os.getloadavg(),
                            "pages": results},
                  packages=["mkdocs", "mkdocs-material"])


if __name__ == "__main__":
    main()
