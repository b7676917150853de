"""Benchmark the site build: cold and cached strict builds, and a prose edit under `mkdocs serve`.

1. Cold: `mkdocs build --strict` of the working tree with an empty execution cache, so every
   block runs (the cache writes its results as it goes; that costs milliseconds).
2. Cached: the same build again, every block answered from that cache.
3. Edit to rebuilt page: a copy of the project (mkdocs.yml, hooks/, docs/, src/) is served by
   `mkdocs serve --dirty` with the warm cache, as scripts/serve does, on a free 127.0.0.1 port.
   One prose line of a chapter in the copy gets a new word; the time from saving the file to the
   served page showing the word is measured, a few times. The working tree is never edited.

Usage: scripts/bench site [--edits N]. Prints the timings; writes nothing in the repository.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("mkdocs.yml", "requirements.txt", "hooks", "docs", "src")
MKDOCS = [sys.executable, "-m", "mkdocs"]
POLL_SECONDS = 0.05
TIMEOUT_SECONDS = 300.0


def environment(cache: Path) -> dict[str, str]:
    """Build environment: the last commit's date, the given execution cache, no display."""
    epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                           text=True, check=False).stdout.strip() or "0"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAINRULE_")}
    env.update(SOURCE_DATE_EPOCH=epoch, CHAINRULE_EXEC_CACHE=str(cache), MPLBACKEND="Agg",
               NO_MKDOCS_2_WARNING="1")
    return env


def timed_build(site: Path, env: dict[str, str]) -> float:
    """Seconds taken by one strict build of the working tree into `site`."""
    start = time.perf_counter()
    result = subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(site)], cwd=ROOT,
                            env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench site: the strict build failed:\n{result.stderr[-3000:]}")
    return seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str) -> float:
    """Poll `url` until its body contains `text`; return the time that took."""
    start = time.perf_counter()
    while text not in fetch(url):
        if time.perf_counter() - start > TIMEOUT_SECONDS:
            sys.exit(f"bench site: {url} never showed {text!r}")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - start


def prose_line(lines: list[str]) -> int:
    """Index of the first plain paragraph line outside fences, headings, lists and math."""
    in_fence = False
    for index, line in enumerate(lines):
        if re.match(r"\s*(```|~~~)", line):
            in_fence = not in_fence
        elif not in_fence and re.match(r"[A-Za-z]", line) and "$" not in line:
            return index
    raise SystemExit("bench site: no prose line to edit")


def edit_times(project: Path, env: dict[str, str], edits: int) -> list[float]:
    """Serve a copy of the project, add a word to a chapter's prose, time until it is served."""
    chapter = sorted((project / "docs" / "chapters").glob("*.md"))[0]
    url = f"http://127.0.0.1:{free_port()}"
    page = f"{url}/chapters/{chapter.stem}/"
    address = url.removeprefix("http://")
    server = subprocess.Popen([*MKDOCS, "serve", "--dirty", "--no-strict", "--dev-addr", address],
                              cwd=project, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for(page, "</html>")
        lines = chapter.read_text(encoding="utf-8").split("\n")
        target = prose_line(lines)
        times = []
        for edit in range(edits):
            marker = f"benchmarkedit{edit}"
            lines[target] = f"{lines[target]} {marker}"
            chapter.write_text("\n".join(lines), encoding="utf-8")
            times.append(wait_for(page, marker))
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def copy_project(destination: Path) -> Path:
    """Copy what a build reads (config, hooks, pages, package source) to `destination`."""
    destination.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, destination / name)
    return destination


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=3, help="prose edits to time (default 3)")
    args = parser.parse_args()
    chapters = len(list((ROOT / "docs" / "chapters").glob("*.md")))
    with tempfile.TemporaryDirectory(prefix="bench-site-") as scratch:
        scratch_dir = Path(scratch)
        env = environment(scratch_dir / "exec-cache")
        cold = timed_build(scratch_dir / "cold", env)
        cached = timed_build(scratch_dir / "cached", env)
        project = copy_project(scratch_dir / "project")
        edits = edit_times(project, env, args.edits)
    print(f"site build benchmark: {chapters} chapters, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.platform()}")
    print(f"cold strict build (nothing cached):       {cold:6.2f} s   (target <= 30 s)")
    print(f"cached strict build (every block cached): {cached:6.2f} s")
    print(f"prose edit to rebuilt page under serve:   {statistics.median(edits):6.2f} s median "
          f"of {len(edits)} ({', '.join(f'{t:.2f}' for t in edits)})   (target <= 3 s)")


if __name__ == "__main__":
    main()
