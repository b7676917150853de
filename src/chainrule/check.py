"""Self-checks for the workbooks: hand in your function or class, get a report.

Each check runs your code on a small table of cases and compares the result with chainrule's own
implementation (or with finite differences). The report says how many cases pass and, for the first
one that fails, what went in, what was expected and what your code gave. Your code raising an
exception counts as a failing case, so a workbook whose tasks are not done yet still runs.

>>> def slope(f, x, h=1e-5):
...     return (f(x + h) - f(x - h)) / (2 * h)
>>> print(derivative_function(slope))
✓ derivative_function: all 5 cases pass
>>> print(derivative_function(lambda f, x, h=1e-5: (f(x + h) - f(x)) / h))
✗ derivative_function: 0 of 5 cases pass
  first failing case: f(x) = x**2 at x = 3.0
  expected 6.0, got 6.000009999951316
  hint: that is a forward difference; its error shrinks only like h. Use (f(x+h) - f(x-h)) / (2h).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from chainrule.datasets import interval_data, make_moons
from chainrule.network import Network
from chainrule.numeric import central_difference, forward_difference
from chainrule.value import Value

__all__ = [
    "Report",
    "derivative",
    "derivative_function",
    "gradient_function",
    "network_gradients",
    "parameter_gradient",
    "value_class",
]


@dataclass(frozen=True)
class Report:
    """The outcome of one check: `ok` is True when every case passes.

    Its text (``print(report)``, or a notebook cell ending in the report) gives the count of passing
    cases and, on failure, the first failing case with the expected value and what was given.
    """

    name: str
    n_cases: int
    n_passed: int
    first_failure: str = ""

    @property
    def ok(self) -> bool:
        """True when every case passes."""
        return self.n_passed == self.n_cases

    def __str__(self) -> str:
        if self.ok:
            return f"✓ {self.name}: all {self.n_cases} cases pass"
        head = f"✗ {self.name}: {self.n_passed} of {self.n_cases} cases pass"
        return head + "\n" + "\n".join(f"  {line}" for line in self.first_failure.splitlines())

    __repr__ = __str__


@dataclass(frozen=True)
class _Case:
    """One input for the reader's code: how to run it, and what it should give."""

    description: str
    run: Callable[[], object]
    expected: object
    hint: Callable[[object], str] = lambda got: ""


def _report(name: str, cases: Sequence[_Case], same: Callable[[object, object], bool]) -> Report:
    passed, first_failure = 0, ""
    for case in cases:
        try:
            got = case.run()
            ok = same(got, case.expected)
        except Exception as error:  # the reader's code failing is a result to report
            ok = False
            failure = (
                f"first failing case: {case.description}\n"
                f"raised {type(error).__name__}: {error}"
            )
        else:
            failure = (
                f"first failing case: {case.description}\n"
                f"expected {_show(case.expected)}, got {_show(got)}"
            )
            hint = case.hint(got)
            if hint:
                failure += f"\nhint: {hint}"
        if ok:
            passed += 1
        elif not first_failure:
            first_failure = failure
    return Report(name, len(cases), passed, first_failure)


def _show(x: object) -> str:
    if isinstance(x, np.ndarray):
        return np.array2string(x, precision=6, separator=", ")
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(_show(item) for item in x) + "]"
    return repr(float(x)) if isinstance(x, (int, float, np.floating)) else repr(x)


def _close(tol: float) -> Callable[[object, object], bool]:
    """Numbers (or equal-length lists of numbers) within a relative tolerance."""

    def same(got: object, expected: object) -> bool:
        if isinstance(expected, (list, tuple)):
            return (
                isinstance(got, (list, tuple, np.ndarray))
                and len(got) == len(expected)
                and all(same(g, e) for g, e in zip(got, expected, strict=True))
            )
        return isinstance(got, (int, float, np.floating)) and math.isclose(
            float(got), float(expected), rel_tol=tol, abs_tol=tol
        )

    return same


# Finite differences -------------------------------------------------------------------------

_FUNCTIONS: list[tuple[str, Callable[[float], float], Callable[[float], float], float]] = [
    ("x**2", lambda x: x**2, lambda x: 2 * x, 3.0),
    ("x**3", lambda x: x**3, lambda x: 3 * x**2, -2.0),
    ("sin(x)", math.sin, math.cos, 0.5),
    ("exp(x)", math.exp, math.exp, 1.0),
    ("1/x", lambda x: 1 / x, lambda x: -1 / x**2, 2.0),
]


