"""Chapter 1 (derivatives, numerically): the numbers the page prints, exactly."""

import pytest

from tests.expected import SQUARE_FORWARD_DIFFERENCE_AT_3


def test_shifting_the_input(page):
    assert page.output("01-shift") == (
        "If we shift input by 10, output becomes 169.0\n"
        "If we shift input by 1, output becomes 16.0\n"
        "If we shift input by 0.1, output becomes 9.610000000000001\n"
        "If we shift input by 0, output becomes 9.0\n"
    )


def test_delta_x_and_delta_y(page):
    assert page.output("01-delta") == (
        "Δx: 1.0\nΔy: 7.0\nWhen you change x by 1.0 unit, y changes by 7.0 units.\n"
    )


@pytest.mark.parametrize(
    ("block_id", "printed"),
    [
        ("01-rate-3-1", "Rate of change is 7.0\n"),
        ("01-rate-3-05", "Rate of change is 6.5\n"),
        ("01-rate-1-1", "Rate of change is 3.0\n"),
        ("01-rate-m2-05", "Rate of change is -3.5\n"),
    ],
)
def test_rates_of_change(page, block_id, printed):
    assert page.output(block_id) == printed


def test_rate_of_change_helper_gives_delta_y_over_delta_x(page):
    assert page.output("01-rate-def") == "7.0\n"


LEGS = "Graph of f(x) for x from -4 to 4, f(x) from 0.01902 to 16. Red legs from"


@pytest.mark.parametrize(
    ("block_id", "alt_start"),
    [
        ("01-delta-plot", f"{LEGS} (2, 4) across to (3, 4) and up to (3, 9): Δx = 1, Δy = 5."),
        ("01-rate-3-1-plot", f"{LEGS} (3, 9) across to (4, 9) and up to (4, 16): Δx = 1, Δy = 7."),
        ("01-rate-3-05-plot", f"{LEGS} (3, 9) across to (3.5, 9) and up to (3.5, 12.25)"),
        ("01-rate-1-1-plot", f"{LEGS} (1, 1) across to (2, 1) and up to (2, 4): Δx = 1, Δy = 3."),
        ("01-rate-m2-05-plot", f"{LEGS} (-2, 4) across to (-1.5, 4) and down to (-1.5, 2.25)"),
        ("01-derivative-plot", "f(x) (solid) and f′(x) (dashed) for x from -4 to 4: f(x) from"),
        ("01-tangent-plot", "Graph of f(x) for x from -1 to 5, f(x) from 2.525e-05 to 25, with "
         "its tangent line (red, dashed) at the marked point (3, 9), slope 6."),
        ("01-errors-plot", "Absolute error of forward, central differences against the step h "
         "from 1e-15 to 0.1, log-log: forward from 3.646e-08 to 0.6709, smallest at h = 1e-08; "
         "central from 5.329e-15 to 0.6709, smallest at h = 0.1."),
    ],
)
def test_figures_are_svg_with_their_alt_text(page, block_id, alt_start):
    svg = page.output(block_id)
    assert svg.lstrip().startswith("<svg") and 'role="img"' in svg
    assert f'aria-label="{alt_start}' in svg


def test_limit_with_a_small_step(page):
    slope = repr(SQUARE_FORWARD_DIFFERENCE_AT_3)
    assert page.output("01-limit") == f"The value of derivative function is {slope}\n"
    assert page.output("01-forward-difference") == f"{slope}\n"


def test_derivative_is_a_function(page):
    assert page.output("01-slope-table") == (
        "x = -2:  slope ≈ -3.999999   2x = -4\n"
        "x = -1:  slope ≈ -1.999999   2x = -2\n"
        "x =  0:  slope ≈  0.000001   2x = 0\n"
        "x =  1:  slope ≈  2.000001   2x = 2\n"
        "x =  2:  slope ≈  4.000001   2x = 4\n"
        "x =  3:  slope ≈  6.000001   2x = 6\n"
    )


def test_central_beats_forward_at_a_coarse_step(page):
    assert page.output("01-central") == "forward: 6.100000000000012\ncentral: 6.000000000000005\n"


def test_error_table_shows_truncation_and_round_off(page):
    rows = page.output("01-errors").splitlines()
    assert rows[0] == "     h    forward    central"
    assert len(rows) == 16
    assert rows[1] == " 1e-01    1.0e-01    5.3e-15"
    assert rows[5] == " 1e-05    1.0e-05    3.9e-11"
    assert rows[15] == " 1e-15    6.7e-01    6.7e-01"


def test_exercise_cube(page):
    assert page.output("01-ex-cube") == "12.00000000021184 12\n"


def test_exercise_rates_explained(page):
    assert page.output("01-ex-rates") == (
        "x =  3, h = 1: measured 7.0, predicted 7\n"
        "x =  3, h = 0.5: measured 6.5, predicted 6.5\n"
        "x =  1, h = 1: measured 3.0, predicted 3\n"
        "x = -2, h = 0.5: measured -3.5, predicted -3.5\n"
    )


def test_exercise_best_step(page):
    assert page.output("01-ex-best-step") == "best h: 1e-08 (error 3.6e-08)\nsqrt(eps): 1.5e-08\n"


def test_central_difference_round_off_optimum_for_sin(page):
    rows = page.output("01-errors-sin").splitlines()[1:]
    errors = {step: float(error) for step, error in (row.split() for row in rows)}
    assert errors["1e-01"] == 9.0e-04 and errors["1e-05"] == 1.1e-11
    assert min(errors, key=errors.get) == "1e-05"  # near eps ** (1/3), about 6e-06
