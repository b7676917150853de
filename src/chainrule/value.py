"""`Value`: a scalar that remembers how it was computed, for reverse-mode autodiff.

Every operation computes its output and, right below it, its local derivatives: how much the
output moves per unit change of each operand. A node stores its operands (`_operands`) next
to those local derivatives (`_local_grads`), so `backward()` needs one rule only, the chain rule:
``operand.grad += local_grad * node.grad``. Nodes hold no closures, so a graph has no reference
cycles and is freed by reference counting as soon as the last reference to it goes.

A plain number operand (``2 * x``, ``x + 1``, ``2 ** x``) is a constant: it enters the
arithmetic but is not a node of the graph, since nothing needs its gradient.
"""

from __future__ import annotations

import math
import numbers
import reprlib
from collections.abc import Iterable, Sequence
from functools import reduce
from itertools import compress
from operator import add, attrgetter, mul
from typing import Union

from chainrule.graph import postorder

Operand = Union["Value", float]


class Value:
    """A scalar node of a computation graph, with the gradient that backward() leaves on it.

    Args:
        data: a real number (int, float, or a NumPy scalar); it is stored as a float.
        label: a name to show in drawings.

    >>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    >>> L = a * b + a
    >>> L.backward()
    >>> L, a.grad, b.grad
    (Value(data=-4.0, grad=1.0), -2.0, 2.0)
    """

    __slots__ = ("data", "grad", "label", "_op", "_operands", "_local_grads", "__weakref__")

    def __init__(self, data: float, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, got {_type_name(label)}")
        self.data = _real(data, "Value data")
        self.grad = 0.0
        self.label = label
        self._op = ""
        self._operands: tuple[Value, ...] = ()
        self._local_grads: tuple[float, ...] = ()

    def __repr__(self) -> str:
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    # Basic operations: the output, then the local derivative with respect to each operand.

    def __add__(self, other: Operand) -> Value:
        r"""self + other. $\partial/\partial\,\text{self} = \partial/\partial\,\text{other} = 1$."""
        return _binary(self, other, self.data + _data(other), "+", 1.0, 1.0)

    def __mul__(self, other: Operand) -> Value:
        r"""self * other. $\partial/\partial\,\text{self} = \text{other}$ and vice versa."""
        a, b = self.data, _data(other)
        return _binary(self, other, a * b, "*", b, a)

    def __truediv__(self, other: Operand) -> Value:
        r"""self / other. $\partial(a/b)/\partial a = 1/b$, $\partial(a/b)/\partial b = -a/b^2$."""
        return _divide(self, other)

    def __pow__(self, other: Operand) -> Value:
        r"""self ** other. $\partial_a a^b = b a^{b-1}$ and $\partial_b a^b = a^b \ln a$.

        A negative base needs a constant integer exponent.

        >>> Value(3.0) ** 2, 2 ** Value(3.0)
        (Value(data=9.0, grad=0.0), Value(data=8.0, grad=0.0))
        """
        return _power(self, other)

    def exp(self) -> Value:
        r"""$e^x$, whose derivative is itself.

        >>> Value(0.0).exp()
        Value(data=1.0, grad=0.0)
        """
        try:
            out = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp({self.data!r}) is too large for a float") from None
        return _unary(self, out, "exp", out)

    def log(self) -> Value:
        r"""Natural logarithm $\ln x$ for $x > 0$; $d\ln x/dx = 1/x$.

        >>> Value(1.0).log()
        Value(data=0.0, grad=0.0)
        """
        x = self.data
        if not x > 0:
            raise ValueError(f"log needs a positive value, got {x!r}")
        return _unary(self, math.log(x), "log", 1.0 / x)

    def tanh(self) -> Value:
        r"""$\tanh x$; $d\tanh x/dx = 1 - \tanh^2 x$.

        >>> Value(0.0).tanh()
        Value(data=0.0, grad=0.0)
        """
        t = math.tanh(self.data)
        return _unary(self, t, "tanh", 1.0 - t * t)

    def sigmoid(self) -> Value:
        r"""$\sigma(x) = 1/(1 + e^{-x})$, computed without overflow; $\sigma' = \sigma(1 - \sigma)$.

        >>> Value(0.0).sigmoid()
        Value(data=0.5, grad=0.0)
        """
        s = sigmoid(self.data)
        return _unary(self, s, "sigmoid", s * (1.0 - s))

    def relu(self) -> Value:
        r"""$\max(0, x)$; the derivative is 1 where the output is positive, else 0.

        >>> Value(-2.0).relu(), Value(3.0).relu()
        (Value(data=0.0, grad=0.0), Value(data=3.0, grad=0.0))
        """
        out = 0.0 if self.data < 0 else self.data
        return _unary(self, out, "ReLU", 1.0 if out > 0 else 0.0)

    # Derived operations: one-liners over the basic ones.

    def __neg__(self) -> Value:  # -self
        return self * -1

    def __radd__(self, other: float) -> Value:  # other + self
        return self + other

    def __sub__(self, other: Operand) -> Value:  # self - other
        return self + (-other)

    def __rsub__(self, other: float) -> Value:  # other - self
        return other + (-self)

    def __rmul__(self, other: float) -> Value:  # other * self
        return self * other

    def __rtruediv__(self, other: float) -> Value:  # other / self
        return _divide(other, self)

    def __rpow__(self, other: float) -> Value:  # other ** self
        return _power(other, self)

    # Reverse mode.

    def backward(self) -> None:
        """Add d self / d node to the ``grad`` of every node of the graph below self.

        Gradients accumulate, as in PyTorch: every node ends with its previous ``grad`` plus
        this pass's gradient, so a second ``backward()`` doubles them; call ``zero_grad()``
        between passes. The traversal is an iterative depth-first search in operand order (no
        recursion limit, the same float operations in the same order on every run). A node
        whose gradient is zero passes nothing down (so a 0 never meets an infinite local
        derivative to make a nan).

        >>> x = Value(3.0)
        >>> y = x * x
        >>> y.backward()
        >>> x.grad
        6.0
        >>> y.backward()
        >>> x.grad
        12.0
        """
        order = _topological_order(self)
        earlier = [node.grad for node in order]
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            grad = node.grad
            if grad:  # a zero gradient passes nothing down
                for operand, local_grad in zip(node._operands, node._local_grads, strict=True):
                    operand.grad += local_grad * grad
        for node, grad in zip(order, earlier, strict=True):
            if grad:
                node.grad += grad

    def zero_grad(self) -> None:
        """Set ``grad`` to 0.0 on self and on every node below it.

        >>> x = Value(3.0)
        >>> y = x * x
        >>> y.backward()
        >>> y.zero_grad()
        >>> x.grad, y.grad
        (0.0, 0.0)
        """
        for node in postorder(self, _all_operands):
            node.grad = 0.0


def weighted_sum(weights: Sequence[Operand], inputs: Sequence[Operand], bias: Operand) -> Value:
    r"""$b + \sum_i w_i x_i$ as one node: a neuron's pre-activation.

    The float additions run left to right from the bias, exactly like
    ``sum((w * x for w, x in zip(weights, inputs)), bias)``, so the result is bitwise the same,
    with one node instead of $2n$. $\partial/\partial w_i = x_i$, $\partial/\partial x_i = w_i$,
    $\partial/\partial b = 1$. Operand order: the weights, the inputs, then the bias.

    >>> w, x = [Value(2.0), Value(-1.0)], [Value(3.0), Value(4.0)]
    >>> z = weighted_sum(w, x, Value(0.5))
    >>> z.backward()
    >>> z.data, [wi.grad for wi in w], [xi.grad for xi in x]
    (2.5, [3.0, 4.0], [2.0, -1.0])
    """
    n = len(weights)
    if len(inputs) != n:
        raise ValueError(f"weighted_sum needs as many weights as inputs, got {n} weights and "
                         f"{len(inputs)} inputs")
    operands = (*weights, *inputs, bias)
    data = [v.data for v in operands if isinstance(v, Value)]
    has_constants = len(data) < len(operands)
    if has_constants:
        data = [v.data if isinstance(v, Value) else _real(v, "an operand of weighted_sum")
                for v in operands]
    w, x = data[:n], data[n : 2 * n]
    total = reduce(add, map(mul, w, x), data[-1])  # ((b + w1 x1) + w2 x2) + ...
    local_grads = (*x, *w, 1.0)
    if not has_constants:
        return _node(total, "w·x+b", operands, local_grads)
    is_value = [isinstance(v, Value) for v in operands]
    return _node(total, "w·x+b", tuple(compress(operands, is_value)),
                 tuple(compress(local_grads, is_value)))


def sigmoid(x: float) -> float:
    r"""The logistic function $1 / (1 + e^{-x})$ of a number, written so that `exp` never overflows.

    The one scalar sigmoid of the package: `Value.sigmoid` and `chainrule.nodes.Sigmoid` use it
    (`chainrule.network.sigmoid` is the elementwise NumPy version).

    >>> sigmoid(0.0), sigmoid(-1000.0), sigmoid(1000.0)
    (0.5, 0.0, 1.0)
    """
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _divide(a: Operand, b: Operand) -> Value:
    """a / b for Values or numbers, refusing a zero divisor by name."""
    numerator, denominator = _data(a), _data(b)
    if denominator == 0:
        raise ZeroDivisionError(f"division by zero: the divisor {_describe(b)} is zero "
                                f"(dividend {_describe(a)})")
    out = numerator / denominator
    return _binary(a, b, out, "/", 1.0 / denominator, -out / denominator)


def _power(a: Operand, b: Operand) -> Value:
    """a ** b for Values or numbers; the result must be a real number."""
    base, exponent = _data(a), _data(b)
    if base < 0 and not float(exponent).is_integer():
        raise ValueError(f"a negative base to a fractional power is not a real number: "
                         f"{base!r} ** {exponent!r}")
    if base == 0 and exponent < 0:
        raise ZeroDivisionError(f"the base {_describe(a)} is zero and the exponent "
                                f"{exponent!r} is negative")
    if isinstance(b, Value) and base < 0:
        raise ValueError(f"a negative base {base!r} to a Value exponent has no real derivative "
                         f"with respect to the exponent (it needs ln of the base)")
    try:
        out = base**exponent
        if base == 0 and exponent < 1:  # slope of x**b at 0: 0 for b = 0, infinite for 0 < b < 1
            d_base = 0.0 if exponent == 0 else math.inf
        else:
            d_base = exponent * base ** (exponent - 1)
    except OverflowError:
        raise OverflowError(f"{base!r} ** {exponent!r} is too large for a float") from None
    d_exponent = out * math.log(base) if base > 0 else 0.0
    return _binary(a, b, out, "**", d_base, d_exponent)


def _unary(operand: Value, data: float, op: str, local_grad: float) -> Value:
    """The node op(operand), with d op / d operand = local_grad."""
    return _node(data, op, (operand,), (local_grad,))


def _binary(a: Operand, b: Operand, data: float, op: str, d_a: float, d_b: float) -> Value:
    """The node op(a, b); a plain-number operand is a constant, not a node of the graph."""
    if not isinstance(a, Value):
        return _node(data, op, (b,), (d_b,))
    if not isinstance(b, Value):
        return _node(data, op, (a,), (d_a,))
    return _node(data, op, (a, b), (d_a, d_b))


def _node(data: float, op: str, operands: tuple, local_grads: tuple) -> Value:
    """A new Value computed by op from operands (no type checks: data is already a float)."""
    out = object.__new__(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out._op = op
    out._operands = operands
    out._local_grads = local_grads
    return out


def _topological_order(root: Value) -> list[Value]:
    """root and the computed nodes below it, each after its operands (iterative depth-first).

    The order of `chainrule.graph.postorder(root, _computed_operands)`, written out here
    because backward() is the package's hot loop: skipping leaves inline, and keeping Values
    themselves (hashed by identity) in `visited`, makes it about 1.4 times as fast. Leaves are
    left out: they have nothing to pass down, so backward() adds to their grad directly.
    """
    order: list[Value] = []
    visited = {root}
    path, pending = [root], [iter(root._operands)]  # the nodes being explored, and what is left
    while path:
        for operand in pending[-1]:
            if operand._operands and operand not in visited:
                visited.add(operand)
                path.append(operand)
                pending.append(iter(operand._operands))
                break
        else:
            pending.pop()
            order.append(path.pop())
    return order


_all_operands = attrgetter("_operands")


def _computed_operands(node: Value) -> Iterable[Value]:
    """The operands of node that are computed nodes themselves (not leaves)."""
    return filter(_all_operands, node._operands)  # a leaf's _operands is (), which is false


def _data(operand: Operand) -> float:
    """The float behind a Value or a plain number."""
    if isinstance(operand, Value):
        return operand.data
    return _real(operand, "an operand of a Value operation")


def _real(x: object, what: str) -> float:
    """x as a float if it is a real number (int, float, NumPy scalar...), else a TypeError."""
    if isinstance(x, (float, int, numbers.Real)):
        return float(x)
    raise TypeError(f"{what} must be a real number, got {_type_name(x)}: {reprlib.repr(x)}")


def _describe(operand: Operand) -> str:
    """How an error message names an operand."""
    if isinstance(operand, Value):
        return f"{operand.label!r} {operand!r}" if operand.label else repr(operand)
    return repr(operand)


def _type_name(x: object) -> str:
    """The name of x's type, with its module unless it is a builtin: 'str', 'numpy.ndarray'."""
    kind = type(x)
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"
