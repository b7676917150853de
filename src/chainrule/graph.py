"""Walking a computation graph: every node after its operands (a post-order).

The one graph walk of the package: `Value.backward` and `Value.zero_grad`, `chainrule.nodes`'
`sort_nodes` and the drawings in `chainrule.draw` all order their graphs with `postorder`.

>>> from chainrule import Value
>>> a, b = Value(2.0, label="a"), Value(3.0, label="b")
>>> [node.label or node._op for node in postorder(a * b + a, operands_of)]
['a', 'b', '*', '+']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

__all__ = ["operands_of", "postorder"]

T = TypeVar("T")


def postorder(root: T, operands: Callable[[T], Iterable[T]]) -> list[T]:
    """Every node reachable from `root`, each after its operands, `root` last.

    An iterative depth-first search (so a chain of any length works) that visits each node's
    `operands(node)` in order and places a node once all its operands are placed. Nodes are
    told apart by identity, and the order depends only on the operand lists, so it is the same
    on every run and the same as that of the recursive version.

    >>> graph = {"L": ["y", "z"], "z": ["w", "y"], "y": [], "w": []}
    >>> postorder("L", graph.__getitem__)
    ['y', 'w', 'z', 'L']
    """
    order: list[T] = []
    seen = {id(root)}
    path, pending = [root], [iter(operands(root))]  # the nodes being explored, and what is left
    while path:
        for operand in pending[-1]:
            if id(operand) not in seen:
                seen.add(id(operand))
                path.append(operand)
                pending.append(iter(operands(operand)))
                break
        else:
            pending.pop()
            order.append(path.pop())
    return order


def operands_of(node: Any) -> Iterable[Any]:
    """The operands of a Value-like node: its `_operands`, or `_prev` for a micrograd-style class.

    `chainrule.Value` names the nodes it is computed from `_operands`; micrograd and classes
    written after it call them `_prev`. Anything else is a TypeError naming both.

    >>> from types import SimpleNamespace
    >>> operands_of(SimpleNamespace(_prev=(1, 2)))
    (1, 2)
    """
    try:
        return node._operands
    except AttributeError:
        pass
    try:
        return node._prev
    except AttributeError:
        raise TypeError(f"{type(node).__name__} has neither _operands nor _prev: a node of a "
                        f"Value graph must list the nodes it is computed from") from None
