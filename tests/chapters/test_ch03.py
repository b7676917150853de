"""Chapter 3 (computation graphs and the Value class): printed values and the drawn graphs."""

import html
import re


def node_texts(svg):
    """The texts of every node of a draw_dot SVG, one list per node, entities decoded."""
    groups = re.findall(r'<g id="[^"]*" class="node">(.*?)</g>', svg, flags=re.S)
    return [
        [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", group)]
        for group in groups
    ]


def records(svg):
    """The (label, data, grad) texts of every record node, sorted."""
    return sorted(tuple(texts) for texts in node_texts(svg) if len(texts) == 3)


def operations(svg):
    """The operation symbols drawn as small nodes, sorted."""
    return sorted(texts[0] for texts in node_texts(svg) if len(texts) == 1)


def edge_count(svg):
    return len(re.findall(r'class="edge"', svg))


def test_value0_repr_keeps_int_data_and_grad(page):
    assert page.output("03-value0") == "Value(data=5, grad=0)\n"


def test_first_graph_prints_operands(page):
    assert page.output("03-first-graph") == (
        "Value(data=5, grad=0) ()\n"
        "Value(data=80, grad=0) (Value(data=8, grad=0), Value(data=10, grad=0))\n"
    )
    assert page.output("03-ops") == "'*' '+' ''\n"


def test_trace_of_c(page):
    assert page.output("03-trace") == "3 nodes, 2 edges\na -> c\nb -> c\n"


def test_graph_g1_draws_c(page):
    svg = page.output("03-draw-c")
    assert records(svg) == [
        ("a", "data 5.000", "grad 0.000"),
        ("b", "data 3.000", "grad 0.000"),
        ("c", "data 8.000", "grad 0.000"),
    ]
    assert operations(svg) == ["+"]
    assert edge_count(svg) == 3  # a -> +, b -> +, + -> c: the two graph edges through their op node
    assert 'role="img"' in svg
    assert (
        'aria-label="Computation graph of c, 3 nodes, inputs first. a: data 5.000, grad 0.000. '
        'b: data 3.000, grad 0.000. c = a + b: data 8.000, grad 0.000."'
    ) in svg


def test_trace_of_L(page):
    assert page.output("03-trace-L") == "5 nodes, 4 edges\n['a', 'b', 'c', 'd', 'L']\n"


def test_graph_g2_draws_L(page):
    svg = page.output("03-draw-L")
    assert records(svg) == [
        ("L", "data 80.000", "grad 0.000"),
        ("a", "data 5.000", "grad 0.000"),
        ("b", "data 3.000", "grad 0.000"),
        ("c", "data 8.000", "grad 0.000"),
        ("d", "data 10.000", "grad 0.000"),
    ]
    assert operations(svg) == ["*", "+"]
    assert edge_count(svg) == 6  # four operand edges into op nodes, two op nodes into their results


def test_tuple_keeps_order_and_repetition(page):
    assert page.output("03-tuple") == "['c', 'd']\n2 1\n"


def test_toy_expression_values(page):
    assert page.output("03-toy") == (
        "a = 2.0\nb = -3.0\ne = -6.0\nc = 10.0\nd = 4.0\nf = -2.0\nL = -8.0\n"
    )


def test_toy_graph(page):
    svg = page.output("03-draw-toy")
    assert records(svg) == [
        ("L", "data -8.0000", "grad 0.0000"),
        ("a", "data 2.0000", "grad 0.0000"),
        ("b", "data -3.0000", "grad 0.0000"),
        ("c", "data 10.0000", "grad 0.0000"),
        ("d", "data 4.0000", "grad 0.0000"),
        ("e", "data -6.0000", "grad 0.0000"),
        ("f", "data -2.0000", "grad 0.0000"),
    ]
    assert operations(svg) == ["*", "*", "+"]


def test_what_is_missing(page):
    error = "AttributeError: 'int' object has no attribute 'data'\n"
    assert page.output("03-plain-number") == error
    assert page.output("03-finished-value") == "Value(data=80.0, grad=0.0)\n"


def test_exercise_shared_input(page):
    assert page.output("03-ex-shared") == "14\n6 nodes, 6 edges\n"
    assert records(page.output("03-ex-shared-plot"))[0] == ("g", "data 14.0000", "grad 0.0000")


def test_exercise_depth(page):
    assert page.output("03-ex-depth") == "3 2 0\n"


def test_exercise_reuse(page):
    assert page.output("03-ex-reuse") == "30\n3 nodes, 4 edges\n"
