"""Self-checks for the workbooks: hand in your function or class, get a report.

Each check runs your code on a small table of cases and compares the result with a known-good
answer. The cases are ordered so that the first one to fail points at the idea that is wrong
(the seed gradient, the order of the backward pass, one op's local derivative, a sum that should
not be a mean, a shape), and the report says how many cases pass and, for the first that fails,
what went in, what was expected, what your code gave and, where the mistake is a common one, a
hint naming it. Your code raising an exception counts as a failing case, so a workbook whose tasks
are not done yet still runs.

The checks of scalar code (`derivative_function`, `gradient_function`, `derivative`, `backward`,
`value_ops`, `value_class`) need only the standard library; NumPy is imported by the network
checks when they run.

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
from functools import partial
from typing import Any

from chainrule._operations import OPERATIONS, Operation
from chainrule.graph import operands_of, postorder
from chainrule.numeric import central_difference, forward_difference

__all__ = [
    "Report",
    "backward",
    "derivative",
    "derivative_function",
    "gradient_function",
    "network_gradients",
    "parameter_gradient",
    "squared_error_gradients",
    "value_class",
    "value_ops",
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
    """One input for the reader's code: how to run it, what it should give, and what a
    result that differs means (`hint(got)`, "" when nothing specific can be said)."""

    description: str
    run: Callable[[], object]
    expected: object
    hint: Callable[[object], str] = lambda got: ""


# `compare(got, expected)` returns "" when they agree, else the lines that say how they differ.
Compare = Callable[[object, object], str]


def _report(name: str, cases: Sequence[_Case], compare: Compare, note: str = "") -> Report:
    passed, first_failure = 0, ""
    for case in cases:
        try:
            got = case.run()
            difference = compare(got, case.expected)
        except Exception as error:  # the reader's code failing is a result to report
            difference = f"raised {type(error).__name__}: {error}"
        else:
            if difference:
                hint = case.hint(got)
                if hint:  # a named mistake says more than a general remark
                    kept = [line for line in difference.splitlines()
                            if not line.startswith("hint: ")]
                    difference = "\n".join([*kept, f"hint: {hint}"])
        if not difference:
            passed += 1
        elif not first_failure:
            first_failure = f"first failing case: {case.description}\n{difference}"
            if note:
                first_failure += f"\n({note})"
    return Report(name, len(cases), passed, first_failure)


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) or (
        type(x).__module__ == "numpy" and getattr(x, "shape", None) == ()
    )


def _show(x: object) -> str:
    if type(x).__module__ == "numpy" and hasattr(x, "shape") and x.shape != ():
        import numpy as np

        return np.array2string(np.asarray(x), precision=6, separator=", ")
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(_show(item) for item in x) + "]"
    return repr(float(x)) if _is_number(x) else repr(x)  # type: ignore[arg-type]


def _isclose(got: float, expected: float, tol: float) -> bool:
    return math.isclose(float(got), float(expected), rel_tol=tol, abs_tol=tol)


def _ratio(got: Sequence[float], expected: Sequence[float], tol: float = 1e-6) -> float | None:
    """The constant k with got = k * expected wherever they differ, if there is one."""
    pairs = [(g, e) for g, e in zip(got, expected, strict=True) if not _isclose(g, e, 1e-9)]
    if not pairs or any(abs(e) < 1e-12 for _, e in pairs):
        return None
    ratios = [g / e for g, e in pairs]
    k = ratios[0]
    return k if all(math.isclose(r, k, rel_tol=tol, abs_tol=tol) for r in ratios) else None


def _ratio_hint(k: float | None, meanings: dict[float, str] | None = None) -> str:
    """Name a constant factor between what was given and what was expected."""
    if k is None:
        return ""
    for factor, meaning in (meanings or {}).items():
        if math.isclose(k, factor, rel_tol=1e-6):
            return meaning
    generic = {
        -1.0: "got is -1 times the expected value: a sign is flipped.",
        2.0: "got is exactly twice the expected value: something is counted twice.",
        0.5: "got is exactly half the expected value: one of two equal contributions is lost.",
        0.0: "got is 0 where the expected value is not: the gradient never arrived.",
    }
    for factor, meaning in generic.items():
        if math.isclose(k, factor, rel_tol=1e-6, abs_tol=1e-12):
            return meaning
    return ""


def _compare_numbers(tol: float, ratio_meanings: dict[float, str] | None = None) -> Compare:
    """A number, or a list of numbers, within a relative tolerance."""

    def compare(got: object, expected: object) -> str:
        if isinstance(expected, (list, tuple)):
            if not isinstance(got, (list, tuple)) and type(got).__module__ != "numpy":
                more = " (did your function `return` its result?)" if got is None else ""
                return f"expected a list like {_show(expected)}, got {_show(got)}{more}"
            values: list[Any] = list(got)  # type: ignore[call-overload]
            if len(values) != len(expected):
                return (f"expected {len(expected)} numbers (one per argument), got "
                        f"{len(values)}: {_show(values)}")
            if not all(_is_number(g) for g in values):
                return (f"expected {_show(expected)}, got {_show(values)}: not all of them are "
                        f"numbers")
            if all(_isclose(g, e, tol) for g, e in zip(values, expected, strict=True)):
                return ""
            k = _ratio(values, expected)
            got = values
        else:
            if not _is_number(got):
                more = " (did your function `return` its result?)" if got is None else ""
                return f"expected the number {_show(expected)}, got {_show(got)}{more}"
            if _isclose(got, expected, tol):  # type: ignore[arg-type]
                return ""
            k = _ratio([got], [expected])  # type: ignore[list-item]
        text = f"expected {_show(expected)}, got {_show(got)}"
        hint = _ratio_hint(k, ratio_meanings)
        return text + (f"\nhint: {hint}" if hint else "")

    return compare


def _matching(got: object, variants: Sequence[tuple[str, Callable[[], object]]],
              compare: Compare) -> str:
    """The message of the first known mistake whose result equals what was given."""
    for message, run in variants:
        try:
            if not compare(got, run()):
                return message
        except Exception:  # a variant that cannot be computed here says nothing
            continue
    return ""


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
        variants = [
            ("that is a forward difference; its error shrinks only like h. "
             "Use (f(x+h) - f(x-h)) / (2h).", lambda: forward_difference(f, x, h)),
            ("that is a backward difference, (f(x) - f(x-h)) / h; its error shrinks only like h. "
             "Use (f(x+h) - f(x-h)) / (2h).", lambda: (f(x) - f(x - h)) / h),
            ("that is twice the derivative: the two points x - h and x + h are 2h apart, "
             "so divide by 2h, not h.", lambda: (f(x + h) - f(x - h)) / h),
        ]
        return lambda got: _matching(got, variants, _compare_numbers(1e-9))

    cases = [
        _Case(f"f(x) = {name} at x = {x}", partial(numeric_derivative, f, x, h), df(x),
              hint(f, x))
        for name, f, df, x in _FUNCTIONS
    ]
    return _report("derivative_function", cases, _compare_numbers(1e-8))


def gradient_function(numeric_gradient: Callable[..., Sequence[float]]) -> Report:
    """Check `numeric_gradient(f, args)`, the list of partial derivatives of f at args."""
    table: list[tuple[str, Callable[..., float], list[float], list[float]]] = [
        ("x * y", lambda x, y: x * y, [2.0, 3.0], [3.0, 2.0]),
        ("x + y", lambda x, y: x + y, [2.0, 3.0], [1.0, 1.0]),
        ("x**2 + y**3 - z", lambda x, y, z: x**2 + y**3 - z, [2.0, 3.0, 4.0], [4.0, 27.0, -1.0]),
        ("x * exp(y)", lambda x, y: x * math.exp(y), [1.5, -0.5],
         [math.exp(-0.5), 1.5 * math.exp(-0.5)]),
    ]

    def hint(f: Callable[..., float], args: list[float]) -> Callable[[object], str]:
        def all_at_once() -> list[float]:
            h = 1e-6
            up, down = [a + h for a in args], [a - h for a in args]
            return [(f(*up) - f(*down)) / (2 * h)] * len(args)

        def forward() -> list[float]:
            h = 1e-6
            return [(f(*args[:i], a + h, *args[i + 1:]) - f(*args)) / h
                    for i, a in enumerate(args)]

        variants = [
            ("every entry is 0: the two values of f you subtract are taken at the same point. "
             "Move argument i to args[i] + h and args[i] - h.", lambda: [0.0] * len(args)),
            ("every entry is the same: that is the slope when all arguments move at once. "
             "Nudge one argument at a time and keep the others fixed.", all_at_once),
            ("those are forward differences; use a central difference per argument.", forward),
        ]
        return lambda got: _matching(got, variants, _compare_numbers(1e-9))

    cases = [
        _Case(f"f = {name} at {args}", partial(numeric_gradient, f, args),
              grad, hint(f, args))
        for name, f, args, grad in table
    ]
    # Central differences with h = 1e-6 are within about 1e-9 here, forward ones 2e-7 or more.
    return _report("gradient_function", cases, _compare_numbers(5e-8))


# Mistakes students make in the workbooks' hand derivatives, by the name the workbook gives f.
_HAND_MISTAKES: dict[str, list[tuple[str, Callable[[float], float]]]] = {
    "sin(3x) * exp(-x)": [
        ("the inner derivative 3 of sin(3x) is missing: by the chain rule, "
         "d/dx sin(3x) = 3 cos(3x).",
         lambda x: (math.cos(3 * x) - math.sin(3 * x)) * math.exp(-x)),
        ("the inner derivative -1 of exp(-x) is missing: by the chain rule, "
         "d/dx exp(-x) = -exp(-x).",
         lambda x: (3 * math.cos(3 * x) + math.sin(3 * x)) * math.exp(-x)),
        ("that is the product of the two derivatives; the product rule is "
         "(u v)' = u' v + u v'.",
         lambda x: -3 * math.cos(3 * x) * math.exp(-x)),
        ("only the first term of the product rule: (u v)' = u' v + u v'.",
         lambda x: 3 * math.cos(3 * x) * math.exp(-x)),
        ("only the second term of the product rule: (u v)' = u' v + u v'.",
         lambda x: -math.sin(3 * x) * math.exp(-x)),
    ],
    "x / (1 + x**2)": [
        ("the quotient rule's numerator is u' v - u v', in that order: yours has the "
         "opposite sign.", lambda x: (x**2 - 1) / (1 + x**2) ** 2),
        ("the quotient rule divides by v squared, (1 + x**2)**2.",
         lambda x: (1 - x**2) / (1 + x**2)),
        ("u'/v' is not the derivative of u/v; use the quotient rule (u' v - u v') / v**2.",
         lambda x: 1 / (2 * x)),
        ("d/dx (1 + x**2) = 2x, so u v' = x * 2x = 2x**2.",
         lambda x: (1 + x**2 - 2 * x) / (1 + x**2) ** 2),
    ],
}


def derivative(
    df: Callable[[float], float],
    f: Callable[[float], float],
    points: Sequence[float] = (-1.5, -0.3, 0.0, 0.7, 2.0),
    name: str = "",
) -> Report:
    """Check a derivative worked out by hand, `df`, against central differences of `f`.

    Args:
        df: your derivative.
        f: the function.
        points: where to compare them.
        name: how to call f in the report; a workbook's function name also brings hints for
            the mistakes commonly made on it.

    >>> print(derivative(lambda x: 3 * x**2, lambda x: x**3))
    ✓ derivative: all 5 cases pass
    """
    mistakes = _HAND_MISTAKES.get(name, [])
    where = f"f(x) = {name} at " if name else ""

    def hint(x: float) -> Callable[[object], str]:
        variants = [(message, lambda wrong=wrong: wrong(x)) for message, wrong in mistakes]
        return lambda got: _matching(got, variants, _compare_numbers(1e-6))

    cases = [
        _Case(f"{where}x = {x}", partial(df, x), central_difference(f, x, 1e-5), hint(x))
        for x in points
    ]
    return _report("derivative", cases, _compare_numbers(1e-6))


# A Value class --------------------------------------------------------------------------------
#
# The cases are built from the reader's class and, for the expected values and the known
# mistakes, from `_Ref`: a closure-based engine like the workbook's, whose ops can be switched
# to a wrong local derivative or to `=` instead of `+=`, so a result can be matched to a mistake.

_Rules = dict[str, Callable[..., tuple[float, ...]]]

# op -> local derivatives from (operand data..., output data).
_LOCAL: _Rules = {
    "add": lambda a, b, out: (1.0, 1.0),
    "mul": lambda a, b, out: (b, a),
    "neg": lambda a, out: (-1.0,),
    "sub": lambda a, b, out: (1.0, -1.0),
    "truediv": lambda a, b, out: (1 / b, -a / b**2),
    "exp": lambda a, out: (out,),
    "tanh": lambda a, out: (1 - out**2,),
    "relu": lambda a, out: (1.0 if a > 0 else 0.0,),
    "sin": lambda a, out: (math.cos(a),),
    "log": lambda a, out: (1 / a,),
}


def _pow_rule(n: float) -> Callable[..., tuple[float, ...]]:
    return lambda a, out: (n * a ** (n - 1),)


class _Ref:
    """The check's own Value: `_operands` and `_backward` closures, like the workbook's class."""

    def __init__(self, data: float, operands: tuple = (), rules: _Rules | None = None,
                 assign: frozenset = frozenset()) -> None:
        self.data, self.grad, self._operands = float(data), 0.0, operands
        self._backward: Callable[[], None] = lambda: None
        self._rules, self._assign = rules if rules is not None else _LOCAL, assign

    def _lift(self, other: object) -> _Ref:
        return other if isinstance(other, _Ref) else _Ref(other, (), self._rules, self._assign)  # type: ignore[arg-type]

    def _op(self, op: str, operands: tuple, data: float,
            rule: Callable[..., tuple[float, ...]] | None = None) -> _Ref:
        out = _Ref(data, operands, self._rules, self._assign)
        local = (rule or self._rules[op])(*(o.data for o in operands), data)
        assign = op in self._assign

        def _backward() -> None:
            for operand, d in zip(operands, local, strict=True):
                operand.grad = d * out.grad if assign else operand.grad + d * out.grad
        out._backward = _backward
        return out

    def __add__(self, other: object) -> _Ref:
        other = self._lift(other)
        return self._op("add", (self, other), self.data + other.data)

    def __mul__(self, other: object) -> _Ref:
        other = self._lift(other)
        return self._op("mul", (self, other), self.data * other.data)

    __radd__, __rmul__ = __add__, __mul__

    def __neg__(self) -> _Ref:
        return self._op("neg", (self,), -self.data)

    def __sub__(self, other: object) -> _Ref:
        other = self._lift(other)
        return self._op("sub", (self, other), self.data - other.data)

    def __truediv__(self, other: object) -> _Ref:
        other = self._lift(other)
        return self._op("truediv", (self, other), self.data / other.data)

    def __pow__(self, n: float) -> _Ref:
        rule = self._rules.get("pow", _pow_rule(n))  # the known mistakes are written for n = 3
        return self._op("pow", (self,), self.data**n, rule)

    def exp(self) -> _Ref:
        return self._op("exp", (self,), math.exp(self.data))

    def tanh(self) -> _Ref:
        return self._op("tanh", (self,), math.tanh(self.data))

    def relu(self) -> _Ref:
        return self._op("relu", (self,), max(0.0, self.data))

    def sin(self) -> _Ref:
        return self._op("sin", (self,), math.sin(self.data))

    def log(self) -> _Ref:
        return self._op("log", (self,), math.log(self.data))


def _graph(root: Any) -> list[Any]:
    """Every node reachable from root, each after its operands (`chainrule.graph.postorder`)."""
    return postorder(root, operands_of)


def _traversal_hint(cls: type, expr: _Expr, a: float, b: float, got: object) -> str:
    """`_diagnose_traversal` as a case's hint (what the reader's code gave does not change it)."""
    return _diagnose_traversal(cls, expr, a, b)


def _known_good_backward(root: Any) -> None:
    """The check's own backward pass over a graph of the reader's nodes: their `_backward`s are
    called once each, from the output back (reversed topological order), after the seed.
    A class without `_backward` closures (such as `chainrule.Value`) runs its own backward()."""
    if not hasattr(root, "_backward"):
        root.backward()
        return
    root.grad = 1.0
    for node in reversed(_graph(root)):
        node._backward()


@dataclass(frozen=True)
class _Expr:
    """An expression over leaves a and b; `build` returns the output and names its parts."""

    text: str
    build: Callable[[Any, Any], dict[str, Any]]
    points: tuple[tuple[float, float], ...]
    uses_b: bool = True
    idea: str = ""  # what the case tests, said in the report


def _outcome(expr: _Expr, cls: type, a: float, b: float, own_backward: bool,
             seed_shown: bool) -> dict[str, float]:
    leaf_a, leaf_b = cls(a), cls(b)
    out = expr.build(leaf_a, leaf_b)["out"]
    if not hasattr(out, "data"):
        computed = expr.text.rsplit("out = ", 1)[-1]
        raise TypeError(f"{computed} gave {out!r}, not a node of your class: does the method "
                        f"return its result?")
    if own_backward:
        out.backward()
    else:
        _known_good_backward(out)
    result = {"out.data": out.data}
    if seed_shown:
        result["out.grad"] = out.grad
    result["a.grad"] = leaf_a.grad
    if expr.uses_b:
        result["b.grad"] = leaf_b.grad
    return result


def _compare_named(tol: float = 1e-9) -> Compare:
    def compare(got: object, expected: object) -> str:
        assert isinstance(expected, dict)
        if not isinstance(got, dict):
            return f"expected {_show(expected)}, got {_show(got)}"
        bad = [k for k, e in expected.items()
               if not (_is_number(got.get(k)) and _isclose(got[k], e, tol))]
        if not bad:
            return ""
        width = max(len(k) for k in expected)
        lines = [f"{k:<{width}}  expected {_show(expected[k])}, got {_show(got.get(k))}"
                 for k in expected]
        hint = ""
        if bad == ["out.data"] or "out.data" in bad:
            hint = "out.data is wrong: the forward value of the operation is not right."
        else:
            grads = [k for k in bad if k != "out.grad"]
            if grads and all(_is_number(got[k]) for k in grads):
                hint = _ratio_hint(_ratio([got[k] for k in grads], [expected[k] for k in grads]))
        return "\n".join(lines) + (f"\nhint: {hint}" if hint else "")

    return compare


# Task 1: the backward pass, over the given add and mul --------------------------------------

_TRAVERSAL = [
    _Expr("out = a * b", lambda a, b: {"out": a * b}, ((3.0, -2.0),),
          idea="one operation: the seed out.grad = 1 reaches a and b"),
    _Expr("c = a * b; d = c + 2.0; out = d * 3.0",
          lambda a, b: (lambda c: (lambda d: {"c": c, "d": d, "out": d * 3.0})(c + 2.0))(a * b),
          ((3.0, -2.0), (-1.5, 0.5)),
          idea="a chain: every node's _backward runs, from the output back"),
    _Expr("c = a * b; out = c + c",
          lambda a, b: (lambda c: {"c": c, "out": c + c})(a * b),
          ((3.0, -2.0), (-1.5, 0.5)),
          idea="a shared intermediate node: c is used twice, and its _backward runs once"),
    _Expr("c = a * b; d = c + 1.0; out = c * d",
          lambda a, b: (lambda c: (lambda d: {"c": c, "d": d, "out": c * d})(c + 1.0))(a * b),
          ((3.0, -2.0), (-1.5, 0.5)),
          idea="paths of different lengths: c's _backward must wait until d has passed c its "
               "gradient"),
    _Expr("out = a * a + a * b",
          lambda a, b: {"out": a * a + a * b}, ((3.0, -2.0), (0.25, 4.0)),
          idea="leaves used several times: their gradients add up"),
]


def _names(parts: dict[str, Any], leaves: dict[str, Any]) -> dict[int, str]:
    return {id(node): name for name, node in {**leaves, **parts}.items()}


def _diagnose_traversal(cls: type, expr: _Expr, a: float, b: float) -> str:
    """Rebuild the case, record which `_backward`s the reader's backward() calls and in what
    order, and say what is wrong with the traversal (or "" if nothing can be seen)."""
    leaf_a, leaf_b = cls(a), cls(b)
    parts = expr.build(leaf_a, leaf_b)
    out = parts["out"]
    names = _names(parts, {"a": leaf_a, "b": leaf_b})
    nodes = _graph(out)
    ops = [n for n in nodes if tuple(operands_of(n))]
    calls: list[int] = []
    grad_at_call: dict[int, object] = {}
    try:
        for node in ops:
            def wrapped(node: Any = node, original: Callable[[], None] = node._backward) -> None:
                calls.append(id(node))
                grad_at_call.setdefault(id(node), node.grad)
                original()
            node._backward = wrapped
    except Exception:
        return ""
    try:
        out.backward()
    except Exception:
        return ""

    def name(node: Any) -> str:
        return names.get(id(node), f"the node with data {node.data!r}")

    if not calls and out.grad == 0:
        return ("backward() did nothing: out.grad is still 0.0 and no node's _backward ran. It "
                "must set the seed self.grad = 1.0, then call _backward() on every node, from "
                "the output back to the leaves.")
    if not _is_number(out.grad) or not _isclose(out.grad, 1.0, 1e-12):
        return (f"out.grad is {out.grad!r} after backward(): the backward pass must start with "
                f"the seed self.grad = 1.0 (d out / d out = 1), before any _backward() runs.")
    seed = grad_at_call.get(id(out), 1.0)
    if not _is_number(seed) or not _isclose(seed, 1.0, 1e-12):  # type: ignore[arg-type]
        return (f"out.grad was {seed!r} when out's _backward ran: set the seed self.grad = 1.0 "
                f"before the backward pass starts, not after it.")
    never = [n for n in ops if id(n) not in calls]
    if never:
        return (f"{name(never[0])}'s _backward never ran: backward() must call _backward() on "
                f"every node of the graph, not only on the output.")
    repeated = [n for n in ops if calls.count(id(n)) > 1]
    if repeated:
        node = repeated[0]
        return (f"{name(node)}'s _backward ran {calls.count(id(node))} times, so its gradient "
                f"was passed on more than once: visit each node once (keep a set of the nodes "
                f"already ordered).")
    first = {node_id: calls.index(node_id) for node_id in set(calls)}
    edges = [(operand, node) for node in ops for operand in operands_of(node)
             if tuple(operands_of(operand))]
    late = [(operand, node) for operand, node in edges if first[id(operand)] < first[id(node)]]
    if edges and len(late) == len(edges):
        return ("every node's _backward ran before the _backward of the nodes that use it: the "
                "topological order is not reversed. Run _backward() from the output back to "
                "the leaves: for node in reversed(order).")
    if late:
        operand, node = late[0]
        return (f"{name(operand)}'s _backward ran before that of {name(node)}, which uses "
                f"{name(operand)}, so {name(operand)} passed on its gradient before it had all of "
                f"it. Order the nodes topologically (each after the nodes it was computed from) "
                f"and run _backward() in the reverse of that order.")
    return ("backward() ran every node's _backward once, in a right order, so the mistake is in "
            "an operation's _backward: where a node is used twice, does it add (+=) rather than "
            "assign (=)?")


def backward(value_class: type) -> Report:
    """Check the `backward()` of a micrograd-style class on graphs of its own add and mul.

    The cases are ordered by idea: the seed gradient, a chain (every node, output first), a
    shared intermediate node (each node once), a node reached along paths of different lengths
    (a true topological order), and leaves used several times. When a case fails, the check
    records which nodes' `_backward` your `backward()` called, how often and in what order, and
    says which of those ideas is missing.

    >>> from chainrule import Value
    >>> print(backward(Value))
    ✓ backward: all 9 cases pass
    """
    cases = _traversal_cases(value_class)
    return _report("backward", cases, _compare_named())


# Tasks 2 and later: one op at a time, with the check's own backward pass -------------------

# The operations value_ops offers, from the package's table (`chainrule._operations`): each op
# -> (its expression, one where its operand also reaches the output along a second path).
_VALUE_OPS = ("add", "mul", "neg", "sub", "pow", "truediv", "exp", "tanh", "relu", "sin", "log")


def _op_exprs(op: Operation) -> tuple[_Expr, _Expr]:
    """op's expression at its points, its `reuse` at the first (b, unused by one operand, 0.0)."""
    uses_b = len(op.operands) == 2

    def expr(text: str, points: tuple[tuple[float, ...], ...]) -> _Expr:
        function = op.function(text)
        return _Expr(f"out = {text}",
                     lambda a, b: {"out": function(a, b) if uses_b else function(a)},
                     tuple((p[0], p[1] if uses_b else 0.0) for p in points), uses_b)

    return expr(op.text, op.points), expr(op.reuse, op.points[:1])


