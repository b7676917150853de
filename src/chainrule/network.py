r"""A fully connected network in NumPy, trained on log loss by vectorised backpropagation.

Samples are columns: `X` has shape (n_inputs, n_samples) and the targets `y` have shape
(n_outputs, n_samples). Layer l computes $Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$ and
$A^{[l]} = g(Z^{[l]})$ with $A^{[0]} = X$; hidden layers use the chosen activation and the
output layer is always a sigmoid, so the output is a probability for the log loss.

The loss is computed from the output logits $z$ as $\log(1 + e^{z}) - yz$, which equals
$-y\log\sigma(z) - (1-y)\log(1-\sigma(z))$ but stays finite when $\sigma(z)$ rounds to 0 or 1.

>>> network = Network([[[2.0]], [[1.0]]], [[[0.0]], [[-0.5]]])
>>> X, y = np.array([[-1.0, 1.0]]), np.array([[0.0, 1.0]])
>>> round(network.loss(X, y, reduction="sum"), 4)
1.0415
>>> grad_weights, grad_biases = network.gradients(X, y)
>>> grad_weights[0].shape, grad_biases[1].shape
((1, 1), (1, 1))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["ACTIVATIONS", "Gradients", "Network", "perturb", "perturbation_slope", "sigmoid"]

Array = NDArray[np.float64]


class Gradients(NamedTuple):
    """Gradients shaped like the network's parameters: one array per weight matrix and bias.

    Like `chainrule.numeric.numeric_gradient`, which returns a list with one derivative per
    argument, a gradient has the structure of what it is taken with respect to; it unpacks
    as `grad_weights, grad_biases`.
    """

    weights: list[Array]
    biases: list[Array]


TakeGradients = Callable[[int, Array], None]

ACTIVATIONS = ("sigmoid", "tanh", "relu")
REDUCTIONS = ("mean", "sum")


# For z < -709, exp(-z) overflows to inf, and 1 / (1 + inf) = 0 is the correctly rounded sigmoid:
# the functions that call `_sigmoid_` expect that overflow, and this decorator silences its
# warning (as a decorator, np.errstate costs half of what a `with` block does on every call).
_exp_may_overflow = np.errstate(over="ignore")


@_exp_may_overflow
def sigmoid(z: ArrayLike) -> Array:
    r"""The logistic function $\sigma(z) = 1 / (1 + e^{-z})$, elementwise, without warnings.

    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    return _sigmoid_(np.array(z, dtype=float))


def _sigmoid_(z: Array) -> Array:
    """Overwrite z with sigmoid(z) and return it (called from `@_exp_may_overflow` functions)."""
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    return np.reciprocal(z, out=z)  # 1 / z


def _tanh_(z: Array) -> Array:
    return np.tanh(z, out=z)


def _relu_(z: Array) -> Array:
    return np.maximum(z, 0.0, out=z)


def _sigmoid_backward_(delta: Array, a: Array) -> None:
    """delta *= a (1 - a), the sigmoid's derivative written in terms of its output a."""
    delta *= a
    np.subtract(1.0, a, out=a)
    delta *= a


def _tanh_backward_(delta: Array, a: Array) -> None:
    """delta *= 1 - a^2, the derivative of tanh written in terms of its output a."""
    np.square(a, out=a)
    np.subtract(1.0, a, out=a)
    delta *= a


def _relu_backward_(delta: Array, a: Array) -> None:
    """delta *= 1 where the unit was active (a > 0), else 0."""
    delta *= a > 0


# Each activation overwrites its input; each backward rule overwrites the activation a.
_FORWARD = {"sigmoid": _sigmoid_, "tanh": _tanh_, "relu": _relu_}
_BACKWARD = {"sigmoid": _sigmoid_backward_, "tanh": _tanh_backward_, "relu": _relu_backward_}


def _summed_log_loss(z: Array, y: Array, softplus: Array) -> float:
    r"""The summed log loss from the logits: $\sum (\log(1 + e^z) - yz)$, given softplus(z).

    The one loss formula of the module (`loss` and backpropagation both use it).
    """
    return float((softplus - y * z).sum())


