"""Benchmark chainrule.network: PyTorch parity, backprop against central differences, three engines.

1. torch_parity: a sigmoid network [2, 16, 16, 1] on make_moons(100, noise=0.1), mean log loss,
   full-batch gradient descent. Per-step time of `Network.train` (backpropagation with the
   learning rate folded in, and the in-place update), against PyTorch float64 (the same
   initial weights, the same run, runs alternating). Both use one thread. The two loss
   histories must agree to 1e-10.
2. scaling: gradients by central differences (`numeric_gradients`, two loss evaluations per
   parameter) against backprop (`gradients`) for networks [2, h, h, 1] from about 10 to 10,000
   parameters: the best CPU time per gradient (see `best_cpu_time`), and the number of loss
   evaluations central differences need.
3. engines: the chapter-12 model, [2, 16, 16, 1] with ReLU hidden layers and a sigmoid output,
   mean log loss: per-step time of a chainrule.nn MLP (scalar `Value` graph), of
   chainrule.network and of PyTorch, all from the same weights.

Usage: .venv/bin/python scripts/benchmarks/network.py [--quick] [--no-write]
Results go to src/chainrule/data/bench-network.json.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable

# One BLAS thread, like torch.set_num_threads(1) below; it must be set before NumPy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import torch
from _results import write_results

from chainrule.datasets import make_moons
from chainrule.network import Network
from chainrule.nn import MLP

SIZES = [2, 16, 16, 1]
LEARNING_RATE = 1.0
LOSS_TOLERANCE = 1e-10
TARGET_RATIO = 0.25  # issue 15
HIDDEN_WIDTHS = [2, 4, 8, 15, 29, 52, 97]  # 15 to 9,895 parameters


def moons() -> tuple[np.ndarray, np.ndarray]:
    """The two-moons data with samples as columns: X (2, 100), y (1, 100)."""
    X, y = make_moons(100, noise=0.1)
    return np.ascontiguousarray(X.T), y.reshape(1, -1).astype(float)


def chainrule_run(network: Network, X, y, steps: int) -> tuple[list[float], list[float]]:
    """Gradient descent with chainrule.network: (seconds per step, loss before each step).

    Each step is one `Network.train(X, y, LEARNING_RATE, 1)`: the loss and its gradients by
    backpropagation, with the learning rate folded in, and the in-place update.
    """
    times, losses = [], []
    for _ in range(steps):
        start = time.perf_counter()
        losses += network.train(X, y, LEARNING_RATE, 1, reduction="mean")
        times.append(time.perf_counter() - start)
    return times, losses


def train_run(network: Network, X, y, steps: int, chunk: int = 10) -> tuple[list, list]:
    """`Network.train` itself, timed `chunk` steps at a time (each step gets the chunk's mean)."""
    times, losses = [], []
    for _ in range(steps // chunk):
        start = time.perf_counter()
        losses += network.train(X, y, LEARNING_RATE, chunk, reduction="mean")
        times += [(time.perf_counter() - start) / chunk] * chunk
    return times, losses


def torch_run(network: Network, X, y, steps: int) -> tuple[list[float], list[float]]:
    """The same gradient descent in PyTorch float64, from the network's parameters."""
    activate = {"sigmoid": torch.sigmoid, "relu": torch.relu, "tanh": torch.tanh}
    g = activate[network.activation]
    n = len(network.weights)
    weights = [torch.tensor(w, requires_grad=True) for w in network.weights]
    biases = [torch.tensor(b, requires_grad=True) for b in network.biases]
    params = weights + biases
    X, y = torch.tensor(X), torch.tensor(y)
    binary_cross_entropy = torch.nn.functional.binary_cross_entropy_with_logits
    times, losses = [], []
    for _ in range(steps):
        start = time.perf_counter()
        a = X
        for w, b in zip(weights[: n - 1], biases[: n - 1], strict=True):
            a = g(torch.addmm(b, w, a))
        loss = binary_cross_entropy(torch.addmm(biases[-1], weights[-1], a), y)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(p.grad, alpha=LEARNING_RATE)
        losses.append(loss.item())
        times.append(time.perf_counter() - start)
    return times, losses


def value_run(network: Network, X, y, steps: int) -> tuple[list[float], list[float]]:
    """The same gradient descent with a chainrule.nn MLP (scalar Values) holding the weights."""
    if network.activation != "relu":
        raise ValueError("chainrule.nn's hidden layers are ReLU")
    model = MLP(len(X), [w.shape[0] for w in network.weights], rng=random.Random(0))
    for layer, weights, biases in zip(model.layers, network.weights, network.biases, strict=True):
        for neuron, row, bias in zip(layer.neurons, weights, biases, strict=True):
            for parameter, value in zip(neuron.w, row, strict=True):
                parameter.data = float(value)
            neuron.b.data = float(bias[0])
    rows = X.T.tolist()
    signs = [1.0 if label else -1.0 for label in y[0]]  # log loss = -log sigmoid(sign * score)
    samples = list(zip(rows, signs, strict=True))
    times, losses = [], []
    for _ in range(steps):
        start = time.perf_counter()
        terms = [-(sign * model(row)).sigmoid().log() for row, sign in samples]
        loss = sum(terms) * (1.0 / len(terms))
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= LEARNING_RATE * p.grad
        times.append(time.perf_counter() - start)
        losses.append(loss.data)
    return times, losses


def alternate(
    runners: dict[str, Callable], network: Network, X, y, steps: int, runs: int
) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Run each engine `runs` times, alternating; median step time and first loss history."""
    times: dict[str, list[float]] = {name: [] for name in runners}
    histories: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, run in runners.items():
            step_times, losses = run(network.copy(), X, y, steps)
            times[name] += step_times
            histories.setdefault(name, losses)
    return {name: statistics.median(t) for name, t in times.items()}, histories


def max_difference(a: list[float], b: list[float]) -> float:
    return max(abs(p - q) for p, q in zip(a, b, strict=True))


def torch_parity(X, y, steps: int, runs: int) -> dict:
    network = Network.from_sizes(SIZES, seed=0, activation="sigmoid")
    medians, histories = alternate(
        {"chainrule": chainrule_run, "torch": torch_run, "train": train_run},
        network,
        X,
        y,
        steps,
        runs,
    )
    result = {
        "chainrule_step_s": medians["chainrule"],
        "torch_step_s": medians["torch"],
        "ratio": medians["chainrule"] / medians["torch"],
        "max_loss_diff": max(
            max_difference(histories["torch"], histories[name]) for name in ("chainrule", "train")
        ),
    }
    print(
        f"torch parity ({steps} steps x {runs} runs): chainrule "
        f"{result['chainrule_step_s'] * 1e6:.1f} us/step, torch {result['torch_step_s'] * 1e6:.1f}"
        f" us/step, ratio {result['ratio']:.3f} (target <= {TARGET_RATIO}), loss "
        f"{histories['chainrule'][0]:.6f} -> {histories['chainrule'][-1]:.6f}, max |loss "
        f"difference| {result['max_loss_diff']:.2g}; Network.train (the same loop with the "
        f"learning rate folded into backprop): {medians['train'] * 1e6:.1f} us/step"
    )
    return result


def best_cpu_time(function: Callable[[], object], repeats: int = 7, batch_s: float = 0.05) -> float:
    """The CPU time of one `function()` call: the fastest of `repeats` batches, after a warm-up.

    The first call warms caches and lazily made arrays and is not timed. Each batch runs the
    function often enough to take at least `batch_s`, so the clock's resolution does not
    matter, and the result is that batch's time per call. The fastest batch is the one least
    disturbed by other processes; CPU time of this process (one thread) leaves out time spent
    waiting for the core.
    """
    function()
    number = 1
    while True:
        start = time.process_time()
        for _ in range(number):
            function()
        elapsed = time.process_time() - start
        if elapsed >= batch_s or number >= 1 << 20:
            break
        number *= 2
    best = elapsed / number
    for _ in range(repeats - 1):
        start = time.process_time()
        for _ in range(number):
            function()
        best = min(best, (time.process_time() - start) / number)
    return best


def counted_numeric_gradients(network: Network, X, y) -> tuple[tuple, int]:
    """`network.numeric_gradients(X, y)` and the number of loss evaluations it made."""
    calls = 0
    loss = Network.loss

    def counted(self, *args, **kwargs):
        nonlocal calls
        calls += 1
        return loss(self, *args, **kwargs)

    Network.loss = counted
    try:
        gradients = network.numeric_gradients(X, y)
    finally:
        Network.loss = loss
    return gradients, calls


def scaling(X, y, widths: list[int]) -> list[dict]:
    rows = []
    print(
        f"{'parameters':>10} {'central diff. s':>15} {'backprop s':>12} {'ratio':>10} "
        f"{'loss evaluations':>17}"
    )
    for width in widths:
        network = Network.from_sizes([2, width, width, 1], seed=0)
        numeric, loss_evaluations = counted_numeric_gradients(network, X, y)
        backprop = network.gradients(X, y)
        error = max(
            np.abs(a - b).max() / max(np.abs(a).max(), 1e-12)
            for a, b in zip(numeric[0] + numeric[1], backprop[0] + backprop[1], strict=True)
        )
        if error > 1e-5:
            sys.exit(f"central differences and backprop disagree (relative error {error:.2g})")
        row = {
            "n_params": network.n_parameters,
            "central_s": best_cpu_time(lambda n=network: n.numeric_gradients(X, y), repeats=3),
            "backprop_s": best_cpu_time(lambda n=network: n.gradients(X, y)),
            "loss_evaluations": loss_evaluations,
        }
        rows.append(row)
        print(
            f"{row['n_params']:>10,} {row['central_s']:>15.6f} {row['backprop_s']:>12.6f} "
            f"{row['central_s'] / row['backprop_s']:>10,.0f} {row['loss_evaluations']:>17,}"
        )
    return rows


def engines(X, y, steps: int, runs: int) -> dict:
    network = Network.from_sizes(SIZES, seed=0, activation="relu")
    medians, histories = alternate(
        {"value_mlp": value_run, "network": chainrule_run, "torch": torch_run},
        network,
        X,
        y,
        steps,
        runs,
    )
    worst = max(max_difference(histories["torch"], h) for h in histories.values())
    print(
        f"engines ({steps} steps x {runs} runs): Value MLP {medians['value_mlp'] * 1e3:.2f} "
        f"ms/step, network {medians['network'] * 1e6:.1f} us/step, torch "
        f"{medians['torch'] * 1e6:.1f} us/step, max |loss difference| {worst:.2g}"
    )
    if worst > 1e-9:
        sys.exit("the engines' loss histories disagree")
    return {f"{name}_step_s": seconds for name, seconds in medians.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps and smaller networks")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON file")
    args = parser.parse_args()
    torch.set_num_threads(1)
    X, y = moons()
    steps, runs = (200, 2) if args.quick else (1000, 5)
    parity = torch_parity(X, y, steps, runs)
    rows = scaling(X, y, HIDDEN_WIDTHS[:4] if args.quick else HIDDEN_WIDTHS)
    compared = engines(X, y, 5 if args.quick else 20, 2 if args.quick else 3)
    if not args.no_write:
        results = {"torch_parity": parity, "scaling": rows, "engines": compared}
        write_results("network", results, ("chainrule", "numpy", "torch"))
    if parity["max_loss_diff"] > LOSS_TOLERANCE:
        sys.exit("the chainrule and PyTorch loss histories disagree")


if __name__ == "__main__":
    main()
