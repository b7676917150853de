"""Gradient parity with PyTorch float64 on random expressions that reuse nodes and use every op."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from chainrule.value import Value, weighted_sum

torch = pytest.importorskip("torch")

EXPRESSIONS = 500
TOLERANCE = 1e-9


def error(ours: float, theirs: float) -> float:
    """Relative error, measured against 1 for numbers below 1.

    A gradient that should cancel to 0 (x - x) keeps a rounding error of about 1e-16 absolute,
    which is a relative error of 1 against an exact 0.
    """
    return abs(ours - theirs) / max(abs(ours), abs(theirs), 1.0)


def weighted_sum_tensor(weights, inputs, bias):
    total = bias
    for w, x in zip(weights, inputs, strict=True):
        total = total + w * x
    return total


# Each op, written once for both engines (Value and tensor share the operators and the method
# names), with a test of whether the operands' data are in its domain. x and y are operands from
# the pool, c a random constant for the ops with a plain-number operand.
OPS = {
    "add": (lambda x, y, c: x + y, lambda a, b, c: True),
    "sub": (lambda x, y, c: x - y, lambda a, b, c: True),
    "mul": (lambda x, y, c: x * y, lambda a, b, c: True),
    "div": (lambda x, y, c: x / y, lambda a, b, c: abs(b) > 0.2),
    "neg": (lambda x, y, c: -x, lambda a, b, c: True),
    "constant + Value": (lambda x, y, c: c + x, lambda a, b, c: True),
    "constant - Value": (lambda x, y, c: c - x, lambda a, b, c: True),
    "constant * Value": (lambda x, y, c: c * x, lambda a, b, c: True),
    "constant / Value": (lambda x, y, c: c / x, lambda a, b, c: abs(a) > 0.2),
    "Value ** integer": (lambda x, y, c: x ** round(c), lambda a, b, c: abs(a) > 0.2),
    "Value ** fraction": (lambda x, y, c: x ** (c / 2), lambda a, b, c: a > 0.2),
    "Value ** Value": (lambda x, y, c: x**y, lambda a, b, c: a > 0.2 and abs(b) < 3),
    "constant ** Value": (lambda x, y, c: abs(c) ** x, lambda a, b, c: abs(a) < 3),
    "exp": (lambda x, y, c: x.exp(), lambda a, b, c: abs(a) < 5),
    "log": (lambda x, y, c: x.log(), lambda a, b, c: a > 0.2),
    "tanh": (lambda x, y, c: x.tanh(), lambda a, b, c: True),
    "sigmoid": (lambda x, y, c: x.sigmoid(), lambda a, b, c: True),
    "relu": (lambda x, y, c: x.relu(), lambda a, b, c: True),
}


def random_expression(rng, counts):
    """Build one expression twice, with chainrule and with PyTorch; return both leaves and roots."""
    data = [rng.uniform(-2, 2) for _ in range(rng.randint(2, 4))]
    leaves = [Value(x) for x in data]
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in data]
    pool = list(zip(leaves, tensors, strict=True))
    for _ in range(rng.randint(4, 14)):
        if rng.random() < 0.1 and len(pool) >= 3:  # a neuron over nodes of the pool
            picks = [rng.choice(pool) for _ in range(5)]
            value = weighted_sum([p[0] for p in picks[:2]], [p[0] for p in picks[2:4]], picks[4][0])
            tensor = weighted_sum_tensor([p[1] for p in picks[:2]], [p[1] for p in picks[2:4]],
                                         picks[4][1])
            name = "weighted_sum"
        else:
            name = rng.choice(list(OPS))
            op, in_domain = OPS[name]
            (a, ta), (b, tb) = rng.choice(pool), rng.choice(pool)
            c = rng.choice([-3.0, -2.0, -1.0, 0.5, 1.5, 2.0, 3.0])
            if not in_domain(a.data, b.data, c):
                continue
            value, tensor = op(a, b, c), op(ta, tb, c)
        if abs(value.data) > 1e4:
            continue
        counts[name] += 1
        pool.append((value, tensor))
    root, root_tensor = pool[-1]
    return leaves, tensors, root, root_tensor


def test_gradients_match_pytorch_float64_on_random_expressions():
    rng = random.Random(2024)
    counts = Counter()
    worst = 0.0
    for _ in range(EXPRESSIONS):
        leaves, tensors, root, root_tensor = random_expression(rng, counts)
        assert error(root.data, root_tensor.item()) <= TOLERANCE
        if not root_tensor.requires_grad:
            continue
        root.backward()
        root_tensor.backward()
        for leaf, tensor in zip(leaves, tensors, strict=True):
            expected = 0.0 if tensor.grad is None else tensor.grad.item()
            worst = max(worst, error(leaf.grad, expected))
            assert worst <= TOLERANCE, (leaf.grad, expected)
    assert set(counts) == set(OPS) | {"weighted_sum"}, "every op is exercised"
    assert sum(counts.values()) > 8 * EXPRESSIONS
    assert worst < TOLERANCE
