"""chainrule: from derivatives to backpropagation.

A scalar reverse-mode autodiff engine (`Value`), a Node-class graph engine (`chainrule.nodes`),
a NumPy neural network (`chainrule.network`), finite-difference tools (`chainrule.numeric`), and
the drawing helpers the lecture notes use (`chainrule.draw`, `chainrule.plots`).

>>> from chainrule import Value
>>> x = Value(3.0)
>>> y = x * x + 2 * x
>>> y.backward()
>>> x.grad
8.0
"""

from chainrule.value import Value

__all__ = ["Value"]
__version__ = "0.1.0"
