"""Tests for chainrule.network: the seed's numbers, backprop against perturbation and PyTorch."""

import copy
import warnings

import numpy as np
import pytest
import torch

from chainrule.datasets import interval_data
from chainrule.examples import partially_trained_network, trained_network
from chainrule.network import Gradients, Network, perturb, perturbation_slope, sigmoid
from tests.expected import (
    INTERVAL_DATA_CLASS_1_POINTS,
    SEED_NETWORK_BIASES,
    SEED_NETWORK_LOSS,
    SEED_NETWORK_LOSS_AFTER_ONE_STEP,
    SEED_NETWORK_MEAN_LOSS,
    SEED_NETWORK_SHIFTS,
    SEED_NETWORK_SLOPES,
    SEED_NETWORK_WEIGHTS,
    TRAINED_NETWORK_LOSS,
    TRAINED_NETWORK_MEAN_LOSS,
)

# The seed's data: 51 points on [-1, 1], class 1 outside (-0.5, 0.5).
X_SEED, Y_SEED = interval_data(51)

# (layer, index, kind) in the seed's order: w1[1], w2[1], b1[1], b2[1], w1[2], w2[2], b1[2]
SEED_PARAMETERS = [
    (0, (0, 0), "weight"),
    (0, (1, 0), "weight"),
    (0, (0, 0), "bias"),
    (0, (1, 0), "bias"),
    (1, (0, 0), "weight"),
    (1, (0, 1), "weight"),
    (1, (0, 0), "bias"),
]

def parameter(network, layer, kind):
    return network.weights[layer] if kind == "weight" else network.biases[layer]


def test_seed_data_is_the_seeds():
    np.testing.assert_array_equal(X_SEED, np.linspace(-1, 1, 51).reshape(1, 51))
    np.testing.assert_array_equal(Y_SEED, (X_SEED < -0.5) | (X_SEED > 0.5))
    assert Y_SEED.sum() == INTERVAL_DATA_CLASS_1_POINTS


def test_the_package_networks_are_chapter_8s():
    network = partially_trained_network()
    for mine, typed in zip(network.weights + network.biases,
                           SEED_NETWORK_WEIGHTS + SEED_NETWORK_BIASES, strict=True):
        np.testing.assert_array_equal(mine, typed)


def test_seed_loss_sum_and_mean():
    network = partially_trained_network()
    assert round(network.loss(X_SEED, Y_SEED, reduction="sum"), 3) == SEED_NETWORK_LOSS
    assert round(network.loss(X_SEED, Y_SEED, reduction="mean"), 4) == SEED_NETWORK_MEAN_LOSS
    total = network.loss(X_SEED, Y_SEED, reduction="sum")
    assert network.loss(X_SEED, Y_SEED, reduction="mean") == pytest.approx(total / 51, rel=1e-14)


def test_loss_equals_the_direct_log_loss_formula():
    network = partially_trained_network()
    yhat = 1 / (
        1
        + np.exp(
            -(
                network.weights[1] @ sigmoid(network.weights[0] @ X_SEED + network.biases[0])
                + network.biases[1]
            )
        )
    )
    direct = -(Y_SEED * np.log(yhat) + (1 - Y_SEED) * np.log(1 - yhat)).sum()
    assert network.loss(X_SEED, Y_SEED, reduction="sum") == pytest.approx(direct, rel=1e-13)
    np.testing.assert_allclose(network.forward(X_SEED), yhat, rtol=1e-14)


def test_trained_network_loss_and_both_classify_every_point():
    trained = trained_network()
    assert round(trained.loss(X_SEED, Y_SEED, reduction="sum"), 3) == TRAINED_NETWORK_LOSS
    assert round(trained.loss(X_SEED, Y_SEED, reduction="mean"), 4) == TRAINED_NETWORK_MEAN_LOSS
    for network in (partially_trained_network(), trained):
        assert np.array_equal(network.forward(X_SEED) > 0.5, Y_SEED == 1)


def test_perturbation_slopes_match_the_seed_and_backprop():
    network = partially_trained_network()
    grad_weights, grad_biases = network.gradients(X_SEED, Y_SEED, reduction="sum")
    grads = {"weight": grad_weights, "bias": grad_biases}
    for (layer, index, kind), expected in zip(SEED_PARAMETERS, SEED_NETWORK_SLOPES, strict=True):
        deltas, changes = perturb(network, X_SEED, Y_SEED, layer, index, kind)
        np.testing.assert_array_equal(deltas, np.linspace(-0.005, 0.005, 11))
        assert changes[5] == 0.0  # the middle delta is 0
        slope = perturbation_slope(deltas, changes)
        assert round(slope, 4) == expected
        grad = grads[kind][layer]
        assert round(float(grad[index]), 4) == expected
        assert slope == pytest.approx(grad[index], abs=5e-6)


