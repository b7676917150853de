"""Chapter 5 (the chain rule): the numbers and graphs the page prints, exactly."""

from tests.chapters.graphs import records


def test_simmons_car_bicycle_walker(page):
    assert page.output("05-simmons") == "d(car)/d(bicycle): 2.0\nd(car)/d(walker):  8.0\n"
    drawn = records(page.output("05-simmons-graph"))
    assert ("walker", "data 1.0000", "grad 8.0000") in drawn
    assert ("car", "data 8.0000", "grad 1.0000") in drawn


def test_case_1_checked_numerically(page):
    assert page.output("05-case1") == (
        "analytic: 16.35715913908897\nnumeric:  16.357159138724597\nrelative difference: 2.2e-11\n"
    )


def test_case_2_checked_numerically(page):
    assert page.output("05-case2") == (
        "analytic: 4.574733997945829\nnumeric:  4.574733998174985\nrelative difference: 5.0e-11\n"
    )


def test_add_and_multiply_staged(page):
    assert page.output("05-add-mul-staged") == "f = -12\n[df/dx, df/dy, df/dz] = [-4, -4, 3]\n"


def test_add_and_multiply_circuit_drawn_with_gradients(page):
    drawn = records(page.output("05-add-mul-graph"))
    assert drawn == {
        ("x", "data -2.0000", "grad -4.0000"),
        ("y", "data 5.0000", "grad -4.0000"),
        ("q", "data 3.0000", "grad -4.0000"),
        ("z", "data -4.0000", "grad 3.0000"),
        ("f", "data -12.0000", "grad 1.0000"),
    }


def test_add_multiply_and_max_gates(page):
    assert page.output("05-three-gates") == "f = -20.0\n"
    assert page.output("05-three-gates-backward") == (
        "manual:  [-8.0, 6.0, 2.0, 0.0]\nnumeric: [-8.0, 6.0, 2.0, 0.0]\n"
    )


def test_sigmoid_neuron_staged(page):
    assert page.output("05-sigmoid-staged") == (
        "f = 0.73\ndx = [0.39, -0.59]\ndw = [-0.2, -0.39, 0.2]\n"
    )


def test_sigmoid_neuron_as_a_circuit(page):
    assert page.output("05-sigmoid-compare") == "dx = [0.39, -0.59]\ndw = [-0.2, -0.39, 0.2]\n"
    drawn = records(page.output("05-sigmoid-graph"))
    assert ("dot", "data 1.00", "grad 0.20") in drawn
    assert ("exp", "data 0.37", "grad -0.53") in drawn
    assert ("f", "data 0.73", "grad 1.00") in drawn
    assert ("x1", "data -2.00", "grad -0.59") in drawn


def test_gradients_add_at_a_fork(page):
    assert page.output("05-fork-paths") == (
        "through exp: 10.929653724148016\n"
        "direct:      5.427505414940953\n"
        "sum:         16.35715913908897\n"
        "x.grad:      16.35715913908897\n"
        "numeric:     16.357159138724597\n"
    )
    assert ("x", "data 0.7000", "grad 16.3572") in records(page.output("05-fork-graph"))


def test_exercise_gaussian_bump(page):
    assert page.output("05-ex1") == (
        "chain rule: -0.7788007830714049\n"
        "Value:      -0.7788007830714049\n"
        "numeric:    -0.7788007830\n"
    )


def test_exercise_gates_by_eye(page):
    assert page.output("05-ex2") == "[-1.0, 5.0, -1.0]\n"


def test_exercise_sigmoid_derivative(page):
    assert page.output("05-ex3") == "formula: 0.19661193324148185\nnumeric: 0.1966119332\n"


def test_paths_double_with_every_layer_while_edges_grow_by_four(page):
    rows = [line.split() for line in page.output("05-path-count").splitlines()]
    assert rows[0] == ["depth", "edges", "paths"]
    assert [[int(n) for n in row] for row in rows[1:]] == [
        [depth, 4 * depth, 2**depth] for depth in range(2, 11)
    ]


def test_forward_and_reverse_mode_add_up_the_paths(page):
    lines = page.output("05-path-sums").splitlines()
    sums = [line.rsplit(" ", 1)[1] for line in lines[:3]]
    assert lines[0].startswith("sum over 1024 paths: ")
    assert sums == ["1384.471602"] * 3
    assert f"{page.namespace['sum_over_paths']:.6f}" == "1384.471602"
    assert lines[3] == "multiplications: 11264 over the paths, 40 in either pass"


def test_dual_numbers_agree_with_value_backward(page):
    assert page.output("05-dual") == (
        "f(1.5) = 6.375, forward mode: 8.75, Value.backward: 8.75\n"
    )


def test_one_pass_per_input_against_one_per_output(page):
    assert page.output("05-pass-counts") == (
        "inputs: 1000, outputs: 1\n"
        "forward mode: 1000 passes, reverse mode: 1 pass\n"
        "largest difference between the two gradients: 0.0\n"
    )
