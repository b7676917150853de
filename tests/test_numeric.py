"""Tests of chainrule.numeric: the difference formulas, the lecture's numbers, gradient checks."""

from __future__ import annotations

import math

import pytest

from chainrule.numeric import (
    GradientCheck,
    central_difference,
    forward_difference,
    gradient_check,
    numeric_gradient,
    partial_derivative,
    relative_error,
)
from tests.expected import (
    ADD_PARTIAL_AT_2_3,
    ADD_PARTIALS_AT_THREE_POINTS,
    MUL_PARTIALS_AT_THREE_POINTS,
    POLY_PARTIALS,
    SQUARE_FORWARD_DIFFERENCE_AT_3,
)


def square(x):
    return x**2


def cube(x):
    return x**3


def add(x, y):
    return x + y


def mul(x, y):
    return x * y


def test_forward_difference_of_the_square_at_3():
    assert forward_difference(square, 3.0) == SQUARE_FORWARD_DIFFERENCE_AT_3
    assert forward_difference(square, 3, h=1.0) == 7.0


def test_difference_formulas_exactly():
    assert forward_difference(cube, 2.0, h=0.5) == (2.5**3 - 2.0**3) / 0.5
    assert central_difference(cube, 2.0, h=0.5) == (2.5**3 - 1.5**3) / 1.0 == 12.25


def test_central_difference_is_far_more_accurate():
    forward_error = abs(forward_difference(square, 3.0, h=0.1) - 6.0)
    central_error = abs(central_difference(square, 3.0, h=0.1) - 6.0)
    assert forward_error == pytest.approx(0.1, rel=1e-9)
    assert central_error < 1e-13


def test_round_off_wins_for_a_tiny_step():
    assert abs(forward_difference(square, 3.0, h=1e-15) - 6.0) > 0.1


def test_partial_derivatives_of_a_sum():
    assert partial_derivative(add, [2, 3], 0, method="forward") == ADD_PARTIAL_AT_2_3
    assert partial_derivative(add, [2, 3], 1, method="forward") == ADD_PARTIAL_AT_2_3
    points = [(-20, 300), (2, 75), (3, 10)]
    slopes = [partial_derivative(add, p, 0, method="forward") for p in points]
    assert slopes == list(ADD_PARTIALS_AT_THREE_POINTS)


def test_partial_derivatives_of_a_product():
    slopes = [partial_derivative(mul, [x, 3], 0, h=1e-5, method="forward") for x in (-20, 2, 3)]
    assert slopes == list(MUL_PARTIALS_AT_THREE_POINTS)


def test_partial_derivatives_of_three_variables():
    def f(a, b, c):
        return a**2 + b**3 - c

    grads = [partial_derivative(f, [2, 3, 4], i, h=1e-5, method="forward") for i in range(3)]
    assert grads == list(POLY_PARTIALS)
    assert partial_derivative(f, [2, 3, 4], -1, h=1e-5, method="forward") == grads[2]


def test_numeric_gradient_is_the_list_of_partials():
    def f(x, y):
        return x * y + math.sin(x)

    gradient = numeric_gradient(f, (0.5, -2.0))
    assert gradient == [partial_derivative(f, [0.5, -2.0], i) for i in range(2)]
    assert gradient == pytest.approx([-2.0 + math.cos(0.5), 0.5], rel=1e-8)


def test_bad_method_and_index():
    with pytest.raises(ValueError, match="method must be one of"):
        partial_derivative(square, [1.0], 0, method="backward")
    with pytest.raises(IndexError, match="index 2 is out of range for 2 arguments"):
        partial_derivative(lambda x, y: x, [1.0, 2.0], 2)


def test_relative_error():
    assert relative_error(1.0, 1.1) == pytest.approx(0.1 / 1.1)
    assert relative_error(-2.0, 2.0) == 2.0
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(0.0, 1e-3) == 1.0


def test_gradient_check_of_a_smooth_function():
    check = gradient_check(lambda x, y: (x * y).exp() / (1 + y**2), [0.3, -1.2])
    assert isinstance(check, GradientCheck)
    x, y = 0.3, -1.2
    expected = [y * math.exp(x * y) / (1 + y**2),
                math.exp(x * y) * (x * (1 + y**2) - 2 * y) / (1 + y**2) ** 2]
    assert check.analytic == pytest.approx(expected, rel=1e-12)
    assert check.numeric == pytest.approx(expected, rel=1e-8)
    assert check.max_relative_error < 1e-8


def test_gradient_check_flags_a_kink():
    check = gradient_check(lambda x: x.relu(), [0.0])
    assert check.analytic == [0.0]
    assert check.numeric == [0.5]
    assert check.max_relative_error == 1.0
