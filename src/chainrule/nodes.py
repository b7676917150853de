"""A graph of `Node` objects: values flow forward, gradients flow backward.

Each node holds a scalar `value`, the `gradient` of the final node with respect to it, and its
`operands` (the nodes it is computed from). Leaves are plain `Node` objects whose value you set;
operations (`Operation` subclasses) compute their value from their operands (`_forward`) and
pass their gradient back to them by the chain rule (`_backward`).

A graph is built once and then evaluated many times: `operands` cannot be changed after a node
is made, so the order in which `forward` and `backward` visit the graph is worked out on the
first call and reused afterwards.

>>> x = Node(3.0, label="x")
>>> y = Square([x], label="y")
>>> y.forward()
9.0
>>> y.backward()
>>> x
x: Node(value=3.0000, gradient=6.0000)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from operator import attrgetter

from chainrule.graph import postorder
from chainrule.value import sigmoid

__all__ = [
    "Add",
    "LogLoss",
    "Multiply",
    "Node",
    "Operation",
    "Sigmoid",
    "Square",
    "Subtract",
    "Tanh",
    "sort_nodes",
]


def sort_nodes(node: Node) -> list[Node]:
    """Order the graph below `node` so that every node comes after its operands.

    A depth-first search that visits operands in order and appends a node once all its
    operands are placed (`chainrule.graph.postorder`). It keeps its own stack instead of
    recursing, so a chain of any length works, and it gives the same order as the recursive
    version.

    Args:
        node: the final node of the graph.

    Returns:
        Every node the final node depends on, ending with `node` itself.

    >>> a, b = Node(1.0, label="a"), Node(2.0, label="b")
    >>> [n.label for n in sort_nodes(Add([a, b], label="c"))]
    ['a', 'b', 'c']
    """
    return postorder(node, _operands)


_operands = attrgetter("operands")


class Node:
    """A leaf of the graph (an input or a parameter); subclasses are operations.

    Args:
        value: the node's value; operations compute it in `forward`.
        operands: the nodes this one is computed from (operations only).
        label: a name used in `repr` and in the trace lines.

    >>> Node(-4, label="w1")
    w1: Node(value=-4.0000, gradient=0.0000)
    """

    def __init__(
        self,
        value: float | None = None,
        operands: Iterable[Node] = (),
        label: str | None = None,
    ) -> None:
        operands = tuple(operands)
        if operands and not isinstance(self, Operation):
            raise ValueError("a plain Node is a leaf and takes no operands: use an Operation")
        for operand in operands:
            if not isinstance(operand, Node):
                raise TypeError(f"operands must be Node objects, got {type(operand).__name__}")
        self.value = value
        self.gradient = 0.0
        self.label = label
        self._operands = operands
        self._ancestors: list[Node] | None = None

    @property
    def operands(self) -> tuple[Node, ...]:
        """The nodes this one is computed from (fixed when the node is made)."""
        return self._operands

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label is not None else ""
        value = "None" if self.value is None else f"{self.value:.4f}"
        return f"{name}{type(self).__name__}(value={value}, gradient={self.gradient:.4f})"

    def _sorted(self) -> list[Node]:
        """`sort_nodes(self)`, computed on the first call (the graph below cannot change)."""
        if self._ancestors is None:
            self._ancestors = sort_nodes(self)[:-1]  # without self: no reference cycle
        return [*self._ancestors, self]

    def forward(self, trace: bool = False) -> float:
        """Compute the value of every node in the graph, operands first.

        Args:
            trace: print `computing value of <label>` for each node visited.

        Returns:
            The value of this node.
        """
        for node in self._sorted():
            if trace:
                print(f"computing value of {node.label}")
            node._forward()
        return self._value()

    def backward(self, trace: bool = False) -> None:
        """Add the derivative of this node with respect to each node to that node's `gradient`.

        Gradients accumulate, as in `chainrule.Value` and PyTorch: every node ends with its
        previous `gradient` plus this pass's, so a second `backward()` doubles them; call
        `zero_grad()` between passes. Within the pass, this node's gradient starts at 1 and
        each node, from this one back to the leaves, adds its share to its operands'
        gradients. Call `forward` first: the local derivatives use the stored values.

        Args:
            trace: print `computing gradient for operands of <label>: [<operand labels>]` for
                each operation visited.

        >>> x = Node(3.0, label="x")
        >>> y = Square([x], label="y")
        >>> _ = y.forward()
        >>> y.backward()
        >>> y.backward()
        >>> x.gradient
        12.0
        >>> y.zero_grad()
        >>> y.backward()
        >>> x.gradient
        6.0
        """
        order = self._sorted()
        unset = [node.label for node in order if node.value is None]
        if unset:
            verb = "has" if len(unset) == 1 else "have"
            raise ValueError(f"{', '.join(map(repr, unset))} {verb} no value yet: "
                             f"call {self.label}.forward() before backward()")
        earlier = [node.gradient for node in order]
        self.zero_grad()
        self.gradient = 1.0
        for node in reversed(order):
            if trace and node.operands:
                labels = [operand.label for operand in node.operands]
                print(f"computing gradient for operands of {node.label}: {labels}")
            node._backward()
        for node, gradient in zip(order, earlier, strict=True):
            if gradient:
                node.gradient += gradient

    def zero_grad(self) -> None:
        """Set `gradient` to 0.0 on this node and on every node it is computed from.

        >>> x = Node(3.0, label="x")
        >>> y = Square([x])
        >>> _ = y.forward()
        >>> y.backward()
        >>> y.zero_grad()
        >>> x.gradient, y.gradient
        (0.0, 0.0)
        """
        for node in self._sorted():
            node.gradient = 0.0

    def _value(self) -> float:
        """`value`, which `forward` has set by the time an operation reads it."""
        if self.value is None:
            raise ValueError(f"{self.label!r} has no value yet: call forward() first")
        return self.value

    def _forward(self) -> None:
        """A leaf keeps the value it was given."""
        if self.value is None:
            raise ValueError(f"leaf {self.label!r} has no value: set .value before forward()")

    def _backward(self) -> None:
        """A leaf has no operands to pass its gradient to."""


class Operation(Node):
    """A node computed from its operands; subclasses define `_forward` and `_backward`.

    Args:
        operands: the input nodes, in order.
        label: a name used in `repr` and in the trace lines.
    """

    arity: int | None = None
    """How many operands the operation takes (None: one or more)."""

    def __init__(self, operands: Iterable[Node], label: str | None = None) -> None:
        operands = tuple(operands)
        name = type(self).__name__
        if self.arity is None and not operands:
            raise ValueError(f"{name} needs at least one operand, got 0")
        if self.arity is not None and len(operands) != self.arity:
            raise ValueError(f"{name} takes {self.arity} operands, got {len(operands)}")
        super().__init__(None, operands, label)

    def _inputs(self) -> list[float]:
        """The operands' values, in order."""
        return [operand._value() for operand in self.operands]


