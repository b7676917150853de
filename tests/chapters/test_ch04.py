"""Chapter 4 (manual backpropagation): the numbers and graphs the page prints, exactly."""

import pytest

from tests.chapters.graphs import records


def test_the_first_expression_is_chapter_3s(page):
    assert page.output("04-build-toy") == "Value4(data=80, grad=0.0)\n"


def test_the_output_gradient_is_one(page):
    assert page.namespace["toy"].L.grad == 1.0
    assert page.output("04-L-grad") == "1.0000000003174137\n"


def test_numerical_checks_of_the_first_expression(page):
    assert page.output("04-check-d-c") == (
        "dL/dd ~ 7.999999999697137\ndL/dc ~ 10.000000000331966\n"
    )
    assert page.output("04-check-a-b") == (
        "dL/da ~ 10.000000000331966\ndL/db ~ 10.000000000331966\n"
    )


def test_manual_gradients_of_the_first_expression(page):
    assert page.output("04-set-d-c") == "8 10\n"
    assert page.output("04-set-a-b") == "(10.0, 10.0)\n"


def test_graph_g3_carries_the_manual_gradients(page):
    assert (
        'a: data 5.000, grad 10.000. b: data 3.000, grad 10.000. c = a + b: data 8.000, '
        "grad 10.000. d: data 10.000, grad 8.000. L = c × d: data 80.000, grad 1.000."
    ) in page.output("04-draw-toy")
    assert records(page.output("04-draw-toy")) == {
        ("a", "data 5.000", "grad 10.000"),
        ("b", "data 3.000", "grad 10.000"),
        ("c", "data 8.000", "grad 10.000"),
        ("d", "data 10.000", "grad 8.000"),
        ("L", "data 80.000", "grad 1.000"),
    }


def test_unit_nudges(page):
    assert page.output("04-unit-nudges") == "(90, 90, 90, 88)\n"


def test_the_second_expression(page):
    assert page.output("04-build-chain") == "Value4(data=-8.0, grad=0.0)\n"


def test_step_1_output_and_last_multiplication(page):
    assert page.output("04-step1") == "L.grad: 1.0\nd.grad: -2.0\nf.grad: 4.0\n"
    assert page.output("04-check-step1") == (
        "dL/dL ~ 0.9999999999976694\ndL/df ~ 3.9999999999995595\ndL/dd ~ -1.9999999999953388\n"
    )


def test_step_2_through_the_addition(page):
    assert page.output("04-step2") == "e.grad: -2.0\nc.grad: -2.0\n"
    assert page.output("04-check-step2") == (
        "dL/dc ~ -1.9999999999953388\ndL/de ~ -1.9999999999953388\n"
    )


def test_step_3_through_the_first_multiplication(page):
    assert page.output("04-step3") == "a.grad: 6.0\nb.grad: -4.0\n"
    assert page.output("04-check-step3") == (
        "dL/da ~ 6.000000000021544\ndL/db ~ -4.000000000008441\n"
    )


@pytest.mark.parametrize(
    ("block_id", "expected"),
    [
        (
            "04-draw-chain-empty",
            {"L": ("-8.0000", "0.0000"), "d": ("4.0000", "0.0000"), "a": ("2.0000", "0.0000")},
        ),
        (
            "04-draw-step1",
            {
                "L": ("-8.0000", "1.0000"),
                "d": ("4.0000", "-2.0000"),
                "f": ("-2.0000", "4.0000"),
                "e": ("-6.0000", "0.0000"),
            },
        ),
        (
            "04-draw-step2",
            {"e": ("-6.0000", "-2.0000"), "c": ("10.0000", "-2.0000"), "a": ("2.0000", "0.0000")},
        ),
        (
            "04-draw-step3",
            {"a": ("2.0000", "6.0000"), "b": ("-3.0000", "-4.0000"), "L": ("-8.0000", "1.0000")},
        ),
    ],
)
def test_graphs_g4_to_g6_are_redrawn_after_each_step(page, block_id, expected):
    drawn = records(page.output(block_id))
    assert len(drawn) == 7  # a, b, c, e, d, f, L
    for label, (data, grad) in expected.items():
        assert (label, f"data {data}", f"grad {grad}") in drawn


def test_exercise_nudging_L_itself(page):
    assert page.output("04-ex1") == "0.9999999999976694\n1.0\n"


def test_exercise_two_nudges_at_once(page):
    assert page.output("04-ex2") == "98.0 99\n"


def test_exercise_third_expression(page):
    lines = page.output("04-ex3-fill").splitlines()
    assert lines == [
        "L: manual 1.0, numeric 1.000000",
        "n: manual 1.0, numeric 1.000000",
        "s: manual 1.0, numeric 1.000000",
        "m: manual 4.0, numeric 4.000000",
        "r: manual -6.0, numeric -6.000000",
        "p: manual -8.0, numeric -8.000000",
        "q: manual 12.0, numeric 12.000000",
    ]


def test_exercise_central_differences(page):
    assert page.output("04-ex4") == "forward error 6.0e-04, central error 1.0e-08\n"
