"""Finite differences, and gradient checks of `Value` graphs against them.

The forward difference $(f(x + h) - f(x))/h$ has an error of order $h$; the central difference
$(f(x + h) - f(x - h))/2h$ one of order $h^2$. Both lose digits to round-off when $h$ is tiny.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chainrule.value import Value

METHODS = ("central", "forward")


def forward_difference(f: Callable[[float], float], x: float, h: float = 1e-6) -> float:
    r"""$(f(x + h) - f(x)) / h$, the slope of the secant from x to x + h.

    >>> forward_difference(lambda x: x**2, 3.0)
    6.000001000927568
    """
    return (f(x + h) - f(x)) / h


def central_difference(f: Callable[[float], float], x: float, h: float = 1e-6) -> float:
    r"""$(f(x + h) - f(x - h)) / 2h$, the slope of the secant from x - h to x + h.

    >>> round(central_difference(lambda x: x**3, 2.0), 6)
    12.0
    """
    return (f(x + h) - f(x - h)) / (2 * h)


def partial_derivative(
    f: Callable[..., float],
    args: Sequence[float],
    index: int,
    h: float = 1e-6,
    method: str = "central",
) -> float:
    r"""$\partial f/\partial x_i$ at args by a finite difference in argument ``index`` alone.

    Args:
        f: a function of ``len(args)`` numbers.
        args: the point.
        index: which argument to move.
        h: the step.
        method: "central" or "forward".

    >>> partial_derivative(lambda x, y: x * y, [2.0, 3.0], 0, h=1e-5, method="forward")
    3.000000000064062
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not -len(args) <= index < len(args):
        raise IndexError(f"index {index} is out of range for {len(args)} arguments")
    index %= len(args)

    def along(t: float) -> float:
        return f(*args[:index], t, *args[index + 1 :])

    difference = central_difference if method == "central" else forward_difference
    return difference(along, args[index], h)


def numeric_gradient(
    f: Callable[..., float], args: Sequence[float], h: float = 1e-6, method: str = "central"
) -> list[float]:
    """Every partial derivative of f at args, by finite differences.

    >>> [round(g, 6) for g in numeric_gradient(lambda x, y: x**2 + y**3, [2.0, 3.0])]
    [4.0, 27.0]
    """
    args = list(args)
    return [partial_derivative(f, args, i, h, method) for i in range(len(args))]


def relative_error(a: float, b: float) -> float:
    r"""$|a - b| / \max(|a|, |b|)$, and 0.0 when both are zero.

    >>> relative_error(1.0, 1.001) < 1e-3, relative_error(0.0, 0.0)
    (True, 0.0)
    """
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale else 0.0


@dataclass(frozen=True)
class GradientCheck:
    """The analytic (backward) and numeric (central difference) gradients at one point."""

    analytic: list[float]
    numeric: list[float]
    max_relative_error: float


def gradient_check(
    f: Callable[..., Value], args: Sequence[float], h: float = 1e-6
) -> GradientCheck:
    """Compare backward()'s gradient of f with central differences at args.

    Args:
        f: a function of ``len(args)`` Values that returns a Value.
        args: the point, as numbers.
        h: the finite-difference step.

    >>> check = gradient_check(lambda x, y: (x * y).tanh(), [0.5, -1.0])
    >>> check.max_relative_error < 1e-8
    True
    """
    leaves = [Value(a) for a in args]
    f(*leaves).backward()
    analytic = [leaf.grad for leaf in leaves]
    numeric = numeric_gradient(lambda *xs: f(*map(Value, xs)).data, args, h)
    errors = [relative_error(a, n) for a, n in zip(analytic, numeric, strict=True)]
    return GradientCheck(analytic, numeric, max(errors, default=0.0))
