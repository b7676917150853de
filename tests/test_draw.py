"""Tests for chainrule.draw: graphviz figures as deterministic, accessible, theme-aware SVG."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import pytest

from chainrule import draw
from chainrule.draw import PALETTE, draw_dot, draw_network, draw_nodes, draw_pipeline, node_rows
from tests.expected import LOGISTIC_GRADIENTS, LOGISTIC_LOSS, LOGISTIC_PREDICTION

SVG = "{http://www.w3.org/2000/svg}"


# --------------------------------------------------------------------------- stand-ins


class Val:
    """A micrograd-style value, like the classes the chapters build step by step."""

    def __init__(self, data, children=(), op="", label="", prev_type=tuple):
        self.data = data
        self.grad = 0.0
        self._prev = prev_type(children)
        self._op = op
        self.label = label


def toy_graph(prev_type=tuple):
    """a=5, b=3, c=a+b, d=10, L=c*d, as in chapter 3."""
    a = Val(5.0, label="a", prev_type=prev_type)
    b = Val(3.0, label="b", prev_type=prev_type)
    c = Val(8.0, (a, b), "+", "c", prev_type)
    d = Val(10.0, label="d", prev_type=prev_type)
    loss = Val(80.0, (c, d), "*", "L", prev_type)
    loss.grad = 1.0
    return loss


class Node:
    def __init__(self, value=None, operands=(), label=None):
        self.value, self.gradient, self.operands, self.label = value, 0.0, list(operands), label


class Operation(Node):
    def __init__(self, operands, label=None):
        super().__init__(None, operands, label)


class Multiply(Operation):
    pass


class Add(Operation):
    pass


class Sigmoid(Operation):
    pass


class LogLoss(Operation):
    pass


def logistic_graph(classes):
    """The seed's logistic-regression graph (figure N9) built from `classes`."""
    leaf, multiply, add, sigmoid, log_loss = classes
    x1, x2 = leaf(1.5, label="x1"), leaf(2.5, label="x2")
    w1, w2 = leaf(-4.0, label="w1"), leaf(3.0, label="w2")
    w1x1 = multiply([w1, x1], label="w1x1")
    w2x2 = multiply([w2, x2], label="w2x2")
    b = leaf(-1.0, label="b")
    z = add([w1x1, w2x2, b], label="z")
    yhat = sigmoid([z], label="yhat")
    y = leaf(1.0, label="y")
    return log_loss([y, yhat], label="L")


STAND_INS = (Node, Multiply, Add, Sigmoid, LogLoss)


# --------------------------------------------------------------------------- helpers


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def groups(root: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == kind]


def texts(element: ET.Element) -> list[str]:
    return [t.text for t in element.iter(f"{SVG}text") if t.text]


def text_y(root: ET.Element, text: str) -> float:
    (y,) = [float(t.get("y")) for t in root.iter(f"{SVG}text") if t.text == text]
    return y


def strokes(group: ET.Element) -> set[str]:
    return {p.get("stroke") for p in group.iter(f"{SVG}path")}


FIGURES = {
    "draw_dot": lambda: draw_dot(toy_graph()),
    "draw_dot_set": lambda: draw_dot(toy_graph(set), rankdir="TB"),
    "draw_nodes": lambda: draw_nodes(logistic_graph(STAND_INS)),
    "draw_network": lambda: draw_network(
        [1, 2, 1],
        edge_labels="partials",
        split=True,
        parameters=True,
        highlight=[(["b1[2]", "z1[2]", "a1[2]", "L"], ["blue", "violet", "green", "red"])],
    ),
    "draw_pipeline": lambda: draw_pipeline(["x", "layer 1", "layer 2", "L"]),
}


# --------------------------------------------------------------------------- every figure


@pytest.mark.parametrize("name", FIGURES)
def test_same_input_gives_identical_bytes(name):
    assert FIGURES[name]() == FIGURES[name]()


@pytest.mark.parametrize("name", FIGURES)
def test_svg_is_accessible_and_themed(name):
    svg = FIGURES[name]()
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<!--" not in svg
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label")
    assert root[0].tag == f"{SVG}title" and root[0].text == root.get("aria-label")
    assert len(list(root.iter(f"{SVG}title"))) == 1
    assert "max-width:100%" in root.get("style")
    assert "currentColor" in svg and draw.INK not in svg
    assert 'fill="white"' not in svg and "black" not in svg


