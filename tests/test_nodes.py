"""Tests for chainrule.nodes: the seed's logistic-regression graph and the corrected engine."""

import math
import random
import warnings

import pytest

from chainrule.nodes import (
    Add,
    LogLoss,
    Multiply,
    Node,
    Operation,
    Sigmoid,
    Square,
    Subtract,
    Tanh,
    sort_nodes,
)
from tests.expected import (
    LOGISTIC_EXACT_GRADIENTS,
    LOGISTIC_GRADIENTS,
    LOGISTIC_LOSS,
    LOGISTIC_PREDICTION,
    LOGISTIC_W1_GRADIENT_DOUBLED,
)


def logistic_graph(x1=1.5, x2=2.5, w1=-4.0, w2=3.0, b=-1.0, y=1.0):
    """The seed's graph: L = LogLoss(y, sigmoid(w1*x1 + w2*x2 + b)), nodes by label."""
    leaves = {name: Node(label=name) for name in ("x1", "x2", "w1", "w2")}
    w1x1 = Multiply(operands=[leaves["w1"], leaves["x1"]], label="w1x1")
    w2x2 = Multiply(operands=[leaves["w2"], leaves["x2"]], label="w2x2")
    leaves["b"] = Node(label="b")
    z = Add(operands=[w1x1, w2x2, leaves["b"]], label="z")
    yhat = Sigmoid(operands=[z], label="yhat")
    leaves["y"] = Node(label="y")
    loss = LogLoss(operands=[leaves["y"], yhat], label="L")
    values = {"x1": x1, "x2": x2, "w1": w1, "w2": w2, "b": b, "y": y}
    for name, value in values.items():
        leaves[name].value = value
    return {**leaves, "w1x1": w1x1, "w2x2": w2x2, "z": z, "yhat": yhat, "L": loss}


def test_backward_before_forward_says_to_run_forward_first():
    leaves = {name: Node(label=name) for name in ("w", "x")}
    product = Multiply(operands=[leaves["w"], leaves["x"]], label="wx")
    loss = Square(operands=[product], label="L")
    leaves["w"].value, leaves["x"].value = 2.0, 3.0
    with pytest.raises(ValueError, match=r"^'wx', 'L' have no value yet: call L.forward\(\) "
                                         r"before backward\(\)$"):
        loss.backward()
    loss.forward()
    loss.backward()
    assert (leaves["w"].gradient, leaves["x"].gradient) == (36.0, 24.0)


FORWARD_TRACE = [
    f"computing value of {label}"
    for label in ["y", "w1", "x1", "w1x1", "w2", "x2", "w2x2", "b", "z", "yhat", "L"]
]
BACKWARD_TRACE = [
    "computing gradient for operands of L: ['y', 'yhat']",
    "computing gradient for operands of yhat: ['z']",
    "computing gradient for operands of z: ['w1x1', 'w2x2', 'b']",
    "computing gradient for operands of w2x2: ['w2', 'x2']",
    "computing gradient for operands of w1x1: ['w1', 'x1']",
]


def test_forward_gives_the_seeds_values():
    g = logistic_graph()
    expected_loss = -math.log(1 / (1 + math.exp(-0.5)))  # y = 1, z = -4*1.5 + 3*2.5 - 1 = 0.5
    assert g["L"].forward() == pytest.approx(expected_loss, rel=1e-15)
    assert round(g["yhat"].value, 4) == LOGISTIC_PREDICTION
    assert round(g["L"].value, 4) == LOGISTIC_LOSS
    assert g["z"].value == 0.5
    assert g["L"].value == pytest.approx(expected_loss, rel=1e-15)
    assert repr(g["yhat"]) == f"yhat: Sigmoid(value={LOGISTIC_PREDICTION:.4f}, gradient=0.0000)"
    assert repr(g["L"]) == f"L: LogLoss(value={LOGISTIC_LOSS:.4f}, gradient=0.0000)"


