"""Chapter 11 (PyTorch): the printed numbers of every executed block."""

from tests.expected import (
    LOGISTIC_EXACT_GRADIENTS,
    LOGISTIC_GRADIENTS,
    LOGISTIC_LOSS,
    LOGISTIC_PREDICTION,
    TANH_NEURON_FLOAT32_OUTPUT,
    TANH_NEURON_OUTPUT,
)

# The logistic graph's numbers as the page prints them, to 4 decimals.
YHAT, LOSS = f"{LOGISTIC_PREDICTION:.4f}", f"{LOGISTIC_LOSS:.4f}"
DW1, DW2, DB = (f"{LOGISTIC_GRADIENTS[name]:.4f}" for name in ("w1", "w2", "b"))


def test_lecture_graph(page):
    assert page.output("11-lecture-graph") == "(tensor(10.), tensor(10.), tensor(8.))\n"


def test_reused_values_accumulate(page):
    # A `_backward` that assigns with `=` would print 1.0, 3.0 and -3.0.
    assert page.output("11-reuse") == (
        "b = a + a      dL/da = 2.0\nb = a * a      dL/da = 6.0\nL = a*b + a*c  dL/da = 7.0\n"
    )


def test_logistic_regression(page):
    assert page.output("11-logistic") == (
        f"yhat = tensor([{YHAT}], grad_fn=<SigmoidBackward0>)\nL = {LOSS}\n"
    )
    assert page.output("11-logistic-backward") == (
        f"dL_dw1 = tensor([{DW1}])\ndL_dw2 = tensor([{DW2}])\ndL_db = tensor([{DB}])\n"
    )


def test_non_leaf_gradient_is_none_with_a_warning(page):
    assert page.output("11-non-leaf") == (
        "a.is_leaf = True, c.is_leaf = False\n"
        "c was made by AddBackward0; a was made by None\n"
        "c.grad = None\n"
        "UserWarning:\n  The .grad attribute of a Tensor that is not a leaf Tensor"
        " is being accessed.\n"
    )
    assert page.output("11-retain-grad") == "c_kept.grad = tensor(10.)\na.grad = tensor(20.)\n"


def test_training_with_and_without_zero(page):
    with_zero = [
        "72.22",
        "65.00",
        "58.26",
        "51.97",
        "46.08",
        "40.53",
        "35.30",
        "30.35",
        "25.63",
        "21.11",
    ]
    without = [
        "72.22",
        "57.78",
        "38.67",
        "17.37",
        "-3.69",
        "-22.77",
        "-39.38",
        "-54.83",
        "-72.75",
        "-99.52",
    ]
    assert page.output("11-train-zero") == "".join(f"Loss: {x}\n" for x in with_zero)
    assert page.output("11-train-no-zero") == "".join(f"Loss: {x}\n" for x in without)
    namespace = page.namespace
    assert namespace["losses_zeroed"][0] == namespace["losses_piled_up"][0] == 80.0
    assert [f"{x:.2f}" for x in namespace["losses_piled_up"][1:]] == without


def test_no_grad_and_detach(page):
    assert page.output("11-no-grad") == (
        "RuntimeError: a leaf Variable that requires grad ...\n"
        "weight = 1.7, doubled.requires_grad = False\n"
    )
    assert page.output("11-detach") == (
        "u detached: d(x * u)/dx = 9.0\nu attached: d(x * x * x)/dx = 27.0\n"
    )


def test_non_scalar_backward(page):
    assert page.output("11-non-scalar") == (
        "RuntimeError: grad can be implicitly created only for scalar outputs\n"
        "after squares.sum().backward(): v.grad = tensor([2., 4., 6.])\n"
        "after backward(gradient=ones):  v.grad = tensor([2., 4., 6.])\n"
    )
    assert page.output("11-d2l") == (
        "x = tensor([0., 1., 2., 3.]), grad = tensor([ 0.,  4.,  8., 12.])\nequal to 4x: True\n"
    )


def test_dynamic_graph(page):
    assert page.output("11-dynamic") == (
        "start = 1.5410: 10 doublings, gradient 1024.0 == result / start: True\n"
        "start = -0.3000: 12 doublings, gradient 409600.0 == result / start: True\n"
    )


def test_tanh_neuron_in_two_precisions(page):
    assert page.output("11-neuron") == (
        "PyTorch, float64:                 o = 0.7071067811865476\n"
        f"PyTorch, float32 then .double():  o = {TANH_NEURON_FLOAT32_OUTPUT!r}\n"
        f"chainrule.Value (Python floats):  o = {TANH_NEURON_OUTPUT!r}\n"
        "{'x1': -1.5, 'x2': 0.5, 'w1': 1.0, 'w2': 0.0, 'b': 0.5}\n"
    )


def test_chainrule_agrees_with_pytorch(page):
    rows = page.output("11-parity").splitlines()
    assert len(rows) == 9 and rows[-1].startswith("largest difference: ")
    for row in rows[2:-1]:
        numbers = row.split()[-4:]
        assert numbers[0] == numbers[1] and numbers[2] == numbers[3], row
    assert rows[2].split()[-4:] == ["3.7500000", "3.7500000", "1.5000000", "1.5000000"]
    assert rows[4].split()[-4:] == ["0.6777015", "0.6777015", "0.5495686", "0.5495686"]
    assert rows[5].split()[-4:] == ["0.1387638", "0.1387638", "-1.8394725", "-1.8394725"]
    assert page.namespace["largest_gap"] < 1e-14


def test_exercises(page):
    dz = f"{LOGISTIC_EXACT_GRADIENTS['z']:.4f}"
    assert page.output("11-ex-retain") == (
        f"dL/dz = tensor([{dz}]), yhat - y = tensor([{dz}])\n"
    )
    assert page.output("11-ex-logits") == (
        f"w = [-4.0, 3.0], y = 1.0, from yhat  : L = {LOSS}, dL/db = {DB}\n"
        f"w = [-4.0, 3.0], y = 1.0, with logits: L = {LOSS}, dL/db = {DB}\n"
        "w = [40.0, 40.0], y = 0.0, from yhat  : L = 100.0000, dL/db = 0.0000\n"
        "w = [40.0, 40.0], y = 0.0, with logits: L = 159.0000, dL/db = 1.0000\n"
    )
    assert page.output("11-ex-line") == "w = 2.0000, b0 = 1.0000, MSE 4.63e-14\n"


def test_a_second_backward_raises_unless_the_graph_is_retained(page):
    assert page.output("11-second-backward") == (
        "RuntimeError\n"
        "Trying to backward through the graph a second time (or directly access\n"
        "saved tensors after they have already been freed).\n"
    )
    assert page.output("11-retain-graph") == (
        "after one backward:  (tensor(10.), tensor(10.), tensor(8.))\n"
        "after two backwards: (tensor(20.), tensor(20.), tensor(16.))\n"
    )


def test_higher_order_derivatives_of_x_cubed_at_2(page):
    assert page.output("11-higher-order") == "dy/dx = 12.0, d2y/dx2 = 12.0, d3y/dx3 = 6.0\n"
