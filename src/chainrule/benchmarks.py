"""Benchmark results that ship with the package, so the pages that quote them run anywhere.

`scripts/bench` measures the engines on a quiet machine and writes what it found, with the
machine, the versions and the date, to ``chainrule/data/bench-NAME.json``; the pages read them
back with `load_benchmark`. Nothing here measures anything.

>>> bench = load_benchmark("engine")
>>> sorted(bench)
['date', 'machine', 'python', 'results', 'versions']
>>> provenance(bench).splitlines()[0].startswith("measured on: ")
True
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

NAMES = ("engine", "network")


def load_benchmark(name: str) -> dict[str, Any]:
    """The results of benchmark `name` (``"engine"`` or ``"network"``) with their provenance.

    Args:
        name: the benchmark, as in ``scripts/bench NAME``.

    Returns:
        A dict with ``machine``, ``python``, ``versions``, ``date`` and ``results``.
    """
    if name not in NAMES:
        raise ValueError(f"no benchmark named {name!r}; the package ships {', '.join(NAMES)}")
    data = resources.files("chainrule") / "data" / f"bench-{name}.json"
    return json.loads(data.read_text(encoding="utf-8"))


def provenance(bench: dict[str, Any]) -> str:
    """Two lines saying where and when `bench` was measured, and with which versions."""
    versions = ", ".join(f"{package} {version}" for package, version in bench["versions"].items())
    return f"measured on: {bench['machine']} on {bench['date']}\nversions:    {versions}"
