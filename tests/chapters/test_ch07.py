"""Chapter 7 (automatic backward): the printed numbers of every executed block."""

from html import unescape

from tests.expected import TANH_NEURON_FLOAT32_OUTPUT, TANH_NEURON_GRADIENTS, TANH_NEURON_OUTPUT


def test_hand_run_of_the_first_class(page):
    assert page.output("07-hand-run") == (
        "a.grad = 10.0, b.grad = 10.0, c.grad = 10.0, d.grad = 8.0\n"
    )


def test_graphs_are_svg_with_the_gradients(page):
    before, after = page.output("07-graph-before"), page.output("07-graph-after")
    assert before.lstrip().startswith("<svg") and after.lstrip().startswith("<svg")
    assert "grad 10.0000" not in before and "grad 8.0000" not in before
    assert "grad 10.0000" in after and "grad 8.0000" in after
    neuron = unescape(page.output("07-neuron-graph"))
    assert f"data {TANH_NEURON_OUTPUT:.4f}" in neuron
    assert all(f"grad {TANH_NEURON_GRADIENTS[name]:.4f}" in neuron for name in ("x1", "x2"))


def test_topological_order(page):
    assert page.output("07-topo") == "['a', 'b', 'c', 'd', 'L']\n"


def test_recursive_sort_fails_on_a_deep_chain(page):
    assert page.output("07-deep-chain") == (
        "recursive sort: RecursionError\niterative sort: every node, the end last: True\n"
    )


def test_backward_function(page):
    assert page.output("07-backward") == "{'a': 10.0, 'b': 10.0, 'c': 10.0, 'd': 8.0, 'L': 1.0}\n"


def test_backward_on_the_longer_chain_of_chapter_4(page):
    assert page.output("07-backward-longer") == (
        "L = -8.0\n{'a': 6.0, 'b': -4.0, 'e': -2.0, 'c': -2.0, 'd': -2.0, 'f': 4.0, 'L': 1.0}\n"
    )


def test_assignment_against_accumulation_on_reused_nodes(page):
    lines = page.output("07-reuse").splitlines()
    assert [line.split()[-2:] for line in lines[1:]] == [
        ["1.0", "2.0"],
        ["3.0", "6.0"],
        ["-3.0", "7.0"],
    ]


def test_reuse_graphs_show_the_lost_gradient(page):
    lecture = unescape(page.output("07-reuse-graph-a"))
    fixed = unescape(page.output("07-reuse-graph-b"))
    assert "a: data 3.0000, grad 1.0000. b = a + a: data 6.0000" in lecture
    assert "a: data 3.0000, grad 2.0000. b = a + a: data 6.0000" in fixed
    assert "grad 1.0000" in lecture and "grad 2.0000" not in lecture
    assert "grad 2.0000" in fixed


def test_gradients_pile_up_without_zero_grad(page):
    assert page.output("07-twice") == (
        "{'a': 10.0, 'b': 10.0, 'c': 10.0, 'd': 8.0, 'L': 1.0}\n"
        "{'a': 30.0, 'b': 30.0, 'c': 20.0, 'd': 16.0, 'L': 1.0}\n"
    )
    assert page.output("07-zero-grad") == "{'a': 10.0, 'b': 10.0, 'c': 10.0, 'd': 8.0, 'L': 1.0}\n"


def test_a_training_loop_that_forgets_zero_grad_takes_ever_bigger_steps(page):
    assert page.output("07-forgotten-zero-grad") == (
        "with zero_grad:    [80.0, 77.38, 74.81, 72.31, 69.87]\n"
        "without zero_grad: [80.0, 77.38, 72.25, 64.88, 55.6]\n"
    )


def test_plain_numbers_fail_without_wrapping(page):
    assert page.output("07-no-wrapping") == (
        "x + 1: AttributeError: 'int' object has no attribute 'data'\n"
        "2 * x: TypeError: unsupported operand type(s) for *: 'int' and 'ValueB'\n"
    )


def test_every_operator_matches_central_differences(page):
    rows = page.output("07-op-check").splitlines()
    assert rows[1].split()[-4:] == ["-2.00000", "-2.00000", "-6.00000", "-6.00000"]
    assert rows[2].split()[-4:] == ["6.75000", "6.75000", "-2.00000", "-2.00000"]
    assert rows[3].split()[-4:] == ["1.00000", "1.00000", "-1.00000", "-1.00000"]
    assert rows[4].split()[-4:] == ["-0.10895", "-0.10895", "0.32684", "0.32684"]
    assert rows[5].split()[-4:] == ["-0.29829", "-0.29829", "-0.10512", "-0.10512"]
    assert page.namespace["largest_gap"] < 1e-8


def test_tanh_one_op_against_its_decomposition(page):
    rows = [line.split() for line in page.output("07-tanh-two-ways").splitlines()[1:]]
    assert [row[0] for row in rows] == ["-1.300", "0.200", "0.881", "2.500"]
    for row in rows:
        assert row[1] == row[2] or abs(float(row[1]) - float(row[2])) <= 1e-15
        assert float(row[3]) <= 3e-16
    assert rows[2][1] == "0.500000000000000"


NEURON = f"o = {TANH_NEURON_OUTPUT!r}\n" + "".join(
    f"{name}.grad = {grad}\n" for name, grad in TANH_NEURON_GRADIENTS.items()
)


def test_tanh_neuron(page):
    assert page.output("07-neuron") == NEURON
    decomposed = page.output("07-neuron-decomposed").splitlines()
    assert decomposed[0] == f"o = {TANH_NEURON_OUTPUT!r}"
    assert float(decomposed[1].split(": ")[1]) < 1e-15


def test_chainrule_value_gives_the_same_neuron(page):
    assert page.output("07-chainrule-value") == NEURON
    assert page.output("07-chainrule-deep") == "20.500, d(end)/d(start) = 1.0\n"


def test_second_backward_of_the_package_doubles_exactly(page):
    # The page's toy backward gives a and b 30 on a second pass; the package adds one pass: 20.
    assert page.output("07-chainrule-twice") == (
        "{'a': 20.0, 'b': 20.0, 'c': 20.0, 'd': 16.0, 'L': 2.0}\n"
    )


def test_float32_bias_explains_the_pytorch_number(page):
    assert page.output("07-float32") == (
        f"bias as float32: 6.881373405456543\no from that bias: {TANH_NEURON_FLOAT32_OUTPUT!r}\n"
        "error in b: -1.82e-07, error in o: -9.08e-08\n"
    )


def test_exercises(page):
    assert page.output("07-ex-cube") == "ValueA: 4.0, ValueC: 12.0\n"
    assert page.output("07-ex-relu") == "v = -1.5: df/dv = 0.0\nv = 2.0: df/dv = 3.0\n"
    assert page.output("07-ex-sigmoid") == (
        "x = 0.0: autodiff 0.250000, formula 0.250000\n"
        "x = 2.0: autodiff 0.104994, formula 0.104994\n"
    )
