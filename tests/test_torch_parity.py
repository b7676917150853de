"""Gradient parity with PyTorch float64 on random expressions that reuse nodes and use every op."""

from __future__ import annotations

import random
from collections import Counter

import torch

from chainrule import _operations
from chainrule.value import Value

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


# Every operation chainrule.Value has: the expressions are written once for both engines (Value
# and tensor share the operators and the method names); weighted_sum is bound to the tensors' own.
OPERATIONS = [op for op in _operations.OPERATIONS.values() if op.in_value]


def constant(domain, rng):
    """A random constant in `domain`, between -3 and 3."""
    low, high = rng.choice(domain.intervals)
    low, high = max(low, -3.0), min(high, 3.0)
    return float(rng.randint(int(low), int(high))) if domain.integer else rng.uniform(low, high)


def random_expression(rng, counts):
    """Build one expression twice, with chainrule and with PyTorch; return both leaves and roots.

    Each step applies a random operation to operands from the pool of nodes built so far (the
    same node may be picked twice) whose data are in its domain, with random constants.
    """
    data = [rng.uniform(-2, 2) for _ in range(rng.randint(2, 4))]
    leaves = [Value(x) for x in data]
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in data]
    pool = list(zip(leaves, tensors, strict=True))
    for _ in range(rng.randint(4, 14)):
        op = rng.choice(OPERATIONS)
        picks = [rng.choice(pool) for _ in op.operands]
        if not all(p[0].data in domain for p, domain in zip(picks, op.operands.values(),
                                                            strict=True)):
            continue
        constants = [constant(domain, rng) for domain in op.constants.values()]
        value = op.function()(*(p[0] for p in picks), *constants)
        tensor = op.function(weighted_sum=weighted_sum_tensor)(*(p[1] for p in picks), *constants)
        if abs(value.data) > 1e4:
            continue
        counts[op.name] += 1
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
    assert set(counts) == {op.name for op in OPERATIONS}, "every op is exercised"
    assert sum(counts.values()) > 8 * EXPRESSIONS
    assert worst < TOLERANCE


def test_relu_at_its_kink_has_pytorchs_slope():
    """0 at 0, like PyTorch: the kink is outside relu's domain in the random expressions."""
    x = Value(0.0)
    x.relu().backward()
    tensor = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    tensor.relu().backward()
    assert x.grad == tensor.grad.item() == 0.0
