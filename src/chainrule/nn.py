"""Neuron, Layer and MLP on `Value`: a drop-in for ``micrograd.nn``.

The classes draw their initial weights in micrograd's order (layer by layer, neuron by neuron,
``uniform(-1, 1)`` per weight, bias 0) and add up ``b + w1*x1 + ... + wn*xn`` left to right,
so after ``random.seed(s)`` they give micrograd's weights and outputs bit for bit, and its
gradients up to the order in which rounding errors add up (micrograd's order depends on set
iteration). Each neuron's pre-activation is one `weighted_sum` node instead of micrograd's 2n.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from chainrule.value import Value, weighted_sum

Input = Value | float


class Module:
    """Something with parameters: ``parameters()`` lists them, ``zero_grad()`` resets their grads.

    >>> Module().parameters()
    []
    """

    def zero_grad(self) -> None:
        """Set the gradient of every parameter to 0.0 (call it before each backward())."""
        for p in self.parameters():
            p.grad = 0.0

    def parameters(self) -> list[Value]:
        """The trainable Values of this module, in a fixed order."""
        return []


class Neuron(Module):
    r"""$\mathrm{ReLU}(b + \sum_i w_i x_i)$, or the plain sum when ``nonlin=False``.

    Args:
        nin: the number of inputs.
        nonlin: apply ReLU to the sum.
        rng: where the weights come from (``uniform(-1, 1)`` each); the ``random`` module if None.

    >>> n = Neuron(2, rng=random.Random(0))
    >>> n
    ReLUNeuron(2)
    >>> n([1.0, 0.0]).data == max(0.0, n.w[0].data)
    True
    """

    def __init__(self, nin: int, nonlin: bool = True, rng: random.Random | None = None) -> None:
        _check_count(nin, "nin")
        uniform = random.uniform if rng is None else rng.uniform
        self.w = [Value(uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)
        self.nonlin = nonlin

    def __call__(self, x: Input | Iterable[Input]) -> Value:
        act = weighted_sum(self.w, _inputs(x, len(self.w)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self) -> list[Value]:
        return self.w + [self.b]

    def __repr__(self) -> str:
        return f"{'ReLU' if self.nonlin else 'Linear'}Neuron({len(self.w)})"


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs.

    Calling it returns a list of Values, or a single Value when ``nout`` is 1 (as micrograd does);
    a layer accepts such a single Value as its input too.

    >>> layer = Layer(3, 2, rng=random.Random(0), nonlin=False)
    >>> layer
    Layer of [LinearNeuron(3), LinearNeuron(3)]
    >>> len(layer([1.0, 2.0, 3.0])), len(layer.parameters())
    (2, 8)
    """

    def __init__(
        self, nin: int, nout: int, rng: random.Random | None = None, **kwargs: bool
    ) -> None:
        _check_count(nout, "nout")
        self.neurons = [Neuron(nin, rng=rng, **kwargs) for _ in range(nout)]

    def __call__(self, x: Input | Iterable[Input]) -> Value | list[Value]:
        x = _inputs(x, len(self.neurons[0].w))
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """A multi-layer perceptron: ReLU layers, then a linear output layer.

    Args:
        nin: the number of inputs.
        nouts: the number of neurons in each layer, the last one being the output layer.
        rng: where the initial weights come from, as in `Neuron`; the ``random`` module if None.
            Pass ``random.Random(seed)`` for weights that depend only on the seed.

    >>> model = MLP(2, [16, 16, 1], rng=random.Random(1))
    >>> len(model.parameters())
    337
    >>> def output(seed): return MLP(2, [4, 1, 1], rng=random.Random(seed))([0.5, -1.0]).data
    >>> output(1) == output(1)
    True
    """

    def __init__(
        self,
        nin: int,
        nouts: list[int],
        rng: random.Random | None = None,
    ) -> None:
        if not nouts:
            raise ValueError("nouts must list at least one layer size")
        sizes = [nin, *nouts]
        self.layers = [
            Layer(sizes[i], sizes[i + 1], rng=rng, nonlin=i != len(nouts) - 1)
            for i in range(len(nouts))
        ]

    def __call__(self, x: Input | Iterable[Input]) -> Value | list[Value]:
        out = self.layers[0](x)
        for layer in self.layers[1:]:
            out = layer(out)
        return out

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"


def _inputs(x: Input | Iterable[Input], nin: int) -> list[Input]:
    """x as a list of nin inputs; a single Value or number counts as one input."""
    if isinstance(x, list):
        inputs = x
    elif isinstance(x, Iterable):
        inputs = list(x)
    else:
        inputs = [x]
    if len(inputs) != nin:
        raise ValueError(f"expected {nin} inputs, got {len(inputs)}")
    return inputs


def _check_count(n: object, name: str) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"{name} must be a positive int, got {n!r}")