def test_alt_text_is_used_and_escaped():
    root = parse(draw_pipeline(["a", "b"], alt='x < "y" & z'))
    assert root.get("aria-label") == 'x < "y" & z'
    assert root[0].text == 'x < "y" & z'


def test_ids_differ_between_figures():
    ids = [
        {e.get("id") for e in parse(svg).iter() if e.get("id")}
        for svg in (draw_pipeline(["a", "b"]), draw_pipeline(["a", "c"]))
    ]
    assert ids[0] and ids[1] and not ids[0] & ids[1]


def test_missing_dot_names_the_fix(monkeypatch):
    monkeypatch.setattr(draw.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError) as error:
        draw_pipeline(["a", "b"])
    message = str(error.value)
    for fix in ("only the Python binding", "sudo apt-get install graphviz",
                "conda install -c conda-forge graphviz", "winget install Graphviz.Graphviz",
                "restart the kernel", "!apt-get install -y graphviz", "`dot -V`"):
        assert fix in message, fix


# --------------------------------------------------------------------------- draw_dot


def test_draw_dot_records_show_label_data_and_grad():
    root = parse(draw_dot(toy_graph()))
    records = [texts(g) for g in groups(root, "node") if len(texts(g)) == 3]
    assert sorted(records) == [
        ["L", "data 80.0000", "grad 1.0000"],
        ["a", "data 5.0000", "grad 0.0000"],
        ["b", "data 3.0000", "grad 0.0000"],
        ["c", "data 8.0000", "grad 0.0000"],
        ["d", "data 10.0000", "grad 0.0000"],
    ]
    operations = [texts(g) for g in groups(root, "node") if len(texts(g)) == 1]
    assert sorted(operations) == [["*"], ["+"]]
    # a, b -> +; + -> c; c, d -> *; * -> L
    assert len(groups(root, "edge")) == 6


def test_draw_dot_precision_and_unlabelled_values():
    value = Val(2.0 / 3.0)
    root = parse(draw_dot(value, precision=2))
    assert texts(root) == ["data 0.67", "grad 0.00"]


def test_draw_dot_keeps_operand_order():
    a, b = Val(1.0, label="b"), Val(2.0, label="a")  # labels in reverse alphabetical order
    root = parse(draw_dot(Val(-1.0, (a, b), "-", "c"), rankdir="TB"))
    assert text_y(root, "b") == text_y(root, "a")
    xs = {t.text: float(t.get("x")) for t in root.iter(f"{SVG}text")}
    assert xs["b"] < xs["a"]


@pytest.mark.parametrize("label", ["a|b", "{c}", "<d>", '"e"', "f\\", 'all |{}<>"\\ of them'])
def test_draw_dot_escapes_record_specials(label):
    root = parse(draw_dot(Val(1.0, label=label)))
    assert label in texts(root)


HASHSEED_SCRIPT = textwrap.dedent(
    """
    import hashlib
    from chainrule.draw import draw_dot

    class Val:  # hashes by a name, so the order of a set changes with PYTHONHASHSEED
        def __init__(self, data, children=(), op="", label="", name=""):
            self.data, self.grad, self._prev, self._op = data, 0.0, set(children), op
            self.label, self.name = label, name or label

        def __hash__(self):
            return hash(self.name)

    leaves = [Val(float(i % 3), label=name) for i, name in enumerate("pqrstuvw")]
    # unlabelled twins with equal data: their order comes from the graph below them
    left = Val(2.0, (Val(1.0, name="t1"), leaves[0]), "+", name="left")
    right = Val(2.0, (Val(1.0, name="t2"), leaves[1]), "+", name="right")
    total = Val(4.0, [left, right, *leaves[2:]], "+", "total")
    print(hashlib.sha256(draw_dot(total).encode()).hexdigest())
    """
)