def test_backward_gives_the_seeds_gradients():
    g = logistic_graph()
    g["L"].forward()
    g["L"].backward()
    for name, value in {"w1": -4.0, "w2": 3.0, "b": -1.0}.items():
        gradient = LOGISTIC_GRADIENTS[name]
        assert repr(g[name]) == f"{name}: Node(value={value:.4f}, gradient={gradient:.4f})"
    assert g["x1"].gradient == LOGISTIC_EXACT_GRADIENTS["x1"]
    assert g["z"].gradient == LOGISTIC_EXACT_GRADIENTS["z"]
    assert g["L"].gradient == 1.0
    # dL/dz = yhat - y for a sigmoid followed by log loss
    assert g["z"].gradient == pytest.approx(g["yhat"].value - 1.0, rel=1e-14)


def test_trace_prints_the_seeds_lines(capsys):
    g = logistic_graph()
    g["L"].forward(trace=True)
    assert capsys.readouterr().out.splitlines() == FORWARD_TRACE
    g["L"].backward(trace=True)
    assert capsys.readouterr().out.splitlines() == BACKWARD_TRACE


def test_no_trace_prints_nothing(capsys):
    g = logistic_graph()
    g["L"].forward()
    g["L"].backward()
    assert capsys.readouterr().out == ""


def test_repeated_backward_accumulates_until_zero_grad_and_new_values_are_used():
    g = logistic_graph()
    g["L"].forward()
    g["L"].backward()
    once = {label: node.gradient for label, node in g.items()}
    g["L"].backward()
    assert round(g["w1"].gradient, 4) == LOGISTIC_W1_GRADIENT_DOUBLED
    assert {label: node.gradient for label, node in g.items()} == {
        label: 2 * gradient for label, gradient in once.items()}
    g["L"].zero_grad()
    assert all(node.gradient == 0.0 for node in g.values())
    g["w1"].value = 0.0
    g["L"].forward()
    g["L"].backward()
    # z = 0*1.5 + 3*2.5 - 1 = 6.5, so dL/dw1 = (sigmoid(6.5) - 1) * x1
    assert g["z"].value == 6.5
    assert g["w1"].gradient == pytest.approx((1 / (1 + math.exp(-6.5)) - 1) * 1.5, rel=1e-12)


def test_multiply_with_a_zero_input():
    a, b, c = Node(0.0, label="a"), Node(5.0, label="b"), Node(2.0, label="c")
    product = Multiply([a, b, c])
    assert product.forward() == 0.0
    product.backward()
    assert (a.gradient, b.gradient, c.gradient) == (10.0, 0.0, 0.0)


def test_multiply_by_itself_accumulates():
    a = Node(3.0)
    square = Multiply([a, a])
    square.forward()
    square.backward()
    assert a.gradient == 6.0


def test_log_loss_scales_by_its_incoming_gradient():
    g = logistic_graph()
    doubled = Multiply([Node(2.0, label="two"), g["L"]], label="2L")
    doubled.forward()
    doubled.backward()
    assert round(g["w1"].gradient, 4) == LOGISTIC_W1_GRADIENT_DOUBLED
    single = logistic_graph()
    single["L"].forward()
    single["L"].backward()
    assert g["w1"].gradient == 2 * single["w1"].gradient


