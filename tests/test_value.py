"""Tests of chainrule.value: gradients, worked examples, graph structure, depth, memory, errors."""

from __future__ import annotations

import gc
import math
import subprocess
import sys
import weakref

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainrule import _operations
from chainrule.graph import postorder
from chainrule.numeric import numeric_gradient
from chainrule.value import Value, _computed_operands, _topological_order, weighted_sum
from tests.expected import TANH_NEURON_BIAS, TANH_NEURON_GRADIENTS, TANH_NEURON_OUTPUT
from tests.strategies import drawn_from, integers_as_floats, reals, reproducible, vectors

# Every operation chainrule.Value has, with the domains of its operands and constants.
OPERATIONS = [op for op in _operations.OPERATIONS.values() if op.in_value]
POINTS = [(op, point) for op in OPERATIONS for point in op.points]


def assert_gradient_is_the_central_difference(op, args):
    """The gradient of op's expression by backward() at its operands, constants held fixed."""
    f = op.function()
    values, constants = args[:len(op.operands)], args[len(op.operands):]
    leaves = [Value(a) for a in values]
    f(*leaves, *constants).backward()
    numeric = numeric_gradient(lambda *xs: f(*map(Value, xs), *constants).data, values, h=1e-6)
    for leaf, expected in zip(leaves, numeric, strict=True):
        assert math.isclose(leaf.grad, expected, rel_tol=1e-5, abs_tol=1e-5)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
@reproducible
@given(data=st.data())
def test_gradient_matches_central_difference(op, data):
    domains = {**op.operands, **op.constants}
    args = [data.draw(drawn_from(domain), label=name) for name, domain in domains.items()]
    assert_gradient_is_the_central_difference(op, args)


@pytest.mark.parametrize(("op", "point"), POINTS, ids=[f"{op.name} at {p}" for op, p in POINTS])
def test_gradient_matches_central_difference_at_the_sample_points(op, point):
    domains = [*op.operands.values(), *op.constants.values()]
    assert len(point) == len(domains) and all(x in d for x, d in zip(point, domains, strict=True))
    assert_gradient_is_the_central_difference(op, point)


def test_the_table_calls_every_operator_and_method_of_value(monkeypatch):
    """Each is called by some entry's expression itself, not only inside another operation."""
    methods = ["__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__neg__",
               "__truediv__", "__rtruediv__", "__pow__", "__rpow__", "exp", "log", "tanh",
               "sigmoid", "relu"]
    called, depth = set(), [0]

    def recorded(name, method):
        def wrapper(*args):
            if not depth[0]:
                called.add(name)
            depth[0] += 1
            try:
                return method(*args)
            finally:
                depth[0] -= 1
        return wrapper

    for name in methods:
        monkeypatch.setattr(Value, name, recorded(name, getattr(Value, name)))
    for op, point in POINTS:
        n = len(op.operands)
        op.function()(*map(Value, point[:n]), *point[n:])
    assert called == set(methods)
    assert [op.name for op in OPERATIONS if op.text.startswith("weighted_sum(")] == [
        "weighted_sum", "weighted_sum, constant inputs"]


@reproducible
@given(base=reals(-5.0, -0.2), exponent=integers_as_floats(-3, 3))
def test_negative_base_to_an_integer_power(base, exponent):
    x = Value(base)
    y = x**exponent
    y.backward()
    assert y.data == base**exponent
    assert x.grad == pytest.approx(exponent * base ** (exponent - 1), rel=1e-12)


@reproducible
@given(w=vectors(5), x=vectors(5), b=reals())
def test_weighted_sum_is_bitwise_the_sum_of_products(w, x, b):
    fused = weighted_sum([Value(v) for v in w], [Value(v) for v in x], Value(b))
    unfused = sum((Value(wi) * Value(xi) for wi, xi in zip(w, x, strict=True)), Value(b))
    assert fused.data == unfused.data


def test_weighted_sum_keeps_constants_out_of_the_graph_and_checks_its_operands():
    w, b = Value(3.0), Value(0.5)
    z = weighted_sum([w], [2.0], b)
    assert (z.data, z._operands) == (6.5, (w, b))
    z.backward()
    assert (w.grad, b.grad) == (2.0, 1.0)
    with pytest.raises(ValueError, match="as many weights as inputs, got 2 weights and 1 inputs"):
        weighted_sum([w, b], [1.0], 0.0)
    with pytest.raises(TypeError, match="operand of weighted_sum must be a real number, got str"):
        weighted_sum([w], ["x"], 0.0)


def test_toy_graph_gradients():
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    e = a * b
    d = e + c
    L = d * f
    L.backward()
    assert (e.data, d.data, L.data) == (-6.0, 4.0, -8.0)
    grads = {v.label: v.grad for v in (a, b, c, f)} | {"e": e.grad, "d": d.grad, "L": L.grad}
    assert grads == {"a": 6.0, "b": -4.0, "c": -2.0, "f": 4.0, "e": -2.0, "d": -2.0, "L": 1.0}


