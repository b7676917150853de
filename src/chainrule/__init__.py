"""chainrule: from derivatives to backpropagation.

A scalar reverse-mode autodiff engine (`Value`), a Node-class graph engine, a NumPy
neural network, finite-difference tools, and the drawing helpers the lecture notes use.
"""

__version__ = "0.1.0"