def test_applying_the_perturbation_shifts_lowers_the_loss_to_12_010():
    network = partially_trained_network()
    shifted = network.copy()
    shifts = []
    for layer, index, kind in SEED_PARAMETERS:
        shift = -perturbation_slope(*perturb(network, X_SEED, Y_SEED, layer, index, kind)) * 0.002
        parameter(shifted, layer, kind)[index] += shift
        shifts.append(round(shift, 6))
    assert shifts == list(SEED_NETWORK_SHIFTS)
    assert round(network.loss(X_SEED, Y_SEED, reduction="sum"), 3) == SEED_NETWORK_LOSS
    shifted_loss = shifted.loss(X_SEED, Y_SEED, reduction="sum")
    assert round(shifted_loss, 3) == SEED_NETWORK_LOSS_AFTER_ONE_STEP


def test_perturb_leaves_the_network_unchanged_and_uses_the_mean_when_asked():
    network = partially_trained_network()
    before = copy.deepcopy(network.weights + network.biases)
    _, changes_sum = perturb(network, X_SEED, Y_SEED, 1, (0, 0), "bias")
    _, changes_mean = perturb(network, X_SEED, Y_SEED, 1, (0, 0), "bias", reduction="mean")
    for a, b in zip(before, network.weights + network.biases, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(changes_mean, changes_sum / 51, rtol=1e-9, atol=1e-15)


def test_perturb_bad_arguments():
    network = partially_trained_network()
    with pytest.raises(ValueError, match="kind must be one of 'weight', 'bias', got 'bais'"):
        perturb(network, X_SEED, Y_SEED, 0, (0, 0), "bais")
    with pytest.raises(ValueError, match=r"a weight's index must be a \(row, column\) pair, got 1"):
        perturb(network, X_SEED, Y_SEED, 0, 1, "weight")
    with pytest.raises(ValueError, match=r"a bias's index must be a \(row, column\) pair, got 1"):
        perturb(network, X_SEED, Y_SEED, 0, 1, "bias")
    with pytest.raises(ValueError, match=r"bias index \(0, 1\) is outside biases\[0\], .*\(2, 1\)"):
        perturb(network, X_SEED, Y_SEED, 0, (0, 1), "bias")


def test_perturb_takes_a_bias_by_row_and_column_like_check_parameter_gradient():
    network = partially_trained_network()
    _, changes = perturb(network, X_SEED, Y_SEED, 0, (1, 0), "bias")
    grad_biases = network.gradients(X_SEED, Y_SEED, reduction="sum").biases
    assert perturbation_slope(np.linspace(-0.005, 0.005, 11), changes) == pytest.approx(
        grad_biases[0][1, 0], abs=5e-6
    )


def test_every_default_reduction_is_the_sum():
    network, X, y = random_problem([2, 3, 1], "sigmoid", 11)
    total = network.loss(X, y, reduction="sum")
    assert network.loss(X, y) == total != network.loss(X, y, reduction="mean")
    assert network.loss_and_gradients(X, y)[0] == total
    np.testing.assert_array_equal(flat(network.gradients(X, y)),
                                  flat(network.gradients(X, y, reduction="sum")))
    np.testing.assert_array_equal(flat(network.numeric_gradients(X, y)),
                                  flat(network.numeric_gradients(X, y, reduction="sum")))
    assert network.copy().train(X, y, 0.1, 2) == network.copy().train(X, y, 0.1, 2, "sum")
    _, changes = perturb(network, X, y, 0, (0, 0))
    _, changes_sum = perturb(network, X, y, 0, (0, 0), reduction="sum")
    np.testing.assert_array_equal(changes, changes_sum)


def test_both_gradient_methods_return_gradients_named_like_the_parameters():
    network, X, y = random_problem([2, 3, 1], "tanh", 12)
    for gradients in (network.gradients(X, y), network.numeric_gradients(X, y),
                      network.loss_and_gradients(X, y)[1]):
        assert isinstance(gradients, Gradients)
        assert [g.shape for g in gradients.weights] == [w.shape for w in network.weights]
        assert [g.shape for g in gradients.biases] == [b.shape for b in network.biases]


def random_problem(sizes, activation, seed, n_samples=7):
    rng = np.random.default_rng(seed + 100)
    network = Network.from_sizes(sizes, seed=seed, activation=activation)
    for b in network.biases:
        b[:] = rng.normal(size=b.shape)  # nonzero biases exercise their gradients
    X = rng.normal(size=(sizes[0], n_samples))
    y = (rng.random((sizes[-1], n_samples)) > 0.5).astype(float)
    return network, X, y


CASES = [
    ([1, 2, 1], "sigmoid", 0),
    ([3, 5, 1], "tanh", 1),
    ([2, 4, 3, 1], "relu", 2),
    ([4, 6, 5, 2], "sigmoid", 3),
    ([2, 8, 8, 8, 1], "tanh", 4),
    ([5, 3, 1], "relu", 5),
]


def flat(gradients):
    return np.concatenate([g.ravel() for g in gradients[0] + gradients[1]])


@pytest.mark.parametrize(("sizes", "activation", "seed"), CASES)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_backprop_matches_perturbation_gradients(sizes, activation, seed, reduction):
    network, X, y = random_problem(sizes, activation, seed)
    backprop = flat(network.gradients(X, y, reduction=reduction))
    numeric = flat(network.numeric_gradients(X, y, reduction=reduction))
    error = np.abs(backprop - numeric) / np.maximum(np.maximum(abs(backprop), abs(numeric)), 1e-8)
    assert error.max() <= 1e-6


def torch_loss_and_gradients(network, X, y, reduction):
    weights = [torch.tensor(w, requires_grad=True) for w in network.weights]
    biases = [torch.tensor(b, requires_grad=True) for b in network.biases]
    activate = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}
    a = torch.tensor(X)
    for w, b in zip(weights[:-1], biases[:-1], strict=True):
        a = activate[network.activation](w @ a + b)
    z = weights[-1] @ a + biases[-1]
    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        z, torch.tensor(y), reduction=reduction
    )
    loss.backward()
    return loss.item(), flat(([w.grad.numpy() for w in weights], [b.grad.numpy() for b in biases]))