_OP_EXPRS = {name: _op_exprs(OPERATIONS[name]) for name in _VALUE_OPS}

# op -> [(what the mistake is, the wrong local derivative)]
_OP_MISTAKES: dict[str, list[tuple[str, str, Callable[..., tuple[float, ...]]]]] = {
    "neg": [("neg", "d(-a)/da is -1, not 1.", lambda a, out: (1.0,))],
    "sub": [("sub", "d(a - b)/db is -1: b's gradient needs the minus sign.",
             lambda a, b, out: (1.0, 1.0))],
    "pow": [
        ("pow", "the power rule is n * a**(n - 1): the -1 in the exponent is missing.",
         lambda a, out: (3 * a**3,)),
        ("pow", "the power rule is n * a**(n - 1): the factor n is missing.",
         lambda a, out: (a**2,)),
        ("pow", "the power rule is n * a**(n - 1); n * a**(n + 1) raises the exponent instead.",
         lambda a, out: (3 * a**4,)),
    ],
    "truediv": [
        ("truediv", "d(a/b)/db is -a/b**2: the minus sign is missing.",
         lambda a, b, out: (1 / b, a / b**2)),
        ("truediv", "d(a/b)/db is -a/b**2: the factor a is missing.",
         lambda a, b, out: (1 / b, -1 / b**2)),
        ("truediv", "d(a/b)/db is -a/b**2, with b squared.",
         lambda a, b, out: (1 / b, -a / b)),
    ],
    "exp": [("exp", "d(e**a)/da is e**a, the output (out.data), not a.",
             lambda a, out: (a,))],
    "tanh": [
        ("tanh", "d tanh(a)/da is 1 - tanh(a)**2: the square is missing.",
         lambda a, out: (1 - out,)),
        ("tanh", "d tanh(a)/da is 1 - tanh(a)**2, with tanh(a) = out.data; 1 - a**2 uses the "
         "input instead.", lambda a, out: (1 - a**2,)),
    ],
    "relu": [("relu", "d relu(a)/da is 1 where a > 0 and 0 elsewhere, not a.",
              lambda a, out: (a if a > 0 else 0.0,))],
    "sin": [
        ("sin", "d sin(a)/da is cos(a), with a plus sign (it is cos whose derivative is -sin).",
         lambda a, out: (-math.cos(a),)),
        ("sin", "d sin(a)/da is cos(a), not sin(a).", lambda a, out: (math.sin(a),)),
    ],
    "log": [
        ("log", "d ln(a)/da is 1/a, the input (self.data), not 1/out.data.",
         lambda a, out: (1 / out,)),
        ("log", "d ln(a)/da is 1/a, not ln(a).", lambda a, out: (out,)),
    ],
}