def _check_choice(name: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        options = ", ".join(repr(choice) for choice in choices)
        raise ValueError(f"{name} must be one of {options}, got {value!r}")


def _check_parameters(weights: list[Array], biases: list[Array]) -> None:
    """Raise ValueError, naming the layer, unless each layer's (n_out, n_in) fits the one before."""
    if not weights or len(weights) != len(biases):
        raise ValueError(
            f"need one bias per weight matrix and at least one layer, got "
            f"{len(weights)} weight matrices and {len(biases)} biases"
        )
    n_in = None
    for layer, (w, b) in enumerate(zip(weights, biases, strict=True)):
        if w.ndim != 2 or (n_in is not None and w.shape[1] != n_in):
            expected = f"(n_out, {n_in})" if n_in is not None else "(n_out, n_in)"
            raise ValueError(f"weights[{layer}] must have shape {expected}, got {w.shape}")
        if b.shape != (w.shape[0], 1):
            raise ValueError(f"biases[{layer}] must have shape {(w.shape[0], 1)}, got {b.shape}")
        n_in = w.shape[0]


class Network:
    """A fully connected network with sigmoid output and log loss.

    Args:
        weights: one matrix per layer, `weights[l]` shaped (n_out, n_in).
        biases: one column per layer, `biases[l]` shaped (n_out, 1).
        activation: the hidden layers' activation, "sigmoid", "tanh" or "relu".

    The arrays are copied to float64. Each layer keeps its weights and biases side by side, in
    one (n_out, n_in + 1) array `[W | b]`: the bias is the weight of an extra input that is
    always 1, so one matrix product with the layer's input `[a; 1]` gives $W a + b$, and one
    gives both gradients. `weights` and `biases` are tuples of views into those arrays:
    changing their entries in place (as `train` does) changes the network, and replacing a
    whole matrix (`network.weights[0] = ...`) is an error, not a change that would be lost.

    >>> Network([[[1.0], [2.0]], [[3.0, 4.0]]], [[[0.0], [0.0]], [[0.0]]]).n_parameters
    7
    """

    def __init__(
        self,
        weights: Sequence[ArrayLike],
        biases: Sequence[ArrayLike],
        activation: str = "sigmoid",
    ) -> None:
        _check_choice("activation", activation, ACTIVATIONS)
        weight_arrays = [np.array(w, dtype=float) for w in weights]
        bias_arrays = [np.array(b, dtype=float) for b in biases]
        _check_parameters(weight_arrays, bias_arrays)
        self._layers = [np.hstack((w, b)) for w, b in zip(weight_arrays, bias_arrays, strict=True)]
        self.weights: tuple[Array, ...] = tuple(layer[:, :-1] for layer in self._layers)
        self.biases: tuple[Array, ...] = tuple(layer[:, -1:] for layer in self._layers)
        self.activation = activation
        self._inputs: list[Array] = []  # see _layer_inputs

    @classmethod
    def from_sizes(
        cls, sizes: Sequence[int], seed: int = 0, activation: str = "sigmoid"
    ) -> Network:
        """A network with layer sizes `sizes` (inputs first) and random weights.

        Weights are drawn from a normal distribution with variance 1/n_in (2/n_in for relu,
        so activations keep their scale from layer to layer); biases start at zero.

        >>> network = Network.from_sizes([2, 16, 16, 1], seed=0)
        >>> [w.shape for w in network.weights], network.n_parameters
        ([(16, 2), (16, 16), (1, 16)], 337)
        """
        if len(sizes) < 2 or any(int(n) != n or n < 1 for n in sizes):
            raise ValueError(f"sizes must be at least two positive integers, got {list(sizes)}")
        _check_choice("activation", activation, ACTIVATIONS)
        gain = 2.0 if activation == "relu" else 1.0
        rng = np.random.default_rng(seed)
        weights = [
            rng.normal(0.0, np.sqrt(gain / n_in), size=(n_out, n_in))
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
        ]
        biases = [np.zeros((n_out, 1)) for n_out in sizes[1:]]
        return cls(weights, biases, activation=activation)

    @property
    def n_parameters(self) -> int:
        """The number of weights and biases."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases, strict=True))

    def copy(self) -> Network:
        """An independent network with copies of the weights and biases.

        >>> network = Network([[[1.0]]], [[[0.0]]])
        >>> twin = network.copy()
        >>> twin.weights[0][0, 0] = 5.0
        >>> network.weights[0]
        array([[1.]])
        """
        return Network(self.weights, self.biases, activation=self.activation)

    def __repr__(self) -> str:
        sizes = [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]
        return f"Network(sizes={sizes}, activation={self.activation!r})"

    @_exp_may_overflow
    def forward(self, X: ArrayLike) -> Array:
        """The output probabilities, shaped (n_outputs, n_samples).

        >>> network = Network([[[0.0]]], [[[0.0]]])
        >>> network.forward(np.array([[1.0, 2.0]]))
        array([[0.5, 0.5]])
        """
        z, _ = self._logits(self._check_inputs(X))
        return _sigmoid_(z)

    def loss(self, X: ArrayLike, y: ArrayLike, reduction: str = "sum") -> float:
        """The log loss over all samples, added up ("sum", the default) or averaged ("mean").

        >>> network = Network([[[0.0]]], [[[0.0]]])
        >>> round(network.loss(np.array([[1.0, 2.0]]), np.array([[1.0, 0.0]]), "sum"), 4)
        1.3863
        """
        X, y = self._check_data(X, y)
        scale = self._scale(reduction, y)
        z, _ = self._logits(X)
        return _summed_log_loss(z, y, np.logaddexp(0.0, z)) * scale

    def gradients(self, X: ArrayLike, y: ArrayLike, reduction: str = "sum") -> Gradients:
        """The loss's gradients by backpropagation: `(grad_weights, grad_biases)`.

        Each gradient has the shape of its parameter.

        >>> network = Network([[[1.0], [-1.0]], [[0.5, 0.5]]], [[[0.0], [0.0]], [[0.0]]])
        >>> grad_weights, grad_biases = network.gradients(np.array([[1.0]]), np.array([[1.0]]))
        >>> [g.shape for g in grad_weights], [g.shape for g in grad_biases]
        ([(2, 1), (1, 2)], [(2, 1), (1, 1)])
        """
        return self.loss_and_gradients(X, y, reduction)[1]

    def loss_and_gradients(
        self, X: ArrayLike, y: ArrayLike, reduction: str = "sum"
    ) -> tuple[float, Gradients]:
        r"""The loss and its gradients from one forward and one backward pass.

        With $\delta^{[l]} = \partial L / \partial Z^{[l]}$, the output layer has
        $\delta = (\sigma(z) - y)/n$ for the mean ($n$ = number of targets) and, going back,
        $\partial L/\partial W^{[l]} = \delta^{[l]} A^{[l-1]\top}$,
        $\partial L/\partial b^{[l]} = \sum_{\text{samples}} \delta^{[l]}$ and
        $\delta^{[l-1]} = (W^{[l]\top}\delta^{[l]}) \odot g'(Z^{[l-1]})$.

        >>> network = Network([[[0.0]]], [[[0.0]]])
        >>> loss, (grad_weights, grad_biases) = network.loss_and_gradients(
        ...     np.array([[2.0]]), np.array([[1.0]]))
        >>> round(loss, 4), grad_weights[0], grad_biases[0]
        (0.6931, array([[-1.]]), array([[-0.5]]))
        """
        X, y = self._check_data(X, y)
        return self._loss_and_gradients(X, y, self._scale(reduction, y))

    def numeric_gradients(
        self, X: ArrayLike, y: ArrayLike, h: float = 1e-5, reduction: str = "sum"
    ) -> Gradients:
        """The loss's gradients by perturbation: a central difference for every parameter.

        Each parameter is moved by +h and -h with all others fixed, costing two loss
        evaluations per parameter (backpropagation gets them all from one pass).

        >>> network = Network([[[0.0]]], [[[0.0]]])
        >>> grad_weights, _ = network.numeric_gradients(np.array([[2.0]]), np.array([[1.0]]))
        >>> round(float(grad_weights[0][0, 0]), 6)
        -1.0
        """
        X, y = self._check_data(X, y)
        _check_choice("reduction", reduction, REDUCTIONS)
        probe = self.copy()
        gradients: list[list[Array]] = [[], []]
        for params, grads in zip((probe.weights, probe.biases), gradients, strict=True):
            for param in params:
                grad = np.empty_like(param)
                for index in np.ndindex(param.shape):
                    original = param[index]
                    param[index] = original + h
                    loss_plus = probe.loss(X, y, reduction)
                    param[index] = original - h
                    loss_minus = probe.loss(X, y, reduction)
                    param[index] = original
                    grad[index] = (loss_plus - loss_minus) / (2 * h)
                grads.append(grad)
        return Gradients(*gradients)

    def train(
        self, X: ArrayLike, y: ArrayLike, lr: float, steps: int, reduction: str = "sum"
    ) -> list[float]:
        """Full-batch gradient descent: `steps` updates `p -= lr * dL/dp`, in place.

        Returns:
            The loss before each update.

        >>> network = Network([[[0.0]]], [[[0.0]]])
        >>> X, y = np.array([[1.0, -1.0]]), np.array([[1.0, 0.0]])
        >>> [round(loss, 4) for loss in network.train(X, y, 1.0, 3, reduction="mean")]
        [0.6931, 0.4741, 0.3477]
        """
        X, y = self._check_data(X, y)
        scale = self._scale(reduction, y)
        if steps < 0:
            raise ValueError(f"steps must be >= 0, got {steps}")
        layers = self._layers

        def update(layer: int, layer_step: Array) -> None:
            layers[layer] -= layer_step  # lr * [dL/dW | dL/db]

        return [self._backpropagate(X, y, scale, update, step=lr) for _ in range(steps)]

    @_exp_may_overflow
    def _logits(self, X: Array) -> tuple[Array, list[Array]]:
        """The output layer's Z and every layer's input `[a; 1]`, X's first.

        Each hidden layer writes $W a + b$ straight into the next layer's input, and activates
        it there. `np.dot(w, a)` is `w @ a` with less overhead per call, which matters for
        small layers.
        """
        activate = _FORWARD[self.activation]
        inputs = self._layer_inputs(X)
        for layer, a, next_a in zip(self._layers[:-1], inputs[:-1], inputs[1:], strict=True):
            activate(np.dot(layer, a, out=next_a[:-1]))  # [W | b] @ [a; 1] = W a + b
        return self._layers[-1].dot(inputs[-1]), inputs

    def _layer_inputs(self, X: Array) -> list[Array]:
        """Each layer's input array `[a; 1]` (its last row all ones), with X in the first.

        The arrays are kept, and every pass overwrites them, so a training step allocates none
        (and one network must not run two passes at once, in two threads); they are made again
        when the number of samples changes.
        """
        if not self._inputs or self._inputs[0].shape[1] != X.shape[1]:
            # the rows of ones are the inputs that the biases multiply
            self._inputs = [np.ones((layer.shape[1], X.shape[1])) for layer in self._layers]
        self._inputs[0][:-1] = X
        return self._inputs

    def _loss_and_gradients(self, X: Array, y: Array, scale: float) -> tuple[float, Gradients]:
        """The loss and its gradients on checked data (see `loss_and_gradients`)."""
        grad_weights = [np.empty(0)] * len(self.weights)
        grad_biases = grad_weights.copy()

        def keep(layer: int, grad: Array) -> None:
            grad_weights[layer], grad_biases[layer] = grad[:, :-1], grad[:, -1:]

        loss = self._backpropagate(X, y, scale, keep)
        return loss, Gradients(grad_weights, grad_biases)

    def _backpropagate(
        self, X: Array, y: Array, scale: float, take: TakeGradients, step: float = 1.0
    ) -> float:
        """One forward and one backward pass on checked data; returns the loss.

        For each layer, last first, calls `take(layer, step * [dL/dW | dL/db])` once
        backpropagation no longer needs that layer's weights, so `take` may update them in
        place (`train` passes its learning rate as `step`: each update is one subtraction).
        """
        z, inputs = self._logits(X)
        softplus = np.logaddexp(0.0, z)
        loss = _summed_log_loss(z, y, softplus) * scale
        # dL/dz = sigmoid(z) - y, with sigmoid(z) = exp(z - softplus(z)) from the loss's terms.
        delta = np.subtract(z, softplus, out=softplus)
        np.exp(delta, out=delta)
        delta -= y
        delta *= scale * step
        backward = _BACKWARD[self.activation]
        for layer in reversed(range(len(self._layers))):
            a = inputs[layer]
            # [dL/dW | dL/db]: against a's row of ones, dL/db is delta summed over the samples
            grad = delta.dot(a.T)
            if layer:
                delta = self.weights[layer].T.dot(delta)
                backward(delta, a[:-1])  # overwrites a, which the rest of this pass never reads
            take(layer, grad)
        return loss

    def _check_inputs(self, X: ArrayLike) -> Array:
        X = np.asarray(X, dtype=float)
        n_in = self.weights[0].shape[1]
        if X.ndim != 2 or X.shape[0] != n_in:
            raise ValueError(f"X must have shape ({n_in}, n_samples), got {X.shape}")
        return X

    def _check_data(self, X: ArrayLike, y: ArrayLike) -> tuple[Array, Array]:
        X = self._check_inputs(X)
        y = np.asarray(y, dtype=float)
        expected = (self.weights[-1].shape[0], X.shape[1])
        if y.shape != expected:
            raise ValueError(f"y must have shape {expected}, got {y.shape}")
        return X, y

    @staticmethod
    def _scale(reduction: str, y: Array) -> float:
        """The factor that turns the summed loss into the requested reduction."""
        _check_choice("reduction", reduction, REDUCTIONS)
        return 1.0 / y.size if reduction == "mean" else 1.0


def perturb(
    network: Network,
    X: ArrayLike,
    y: ArrayLike,
    layer: int,
    index: tuple[int, int],
    kind: str = "weight",
    deltas: ArrayLike | None = None,
    reduction: str = "sum",
) -> tuple[Array, Array]:
    """How the loss changes when one parameter is nudged and all others stay fixed.

    Args:
        network: the network (left unchanged; a copy is perturbed).
        X: the inputs the loss is computed on, shaped (n_inputs, n_samples).
        y: their targets, shaped (n_outputs, n_samples).
        layer: which layer's parameter (0 for the first).
        index: the parameter's (row, column) in `weights[layer]` or `biases[layer]` (a
            bias's column is 0), as in `chainrule.check.parameter_gradient`.
        kind: "weight" or "bias".
        deltas: the nudges; by default 11 values from -0.005 to 0.005.
        reduction: "sum" (the default) or "mean".

    Returns:
        `(deltas, changes)`: each nudge and the loss minus the unperturbed loss.

    >>> network = Network([[[1.0]]], [[[0.0]]])
    >>> deltas, changes = perturb(network, [[1.0]], [[1.0]], 0, (0, 0), deltas=[0.0, 0.1])
    >>> changes.round(4)
    array([ 0.    , -0.0259])
    """
    _check_choice("kind", kind, ("weight", "bias"))
    deltas = np.linspace(-0.005, 0.005, 11) if deltas is None else np.asarray(deltas, float)
    probe = network.copy()
    params = "weights" if kind == "weight" else "biases"
    param = getattr(probe, params)[layer]
    if np.ndim(index) != 1 or len(index) != 2:
        raise ValueError(f"a {kind}'s index must be a (row, column) pair, got {index!r}")
    position = (int(index[0]), int(index[1]))
    if not (0 <= position[0] < param.shape[0] and 0 <= position[1] < param.shape[1]):
        raise ValueError(
            f"{kind} index {position} is outside {params}[{layer}], which has shape {param.shape}"
        )
    baseline = network.loss(X, y, reduction)
    original = param[position]
    changes = np.empty_like(deltas)
    for i, delta in enumerate(deltas):
        param[position] = original + delta
        changes[i] = probe.loss(X, y, reduction) - baseline
    return deltas, changes


def perturbation_slope(deltas: ArrayLike, changes: ArrayLike) -> float:
    """The slope of the straight line fitted to `(deltas, changes)` by least squares.

    >>> round(perturbation_slope([-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0]), 6)
    2.0
    """
    return float(np.polyfit(np.asarray(deltas, float), np.asarray(changes, float), 1)[0])