def derivative_function(numeric_derivative: Callable[..., float], h: float = 1e-5) -> Report:
    """Check a finite-difference derivative `numeric_derivative(f, x, h)` against exact derivatives.

    It passes when it is within 1e-8 (relative) of f'(x) for five functions: accurate enough that
    a central difference passes and a forward difference does not.
    """

    def hint(f: Callable[[float], float], x: float) -> Callable[[object], str]:
        forward = forward_difference(f, x, h)
        return lambda got: (
            "that is a forward difference; its error shrinks only like h. "
            "Use (f(x+h) - f(x-h)) / (2h)."
            if isinstance(got, float) and math.isclose(got, forward, rel_tol=1e-9)
            else ""
        )

    cases = [
        _Case(f"f(x) = {name} at x = {x}", lambda f=f, x=x: numeric_derivative(f, x, h), df(x),
              hint(f, x))
        for name, f, df, x in _FUNCTIONS
    ]
    return _report("derivative_function", cases, _close(1e-8))


def gradient_function(numeric_gradient: Callable[..., Sequence[float]]) -> Report:
    """Check `numeric_gradient(f, args)`, the list of partial derivatives of f at args."""
    table: list[tuple[str, Callable[..., float], list[float], list[float]]] = [
        ("x + y", lambda x, y: x + y, [2.0, 3.0], [1.0, 1.0]),
        ("x * y", lambda x, y: x * y, [2.0, 3.0], [3.0, 2.0]),
        ("x**2 + y**3 - z", lambda x, y, z: x**2 + y**3 - z, [2.0, 3.0, 4.0], [4.0, 27.0, -1.0]),
        ("x * exp(y)", lambda x, y: x * math.exp(y), [1.5, -0.5],
         [math.exp(-0.5), 1.5 * math.exp(-0.5)]),
    ]
    cases = [
        _Case(f"f = {name} at {args}", lambda f=f, args=args: list(numeric_gradient(f, args)),
              grad)
        for name, f, args, grad in table
    ]
    return _report("gradient_function", cases, _close(1e-6))


def derivative(
    df: Callable[[float], float],
    f: Callable[[float], float],
    points: Sequence[float] = (-1.5, -0.3, 0.0, 0.7, 2.0),
) -> Report:
    """Check a derivative worked out by hand, `df`, against central differences of `f`.

    >>> print(derivative(lambda x: 3 * x**2, lambda x: x**3))
    ✓ derivative: all 5 cases pass
    """
    cases = [
        _Case(f"x = {x}", lambda x=x: df(x), central_difference(f, x, 1e-5)) for x in points
    ]
    return _report("derivative", cases, _close(1e-6))


# A Value class --------------------------------------------------------------------------------

_OPS: dict[str, tuple[str, Callable]] = {
    "add": ("a + b", lambda a, b: a + b),
    "mul": ("a * b", lambda a, b: a * b),
    "sub": ("a - b", lambda a, b: a - b),
    "neg": ("-a * b", lambda a, b: -a * b),
    "truediv": ("a / b", lambda a, b: a / b),
    "pow": ("a**3 * b", lambda a, b: a**3 * b),
    "exp": ("a.exp() * b", lambda a, b: a.exp() * b),
    "tanh": ("(a * b).tanh()", lambda a, b: (a * b).tanh()),
    "reuse": ("a * a + a * b  (a is used three times)", lambda a, b: a * a + a * b),
}
_POINTS = [(3.0, -2.0), (-1.5, 0.5), (0.25, 4.0)]


def value_class(value_class: type, ops: Sequence[str] = ("add", "mul", "reuse")) -> Report:
    """Check a micrograd-style Value class: forward values and gradients after `backward()`.

    Every op in `ops` (names from: add, mul, sub, neg, truediv, pow, exp, tanh, reuse) is built
    from two leaves of your class at three points, `backward()` is called on the result, and its
    `data` and the leaves' `grad` are compared with `chainrule.Value`. "reuse" catches a backward
    that assigns (`=`) instead of accumulating (`+=`).

    >>> print(value_class(Value, ops=["add", "truediv", "reuse"]))
    ✓ value_class: all 9 cases pass
    """
    unknown = sorted(set(ops) - set(_OPS))
    if unknown:
        raise ValueError(f"unknown ops {unknown}; choose from {sorted(_OPS)}")

    def run(build: Callable, cls: type, a: float, b: float) -> list[float]:
        leaf_a, leaf_b = cls(a), cls(b)
        out = build(leaf_a, leaf_b)
        out.backward()
        return [out.data, leaf_a.grad, leaf_b.grad]

    def hint(got: object) -> str:
        return "the list is [output data, a.grad, b.grad]" if isinstance(got, list) else ""

    cases = [
        _Case(
            f"{text} at a = {a}, b = {b}",
            lambda build=build, a=a, b=b: run(build, value_class, a, b),
            run(build, Value, a, b),
            hint,
        )
        for text, build in (_OPS[op] for op in ops)
        for a, b in _POINTS
    ]
    return _report("value_class", cases, _close(1e-9))


