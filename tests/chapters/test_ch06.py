"""Chapter 6 (gradient descent): the numbers the page prints, exactly."""

import pytest


def is_svg(text: str) -> bool:
    return text.lstrip().startswith("<svg") and 'role="img"' in text


def test_learning_rates_on_x_squared(page):
    assert page.output("06-descend") == (
        "η = 0.02  x after 10 steps:  2.6593\n"
        "η = 0.3   x after 10 steps:  0.0004\n"
        "η = 0.9   x after 10 steps:  0.4295\n"
        "η = 1.05  x after 10 steps:  10.3750\n"
    )
    paths = page.namespace["paths"]
    assert paths["η = 0.9"][1] == pytest.approx(-3.2)  # jumps over the minimum
    assert is_svg(page.output("06-descent-plot"))
    assert is_svg(page.output("06-loss-curves"))
    assert (
        "η = 0.3, 10 steps from x = 4 to x = 0.0004194; η = 0.9, 10 steps from x = 4 to "
        "x = 0.4295; η = 1.05, 10 steps from x = 4 to x = 10.37 (leaving the drawn interval)."
    ) in page.output("06-descent-plot")
    assert (
        'aria-label="Loss against training step on a log scale: η = 0.02 from 16 to 7.072 '
        "over 10 steps; η = 0.3 from 16 to 1.759e-07 over 10 steps;"
    ) in page.output("06-loss-curves")


def test_manual_backward_then_one_step(page):
    assert page.output("06-toy-manual") == "80.0 [10.0, 10.0, 8.0]\n"
    assert page.output("06-toy-step") == "77.376\n"


def test_two_steps_give_the_blog_posts_number(page):
    assert page.output("06-toy-step2") == "74.8149472\n"


def test_automatic_backward_then_one_step(page):
    assert page.output("06-toy-auto") == "gradients: [10.0, 10.0, 8.0]\nloss: 67.2\n"


def test_the_lectures_loop(page):
    losses = ["55.87", "45.77", "36.68", "28.42", "20.81", "13.69", "6.91", "0.34"]
    assert page.output("06-toy-loop") == "".join(f"Loss: {loss}\n" for loss in losses)
    assert page.output("06-toy-final") == "-6.158865460472355\n"


BLOG_LOSSES = (
    "74.81 72.31 69.87 67.49 65.16 62.88 60.66 58.48 56.35 54.27 52.23 50.24 48.28 46.37 44.49 "
    "42.65 40.84 39.07 37.33 35.62 33.94 32.29 30.66 29.06 27.48 25.93 24.39 22.88 21.39 19.91 "
    "18.45 17.0 15.57 14.16 12.75 11.36 9.97 8.59 7.22 5.86 4.5 3.15 1.8 0.45"
)


def test_the_blog_posts_loop_with_a_smaller_rate(page):
    first, listing = page.output("06-toy-loop-blog").split("\n", 1)
    assert first == "first step: 77.376, then 44 losses:"
    assert listing.split() == BLOG_LOSSES.split()
    assert all(len(line) <= 60 for line in listing.splitlines())


def test_the_toy_loss_is_unbounded(page):
    assert page.output("06-toy-unbounded") == "-12.72\n-19.46\n-26.53\n-34.05\n-42.19\n"


def test_squared_error_to_a_target_converges(page):
    assert page.output("06-toy-fixed") == (
        "step  0: L =  80.000, error =  900.0000\n"
        "step 10: L =  52.491, error =    6.2063\n"
        "step 20: L =  50.274, error =    0.0752\n"
        "step 30: L =  50.031, error =    0.0010\n"
        "after 40 steps: L = 50.0035\n"
    )


def test_ascent_and_descent_side_by_side(page):
    assert page.output("06-ascent") == "-7.286496, an improvement from previous L = -8.0\n"
    assert page.output("06-descent") == "-8.726304, down from L = -8.0\n"


def test_fitting_a_line(page):
    assert page.output("06-line-data") == "[-1.0, 0.0, 1.0, 2.0, 3.0]\n"
    assert page.output("06-line-fit") == (
        "step   0: loss 3.00e+00\n"
        "step  10: loss 2.55e-01\n"
        "step  50: loss 5.31e-05\n"
        "step 149: loss 4.63e-14\n"
        "w = 2.0000, b0 = 1.0000\n"
    )
    assert is_svg(page.output("06-line-curves"))
    assert (
        "η = 0.3 from 3 to 1.053e-18 over 59 steps; η = 0.9 from 3 to 3.67e-12 over 59 steps; "
        "η = 1.05 from 3 to 7.662e+04 over 59 steps."
    ) in page.output("06-line-curves")
    histories = page.namespace["line_histories"]
    assert list(histories) == ["η = 0.02", "η = 0.3", "η = 0.9", "η = 1.05"]
    assert histories["η = 0.3"][-1] < 1e-15 < histories["η = 0.9"][-1] < 1e-10


def test_exercise_extreme_learning_rates(page):
    assert page.output("06-ex1") == "[4.0, 0.0]\n[4.0, -4.0, 4.0, -4.0, 4.0]\n"


def test_exercise_many_minimisers(page):
    assert page.output("06-ex2") == (
        "(5.0, 3.0, 10.0) -> (3.747, 1.747, 9.1) L = 50.0\n"
        "(1.0, 1.0, 1.0) -> (4.232, 4.232, 5.907) L = 50.0\n"
    )


def test_exercise_ascent_is_descent_on_the_negative(page):
    assert page.output("06-ex3") == "2.965412 2.965412 True\n"