def test_set_prev_gives_the_same_svg_under_any_hash_seed():
    digests = set()
    for seed in ("0", "1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", HASHSEED_SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1


def test_set_prev_sorts_children_by_label():
    root = parse(draw_dot(toy_graph(set), rankdir="TB"))
    xs = {t.text: float(t.get("x")) for t in root.iter(f"{SVG}text")}
    assert xs["a"] < xs["b"]


def test_draw_dot_rejects_objects_without_the_attributes():
    with pytest.raises(TypeError, match="needs an object with data, grad, _op; Node has no data"):
        draw_dot(Node(1.0))
    without_operands = type("NoOperands", (), {"data": 1.0, "grad": 0.0, "_op": ""})()
    with pytest.raises(TypeError, match="NoOperands has neither _operands nor _prev"):
        draw_dot(without_operands)


@pytest.mark.parametrize("kwargs", [{"rankdir": "XY"}, {"precision": -1}, {"alt": " "}])
def test_draw_dot_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        draw_dot(toy_graph(), **kwargs)


def test_draw_dot_with_real_values():
    from chainrule import value  # a broken import fails the test: it must not skip
    a, b, d = value.Value(5.0, label="a"), value.Value(3.0, label="b"), value.Value(10.0, label="d")
    c = a + b
    c.label = "c"
    loss = c * d
    loss.label = "L"
    loss.backward()
    records = sorted(texts(g) for g in groups(parse(draw_dot(loss)), "node") if len(texts(g)) == 3)
    assert records == [
        ["L", "data 80.0000", "grad 1.0000"],
        ["a", "data 5.0000", "grad 10.0000"],
        ["b", "data 3.0000", "grad 10.0000"],
        ["c", "data 8.0000", "grad 10.0000"],
        ["d", "data 10.0000", "grad 8.0000"],
    ]


def label_of(svg: str) -> str:
    root = parse(svg)
    assert root[0].text == root.get("aria-label")
    return root.get("aria-label")


def test_draw_dot_describes_every_value_it_draws():
    assert label_of(draw_dot(toy_graph(), precision=1)) == (
        "Computation graph of L, 5 nodes, inputs first. "
        "a: data 5.0, grad 0.0. b: data 3.0, grad 0.0. c = a + b: data 8.0, grad 0.0. "
        "d: data 10.0, grad 0.0. L = c × d: data 80.0, grad 1.0."
    )


def test_draw_dot_names_unlabelled_values_and_constants_by_what_is_drawn():
    x = Val(2.0, label="x")
    doubled = Val(4.0, (x,), "*")
    out = Val(0.9993, (doubled,), "tanh", "o")
    assert label_of(draw_dot(out, precision=2)) == (
        "Computation graph of o, 3 nodes, inputs first. x: data 2.00, grad 0.00. "
        "x × a constant: data 4.00, grad 0.00. o = tanh(the value 4.00): data 1.00, grad 0.00."
    )


def test_draw_dot_summarises_a_big_graph():
    total = Val(1.0, label="x0")
    for k in range(1, 8):
        total = Val(total.data + k, (total, Val(float(k), label=f"x{k}")), "+", f"s{k}")
    assert label_of(draw_dot(total, precision=0)) == (
        "Computation graph of s7, 15 nodes: 8 inputs (x0, x1, x2, x3, x4, x5, x6 and x7) "
        "and 7 computed nodes; the output is s7 = s6 + x7: data 29, grad 0."
    )


# --------------------------------------------------------------------------- draw_nodes

N9_ROWS = [["w1", "x1", "w2", "x2"], ["w1x1", "w2x2", "b"], ["z"], ["y", "yhat"], ["L"]]


def test_node_rows_match_the_seed_figure():
    rows = node_rows(logistic_graph(STAND_INS))
    assert [[node.label for node in row] for row in rows] == N9_ROWS


def test_draw_nodes_puts_each_row_at_one_height():
    root = parse(draw_nodes(logistic_graph(STAND_INS)))
    heights = [{text_y(root, label) for label in row} for row in N9_ROWS]
    assert all(len(h) == 1 for h in heights)
    tops = [h.pop() for h in heights]
    assert tops == sorted(tops) and len(set(tops)) == 5


def test_draw_nodes_shades_operations_only():
    root = parse(draw_nodes(logistic_graph(STAND_INS)))
    shaded = {
        texts(g)[0]
        for g in groups(root, "node")
        if any(p.get("fill-opacity") for p in g.iter(f"{SVG}path"))
    }
    assert shaded == {"w1x1", "w2x2", "z", "yhat", "L"}
    assert [t for t in texts(root) if t.startswith(": ")] == [
        ": Multiply",
        ": Multiply",
        ": Add",
        ": Sigmoid",
        ": LogLoss",
    ]


def test_draw_nodes_describes_each_node_with_its_operands():
    x, y = Node(3.0, label="x"), Node(4.0, label="y")
    total = Add([x, y], label="s")
    total.value, total.gradient, x.gradient, y.gradient = 7.0, 1.0, 1.0, 1.0
    assert label_of(draw_nodes(total, precision=1)) == (
        "Node graph of s, drawn top to bottom in 2 rows, 3 nodes, inputs first. "
        "x: value 3.0, gradient 1.0. y: value 4.0, gradient 1.0. "
        "s = Add of x and y: value 7.0, gradient 1.0."
    )


def test_draw_nodes_shows_values_before_forward_as_none():
    assert "value None" in texts(parse(draw_nodes(logistic_graph(STAND_INS))))


def test_draw_nodes_with_real_nodes():
    from chainrule import nodes
    loss = logistic_graph((nodes.Node, nodes.Multiply, nodes.Add, nodes.Sigmoid, nodes.LogLoss))
    loss.forward()
    loss.backward()
    found = texts(parse(draw_nodes(loss)))
    for line in (f"value {LOGISTIC_PREDICTION:.4f}", f"value {LOGISTIC_LOSS:.4f}",
                 f"gradient {LOGISTIC_GRADIENTS['w1']:.4f}",
                 f"gradient {LOGISTIC_GRADIENTS['w2']:.4f}"):
        assert line in found
    assert [[node.label for node in row] for row in node_rows(loss)] == N9_ROWS


# --------------------------------------------------------------------------- draw_network


def edge_group(root: ET.Element, label: str) -> ET.Element:
    (group,) = [g for g in groups(root, "edge") if label in texts(g)]
    return group


def test_highlight_colours_the_path_edges():
    edges = {
        ("x", "a1[1]"): "e1",
        ("x", "a2[1]"): "e2",
        ("a1[1]", "a1[2]"): "e3",
        ("a2[1]", "a1[2]"): "e4",
        ("a1[2]", "L"): "e5",
    }
    svg = draw_network(
        [1, 2, 1],
        edge_labels=edges,
        highlight=[(["x", "a2[1]", "a1[2]", "L"], ["blue", "red", "green", "red"])],
    )
    root = parse(svg)
    assert strokes(edge_group(root, "e2")) == {PALETTE["blue"]}
    assert strokes(edge_group(root, "e4")) == {PALETTE["red"]}
    assert strokes(edge_group(root, "e5")) == {PALETTE["green"]}
    assert strokes(edge_group(root, "e1")) == strokes(edge_group(root, "e3")) == {"currentColor"}


def test_highlight_as_a_mapping_and_shared_edges():
    root = parse(
        draw_network(
            [1, 1, 2, 1],
            edge_labels={("a1[3]", "L"): "last"},
            highlight={("a1[3]", "L"): "#123456"},
        )
    )
    assert strokes(edge_group(root, "last")) == {"#123456"}
    root = parse(
        draw_network(
            [1, 1, 2, 1],
            edge_labels={("a1[3]", "L"): "last"},
            highlight=[
                (["a1[1]", "a1[2]", "a1[3]", "L"], "blue"),
                (["a1[1]", "a2[2]", "a1[3]", "L"], "orange"),
            ],
        )
    )
    assert strokes(edge_group(root, "last")) == {PALETTE["blue"], PALETTE["orange"]}


def test_partials_label_every_edge_of_the_split_network():
    root = parse(draw_network([1, 2, 1], edge_labels="partials", split=True, parameters=True))
    labels = sorted(t for g in groups(root, "edge") for t in texts(g))
    assert len(groups(root, "edge")) == len(labels) == 15
    assert labels.count("∂z/∂w = a") == 4 and labels.count("∂z/∂b = 1") == 3
    assert labels.count("∂a/∂z = a(1−a)") == 3 and labels.count("∂z/∂a = w") == 2
    assert "∂L/∂a = −y/a + (1−y)/(1−a)" in labels


def test_weight_labels_name_the_destination_unit_then_the_source_unit():
    n1 = texts(parse(draw_network([2, 2, 3, 1], edge_labels="weights", loss=False)))
    assert n1.count("w") == 4 + 6 + 3 and "32" in n1 and "13" in n1 and "23" not in n1
    n2 = texts(parse(draw_network([1, 2, 1], edge_labels="weights")))
    assert n2.count("w") == 4 and {"11", "21", "12"} <= set(n2)


@pytest.mark.parametrize("parameters", ["b1[1]", ["b1[1]"], (name for name in ["b1[1]"])])
def test_parameters_by_name(parameters):
    root = parse(draw_network([1, 1, 2, 1], parameters=parameters))
    assert len(groups(root, "node")) == 6 + 1 and len(groups(root, "edge")) == 6 + 1


def test_node_labels_replace_defaults():
    root = parse(draw_network([1, 1], node_labels={"a1[1]": "ŷ", "L": "loss"}))
    assert {"x", "ŷ", "loss"} == set(texts(root))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"layers": [3]}, "at least two"),
        ({"layers": [1, 0]}, "positive"),
        ({"edge_labels": "partials"}, "split=True"),
        ({"edge_labels": "everything"}, "edge_labels must be"),
        ({"highlight": {"a9[1]": "red"}}, "no node 'a9\\[1\\]'"),
        ({"highlight": [(["x", "a1[2]"], "red")]}, "no edge 'x' -> 'a1\\[2\\]'"),
        ({"highlight": [(["x", "a1[1]"], ["red"])]}, "2 nodes but 1 colours"),
        ({"parameters": ["b7[1]"]}, "unknown parameters"),
        ({"node_labels": {"y": "why"}}, "no node 'y'"),
    ],
)
def test_draw_network_names_what_is_wrong(kwargs, message):
    kwargs = {"layers": [1, 2, 1], **kwargs}
    with pytest.raises(ValueError, match=message):
        draw_network(**kwargs)