@pytest.mark.parametrize(("sizes", "activation", "seed"), CASES)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_backprop_matches_pytorch_float64(sizes, activation, seed, reduction):
    network, X, y = random_problem(sizes, activation, seed, n_samples=20)
    loss, gradients = network.loss_and_gradients(X, y, reduction=reduction)
    torch_loss, torch_gradients = torch_loss_and_gradients(network, X, y, reduction)
    assert abs(loss - torch_loss) <= 1e-10 * max(1.0, abs(torch_loss))
    assert np.abs(flat(gradients) - torch_gradients).max() <= 1e-10


def written_out_loss(parameters, n_layers, activation, X, y):
    """The mean log loss written out from its formula, sharing no code with chainrule.network."""
    g = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
         "relu": lambda z: np.maximum(z, 0.0)}[activation]
    weights, biases = parameters[:n_layers], parameters[n_layers:]
    a = X
    for w, b in zip(weights[:-1], biases[:-1], strict=True):
        a = g(w @ a + b)
    p = 1 / (1 + np.exp(-(weights[-1] @ a + biases[-1])))
    return float(np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p)))


@pytest.mark.parametrize(("sizes", "activation", "seed"), [([2, 4, 1], "tanh", 7),
                                                           ([3, 4, 3, 2], "sigmoid", 8)])
def test_loss_and_gradients_match_central_differences_of_the_written_out_loss(
    sizes, activation, seed
):
    network, X, y = random_problem(sizes, activation, seed)
    parameters, n = network.weights + network.biases, len(network.weights)
    expected_loss = written_out_loss(parameters, n, activation, X, y)
    h = 1e-6
    expected = []
    for i, parameter in enumerate(parameters):
        for index in np.ndindex(parameter.shape):
            plus, minus = [p.copy() for p in parameters], [p.copy() for p in parameters]
            plus[i][index] += h
            minus[i][index] -= h
            expected.append((written_out_loss(plus, n, activation, X, y)
                             - written_out_loss(minus, n, activation, X, y)) / (2 * h))

    loss, gradients = network.loss_and_gradients(X, y, reduction="mean")
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    assert network.loss(X, y, reduction="mean") == pytest.approx(expected_loss, rel=1e-12)
    for grads in (gradients, network.gradients(X, y, reduction="mean")):
        np.testing.assert_allclose(flat(grads), expected, rtol=1e-6, atol=1e-9)
        assert [g.shape for g in grads[0]] == [w.shape for w in network.weights]
        assert [g.shape for g in grads[1]] == [b.shape for b in network.biases]