class Add(Operation):
    r"""The sum of the operands: $\partial (a + b + \dots) / \partial a = 1$.

    >>> a, b = Node(2.0), Node(5.0)
    >>> Add([a, b]).forward()
    7.0
    """

    def _forward(self) -> None:
        self.value = sum(self._inputs())

    def _backward(self) -> None:
        for operand in self.operands:
            operand.gradient += self.gradient


class Subtract(Operation):
    r"""The first operand minus the second, with derivatives 1 and -1.

    >>> Subtract([Node(2.0), Node(5.0)]).forward()
    -3.0
    """

    arity = 2

    def _forward(self) -> None:
        a, b = self._inputs()
        self.value = a - b

    def _backward(self) -> None:
        a, b = self.operands
        a.gradient += self.gradient
        b.gradient -= self.gradient


class Multiply(Operation):
    r"""The product of the operands: $\partial (abc) / \partial a = bc$, the product of the others.

    The local derivative multiplies the other operands' values rather than dividing the product
    by this operand's value, so an operand equal to 0 is fine.

    >>> a, b = Node(0.0, label="a"), Node(5.0, label="b")
    >>> product = Multiply([a, b])
    >>> product.forward()
    0.0
    >>> product.backward()
    >>> a.gradient, b.gradient
    (5.0, 0.0)
    """

    def _forward(self) -> None:
        self.value = math.prod(self._inputs())

    def _backward(self) -> None:
        values = self._inputs()
        for i, operand in enumerate(self.operands):
            others = math.prod(values[:i]) * math.prod(values[i + 1 :])
            operand.gradient += others * self.gradient


