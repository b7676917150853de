"""chainrule.check: right answers pass, deliberately wrong ones fail with a useful message."""

import math
import subprocess
import sys

import numpy as np
import pytest

from chainrule import Value, check
from chainrule.datasets import interval_data
from chainrule.examples import partially_trained_network
from tests.expected import SEED_NETWORK_SLOPES


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

    def __init__(self, data, _operands=(), assign=False):
        self.data, self.grad, self._operands, self._backward = data, 0.0, _operands, lambda: None
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
                for operand in v._operands:
                    visit(operand)
                order.append(v)
        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


def test_a_correct_class_passes_the_backward_and_the_op_checks():
    assert check.backward(Micro).ok
    assert check.value_class(Micro).ok and check.value_class(Micro).n_cases == 15
    assert check.value_ops(Micro, ["add", "mul"]).ok


def test_assigning_instead_of_accumulating_is_named():
    Assigning = lambda data: Micro(data, assign=True)  # noqa: E731
    whole = str(check.value_class(Assigning))
    assert "first failing case: c = a * b; out = c + c at a = 3.0, b = -2.0" in whole
    assert "a.grad    expected -4.0, got -2.0" in whole
    assert "does it add (+=) rather than assign (=)?" in whole
    report = check.value_ops(Assigning, ["add", "mul"])
    assert (report.n_passed, report.n_cases) == (4, 6)  # the plain cases pass, the shared fail
    assert "first failing case: add: out = (a + a) * b at a = 3.0, b = -2.0" in str(report)
    assert "add's _backward assigns (=) where it must add (+=)" in str(report)


def test_a_missing_operator_is_reported_by_name():
    report = check.value_ops(Micro, ops=["truediv"])
    assert (report.n_passed, report.n_cases) == (0, 3)
    assert "first failing case: truediv: out = a / b at a = 3.0, b = -2.0" in str(report)
    assert "raised TypeError" in str(report)


def test_unknown_op_names_are_rejected():
    with pytest.raises(ValueError, match="unknown ops \\['divide'\\]"):
        check.value_ops(Value, ops=["divide"])
    for check_ops in (check.value_ops, check.value_class):  # every op is tried reused already
        with pytest.raises(ValueError, match="unknown ops \\['reuse'\\]; choose from"):
            check_ops(Value, ops=["add", "reuse"])


def test_the_package_value_passes_every_op_it_has():
    ops = ["add", "mul", "neg", "sub", "pow", "truediv", "exp", "tanh", "relu"]
    assert check.value_ops(Value, ops=ops).ok
    assert check.value_class(Value, ops=ops).ok
    assert check.backward(Value).ok


def test_the_checks_own_engine_agrees_with_the_package_and_with_finite_differences():
    for op, exprs in check._OP_EXPRS.items():
        for expr in exprs:
            for a, b in expr.points:
                ref = check._outcome(expr, check._Ref, a, b, own_backward=False,
                                     seed_shown=False)
                def f(t, expr=expr, b=b):
                    return expr.build(check._Ref(t), check._Ref(b))["out"].data
                grad_a = central(f, a)
                assert ref["a.grad"] == pytest.approx(grad_a, rel=1e-6, abs=1e-8), (op, expr)
                if op not in ("sin", "log"):
                    value = check._outcome(expr, Value, a, b, own_backward=True,
                                           seed_shown=False)
                    assert value == pytest.approx(ref, rel=1e-12), (op, expr.text)
    for expr in check._TRAVERSAL:
        for a, b in expr.points:
            assert (check._outcome(expr, check._Ref, a, b, False, True)
                    == pytest.approx(check._outcome(expr, Value, a, b, True, True)))


def test_the_shared_intermediate_case_tells_a_pass_without_visited_set_from_a_right_one():
    class Preorder(Micro):  # the false pass of issue 13: recursion over _operands, no visited set
        def _wrap(self, other):
            return other if isinstance(other, Micro) else Preorder(other)

        def __init__(self, data, _operands=()):
            super().__init__(data, _operands)

        def __add__(self, other):
            out = super().__add__(other)
            return _retype(out, Preorder)

        def __mul__(self, other):
            out = super().__mul__(other)
            return _retype(out, Preorder)

        def backward(self):
            self.grad = 1.0

            def visit(v):
                v._backward()
                for operand in v._operands:
                    visit(operand)
            visit(self)

    report = check.backward(Preorder)
    text = str(report)
    assert not report.ok
    assert "first failing case: c = a * b; out = c + c at a = 3.0, b = -2.0" in text
    assert "a.grad    expected -4.0, got -8.0" in text
    assert "c's _backward ran 2 times" in text


def _retype(node, cls):
    node.__class__ = cls
    return node


