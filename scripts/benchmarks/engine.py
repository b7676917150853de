"""Benchmark chainrule's Value engine against micrograd 0.1.0.

1. micrograd's demo: MLP(2, [16, 16, 1]) on 100 two-moons points (noise 0.1), SVM max-margin
   loss + 1e-4 L2, full batch, learning rate 1.0 - 0.9 k / 100, from the same initial weights
   (random.seed(1337)). Each engine runs in its own subprocess, alternating, at least twice each,
   with the default garbage-collector settings. The loss trajectories must agree to 1e-9.
2. A 1,000,000-node chain: forward + backward time and peak memory (growth of ru_maxrss).
3. The chain depth at which micrograd's recursive backward() raises RecursionError.

Usage: .venv/bin/python scripts/benchmarks/engine.py [--quick] [--runs N] [--no-write]
Results go to src/chainrule/data/bench-engine.json, with the 1-minute load average before and
after the run: on a shared machine the absolute times grow with the load, while alternating the
engines keeps their ratio fair.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _results import ROOT, write_results

ENGINES = ("micrograd", "chainrule")
CHAIN_NODES = 1_000_000
LOSS_TOLERANCE = 1e-9


def load_engine(engine: str):
    """(Value, MLP) of the named engine."""
    if engine == "micrograd":
        from micrograd.engine import Value
        from micrograd.nn import MLP
    else:
        from chainrule.nn import MLP
        from chainrule.value import Value
    return Value, MLP


def demo(engine: str, steps: int) -> dict:
    """Train micrograd's demo model; the per-step wall times and the loss before each update."""
    from chainrule.datasets import make_moons

    Value, MLP = load_engine(engine)
    X, y = make_moons(n_samples=100, noise=0.1, seed=1337)
    rows, labels = X.tolist(), (2.0 * y - 1.0).tolist()
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    losses, times = [], []
    for k in range(steps):
        start = time.perf_counter()
        inputs = [[Value(x) for x in row] for row in rows]
        scores = [model(x) for x in inputs]
        margins = [(1 + -yi * score).relu() for yi, score in zip(labels, scores, strict=True)]
        data_loss = sum(margins) * (1.0 / len(margins))
        reg_loss = 1e-4 * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        times.append(time.perf_counter() - start)
        losses.append(total_loss.data)
    return {"times": times, "losses": losses}


def chain(nodes: int) -> dict:
    """Forward and backward through x + 1 + 1 + ... (nodes Values in all) with chainrule."""
    from chainrule.value import Value

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    x = Value(0.0)
    y = x
    for _ in range(nodes - 1):
        y = y + 1
    y.backward()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    assert x.grad == 1.0 and y.data == nodes - 1, (x.grad, y.data)
    return {"seconds": seconds, "peak_mib": (peak - before) / 1024}


def micrograd_depth(limit: int = 100_000) -> int:
    """The longest chain x + 1 + 1 + ... whose micrograd backward() does not hit RecursionError."""
    from micrograd.engine import Value

    def works(n: int) -> bool:
        y = Value(0.0)
        for _ in range(n - 1):
            y = y + 1
        try:
            y.backward()
        except RecursionError:
            return False
        return True

    low, high = 1, limit  # works(low) holds; find the largest n with works(n)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if works(middle) else (low, middle - 1)
    return low


def worker(task: str, engine: str, steps: int) -> None:
    """Run one measurement in this process and print it as JSON."""
    if task == "demo":
        result = demo(engine, steps)
    elif task == "chain":
        result = chain(CHAIN_NODES)
    else:
        result = {"depth": micrograd_depth()}
    print(json.dumps(result))


def run_worker(*args: str) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", *args]
    finished = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(finished.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 demo steps instead of 100")
    parser.add_argument("--runs", type=int, default=2, help="subprocess runs per engine (>= 2)")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON file")
    parser.add_argument("--worker", nargs=3, metavar=("TASK", "ENGINE", "STEPS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        task, engine, steps = args.worker
        worker(task, engine, int(steps))
        return
    steps = 10 if args.quick else 100
    runs = max(2, args.runs)
    load_before = os.getloadavg()[0]

    times: dict[str, list[float]] = {engine: [] for engine in ENGINES}
    trajectories: dict[str, list[list[float]]] = {engine: [] for engine in ENGINES}
    for run in range(runs):
        for engine in ENGINES:
            result = run_worker("demo", engine, str(steps))
            times[engine] += result["times"]
            trajectories[engine].append(result["losses"])
            print(f"run {run + 1}/{runs} {engine:>9}: median step "
                  f"{statistics.median(result['times']) * 1e3:9.2f} ms, "
                  f"final loss {result['losses'][-1]:.12f}", flush=True)
    reference = trajectories["micrograd"][0]
    every_run = trajectories["micrograd"] + trajectories["chainrule"]
    max_loss_diff = max(abs(a - b) for losses in every_run
                        for a, b in zip(reference, losses, strict=True))
    micrograd_step = statistics.median(times["micrograd"])
    chainrule_step = statistics.median(times["chainrule"])
    ratio = chainrule_step / micrograd_step
    print(f"demo ({steps} steps x {runs} runs): micrograd {micrograd_step * 1e3:.2f} ms/step, "
          f"chainrule {chainrule_step * 1e3:.2f} ms/step, ratio {ratio:.4f} (target <= 0.05)")
    print(f"max |loss difference| over the trajectories: {max_loss_diff:.3g} "
          f"({'OK' if max_loss_diff <= LOSS_TOLERANCE else 'ABOVE'} tolerance {LOSS_TOLERANCE})")

    chained = run_worker("chain", "chainrule", "0")
    depth = run_worker("depth", "micrograd", "0")["depth"]
    print(f"chain of {CHAIN_NODES:,} nodes: forward+backward {chained['seconds']:.2f} s, "
          f"peak memory +{chained['peak_mib']:.0f} MiB")
    print(f"micrograd backward(): RecursionError on chains longer than {depth} nodes")

    results = {
        "micrograd_step_s": micrograd_step,
        "chainrule_step_s": chainrule_step,
        "ratio": ratio,
        "max_loss_diff": max_loss_diff,
        "steps": steps,
        "runs_per_engine": runs,
        "chain": {
            "nodes": CHAIN_NODES,
            "forward_backward_s": chained["seconds"],
            "peak_mib": chained["peak_mib"],
        },
        "micrograd_max_backward_depth": depth,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    if not args.no_write:
        write_results("engine", results, ("chainrule", "micrograd", "numpy"))
    if max_loss_diff > LOSS_TOLERANCE:
        sys.exit("the loss trajectories disagree")


if __name__ == "__main__":
    main()
