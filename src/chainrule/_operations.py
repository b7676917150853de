"""The operations of `chainrule.Value`, in one table for `chainrule.check` and the tests.

Each operation is written once, as the text of an expression: over operands a, b, ... (Values,
or anything with the same operators and method names, such as PyTorch tensors or a workbook's
class) and constants k, n (plain numbers). Each operand and constant has a domain, a union of
closed intervals where the operation is smooth: away from poles, kinks and the edges of its
real domain. The tests draw operands from the domains (hypothesis strategies, the PyTorch
comparison's test of random operands); `chainrule.check` runs a workbook's class at the sample
points and, for its own operations, on `reuse`, the expression in which a reaches the output
along two paths.

>>> from chainrule.value import Value
>>> div = OPERATIONS["truediv"]
>>> div.text, div.points
('a / b', ((3.0, -2.0), (-1.5, 0.5)))
>>> div.function()(Value(3.0), Value(-2.0)), div.function()(3.0, -2.0)
(Value(data=-1.5, grad=0.0), -1.5)
>>> 0.1 in div.operands["b"], -0.5 in div.operands["b"]
(False, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from chainrule.value import weighted_sum


@dataclass(frozen=True)
class Domain:
    """A union of closed intervals (bounds may be infinite), of whole numbers if `integer`."""

    intervals: tuple[tuple[float, float], ...]
    integer: bool = False

    def __contains__(self, x: float) -> bool:
        whole = not self.integer or float(x).is_integer()
        return whole and any(low <= x <= high for low, high in self.intervals)


def between(low: float, high: float = math.inf) -> Domain:
    """The real numbers from `low` to `high`."""
    return Domain(((low, high),))


def away_from_zero(low: float) -> Domain:
    """The real numbers x with |x| >= low."""
    return Domain(((-math.inf, -low), (low, math.inf)))


REAL = between(-math.inf)
NONZERO = away_from_zero(0.2)


@dataclass(frozen=True)
class Operation:
    """One operation: its expression and the domains of its operands, then of its constants.

    Args:
        name: what the tests and `chainrule.check.value_ops` call it.
        text: the expression, e.g. ``"a / b"``.
        operands: the domain of each operand, by name, in the order the function takes them.
        constants: the domain of each constant, by name; the function takes them after the
            operands.
        points: sample points, one value per operand and constant, each in its domain.
        reuse: an expression in which a reaches the output along two paths.
        in_value: False for an operation of the workbooks' classes that `chainrule.Value`
            does not have.
    """

    name: str
    text: str
    operands: Mapping[str, Domain]
    constants: Mapping[str, Domain] = field(default_factory=dict)
    points: tuple[tuple[float, ...], ...] = ()
    reuse: str = ""
    in_value: bool = True

    def function(self, text: str = "", **names: Callable[..., Any]) -> Callable[..., Any]:
        """The expression (or another, `text`) as a function of the operands, then constants.

        `names` binds a function the expression calls to another engine's, e.g.
        ``weighted_sum=`` one for tensors.
        """
        parameters = (*self.operands, *self.constants)
        return _compile(text or self.text, parameters, tuple(sorted(names.items())))


@cache
def _compile(text: str, parameters: tuple[str, ...],
             names: tuple[tuple[str, Callable[..., Any]], ...]) -> Callable[..., Any]:
    function: Callable[..., Any] = eval(  # the table's own text, never a reader's
        f"lambda {', '.join(parameters)}: {text}", {"weighted_sum": weighted_sum, **dict(names)})
    return function


_TWO = ((3.0, -2.0), (-1.5, 0.5))
_ONE = ((3.0,), (-1.5,))

OPERATIONS: dict[str, Operation] = {op.name: op for op in [
    # chainrule.check.value_ops offers these, under these names.
    Operation("add", "a + b", {"a": REAL, "b": REAL}, points=_TWO, reuse="(a + a) * b"),
    Operation("mul", "a * b", {"a": REAL, "b": REAL}, points=_TWO, reuse="(a * a) * b"),
    Operation("neg", "-a", {"a": REAL}, points=_ONE, reuse="(-a) * a"),
    Operation("sub", "a - b", {"a": REAL, "b": REAL}, points=_TWO, reuse="(a - b) * a"),
    Operation("pow", "a**3", {"a": REAL}, points=_ONE, reuse="a**3 * a"),  # a negative base too
    Operation("truediv", "a / b", {"a": REAL, "b": NONZERO}, points=_TWO,
              reuse="(a / b) * b"),
    Operation("exp", "a.exp()", {"a": between(-5.0, 5.0)}, points=_ONE, reuse="a.exp() * a"),
    Operation("tanh", "a.tanh()", {"a": REAL}, points=((0.5,), (-1.5,)), reuse="a.tanh() * a"),
    Operation("relu", "a.relu()", {"a": away_from_zero(0.01)}, points=_ONE,
              reuse="a.relu() * a"),
    Operation("sin", "a.sin()", {"a": REAL}, points=_ONE, reuse="a.sin() * a", in_value=False),
    Operation("log", "a.log()", {"a": between(0.1)}, points=((2.0,), (0.5,)),
              reuse="a.log() * a"),
    # The rest of chainrule.Value.
    Operation("sigmoid", "a.sigmoid()", {"a": REAL}, points=_ONE),
    Operation("add a constant", "a + k", {"a": REAL}, {"k": REAL}, points=((3.0, 2.5),)),
    Operation("constant + Value", "k + a", {"a": REAL}, {"k": REAL}, points=((3.0, 2.5),)),
    Operation("constant - Value", "k - a", {"a": REAL}, {"k": REAL}, points=((3.0, 2.5),)),
    Operation("constant * Value", "k * a", {"a": REAL}, {"k": REAL}, points=((3.0, -1.5),)),
    Operation("constant / Value", "k / a", {"a": NONZERO}, {"k": REAL}, points=((-1.5, 3.0),)),
    Operation("Value / constant", "a / k", {"a": REAL}, {"k": NONZERO}, points=((3.0, 4.0),)),
    Operation("pow, integer exponent", "a**n", {"a": NONZERO},
              {"n": Domain(((-3, 3),), integer=True)}, points=((1.5, -2.0), (-1.5, 3.0))),
    Operation("pow, constant exponent", "a**k", {"a": between(0.2)}, {"k": between(-3.0, 3.0)},
              points=((1.5, 2.5),)),
    Operation("pow, Value exponent", "a**b", {"a": between(0.2), "b": between(-3.0, 3.0)},
              points=((1.5, -2.0),)),
    Operation("constant ** Value", "k**a", {"a": between(-4.0, 4.0)}, {"k": between(0.5, 3.0)},
              points=((3.0, 2.0),)),
    Operation("weighted_sum", "weighted_sum([a, b], [c, d], e)",
              dict.fromkeys("abcde", REAL), points=((3.0, -2.0, -1.5, 0.5, 1.0),)),
    Operation("weighted_sum, constant inputs", "weighted_sum([a, b], [0.5, -2.0], c)",
              dict.fromkeys("abc", REAL), points=((3.0, -2.0, 1.0),)),
    Operation("reuse: a * a + a / b", "a * a + a / b", {"a": REAL, "b": NONZERO}, points=_TWO),
]}
"""Every operation, by name."""