def test_saturated_output_is_finite_without_warnings():
    g = logistic_graph(w1=40.0, w2=40.0, y=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g["L"].forward()
        g["L"].backward()
    assert g["yhat"].value == 1.0  # sigmoid(159) rounds to 1
    assert g["L"].value == pytest.approx(-math.log(LogLoss.eps), rel=1e-6)
    for node in g.values():
        assert math.isfinite(node.value)
        assert math.isfinite(node.gradient)


def test_log_loss_at_a_correct_certain_prediction_is_zero():
    loss = LogLoss([Node(1.0), Node(1.0)])
    assert loss.forward() == pytest.approx(0.0, abs=1e-11)


def test_sigmoid_of_very_negative_input():
    node = Sigmoid([Node(-1000.0)])
    assert node.forward() == 0.0
    assert Sigmoid([Node(-2.0)]).forward() == pytest.approx(1 / (1 + math.exp(2.0)), rel=1e-15)


def chain(length):
    node = start = Node(1.0, label="x0")
    for i in range(length):
        node = Add([node, Node(1.0)], label=f"x{i + 1}")
    return start, node


def test_long_chain_sorts_without_recursion_error():
    start, end = chain(5000)
    order = sort_nodes(end)
    assert len(order) == 10001
    assert order[0] is start and order[-1] is end
    assert end.forward() == 5001.0
    end.backward()
    assert start.gradient == 1.0


def recursive_sort(node, order=None, visited=None):
    """The seed's recursive depth-first sort, as a reference."""
    order = [] if order is None else order
    visited = set() if visited is None else visited
    if node not in visited:
        visited.add(node)
        for operand in node.operands:
            recursive_sort(operand, order, visited)
        order.append(node)
    return order


@pytest.mark.parametrize("seed", range(20))
def test_sort_matches_recursive_depth_first_order(seed):
    rng = random.Random(seed)
    nodes = [Node(rng.random(), label=f"leaf{i}") for i in range(4)]
    for i in range(30):
        operands = rng.sample(nodes, rng.randint(1, 3))
        nodes.append(Add(operands, label=f"add{i}"))
    order = sort_nodes(nodes[-1])
    assert order == recursive_sort(nodes[-1])
    position = {node: i for i, node in enumerate(order)}
    assert all(position[p] < position[n] for n in order for p in n.operands)


def build(op, values):
    leaves = [Node(v, label=f"x{i}") for i, v in enumerate(values)]
    return leaves, op(leaves)


OPERATIONS = [
    (Add, [1.5, -2.0, 0.25]),
    (Subtract, [1.5, -2.0]),
    (Multiply, [1.5, -2.0, 0.75]),
    (Multiply, [0.0, -2.0, 0.75]),
    (Square, [-1.25]),
    (Sigmoid, [0.8]),
    (Tanh, [-0.6]),
    (LogLoss, [0.3, 0.7]),
    (LogLoss, [1.0, 0.2]),
]


@pytest.mark.parametrize(("op", "values"), OPERATIONS, ids=lambda x: getattr(x, "__name__", ""))
def test_gradients_match_central_differences(op, values):
    leaves, out = build(op, values)
    out.forward()
    out.backward()
    h = 1e-6
    for i, leaf in enumerate(leaves):
        shifted = []
        for step in (h, -h):
            moved = list(values)
            moved[i] += step
            shifted.append(build(op, moved)[1].forward())
        numeric = (shifted[0] - shifted[1]) / (2 * h)
        assert leaf.gradient == pytest.approx(numeric, rel=1e-7, abs=1e-9)


def test_known_local_derivatives():
    x = Node(0.5)
    t = Tanh([x])
    t.forward()
    t.backward()
    assert x.gradient == pytest.approx(1 - math.tanh(0.5) ** 2, rel=1e-15)
    a, b = Node(4.0), Node(1.0)
    d = Subtract([a, b])
    assert d.forward() == 3.0
    d.backward()
    assert (a.gradient, b.gradient) == (1.0, -1.0)


def test_repr_without_label_or_value():
    assert repr(Node()) == "Node(value=None, gradient=0.0000)"
    assert repr(Add([Node(1.0)])) == "Add(value=None, gradient=0.0000)"


def test_leaf_without_value_is_named():
    x = Node(label="x1")
    total = Add([x, Node(1.0)])
    with pytest.raises(ValueError, match="'x1' has no value"):
        total.forward()


def test_wrong_number_of_operands():
    with pytest.raises(ValueError, match="Sigmoid takes 1 operands, got 2"):
        Sigmoid([Node(1.0), Node(2.0)])
    with pytest.raises(ValueError, match="LogLoss takes 2 operands, got 1"):
        LogLoss([Node(1.0)])
    with pytest.raises(ValueError, match="Add needs at least one operand, got 0"):
        Add([])


def test_bad_operands():
    with pytest.raises(ValueError, match="plain Node is a leaf"):
        Node(operands=[Node(1.0)])
    with pytest.raises(TypeError, match="got float"):
        Add([Node(1.0), 2.0])


def test_operands_cannot_be_replaced():
    total = Add([Node(1.0), Node(2.0)])
    assert isinstance(total, Operation)
    assert isinstance(total.operands, tuple)
    with pytest.raises(AttributeError):
        total.operands = (Node(5.0),)