def _op_cases(value_class: type, ops: Sequence[str], own_backward: bool) -> list[_Case]:
    def ref(expr: _Expr, a: float, b: float, rules: _Rules | None = None,
            assign: frozenset = frozenset()) -> dict[str, float]:
        class Leaf(_Ref):
            def __init__(self, data: float) -> None:
                super().__init__(data, (), rules, assign)
        return _outcome(expr, Leaf, a, b, own_backward=False, seed_shown=False)

    def hint(op: str, expr: _Expr, a: float, b: float) -> Callable[[object], str]:
        variants: list[tuple[str, Callable[[], object]]] = [
            (message, partial(ref, expr, a, b, {**_LOCAL, key: rule}))
                    for key, message, rule in _OP_MISTAKES.get(op, [])]
        variants.append((
            f"the plain {op} case passes, so its local derivative is right, but a.grad lost "
            f"one of its two contributions: {op}'s _backward assigns (=) where it must add "
            f"(+=), as in self.grad += ...", lambda: ref(expr, a, b, assign=frozenset({op}))))
        return lambda got: _matching(got, variants, _compare_named())

    cases = []
    for op in ops:
        for shared, expr in enumerate(_OP_EXPRS[op]):
            idea = ("a reaches out along two paths, so a.grad is a sum" if shared
                    else f"the local derivative of {op}")
            for a, b in expr.points:
                cases.append(_Case(
                    f"{op}: {expr.text} at a = {a}" + (f", b = {b}" if expr.uses_b else "")
                    + f"  ({idea})",
                    partial(_outcome, expr, value_class, a, b, own_backward, False),
                    ref(expr, a, b),
                    hint(op, expr, a, b),
                ))
    return cases