# The NumPy network ----------------------------------------------------------------------------

def _networks(deep: bool) -> list[tuple[str, Network, np.ndarray, np.ndarray]]:
    """Chapter 8's 1-2-1 network and random ones: one sigmoid hidden layer, or deeper with tanh."""
    X, y = interval_data()
    moons_X, moons_y = make_moons(20, noise=0.1, seed=1)
    moons = (moons_X.T, moons_y.reshape(1, -1).astype(float))
    seed_network = Network(
        [[[-7.8751], [-8.3499]], [[5.0297, -4.0937]]],
        [[[-3.9181], [3.8380]], [[1.6347]]],
    )
    networks = [
        ("the 1-2-1 network of chapter 8 on its 51 points", seed_network, X, y),
        ("a random [1, 3, 1] sigmoid network", Network.from_sizes([1, 3, 1], seed=2), X, y),
    ]
    if deep:
        networks.append(("a random [2, 4, 3, 1] tanh network on two moons",
                         Network.from_sizes([2, 4, 3, 1], seed=3, activation="tanh"), *moons))
    else:
        networks.append(("a random [2, 3, 1] sigmoid network on two moons",
                         Network.from_sizes([2, 3, 1], seed=3), *moons))
    return networks


def _arrays_close(got: object, expected: object) -> bool:
    return (
        isinstance(got, (list, tuple))
        and len(got) == len(expected)
        and all(np.shape(g) == e.shape and np.allclose(g, e, rtol=1e-6, atol=1e-9)
                for g, e in zip(got, expected, strict=True))
    )


def network_gradients(backprop: Callable, reduction: str = "sum") -> Report:
    """Check `backprop(network, X, y)`, which returns `(grad_weights, grad_biases)` of the log loss.

    The gradients (of the summed loss, or the mean with ``reduction="mean"``) are compared, array by
    array, with `Network.gradients` on three networks: chapter 8's, a random sigmoid one, and a
    deeper tanh one (use `network.activation` for the hidden layers). Shapes must match.
    """
    cases = []
    for description, network, X, y in _networks(deep=True):
        grad_weights, grad_biases = network.gradients(X, y, reduction)
        cases.append(_Case(
            description,
            lambda network=network, X=X, y=y: _flatten(backprop(network.copy(), X, y)),
            grad_weights + grad_biases,
        ))
    return _report("network_gradients", cases, _arrays_close)


def _flatten(gradients: object) -> list:
    grad_weights, grad_biases = gradients  # type: ignore[misc]
    return list(grad_weights) + list(grad_biases)


def parameter_gradient(
    gradient: Callable, layer: int, kind: str, index: tuple[int, int], reduction: str = "sum"
) -> Report:
    """Check `gradient(network, X, y)`, one derivative of the log loss worked out by hand.

    The networks have one sigmoid hidden layer, like chapter 8's 1-2-1 network (which is one of
    them), so a formula derived for that network applies to all three.

    Args:
        gradient: your function; it returns a number.
        layer: the layer of the parameter (0 for the first, -1 for the output layer).
        kind: "weight" or "bias".
        index: the parameter's (row, column) in `weights[layer]` or `biases[layer]`.
        reduction: "sum" or "mean" of the loss over the samples.

    >>> def output_bias(network, X, y):
    ...     return float((network.forward(X) - y).sum())
    >>> print(parameter_gradient(output_bias, layer=-1, kind="bias", index=(0, 0)))
    ✓ parameter_gradient: all 3 cases pass
    """
    if kind not in ("weight", "bias"):
        raise ValueError(f'kind must be "weight" or "bias", got {kind!r}')
    cases = []
    for description, network, X, y in _networks(deep=False):
        grad_weights, grad_biases = network.gradients(X, y, reduction)
        grads = grad_weights if kind == "weight" else grad_biases
        cases.append(_Case(
            description,
            lambda network=network, X=X, y=y: gradient(network.copy(), X, y),
            float(grads[layer][index]),
        ))
    return _report("parameter_gradient", cases, _close(1e-6))