def test_the_value_checks_do_not_import_numpy():
    code = ("import sys; from chainrule import check, Value; "
            "print(check.backward(Value).ok, check.value_ops(Value, ['pow', 'tanh']).ok, "
            "check.derivative_function(lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h)).ok, "
            "'numpy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["True", "True", "True", "False"]


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


def test_backprop_without_the_activation_derivative_is_named_with_the_array():
    def forgets_slope(network, X, y):
        return check._pack(check._reference_backprop(network, X, y, hidden="none"))
    report = check.network_gradients(forgets_slope)
    text = str(report)
    assert report.n_passed == 0
    assert "first failing case: the 1-2-1 network of chapter 8 on its 51 points" in text
    assert "grad_weights[0] (shape (2, 1)) differs; largest difference 4.70039 at [0, 0]" in text
    assert "expected [[0.300804]," in text and "got      [[-4.399582]," in text
    assert "without the hidden layers' activation derivative" in text


def test_transposed_gradients_are_said_as_shapes():
    def transposed(network, X, y):
        grad_weights, grad_biases = backprop(network, X, y)
        return [g.T for g in grad_weights], grad_biases
    text = str(check.network_gradients(transposed))
    assert "grad_weights[0] has shape (1, 2), expected (2, 1)" in text
    assert "it is transposed" in text
    assert "[[" not in text  # no nested lists dumped for a shape mistake


def test_mean_instead_of_sum_is_named_by_the_sample_count():
    def mean(network, X, y):
        grad_weights, grad_biases = backprop(network, X, y)
        n = y.shape[1]
        return [g / n for g in grad_weights], [g / n for g in grad_biases]
    report = check.network_gradients(mean)
    assert report.n_passed == 0
    assert "got is expected / 51, and there are 51 samples" in str(report)
    assert check.network_gradients(mean, reduction="mean").ok


def test_a_sigmoid_network_passed_off_as_tanh_is_named():
    def all_sigmoid(network, X, y):
        return check._pack(check._reference_backprop(check._as_activation(network, "sigmoid"),
                                                     X, y))
    report = check.network_gradients(all_sigmoid)
    assert report.n_passed == 2  # the two sigmoid networks are right
    assert "a random [2, 4, 3, 1] tanh network on 20 points of two moons" in str(report)
    assert "those are the gradients of a network with sigmoid hidden layers" in str(report)


def test_the_squared_error_reference_matches_finite_differences():
    for _, network, X, y in check._networks("tanh"):
        expected = check._reference_backprop(network, X, y, loss="squared")
        params = list(network.weights) + list(network.biases)
        for param, grad in zip(params, expected, strict=True):
            for index in np.ndindex(param.shape):
                old = param[index]
                param[index] = old + 1e-6
                up = squared_error(network, X, y)
                param[index] = old - 1e-6
                down = squared_error(network, X, y)
                param[index] = old
                assert grad[index] == pytest.approx((up - down) / 2e-6, rel=1e-5, abs=1e-8)
    assert len(check._networks("tanh")) == 3
    assert check._networks("tanh")[2][1].weights[-1].shape == (2, 3)  # two outputs


def squared_error(network, X, y):
    a = X
    for W, b in zip(network.weights[:-1], network.biases[:-1], strict=True):
        a = np.tanh(W @ a + b)
    out = 1 / (1 + np.exp(-(network.weights[-1] @ a + network.biases[-1])))
    return 0.5 * float(((out - y) ** 2).sum())


def test_squared_error_gradients_names_the_log_loss_delta():
    def log_loss_delta(network, X, y):
        return check._pack(check._reference_backprop(network, X, y, loss="squared",
                                                     output="no slope"))
    assert check.squared_error_gradients(
        lambda n, X, y: check._pack(check._reference_backprop(n, X, y, loss="squared"))).ok
    report = check.squared_error_gradients(log_loss_delta)
    assert report.n_passed == 0 and "that is the log loss's output delta" in str(report)


def test_parameter_gradient_of_the_first_worked_example():
    def output_bias(network, X, y):
        return float((network.forward(X) - y).sum())

    def forgot_minus_y(network, X, y):
        return float(network.forward(X).sum())

    assert check.parameter_gradient(output_bias, layer=-1, kind="bias", index=(0, 0)).ok
    report = check.parameter_gradient(forgot_minus_y, layer=-1, kind="bias", index=(0, 0))
    assert report.n_passed == 0
    X, y = interval_data()
    expected = float(partially_trained_network().gradients(X, y, "sum")[1][1][0, 0])
    assert f"expected {expected!r}" in str(report)
    assert round(expected, 4) == SEED_NETWORK_SLOPES[-1]  # b_1^[2], the output's bias


def test_parameter_gradient_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match='kind must be "weight" or "bias"'):
        check.parameter_gradient(lambda *a: 0.0, layer=0, kind="weights", index=(0, 0))