def _on_a_copy(function: Callable[[Any, Any, Any], object], network: Any, X: Any,
               y: Any) -> object:
    """function(a copy of network, X, y): the reader's code may change the network it gets."""
    return function(network.copy(), X, y)


def _check_ops(ops: Sequence[str]) -> None:
    unknown = sorted(set(ops) - set(_OP_EXPRS))
    if unknown:
        raise ValueError(f"unknown ops {unknown}; choose from {sorted(_OP_EXPRS)}")


def value_ops(value_class: type, ops: Sequence[str]) -> Report:
    """Check some operations of a micrograd-style class, independently of its `backward()`.

    Each op in `ops` (from: add, mul, neg, sub, pow, truediv, exp, tanh, relu, sin, log) is
    tried at two points, then in an expression where its operand reaches the output along a
    second path (which fails when its `_backward` assigns with `=` instead of adding with
    `+=`). The check runs its own backward pass over your nodes' `_operands` and `_backward`, so a
    mistake in your `backward()` does not show up here. "pow" means a constant exponent (a**3).

    >>> from chainrule import Value
    >>> print(value_ops(Value, ops=["sub", "truediv"]))
    ✓ value_ops: all 6 cases pass
    """
    _check_ops(ops)
    note = ("this check runs its own backward pass over your nodes' _operands and _backward, so "
            "your backward() does not matter here")
    return _report("value_ops", _op_cases(value_class, ops, own_backward=False),
                   _compare_named(), note)


