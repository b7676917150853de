"""Chapter 2 (partial derivatives and the gradient): the numbers the page prints, exactly."""

from tests.expected import (
    ADD_PARTIAL_AT_2_3,
    ADD_PARTIALS_AT_THREE_POINTS,
    MUL_PARTIALS_AT_THREE_POINTS,
    POLY_PARTIALS,
)


def test_addition_values(page):
    assert page.output("02-add") == "5\n5.000001\n"


def test_addition_partials(page):
    assert page.output("02-add-partials") == f"{ADD_PARTIAL_AT_2_3!r}\n" * 2


def test_addition_partial_at_three_points(page):
    at_three_points = ADD_PARTIALS_AT_THREE_POINTS
    assert page.output("02-add-points") == (
        f"x=-20, y=300: {at_three_points[0]!r}\n"
        f"x=2, y=75: {at_three_points[1]!r}\n"
        f"x=3, y=10: {at_three_points[2]!r}\n"
    )


def test_addition_passes_a_big_integer_step_exactly(page):
    assert page.output("02-add-exact") == "True\nTrue\n"


def test_multiplication_partial(page):
    at_minus_20, at_2, at_3 = MUL_PARTIALS_AT_THREE_POINTS
    assert page.output("02-mul") == f"{at_2!r}\n"
    assert page.output("02-mul-points") == (
        f"x=-20, y=3: {at_minus_20!r}\nx=2, y=3: {at_2!r}\nx=3, y=3: {at_3!r}\n"
    )


def test_multiplication_big_step(page):
    assert page.output("02-mul-big-step") == "3.0 3\n"


def test_three_variables(page):
    assert page.output("02-poly") == "27\n"
    assert page.output("02-poly-step-one") == "32\n5\n5.0\n"
    assert page.output("02-poly-dx") == f"{POLY_PARTIALS[0]!r}\n"


def test_gradient_helpers(page):
    assert page.output("02-gradient") == f"{POLY_PARTIALS[0]!r}\n[4.0, 27.0, -1.0]\n"


def test_cs231n_reading(page):
    assert page.output("02-cs231n") == "∂f/∂x = -3, ∂f/∂y = 4\n"
    assert page.output("02-cs231n-nudge") == "-0.0300\n0.0400\n"


def test_gradient_drawn_over_the_level_curves(page):
    svg = page.output("02-gradient-plot")
    assert svg.lstrip().startswith("<svg") and 'role="img"' in svg
    assert 'aria-label="Level curves of f = x*y for x and y from -6 to 6' in svg
    assert "currentColor" in svg  # axes and arrow follow the light or dark scheme


def test_exercise_other_partials(page):
    assert page.output("02-ex-partials") == f"{POLY_PARTIALS[1]!r}\n{POLY_PARTIALS[2]!r}\n"


def test_exercise_gradient_by_hand(page):
    assert page.output("02-ex-gradient") == "2 5\n"


def test_exercise_big_step_not_exact_for_a_square(page):
    assert page.output("02-ex-big-step") == "14.0\n"