def test_numeric_gradients_leave_the_network_unchanged():
    network, X, y = random_problem([2, 3, 1], "sigmoid", 10)
    before = [p.copy() for p in network.weights + network.biases]
    network.numeric_gradients(X, y)
    for a, b in zip(before, network.weights + network.biases, strict=True):
        np.testing.assert_array_equal(a, b)


def test_forward_does_not_change_the_input():
    network, X, y = random_problem([3, 4, 1], "relu", 8)
    X_before = X.copy()
    network.loss_and_gradients(X, y)
    network.forward(X)
    np.testing.assert_array_equal(X, X_before)


def test_passes_reuse_no_result_and_follow_the_number_of_samples():
    # The network keeps its layer inputs between passes: results must not share them, and a
    # pass on fewer samples must not disturb the next pass on more.
    network, X, y = random_problem([2, 4, 3, 1], "sigmoid", 6, n_samples=9)
    fresh = network.copy
    probabilities, gradients = network.forward(X), network.gradients(X, y)
    few = network.gradients(X[:, :4], y[:, :4])
    network.forward(-X)
    np.testing.assert_array_equal(probabilities, fresh().forward(X))
    np.testing.assert_array_equal(flat(gradients), flat(fresh().gradients(X, y)))
    np.testing.assert_array_equal(flat(few), flat(fresh().gradients(X[:, :4], y[:, :4])))
    assert network.loss(X, y) == fresh().loss(X, y)


def test_train_is_gradient_descent_and_matches_pytorch():
    network, X, y = random_problem([2, 5, 5, 1], "sigmoid", 9, n_samples=30)
    manual = network.copy()
    history = network.train(X, y, lr=0.5, steps=25, reduction="mean")
    expected = []
    for _ in range(25):
        loss, (grad_weights, grad_biases) = manual.loss_and_gradients(X, y, reduction="mean")
        for param, grad in zip(
            manual.weights + manual.biases, grad_weights + grad_biases, strict=True
        ):
            param -= 0.5 * grad
        expected.append(loss)
    np.testing.assert_allclose(history, expected, rtol=1e-15)
    assert history[-1] < history[0]

    torch_net = random_problem([2, 5, 5, 1], "sigmoid", 9, n_samples=30)[0]
    np.testing.assert_allclose(
        history, torch_training(torch_net, X, y, 0.5, 25), rtol=0, atol=1e-10
    )


def torch_training(network, X, y, lr, steps):
    """Full-batch gradient descent in PyTorch float64 from the network's parameters."""
    params = [torch.tensor(p, requires_grad=True) for p in network.weights + network.biases]
    n = len(network.weights)
    X, y = torch.tensor(X), torch.tensor(y)
    history = []
    for _ in range(steps):
        a = X
        for w, b in zip(params[: n - 1], params[n:-1], strict=True):
            a = torch.sigmoid(w @ a + b)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            params[n - 1] @ a + params[-1], y
        )
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
        history.append(loss.item())
    return history


def test_train_on_the_seed_data_reduces_the_loss():
    network = partially_trained_network()
    history = network.train(X_SEED, Y_SEED, lr=0.01, steps=200, reduction="sum")
    assert len(history) == 200
    assert round(history[0], 3) == SEED_NETWORK_LOSS
    assert (np.diff(history) < 0).all()
    assert network.loss(X_SEED, Y_SEED, reduction="sum") < 11


def test_saturated_outputs_are_finite_and_warning_free():
    network = Network([[[40.0], [40.0]], [[40.0, 40.0]]], [[[0.0], [0.0]], [[0.0]]])
    X = np.array([[-1000.0, 1.0, 50.0]])
    y = np.array([[1.0, 0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = network.loss(X, y, reduction="sum")
        gradients = network.gradients(X, y, reduction="sum")
        numeric = network.numeric_gradients(X, y, reduction="sum")
        probabilities = network.forward(X)
    # hidden units saturate at 0 for x = -1000 and at 1 otherwise: logits 0, 80, 80
    assert loss == pytest.approx(np.log(2) + 80 + 80, rel=1e-12)
    np.testing.assert_array_equal(probabilities, [[0.5, 1.0, 1.0]])
    assert np.isfinite(flat(gradients)).all() and np.isfinite(flat(numeric)).all()
    # dL/db of the output = sum(sigmoid(z) - y) = -0.5 + 1 + 1
    assert gradients[1][1][0, 0] == pytest.approx(1.5, rel=1e-12)


def test_sigmoid_is_stable_and_exact_in_the_middle():
    z = np.linspace(-30, 30, 13)
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-13, atol=1e-17)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(sigmoid([-1e308, 1e308]), [0.0, 1.0])


def test_from_sizes_is_deterministic_and_scaled():
    a = Network.from_sizes([2, 16, 16, 1], seed=3)
    b = Network.from_sizes([2, 16, 16, 1], seed=3)
    c = Network.from_sizes([2, 16, 16, 1], seed=4)
    assert a.n_parameters == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, b.weights, strict=True))
    assert not np.array_equal(a.weights[0], c.weights[0])
    assert all(not b.any() for b in a.biases)
    wide = Network.from_sizes([400, 400, 1], seed=0, activation="relu")
    assert wide.weights[0].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert wide.activation == "relu"