def value_class(value_class: type, ops: Sequence[str] = ("add", "mul")) -> Report:
    """Check a whole micrograd-style class with its own `backward()`: the cases of `backward`
    (on add and mul), then those of `value_ops` for `ops`.

    >>> from chainrule import Value
    >>> print(value_class(Value, ops=["add", "truediv"]))
    ✓ value_class: all 15 cases pass
    """
    _check_ops(ops)
    backward_cases = _traversal_cases(value_class)
    return _report("value_class", backward_cases + _op_cases(value_class, ops, own_backward=True),
                   _compare_named())


def _traversal_cases(value_class: type) -> list[_Case]:
    cases = []
    for expr in _TRAVERSAL:
        for a, b in expr.points:
            cases.append(_Case(
                f"{expr.text} at a = {a}, b = {b}  ({expr.idea})",
                partial(_outcome, expr, value_class, a, b, True, True),
                _outcome(expr, _Ref, a, b, own_backward=False, seed_shown=True),
                partial(_traversal_hint, value_class, expr, a, b),
            ))
    return cases


# The NumPy network ----------------------------------------------------------------------------

def _networks(kind: str) -> list[tuple[str, Any, Any, Any]]:
    """The networks a check runs on: chapter 8's 1-2-1 network and random ones.

    kind "shallow": one sigmoid hidden layer each; "deep": the last is a [2, 4, 3, 1] tanh
    network; "tanh": tanh hidden layers, one of them with two outputs.
    """
    import numpy as np

    from chainrule.datasets import interval_data, make_moons
    from chainrule.examples import partially_trained_network
    from chainrule.network import Network

    X, y = interval_data()
    moons_X, moons_y = make_moons(20, noise=0.1, seed=1)
    moons = (moons_X.T, moons_y.reshape(1, -1).astype(float))
    if kind == "tanh":
        two_targets = np.vstack([moons[1], 1 - moons[1]])
        return [
            ("a random [1, 3, 1] tanh network on the 51 points of chapter 8",
             Network.from_sizes([1, 3, 1], seed=4, activation="tanh"), X, y),
            ("a random [2, 4, 1] tanh network on 20 points of two moons",
             Network.from_sizes([2, 4, 1], seed=5, activation="tanh"), *moons),
            ("a random [2, 3, 2] tanh network with two outputs on 20 points",
             Network.from_sizes([2, 3, 2], seed=6, activation="tanh"), moons[0], two_targets),
        ]
    networks = [
        ("the 1-2-1 network of chapter 8 on its 51 points", partially_trained_network(), X, y),
        ("a random [1, 3, 1] sigmoid network on the same 51 points",
         Network.from_sizes([1, 3, 1], seed=2), X, y),
    ]
    if kind == "deep":
        networks.append(("a random [2, 4, 3, 1] tanh network on 20 points of two moons",
                         Network.from_sizes([2, 4, 3, 1], seed=3, activation="tanh"), *moons))
    else:
        networks.append(("a random [2, 3, 1] sigmoid network on 20 points of two moons",
                         Network.from_sizes([2, 3, 1], seed=3), *moons))
    return networks


