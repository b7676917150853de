"""Where a benchmark's results go: src/chainrule/data/bench-NAME.json, with the machine, the
Python and package versions and the date. They ship inside the package, so a page (or its
notebook, anywhere) reads them with `chainrule.benchmarks.load_benchmark` and says where they
come from."""

from __future__ import annotations

import datetime
import json
import os
import platform
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUOTED = ("engine", "network")  # the benchmarks whose results the chapters print


def machine() -> str:
    """The CPU model and core count, e.g. 'AMD EPYC 7B13 (2 cores), Linux x86_64'."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model} ({os.cpu_count()} cores), {platform.system()} {platform.machine()}"


def write_results(name: str, results: dict, packages: Sequence[str]) -> Path:
    """Write `results` and their provenance to bench-`name`.json; return its path.

    Results a page quotes (``engine``, ``network``) go to src/chainrule/data/, inside the
    package; the others to scripts/benchmarks/results/.
    """
    report = {
        "machine": machine(),
        "python": platform.python_version(),
        "versions": {package: metadata.version(package) for package in packages},
        "date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
        "results": results,
    }
    folder = (ROOT / "src" / "chainrule" / "data" if name in QUOTED
              else ROOT / "scripts" / "benchmarks" / "results")
    path = folder / f"bench-{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")
    return path