# --------------------------------------------------------------------------- draw_pipeline


def test_pipeline_boxes_sublabels_and_links():
    svg = draw_pipeline(
        ["x", "layer 1", "L"], sublabels=[None, "σ(Wx + b)", None], links=["a.md", None, "c/"]
    )
    root = parse(svg)
    assert [texts(g) for g in groups(root, "node")] == [["x"], ["layer 1", "σ(Wx + b)"], ["L"]]
    assert len(groups(root, "edge")) == 2
    assert svg.count('xlink:href="a.md"') == 1 and svg.count('xlink:href="c/"') == 1


@pytest.mark.parametrize(
    "kwargs", [{"labels": []}, {"labels": ["a", ""]}, {"labels": ["a"], "links": ["x", "y"]}]
)
def test_pipeline_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        draw_pipeline(**kwargs)


def test_pipeline_wraps_into_left_aligned_rows():
    labels = [f"step {i}" for i in range(7)]
    root = parse(draw_pipeline(labels, per_row=3))
    position = {t.text: (float(t.get("x")), float(t.get("y"))) for t in root.iter(f"{SVG}text")}
    rows = [labels[0:3], labels[3:6], labels[6:]]
    assert all(len({position[label][1] for label in row}) == 1 for row in rows)
    assert [position[row[0]][1] for row in rows] == sorted(position[row[0]][1] for row in rows)
    assert all(position[row[0]][0] < position[rows[0][1]][0] for row in rows)
    assert len(groups(root, "edge")) == 6  # the row starts are aligned by invisible edges