def _reference_backprop(network: Any, X: Any, y: Any, *, loss: str = "log",
                        hidden: str = "right", output: str = "right", forward: str = "right",
                        scale: float = 1.0) -> list[Any]:
    """Backpropagation for the checks, with switchable mistakes, flattened to
    [grad_weights..., grad_biases...]. `hidden`: "right", "none" (no g') or "sigmoid"/"tanh"
    (that slope whatever the network uses); `output` "no slope" drops the sigmoid's slope from
    the squared error's output delta."""
    import numpy as np

    activation = network.activation if forward == "right" else forward
    activations = [X]
    for layer, (W, b) in enumerate(zip(network.weights, network.biases, strict=True)):
        z = W @ activations[-1] + b
        if layer == len(network.weights) - 1 or activation == "sigmoid":
            activations.append(1 / (1 + np.exp(-z)))
        elif activation == "tanh":
            activations.append(np.tanh(z))
        else:
            activations.append(np.maximum(z, 0.0))
    a_out = activations[-1]
    if loss == "log":
        delta = a_out - y
    else:  # squared error, 1/2 sum (a - y)**2
        delta = (a_out - y) if output == "no slope" else (a_out - y) * a_out * (1 - a_out)
    delta = delta * scale
    slopes = {"sigmoid": lambda a: a * (1 - a), "tanh": lambda a: 1 - a**2,
              "relu": lambda a: (a > 0).astype(float), "none": lambda a: np.ones_like(a)}
    slope = slopes[network.activation if hidden == "right" else hidden]
    grad_weights: list[Any] = []
    grad_biases: list[Any] = []
    for layer in reversed(range(len(network.weights))):
        grad_weights.insert(0, delta @ activations[layer].T)
        grad_biases.insert(0, delta.sum(axis=1, keepdims=True))
        if layer:
            delta = (network.weights[layer].T @ delta) * slope(activations[layer])
    return grad_weights + grad_biases


