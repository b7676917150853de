"""Chapter 10 (the Node engine): the printed numbers of every executed block."""

import math
import re
from html import unescape

from tests.expected import (
    LOGISTIC_EXACT_GRADIENTS,
    LOGISTIC_GRADIENTS,
    LOGISTIC_LOSS,
    LOGISTIC_PREDICTION,
    LOGISTIC_W1_GRADIENT_DOUBLED,
)

# The graph's numbers as the page prints them, to 4 decimals.
YHAT, LOSS = f"{LOGISTIC_PREDICTION:.4f}", f"{LOGISTIC_LOSS:.4f}"
DW1, DW2, DB = (f"{LOGISTIC_GRADIENTS[name]:.4f}" for name in ("w1", "w2", "b"))
DW1_TWICE = f"{LOGISTIC_W1_GRADIENT_DOUBLED:.4f}"


def test_manual_rows(page):
    assert page.output("10-manual-forward") == f"yhat = {YHAT}\nL = {LOSS}\n"
    assert page.output("10-manual-backward") == f"dL_dw1 = {DW1}\ndL_dw2 = {DW2}\ndL_db = {DB}\n"


def test_forward_trace_and_values(page):
    labels = ["y", "w1", "x1", "w1x1", "w2", "x2", "w2x2", "b", "z", "yhat", "L"]
    assert page.output("10-forward") == (
        "".join(f"computing value of {label}\n" for label in labels)
        + "------------\n"
        + f"yhat: Sigmoid(value={YHAT}, gradient=0.0000)  | manual result was {YHAT}\n"
        + f"L: LogLoss(value={LOSS}, gradient=0.0000)  | manual result was {LOSS}\n"
    )


def test_backward_trace_and_gradients(page):
    assert page.output("10-backward") == (
        "computing gradient for operands of L: ['y', 'yhat']\n"
        "computing gradient for operands of yhat: ['z']\n"
        "computing gradient for operands of z: ['w1x1', 'w2x2', 'b']\n"
        "computing gradient for operands of w2x2: ['w2', 'x2']\n"
        "computing gradient for operands of w1x1: ['w1', 'x1']\n"
        "------------\n"
        f"w1: Node(value=-4.0000, gradient={DW1})  | manual result was {DW1}\n"
        f"w2: Node(value=3.0000, gradient={DW2})  | manual result was {DW2}\n"
        f"b: Node(value=-1.0000, gradient={DB})  | manual result was {DB}\n"
    )
    assert page.output("10-more-gradients") == (
        f"x1.gradient = {LOGISTIC_EXACT_GRADIENTS['x1']!r}\n"
        f"z.gradient = {LOGISTIC_EXACT_GRADIENTS['z']!r}\n"
    )


def test_backward_accumulates_until_zero_grad(page):
    assert page.output("10-backward-again") == (
        f"w1: Node(value=-4.0000, gradient={DW1_TWICE})  | after a second backward()\n"
        f"w1: Node(value=-4.0000, gradient={DW1})  | after zero_grad() and backward()\n"
    )


def test_graph_figures(page):
    before = unescape(page.output("10-graph"))
    after = unescape(page.output("10-graph-gradients"))
    assert before.lstrip().startswith("<svg") and after.lstrip().startswith("<svg")
    assert YHAT in before and DW1 not in before
    assert DW1 in after and DW2 in after
    assert 'aria-label="Logistic regression as a graph in five rows' in before
    assert f"x1 {LOGISTIC_EXACT_GRADIENTS['x1']:.4f}" in after
    # Every gradient the second figure's description gives, against the chain rule by hand.
    dz = LOGISTIC_EXACT_GRADIENTS["z"]
    yhat = 1 / (1 + math.exp(-0.5))  # z = w1 x1 + w2 x2 + b = -6 + 7.5 - 1
    expected = {"L": 1.0, "yhat": -1 / yhat, "y": math.log((1 - yhat) / yhat), "b": dz,
                "w1": 1.5 * dz, "x1": -4.0 * dz, "w2": 2.5 * dz, "x2": 3.0 * dz}
    description = re.search(r'aria-label="(The same graph after backward[^"]*)"', after)[1]
    shown = dict(re.findall(r"\b(L|yhat|y|b|w1|x1|w2|x2) (-?\d+(?:\.\d+)?)\b", description))
    assert shown.keys() == expected.keys()
    assert all(abs(float(shown[name]) - value) < 5e-5 for name, value in expected.items()), shown


def test_dividing_multiply_fails_on_a_zero_input(page):
    assert page.output("10-multiply-seed") == "ZeroDivisionError: float division by zero\n"
    assert page.output("10-multiply-fixed") == (
        "w1: Node(value=-4.0000, gradient=0.0000)\nx1: Node(value=0.0000, gradient=0.0060)\n"
    )


def test_log_loss_must_use_its_incoming_gradient(page):
    assert page.output("10-logloss-incoming") == (
        f"         forgetful: d(2L)/dw1 = {DW1}\n             fixed: d(2L)/dw1 = {DW1_TWICE}\n"
    )


def test_recursive_sort_fails_on_a_deep_chain(page):
    assert page.output("10-sort-recursive") == (
        "same order on the logistic graph: True\n"
        "recursive sort: RecursionError\n"
        "iterative sort: the chain adds up to its length: True\n"
    )


def test_unclipped_log_loss_gives_inf_and_nan(page):
    assert page.output("10-logloss-unclipped") == (
        "         unclipped: yhat = 1.0, L = inf, dL/dw1 = nan\n"
        "   chainrule.nodes: yhat = 1.0, L = 27.6310, dL/dw1 = 0.0\n"
    )


def test_exercises(page):
    assert page.output("10-ex-divide") == "value 3.75, d/da = 1.25, d/db = -0.1875\n"
    assert page.output("10-ex-logit") == "L = 159.0, dL/dw1 = 1.5\n"
    assert page.output("10-ex-numeric") == (
        "w1: numeric -0.5663110031, engine -0.5663110032\n"
        "w2: numeric -0.9438516724, engine -0.9438516720\n"
        " b: numeric -0.3775406688, engine -0.3775406688\n"
        "largest relative error: 4.0e-10\n"
    )
    assert math.isclose(page.namespace["numeric"][0], -0.5663110031, abs_tol=1e-9)
