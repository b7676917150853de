"""chainrule.check: right answers pass, deliberately wrong ones fail with a useful message."""

import math

import numpy as np
import pytest

from chainrule import Value, check
from chainrule.network import Network


def central(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def forward(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h


def test_a_central_difference_passes_every_case():
    report = check.derivative_function(central)
    assert report.ok and (report.n_passed, report.n_cases) == (5, 5)
    assert str(report) == "✓ derivative_function: all 5 cases pass"


def test_a_forward_difference_fails_with_the_expected_value_and_a_hint():
    report = check.derivative_function(forward)
    assert not report.ok and report.n_passed == 0
    text = str(report)
    assert "first failing case: f(x) = x**2 at x = 3.0" in text
    assert "expected 6.0, got 6.0000" in text
    assert "forward difference" in text


def test_code_that_raises_is_reported_not_propagated():
    def unfinished(f, x, h=1e-5):
        raise NotImplementedError("write me")

    report = check.derivative_function(unfinished)
    assert not report.ok
    assert "raised NotImplementedError: write me" in str(report)


def test_gradient_function_catches_a_swapped_gradient():
    def right(f, args, h=1e-6):
        return [central(lambda t, i=i: f(*args[:i], t, *args[i + 1:]), args[i], h)
                for i in range(len(args))]

    assert check.gradient_function(right).ok
    wrong = check.gradient_function(lambda f, args: list(reversed(right(f, args))))
    assert not wrong.ok and wrong.n_passed == 1  # only x + y is symmetric
    assert "f = x * y at [2.0, 3.0]" in str(wrong)
    assert "expected [3.0, 2.0]" in str(wrong)


def test_derivative_by_hand():
    f = lambda x: x**2 * (3 * x + 1) - math.sin(x**2)  # noqa: E731
    right = lambda x: 3 * x**2 + 2 * x * (3 * x + 1 - math.cos(x**2))  # noqa: E731
    wrong = lambda x: 3 * x**2 + 2 * x * (3 * x + 1 + math.cos(x**2))  # noqa: E731  sign slip
    assert check.derivative(right, f).ok
    report = check.derivative(wrong, f)
    assert not report.ok and report.n_passed == 1  # only x = 0 hides the slip
    assert "first failing case: x = -1.5" in str(report)


class Micro:
    """A minimal correct micrograd-style class, the kind a workbook asks for."""

    def __init__(self, data, _children=(), assign=False):
        self.data, self.grad, self._prev, self._backward = data, 0.0, _children, lambda: None
        self._assign = assign

    def _wrap(self, other):
        return other if isinstance(other, Micro) else Micro(other, assign=self._assign)

    def _acc(self, node, amount):
        node.grad = amount if self._assign else node.grad + amount

    def __add__(self, other):
        other = self._wrap(other)
        out = Micro(self.data + other.data, (self, other), self._assign)

        def _backward():
            self._acc(self, out.grad)
            self._acc(other, out.grad)
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._wrap(other)
        out = Micro(self.data * other.data, (self, other), self._assign)

        def _backward():
            self._acc(self, other.data * out.grad)
            self._acc(other, self.data * out.grad)
        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                for child in v._prev:
                    visit(child)
                order.append(v)
        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


def test_a_correct_class_passes_add_mul_and_reuse():
    assert check.value_class(Micro).ok


def test_assigning_instead_of_accumulating_fails_on_reuse():
    Assigning = lambda data: Micro(data, assign=True)  # noqa: E731
    report = check.value_class(Assigning, ops=["add", "mul", "reuse"])
    assert not report.ok and report.n_passed == 6  # add and mul pass, every reuse case fails
    text = str(report)
    assert "a * a + a * b  (a is used three times) at a = 3.0, b = -2.0" in text
    assert "expected [3.0, 4.0, 3.0]" in text


def test_a_missing_operator_is_reported_by_name():
    report = check.value_class(Micro, ops=["truediv"])
    assert report.n_passed == 0
    assert "a / b at a = 3.0, b = -2.0" in str(report)
    assert "raised TypeError" in str(report)


def test_unknown_op_names_are_rejected():
    with pytest.raises(ValueError, match="unknown ops \\['divide'\\]"):
        check.value_class(Value, ops=["divide"])


def test_the_package_value_passes_every_op():
    ops = ["add", "mul", "sub", "neg", "truediv", "pow", "exp", "tanh", "reuse"]
    assert check.value_class(Value, ops=ops).ok


def backprop(network, X, y):
    """A reader's vectorised backprop for the summed log loss (sigmoid or tanh hidden layers)."""
    activations = [X]
    for W, b in zip(network.weights, network.biases, strict=True):
        z = W @ activations[-1] + b
        last = len(activations) == len(network.weights)
        if last or network.activation == "sigmoid":
            activations.append(1 / (1 + np.exp(-z)))
        else:
            activations.append(np.tanh(z))
    delta = activations[-1] - y
    grad_weights, grad_biases = [], []
    for layer in reversed(range(len(network.weights))):
        grad_weights.insert(0, delta @ activations[layer].T)
        grad_biases.insert(0, delta.sum(axis=1, keepdims=True))
        if layer:
            a = activations[layer]
            slope = a * (1 - a) if network.activation == "sigmoid" else 1 - a**2
            delta = (network.weights[layer].T @ delta) * slope
    return grad_weights, grad_biases


def test_a_correct_backprop_passes():
    assert check.network_gradients(backprop).ok


def test_backprop_without_the_activation_derivative_fails():
    def forgets_slope(network, X, y):
        grad_weights, grad_biases = backprop(network, X, y)
        return grad_weights[:-1] + [grad_weights[-1] * 2], grad_biases
    report = check.network_gradients(forgets_slope)
    assert report.n_passed == 0
    assert "the 1-2-1 network of chapter 8 on its 51 points" in str(report)


def test_transposed_gradients_fail():
    def transposed(network, X, y):
        grad_weights, grad_biases = backprop(network, X, y)
        return [g.T for g in grad_weights], grad_biases
    assert not check.network_gradients(transposed).ok


def test_mean_instead_of_sum_fails_and_passes_when_asked_for_the_mean():
    def mean(network, X, y):
        grad_weights, grad_biases = backprop(network, X, y)
        n = y.shape[1]
        return [g / n for g in grad_weights], [g / n for g in grad_biases]
    assert not check.network_gradients(mean).ok
    assert check.network_gradients(mean, reduction="mean").ok


def test_parameter_gradient_of_the_first_worked_example():
    def output_bias(network, X, y):
        return float((network.forward(X) - y).sum())

    def forgot_minus_y(network, X, y):
        return float(network.forward(X).sum())

    assert check.parameter_gradient(output_bias, layer=-1, kind="bias", index=(0, 0)).ok
    report = check.parameter_gradient(forgot_minus_y, layer=-1, kind="bias", index=(0, 0))
    assert report.n_passed == 0
    network = Network([[[-7.8751], [-8.3499]], [[5.0297, -4.0937]]],
                      [[[-3.9181], [3.8380]], [[1.6347]]])
    from chainrule.datasets import interval_data
    X, y = interval_data()
    expected = float(network.gradients(X, y, "sum")[1][1][0, 0])
    assert f"expected {expected!r}" in str(report)
    assert round(expected, 4) == -0.6996


def test_parameter_gradient_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match='kind must be "weight" or "bias"'):
        check.parameter_gradient(lambda *a: 0.0, layer=0, kind="weights", index=(0, 0))