def _as_activation(network: Any, activation: str) -> Any:
    """The same weights with other hidden activations (for the known mistakes)."""
    from types import SimpleNamespace

    return SimpleNamespace(weights=network.weights, biases=network.biases, activation=activation)


def _array_labels(n_layers: int) -> list[str]:
    return ([f"grad_weights[{i}]" for i in range(n_layers)]
            + [f"grad_biases[{i}]" for i in range(n_layers)])


def _compare_arrays(n_samples: int, variants: Callable[[], list[tuple[str, list[Any]]]]) -> Compare:
    """Two lists of arrays, entry by entry: labels, shapes, the largest difference, and what a
    constant ratio or a known mistake's result says."""

    def compare(got: object, expected: object) -> str:
        import numpy as np

        assert isinstance(expected, list)
        n_layers = len(expected) // 2
        labels = _array_labels(n_layers)
        if not (isinstance(got, (list, tuple)) and len(got) == 2):
            return ("expected (grad_weights, grad_biases): two lists with one array per layer; "
                    f"got {type(got).__name__} {_show(got)[:200]}")
        for what, part in zip(("grad_weights", "grad_biases"), got, strict=True):
            if not isinstance(part, (list, tuple)) or len(part) != n_layers:
                count = len(part) if isinstance(part, (list, tuple)) else type(part).__name__
                return f"{what} should be a list of {n_layers} arrays (one per layer), got {count}"
        flat = list(got[0]) + list(got[1])
        for label, g, e in zip(labels, flat, expected, strict=True):
            g = np.asarray(g, dtype=float)
            if g.shape != e.shape:
                text = f"{label} has shape {g.shape}, expected {e.shape}"
                if g.shape == e.T.shape:
                    text += ("\nhint: it is transposed. dL/dW has the shape of W, "
                             "(n_out, n_in): delta @ A_prev.T, not A_prev @ delta.T.")
                elif label.startswith("grad_biases") and g.shape == (e.shape[0],):
                    text += ("\nhint: sum over the samples with keepdims=True, so the gradient "
                             "keeps the bias's shape (n_out, 1).")
                elif g.shape == ():
                    text += "\nhint: that is one number; keep one entry per parameter."
                return text
        for label, g, e in zip(labels, flat, expected, strict=True):
            g = np.asarray(g, dtype=float)
            if np.allclose(g, e, rtol=1e-6, atol=1e-9):
                continue
            index = np.unravel_index(np.argmax(np.abs(g - e)), e.shape)
            where = "[" + ", ".join(str(int(i)) for i in index) + "]"
            text = (f"{label} (shape {e.shape}) differs; largest difference "
                    f"{float(abs(g - e)[index]):.6g} at {where}\n"
                    f"expected {_show(e)}\n"
                    f"got      {_show(g)}")
            hint = _matching(got, [(m, partial(_pack, r)) for m, r in variants()],
                             lambda a, b: "" if _same_arrays(a, b) else "different")
            if not hint:
                k = _ratio(list(np.ravel(g)), list(np.ravel(e)))
                hint = _ratio_hint(k, _sample_ratios(n_samples))
            return text + (f"\nhint: {hint}" if hint else "")
        return ""

    return compare


def _pack(flat: list[Any]) -> tuple[list[Any], list[Any]]:
    n = len(flat) // 2
    return flat[:n], flat[n:]


def _same_arrays(got: object, expected: object) -> bool:
    import numpy as np

    g, e = list(got[0]) + list(got[1]), list(expected[0]) + list(expected[1])  # type: ignore[index]
    return len(g) == len(e) and all(
        np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-6, atol=1e-9)
        for a, b in zip(g, e, strict=True))


def _sample_ratios(n: int) -> dict[float, str]:
    return {
        1 / n: (f"got is expected / {n}, and there are {n} samples: that is the "
                f"gradient of the mean loss; this check wants the sum (use .sum(), not .mean(), "
                f"over the samples)."),
        float(n): (f"got is {n} times the expected value, and there are {n} samples: that is "
                   f"the sum where the mean is wanted (divide by the number of samples)."),
        -1.0: "got is -1 times the expected value: the output's delta is A - y, not y - A.",
    }


_NO_TARGET = ("that is the gradient for targets y = 0: the output's delta dL/dz = a - y is "
              "missing its - y.")