class Square(Operation):
    r"""The square of the operand: $\mathrm{d}(x^2)/\mathrm{d}x = 2x$.

    >>> Square([Node(-3.0)]).forward()
    9.0
    """

    arity = 1

    def _forward(self) -> None:
        (x,) = self._inputs()
        self.value = x**2

    def _backward(self) -> None:
        (x,) = self._inputs()
        self.operands[0].gradient += 2 * x * self.gradient


class Sigmoid(Operation):
    r"""The logistic sigmoid $\sigma(x) = 1/(1 + e^{-x})$, with $\sigma' = \sigma(1 - \sigma)$.

    >>> Sigmoid([Node(0.0)]).forward()
    0.5
    """

    arity = 1

    def _forward(self) -> None:
        (x,) = self._inputs()
        self.value = sigmoid(x)

    def _backward(self) -> None:
        s = self._value()
        self.operands[0].gradient += s * (1 - s) * self.gradient


class Tanh(Operation):
    r"""The hyperbolic tangent, with $\tanh'(x) = 1 - \tanh^2(x)$.

    >>> Tanh([Node(0.0)]).forward()
    0.0
    """

    arity = 1

    def _forward(self) -> None:
        (x,) = self._inputs()
        self.value = math.tanh(x)

    def _backward(self) -> None:
        t = self._value()
        self.operands[0].gradient += (1 - t**2) * self.gradient


class LogLoss(Operation):
    r"""The log loss of a prediction `[y, yhat]`: $L = -y\log\hat y - (1-y)\log(1-\hat y)$.

    $\partial L/\partial \hat y = -y/\hat y + (1-y)/(1-\hat y)$ and
    $\partial L/\partial y = \log(1-\hat y) - \log \hat y$, both multiplied by the gradient that
    reaches this node, so the loss need not be the final node.

    A sigmoid output can round to exactly 0 or 1, where a log is infinite. The prediction is
    therefore clipped to $[\epsilon, 1-\epsilon]$ with $\epsilon$ = `LogLoss.eps` = 1e-12, so
    loss and gradients stay finite (at most about 27.6 for the loss). Predictions inside that
    range are untouched.

    >>> loss = LogLoss([Node(1.0), Node(0.5)])
    >>> round(loss.forward(), 4)
    0.6931
    """

    arity = 2
    eps = 1e-12

    def _y_and_clipped_yhat(self) -> tuple[float, float]:
        y, yhat = self._inputs()
        return y, min(max(yhat, self.eps), 1 - self.eps)

    def _forward(self) -> None:
        y, yhat = self._y_and_clipped_yhat()
        self.value = -y * math.log(yhat) - (1 - y) * math.log(1 - yhat)

    def _backward(self) -> None:
        y_node, yhat_node = self.operands
        y, yhat = self._y_and_clipped_yhat()
        yhat_node.gradient += (-y / yhat + (1 - y) / (1 - yhat)) * self.gradient
        y_node.gradient += (math.log(1 - yhat) - math.log(yhat)) * self.gradient