@pytest.mark.parametrize("per_row", [0, 2.5])
def test_pipeline_rejects_bad_rows(per_row):
    with pytest.raises(ValueError, match="per_row"):
        draw_pipeline(["a", "b"], per_row=per_row)


def test_draw_dot_draws_micrograd_values_the_same_from_any_addresses():
    from micrograd import engine  # pinned in requirements.txt: a missing one fails, not skips

    def neuron():
        x1, x2, w1, w2 = (engine.Value(v) for v in (2.0, 0.0, -3.0, 1.0))
        out = (x1 * w1 + x2 * w2 + 6.8813735870195432).relu()
        out.backward()
        return out

    first, second = neuron(), neuron()
    assert draw_dot(first) == draw_dot(second)
    assert "grad -3.0000" in texts(parse(draw_dot(first)))  # d out / d x1 = w1


def test_draw_network_describes_what_feeds_each_node():
    assert label_of(draw_network([1, 2, 1], edge_labels="weights")) == (
        "Neural network with layer sizes 1-2-1; followed by the loss L(y, ŷ); "
        "x (edge w_11^[1]) feeds a_1^[1]; x (edge w_21^[1]) feeds a_2^[1]; "
        "a_1^[1] (edge w_11^[2]) and a_2^[1] (edge w_12^[2]) feed a_1^[2]; a_1^[2] feeds L(y, ŷ)."
    )


def test_draw_network_summarises_a_big_diagram_and_names_highlights():
    svg = draw_network(
        [1, 2, 1],
        edge_labels="partials",
        split=True,
        parameters=True,
        highlight=[(["b1[2]", "z1[2]", "a1[2]", "L"], ["blue", "violet", "green", "red"])],
    )
    assert label_of(svg) == (
        "Neural network with layer sizes 1-2-1; each unit split into its weighted sum z and "
        "activation a; followed by the loss L(y, ŷ); 15 edges labelled; highlighted: b_1^[2] "
        "in blue, z_1^[2] in violet, a_1^[2] in green, L(y, ŷ) in red."
    )