def network_gradients(backprop: Callable, reduction: str = "sum") -> Report:
    """Check `backprop(network, X, y)`, which returns `(grad_weights, grad_biases)` of the log loss.

    The gradients (of the summed loss, or the mean with ``reduction="mean"``) are compared, array by
    array, with `Network.gradients` on three networks: chapter 8's, a random sigmoid one, and a
    deeper tanh one (use `network.activation` for the hidden layers). Shapes must match. A
    failing case names the array (`grad_weights[0]`, ...), its shape, the largest difference,
    and, for the common mistakes (a missing activation derivative, the wrong one, a transpose,
    the mean instead of the sum), what the mistake is.
    """
    cases = []
    for description, network, X, y in _networks("deep"):
        grad_weights, grad_biases = network.gradients(X, y, reduction)
        n = y.shape[1]
        scale = 1 / y.size if reduction == "mean" else 1.0

        def variants(network: Any = network, X: Any = X, y: Any = y,
                     scale: float = scale) -> list[tuple[str, list[Any]]]:
            found = [(_NO_TARGET, _reference_backprop(network, X, 0 * y, scale=scale)),
                     ("that is backprop without the hidden layers' activation derivative: "
                      "delta = (W.T @ delta) * g'(Z), with g' = a * (1 - a) for a sigmoid and "
                      "1 - a**2 for tanh.",
                      _reference_backprop(network, X, y, hidden="none", scale=scale))]
            other = {"sigmoid": "tanh", "tanh": "sigmoid"}.get(network.activation)
            if other:
                found.append((
                    f"that is backprop with the {other} slope in this {network.activation} "
                    f"network's hidden layers: use network.activation to pick g'.",
                    _reference_backprop(network, X, y, hidden=other, scale=scale)))
                found.append((
                    f"those are the gradients of a network with {other} hidden layers; this "
                    f"one's are {network.activation} (network.activation), in the forward pass "
                    f"and in g'.",
                    _reference_backprop(_as_activation(network, other), X, y, scale=scale)))
                found.append((
                    f"that is backprop with {other} hidden layers in the forward pass; this "
                    f"network's are {network.activation} (network.activation).",
                    _reference_backprop(network, X, y, forward=other, scale=scale)))
            return found

        cases.append((_Case(
            f"{description} (n = {n} samples)",
            partial(_on_a_copy, backprop, network, X, y),
            list(grad_weights) + list(grad_biases),
        ), _compare_arrays(n, variants)))
    return _report_each("network_gradients", cases)


def _report_each(name: str, cases: Sequence[tuple[_Case, Compare]], note: str = "") -> Report:
    """Like `_report`, with a comparison of its own for each case."""
    reports = [_report(name, [case], compare) for case, compare in cases]
    first = next((r.first_failure for r in reports if not r.ok), "")
    if first and note:
        first += f"\n({note})"
    return Report(name, len(reports), sum(r.ok for r in reports), first)


def squared_error_gradients(backprop: Callable) -> Report:
    """Check `backprop(network, X, y)` for the squared error L = 1/2 sum (A - y)**2 of a network
    with a sigmoid output and tanh hidden layers: `(grad_weights, grad_biases)`.

    Three networks: a [1, 3, 1] and a [2, 4, 1] one, and a [2, 3, 2] network with two outputs.
    """
    cases = []
    for description, network, X, y in _networks("tanh"):
        expected = _reference_backprop(network, X, y, loss="squared")
        n = y.shape[1]

        def variants(network: Any = network, X: Any = X, y: Any = y) -> list[tuple[str, list[Any]]]:
            return [
                ("that is the log loss's output delta, A - y. For the squared error "
                 "dL/dZ = (A - y) * A * (1 - A): the sigmoid's slope no longer cancels.",
                 _reference_backprop(network, X, y, loss="squared", output="no slope")),
                ("that is backprop without the hidden layers' activation derivative: "
                 "delta = (W.T @ delta) * (1 - A**2) for tanh.",
                 _reference_backprop(network, X, y, loss="squared", hidden="none")),
                ("that is backprop with the sigmoid's slope a * (1 - a) in the tanh hidden "
                 "layer; tanh's is 1 - a**2.",
                 _reference_backprop(network, X, y, loss="squared", hidden="sigmoid")),
            ]

        cases.append((_Case(f"{description} (n = {n} samples)",
                            partial(_on_a_copy, backprop, network, X, y),
                            expected),
                      _compare_arrays(n, variants)))
    return _report_each("squared_error_gradients", cases)


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
    for description, network, X, y in _networks("shallow"):
        grad_weights, grad_biases = network.gradients(X, y, reduction)
        grads = grad_weights if kind == "weight" else grad_biases
        n = y.shape[1]
        scale = 1 / y.size if reduction == "mean" else 1.0
        n_layers = len(network.weights)
        position = (layer % n_layers) + (0 if kind == "weight" else n_layers)

        def hint(got: object, network: Any = network, X: Any = X, y: Any = y,
                 scale: float = scale, position: int = position) -> str:
            no_slope = _reference_backprop(network, X, y, hidden="none", scale=scale)
            no_target = _reference_backprop(network, X, 0 * y, scale=scale)
            return _matching(got, [
                ("that leaves out the hidden unit's slope a * (1 - a) (the sigmoid's derivative "
                 "on the path from L back to the weight).",
                 lambda: float(no_slope[position][index])),
                (_NO_TARGET, lambda: float(no_target[position][index])),
            ], _compare_numbers(1e-6))

        cases.append((_Case(
            f"{description} (n = {n} samples)",
            partial(_on_a_copy, gradient, network, X, y),
            float(grads[layer][index]),
            hint,
        ), _compare_numbers(1e-6, _sample_ratios(n))))
    return _report_each("parameter_gradient", cases)