def test_sum_then_product_graph():
    a, b, d = Value(5.0), Value(3.0), Value(10.0)
    c = a + b
    L = c * d
    L.backward()
    assert L.data == 80.0
    assert (a.grad, b.grad, c.grad, d.grad) == (10.0, 10.0, 10.0, 8.0)


def test_tanh_neuron():
    x1, x2 = Value(2.0), Value(0.0)
    w1, w2 = Value(-3.0), Value(1.0)
    b = Value(TANH_NEURON_BIAS)
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    assert o.data == TANH_NEURON_OUTPUT
    actual = {"x1": x1.grad, "w1": w1.grad, "x2": x2.grad, "w2": w2.grad}
    for name, grad in TANH_NEURON_GRADIENTS.items():
        assert abs(actual[name] - grad) <= 1e-12, name


def test_tanh_equals_its_exp_decomposition():
    def compound(n):
        return n.tanh()

    def decomposed(n):
        e = (2 * n).exp()
        return (e - 1) / (e + 1)

    for x in (-2.0, -0.3, 0.0, 0.8813735870195432, 2.5):
        n1, n2 = Value(x), Value(x)
        o1, o2 = compound(n1), decomposed(n2)
        o1.backward()
        o2.backward()
        assert o1.data == pytest.approx(o2.data, abs=1e-15)
        assert n1.grad == pytest.approx(n2.grad, abs=1e-14)


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda a, b, c: a + a, lambda a, b, c: 2.0),
        (lambda a, b, c: a * a, lambda a, b, c: 2 * a),
        (lambda a, b, c: a * b + a * c, lambda a, b, c: b + c),
    ],
    ids=["a+a", "a*a", "a*b+a*c"],
)
def test_a_node_used_twice_gets_the_sum_of_its_gradients(build, expected):
    a, b, c = Value(3.0), Value(-2.0), Value(5.0)
    build(a, b, c).backward()
    assert a.grad == expected(3.0, -2.0, 5.0)


def test_repeated_backward_accumulates_like_pytorch():
    a, b = Value(2.0), Value(-3.0)
    d = a * b
    L = (d + a) * b
    L.backward()
    first = (a.grad, b.grad, d.grad, L.grad)
    assert first == (6.0, -10.0, -3.0, 1.0)  # L = ab² + ab
    L.backward()
    assert (a.grad, b.grad, d.grad, L.grad) == tuple(2 * g for g in first)


def test_zero_grad_clears_the_whole_graph():
    a, b = Value(2.0), Value(-3.0)
    d = a * b
    L = d.tanh() + a
    L.backward()
    assert a.grad != 0.0
    L.zero_grad()
    assert [v.grad for v in (a, b, d, L)] == [0.0, 0.0, 0.0, 0.0]
    L.backward()
    fresh_a = Value(2.0)
    ((fresh_a * Value(-3.0)).tanh() + fresh_a).backward()
    assert a.grad == fresh_a.grad


def test_backward_is_bitwise_reproducible():
    def build():
        rng = np.random.default_rng(7)
        leaves = [Value(v) for v in rng.normal(size=12)]
        total = Value(0.0)
        for i in range(200):
            a, b = leaves[i % 12], leaves[(5 * i + 3) % 12]
            total = total + (a * b).tanh() * leaves[(i * 7) % 12] + a.sigmoid()
        total.backward()
        return [leaf.grad for leaf in leaves]

    first = build()
    _ = [Value(float(i)) for i in range(10_000)]  # move the allocator on between the runs
    assert build() == first


def test_graph_structure_for_drawing():
    a, b = Value(2.0, "a"), Value(3.0, "b")
    assert (a._op, a._operands, a.label) == ("", (), "a")
    assert (a * b)._operands == (a, b)
    assert (b * a)._operands == (b, a)
    assert (a - b)._operands[0] is a
    assert (2 * a)._operands == (a,)
    assert (2 ** a)._operands == (a,)
    ops = {
        "+": a + b, "*": a * b, "/": a / b, "**": a**b, "exp": a.exp(), "log": a.log(),
        "tanh": a.tanh(), "sigmoid": a.sigmoid(), "ReLU": a.relu(),
        "w·x+b": weighted_sum([a], [b], 1.0),
    }
    assert {op: node._op for op, node in ops.items()} == {op: op for op in ops}


def test_repr_and_data_type():
    L = Value(80)
    assert repr(L) == "Value(data=80.0, grad=0.0)"
    L.backward()
    assert repr(L) == "Value(data=80.0, grad=1.0)"
    assert type(Value(np.float32(0.5)).data) is float


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (lambda x: 2 * x, 6.0),
        (lambda x: x + 1, 4.0),
        (lambda x: 1 - x, -2.0),
        (lambda x: 2**x, 8.0),
        (lambda x: x**Value(2.0), 9.0),
        (lambda x: 6 / x, 2.0),
        (lambda x: np.float64(2.0) * x, 6.0),
        (lambda x: x * np.int64(2), 6.0),
    ],
)
def test_plain_numbers_on_either_side(expression, expected):
    result = expression(Value(3.0))
    assert isinstance(result, Value)
    assert result.data == expected