def test_copy_is_independent():
    network = partially_trained_network()
    twin = network.copy()
    twin.weights[0][0, 0] += 1.0
    twin.biases[1][0, 0] += 1.0
    assert network.weights[0][0, 0] == SEED_NETWORK_WEIGHTS[0][0][0]
    assert network.biases[1][0, 0] == SEED_NETWORK_BIASES[1][0][0]
    assert repr(twin) == "Network(sizes=[1, 2, 1], activation='sigmoid')"


def test_changing_a_parameter_in_place_changes_the_network_and_replacing_one_is_an_error():
    network = partially_trained_network()
    before = network.forward(np.array([[0.5]]))
    network.biases[1][0, 0] += 1.0  # the output's bias: the probability must rise
    assert network.forward(np.array([[0.5]]))[0, 0] > before[0, 0]
    with pytest.raises(TypeError):
        network.weights[0] = np.zeros((2, 1))  # type: ignore[index]


def test_parameters_are_copied_to_float_arrays():
    weights = [np.array([[1]]), np.array([[2]])]
    network = Network(weights, [np.zeros((1, 1)), np.zeros((1, 1))])
    network.weights[0][0, 0] = 0.5
    assert weights[0][0, 0] == 1
    assert network.weights[0].dtype == np.float64


def test_data_shape_errors_name_expected_and_actual():
    network = partially_trained_network()
    with pytest.raises(ValueError, match=r"X must have shape \(1, n_samples\), got \(51,\)"):
        network.forward(np.linspace(-1, 1, 51))
    with pytest.raises(ValueError, match=r"X must have shape \(1, n_samples\), got \(51, 1\)"):
        network.loss(X_SEED.T, Y_SEED)
    with pytest.raises(ValueError, match=r"y must have shape \(1, 51\), got \(51, 1\)"):
        network.gradients(X_SEED, Y_SEED.T)
    with pytest.raises(ValueError, match=r"y must have shape \(1, 51\), got \(1, 50\)"):
        network.train(X_SEED, Y_SEED[:, :50], lr=0.1, steps=1)


def test_parameter_shape_errors_name_expected_and_actual():
    with pytest.raises(
        ValueError, match=r"weights\[1\] must have shape \(n_out, 2\), got \(1, 3\)"
    ):
        Network([np.zeros((2, 1)), np.zeros((1, 3))], [np.zeros((2, 1)), np.zeros((1, 1))])
    with pytest.raises(ValueError, match=r"biases\[0\] must have shape \(2, 1\), got \(2,\)"):
        Network([np.zeros((2, 1)), np.zeros((1, 2))], [np.zeros(2), np.zeros((1, 1))])
    with pytest.raises(
        ValueError, match=r"weights\[0\] must have shape \(n_out, n_in\), got \(2,\)"
    ):
        Network([np.zeros(2)], [np.zeros((2, 1))])
    with pytest.raises(ValueError, match="got 2 weight matrices and 1 biases"):
        Network([np.zeros((2, 1)), np.zeros((1, 2))], [np.zeros((2, 1))])


def test_option_errors():
    network = partially_trained_network()
    with pytest.raises(ValueError, match="activation must be one of 'sigmoid', 'tanh', 'relu'"):
        Network.from_sizes([1, 2, 1], activation="softmax")
    with pytest.raises(ValueError, match="reduction must be one of 'mean', 'sum', got 'avg'"):
        network.loss(X_SEED, Y_SEED, reduction="avg")
    with pytest.raises(ValueError, match="sizes must be at least two positive integers"):
        Network.from_sizes([3])
    with pytest.raises(ValueError, match="steps must be >= 0, got -1"):
        network.train(X_SEED, Y_SEED, lr=0.1, steps=-1)