def test_a_100_000_node_chain_under_the_default_recursion_limit():
    # 100 times the default limit of 1,000; scripts/benchmarks/engine.py runs a million nodes.
    limit = sys.getrecursionlimit()
    x = Value(0.0)
    y = x
    for _ in range(99_999):
        y = y + 1
    y.backward()
    assert y.data == 99_999.0
    assert x.grad == 1.0
    assert sys.getrecursionlimit() == limit
    y.zero_grad()
    assert x.grad == 0.0
    del y  # freeing the chain node by node must not overflow the C stack either


def test_graphs_are_freed_by_reference_counting():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        x = Value(1.5)
        y = (x * x + x.exp()).tanh() / (x + 1)
        y.backward()
        alive = [weakref.ref(node) for node in (x, y, y._operands[0])]
        del x, y
        assert [ref() for ref in alive] == [None, None, None]
    finally:
        if was_enabled:
            gc.enable()


def test_no_interpreter_wide_setting_changes():
    code = (
        "import gc, random, sys\n"
        "before = (gc.isenabled(), gc.get_threshold(), sys.getrecursionlimit())\n"
        "import chainrule, chainrule.value, chainrule.nn\n"
        "from chainrule.value import Value\n"
        "y = Value(1.0)\n"
        "for _ in range(5000): y = (y * 1.0001).tanh() + 1\n"
        "y.backward()\n"
        "chainrule.nn.MLP(2, [4, 1], rng=random.Random(0))([1.0, 2.0]).backward()\n"
        "assert (gc.isenabled(), gc.get_threshold(), sys.getrecursionlimit()) == before\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("data", "type_name"),
    [("3", "str"), (None, "NoneType"), (1j, "complex"), (np.array([1.0, 2.0]), "numpy.ndarray"),
     (np.array(1.0), "numpy.ndarray")],
)
def test_non_real_data_is_a_type_error_naming_the_type(data, type_name):
    with pytest.raises(TypeError, match=rf"real number, got {type_name}"):
        Value(data)


def test_bad_operands_are_type_errors_naming_the_type():
    with pytest.raises(TypeError, match="got str"):
        Value(1.0) + "2"
    with pytest.raises(TypeError, match="got complex"):
        Value(1.0) * 2j
    with pytest.raises(TypeError, match="label must be a str, got int"):
        Value(1.0, label=3)


@pytest.mark.parametrize("x", [0.0, -1.0])
def test_log_of_a_non_positive_value(x):
    with pytest.raises(ValueError, match="log needs a positive value"):
        Value(x).log()


@pytest.mark.parametrize(
    "expression",
    [
        lambda: Value(-8.0) ** (1 / 3),
        lambda: (-8.0) ** Value(0.5),
        lambda: Value(-2.0) ** Value(0.5),
    ],
)
def test_negative_base_to_a_fractional_power(expression):
    with pytest.raises(ValueError, match="negative base to a fractional power"):
        expression()


def test_negative_base_to_a_value_exponent():
    with pytest.raises(ValueError, match="no real derivative with respect to the exponent"):
        Value(-2.0) ** Value(2.0)


@pytest.mark.parametrize(
    ("expression", "named"),
    [
        (lambda: Value(1.0) / Value(0.0, label="b"), r"divisor 'b' Value\(data=0.0"),
        (lambda: 1 / Value(0.0), r"divisor Value\(data=0.0"),
        (lambda: Value(3.0, label="a") / 0, r"divisor 0 is zero \(dividend 'a'"),
        (lambda: Value(0.0, label="x") ** -1, "base 'x' Value.* is zero"),
    ],
)
def test_division_by_zero_names_the_zero_operand(expression, named):
    with pytest.raises(ZeroDivisionError, match=named):
        expression()


def test_sigmoid_does_not_overflow_and_exp_overflow_is_explained():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0
    with pytest.raises(OverflowError, match=r"exp\(1000.0\) is too large"):
        Value(1000.0).exp()


def test_square_root_slope_at_zero_is_infinite():
    x = Value(0.0)
    y = x**0.5
    y.backward()
    assert (y.data, x.grad) == (0.0, math.inf)


def test_backward_walks_the_graph_in_the_order_of_the_shared_postorder():
    """value.py's inlined walk (the hot loop) must give chainrule.graph.postorder's order."""
    rng = np.random.default_rng(3)
    nodes = [Value(float(x), label=f"x{i}") for i, x in enumerate(rng.normal(size=4))]
    for _ in range(60):
        i, j = rng.integers(len(nodes), size=2)
        nodes.append(nodes[i] * nodes[j] if rng.random() < 0.5 else nodes[i] + nodes[j].tanh())
    root = sum(nodes[-10:], Value(0.0))
    order = _topological_order(root)
    assert len(order) > 50
    assert order == postorder(root, _computed_operands)
    assert [n for n in postorder(root, lambda n: n._operands) if n._operands] == order
