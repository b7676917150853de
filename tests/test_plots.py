"""Tests for chainrule.plots: matplotlib figures as deterministic, accessible, theme-aware SVG."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from chainrule import plots
from chainrule._svg import PALETTE
from chainrule.plots import (
    plot_cost_scaling,
    plot_decision_boundary,
    plot_delta,
    plot_descent,
    plot_difference_errors,
    plot_function_and_derivative,
    plot_loss_curves,
    plot_network_fit,
    plot_perturbation,
    plot_perturbation_grid,
    plot_tangent,
    to_svg,
)
from tests.expected import SEED_NETWORK_SLOPES

SVG = "{http://www.w3.org/2000/svg}"
DELTAS = np.linspace(-0.005, 0.005, 11)
TITLES = [
    "$w_1^{[1]}$",
    "$w_2^{[1]}$",
    "$b_1^{[1]}$",
    "$b_2^{[1]}$",
    "$w_1^{[2]}$",
    "$w_2^{[2]}$",
    "$b_1^{[2]}$",
]
PANELS = [
    (title, DELTAS, slope * DELTAS + 20 * DELTAS**2)
    for title, slope in zip(TITLES, SEED_NETWORK_SLOPES, strict=True)
]
X_1D = np.linspace(-1, 1, 51).reshape(1, 51)
Y_1D = ((X_1D < -0.5) | (X_1D > 0.5)).astype(float)
MOONS = np.array([[0.0, 0.0], [1.0, 0.5], [0.2, 1.0], [1.5, -0.5]])


def square(x):
    return x**2


def small_figure():
    fig = Figure(figsize=(2, 2))
    fig.subplots().plot([0, 1], [1, 0], color="black")
    return fig


FIGURES = {
    "to_svg": lambda: to_svg(small_figure(), "A falling line"),
    "plot_delta": lambda: plot_delta(square, x=2, h=1),
    "plot_function_and_derivative": lambda: plot_function_and_derivative(
        square, lambda x: 2 * x, -3, 3, num=20
    ),
    "plot_tangent": lambda: plot_tangent(square, 3, 6, 0, 5, num=20),
    "plot_difference_errors": lambda: plot_difference_errors(
        [1e-1, 1e-5, 1e-15], {"forward": [1e-1, 1e-5, 0.67], "central": [5e-15, 4e-11, 0.67]}
    ),
    "plot_descent": lambda: plot_descent(
        square, {"η = 0.1": [2.0, 1.6, 1.28], "η = 1.1": [2.0, -2.4, 2.88]}, -3, 3, num=20
    ),
    "plot_loss_curves": lambda: plot_loss_curves({"a": [80, 67.2, 55.87], "b": [80, 40]}, log=True),
    "plot_network_fit": lambda: plot_network_fit(X_1D, Y_1D, 0.5 + 0 * X_1D),
    "plot_perturbation": lambda: plot_perturbation(
        DELTAS, SEED_NETWORK_SLOPES[0] * DELTAS, TITLES[0]
    ),
    "plot_perturbation_grid": lambda: plot_perturbation_grid(PANELS),
    "plot_decision_boundary": lambda: plot_decision_boundary(
        lambda P: P[:, 0] - P[:, 1], MOONS, [0, 1, 0, 1], threshold=0.0, resolution=12
    ),
    "plot_cost_scaling": lambda: plot_cost_scaling(
        [10, 100, 1000],
        {"perturbation": [1e-3, 1e-2, 1e-1], "backprop": [1e-4, 2e-4, 4e-4]},
        "seconds per gradient",
    ),
}


@pytest.fixture(scope="module")
def rendered():
    """Every figure rendered twice, so the checks below share the (slow) rendering."""
    return {name: (make(), make()) for name, make in FIGURES.items()}


@pytest.mark.parametrize("name", FIGURES)
def test_same_input_gives_identical_bytes(rendered, name):
    first, second = rendered[name]
    assert first == second


@pytest.mark.parametrize("name", FIGURES)
def test_svg_is_accessible_dateless_transparent_and_themed(rendered, name):
    svg = rendered[name][0]
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    assert root[0].tag == f"{SVG}title" and root[0].text == root.get("aria-label")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<metadata" not in svg
    assert "Date" not in svg and "dc:date" not in svg
    assert "#ffffff" not in svg.lower() and "#000000" not in svg
    assert "currentColor" in svg and "fill:currentColor" in root.get("style")
    assert "max-width:100%" in root.get("style")
    assert "<text" not in svg  # text is drawn as paths: no font needed


def test_width_suits_a_web_page(rendered):
    for name, (svg, _) in rendered.items():
        width = float(ET.fromstring(svg).get("width").removesuffix("pt")) / 72
        assert 1.5 <= width <= 8.5, name


# A reader's own settings, none of them matplotlib's default.
READER_RC = {"svg.hashsalt": "a reader's salt", "svg.fonttype": "none", "font.size": 17.0}


@pytest.mark.parametrize("name", ["to_svg", "plot_delta"])
def test_rc_params_are_left_as_they_were(name):
    with matplotlib.rc_context(READER_RC):
        FIGURES[name]()
        assert {key: matplotlib.rcParams[key] for key in READER_RC} == READER_RC


def test_a_readers_rc_params_do_not_change_the_figures(rendered):
    with matplotlib.rc_context(READER_RC):
        assert FIGURES["plot_delta"]() == rendered["plot_delta"][0]


def test_same_bytes_in_a_fresh_process_with_another_hash_seed():
    code = "from chainrule.plots import plot_delta; print(plot_delta(lambda x: x**2, 2, 1))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1")
    }
    assert outputs == {plot_delta(square, 2, 1) + "\n"}


def test_to_svg_closes_pyplot_figures():
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    to_svg(fig, "An empty figure")
    assert not plt.fignum_exists(fig.number)


def test_to_svg_needs_a_figure_and_alt_text():
    with pytest.raises(TypeError, match="Figure"):
        to_svg("not a figure", "alt")
    with pytest.raises(ValueError, match="alt"):
        to_svg(small_figure(), "")


def label_of(svg: str) -> str:
    root = ET.fromstring(svg)
    assert root[0].text == root.get("aria-label")
    return root.get("aria-label")


def test_plot_delta_describes_the_curve_and_its_marked_step():
    assert label_of(plot_delta(square, x=2, h=1)) == (
        "Graph of f(x) for x from -4 to 4, f(x) from 0.01902 to 16. Red legs from (2, 4) "
        "across to (3, 4) and up to (3, 9): Δx = 1, Δy = 5."
    )
    assert "(-2, 4) across to (-1.5, 4) and down to (-1.5, 2.25)" in label_of(
        plot_delta(square, x=-2, h=0.5)
    )


def test_default_alt_texts_quote_the_numbers():
    assert label_of(plot_tangent(square, 3, 6, 0, 5, num=6)) == (
        "Graph of f(x) for x from 0 to 5, f(x) from 0 to 25, with its tangent line "
        "(red, dashed) at the marked point (3, 9), slope 6."
    )
    assert label_of(plot_difference_errors([0.1, 0.01], {"forward": [0.1, 0.01]})) == (
        "Absolute error of forward differences against the step h from 0.01 to 0.1, log-log: "
        "forward from 0.01 to 0.1, smallest at h = 0.01."
    )
    assert label_of(plot_loss_curves({"η = 0.1": [4.0, 1.0, 0.25]}, log=True)) == (
        "Loss against training step on a log scale: η = 0.1 from 4 to 0.25 over 2 steps."
    )
    assert label_of(plot_descent(square, {"η = 0.1": [2, 1.6, 5]}, -3, 3, num=7)) == (
        "Gradient descent on the curve of f(x) for x from -3 to 3, f(x) from 0 to 9, each "
        "step a marked point: η = 0.1, 2 steps from x = 2 to x = 5 (leaving the drawn interval)."
    )
    first_slope = SEED_NETWORK_SLOPES[0]
    label = label_of(plot_perturbation(DELTAS, first_slope * DELTAS, "$w_1^{[1]}$"))
    assert f"w_1^[1] (from -0.005 to 0.005): fitted slope {first_slope:.4f}" in label
    assert "learning rate 0.002" in label
    label = label_of(plot_perturbation_grid(PANELS))
    names = ["w_1^[1]", "w_2^[1]", "b_1^[1]", "b_2^[1]", "w_1^[2]", "w_2^[2]", "b_1^[2]"]
    slopes = [f"{name} {slope:.4f}" for name, slope in zip(names, SEED_NETWORK_SLOPES, strict=True)]
    assert label.endswith(", ".join(slopes))


def test_to_svg_describes_the_axes_by_default():
    fig = small_figure()
    fig.axes[0].set(xlabel="x", ylabel="$y^2$", xlim=(0, 2), ylim=(-1, 4), title="Squares")
    assert label_of(to_svg(fig)) == "Plot of Squares: y^2 from -1 to 4 against x from 0 to 2"


def test_log_axes_leave_out_values_they_cannot_draw(monkeypatch):
    figures = []
    monkeypatch.setattr(plots, "to_svg", lambda fig, alt: figures.append(fig))
    plot_loss_curves({"exact": [4.0, 1.0, 0.0, 0.0]}, log=True)
    plot_difference_errors([0.1, 0.01], {"exact": [1e-3, 0.0]})
    (loss_line,), (error_line,) = (fig.axes[0].get_lines() for fig in figures)
    assert np.isnan(loss_line.get_ydata()).tolist() == [False, False, True, True]
    assert np.isnan(error_line.get_ydata()).tolist() == [False, True]


def test_given_alt_text_is_used():
    svg = plot_loss_curves({"run": [3, 2, 1]}, alt='Loss falls from 3 to 1 & "stops"')
    assert ET.fromstring(svg).get("aria-label") == 'Loss falls from 3 to 1 & "stops"'


def test_perturbation_arrow_is_the_gradient_step():
    ax = Figure().subplots()
    changes = 0.5 * DELTAS + 3 * DELTAS**2
    slope = plots._draw_perturbation(ax, DELTAS, changes, "w", lr=0.1)
    assert slope == pytest.approx(0.5)
    (arrow,) = ax.texts
    assert arrow.xy == pytest.approx((-0.05, -0.025))
    assert arrow.xyann == (0, 0)


def test_perturbation_grid_turns_spare_axes_off(monkeypatch):
    figures = []
    monkeypatch.setattr(plots, "to_svg", lambda fig, alt: figures.append(fig))
    plot_perturbation_grid(PANELS[:5])
    (fig,) = figures
    assert [ax.axison for ax in fig.axes] == [True] * 5 + [False] * 3
    assert [ax.get_title() for ax in fig.axes[:5]] == TITLES[:5]


def test_highlight_colours_are_the_theme_palette(rendered):
    assert PALETTE["red"] in rendered["plot_delta"][0]
    assert PALETTE["blue"] in rendered["plot_network_fit"][0]
    assert PALETTE["red"] in rendered["plot_network_fit"][0]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: plot_delta(square, 1, 1, start=2, stop=2), "start must be less than stop"),
        (lambda: plot_tangent(square, 1, 2, 0, 1, num=1), "num must be at least 2"),
        (lambda: plot_difference_errors([0.1, 0], {"f": [1, 1]}), "positive"),
        (lambda: plot_difference_errors([0.1, 0.2], {"f": [1]}), "errors\\['f'\\] has 1 values"),
        (lambda: plot_network_fit(X_1D, Y_1D[:, :50], X_1D), "y has 50 values, expected 51"),
        (lambda: plot_perturbation(DELTAS, DELTAS[:5], "w"), "changes has 5 values"),
        (lambda: plot_perturbation_grid(PANELS + PANELS[:2]), "1 to 8 panels"),
        (lambda: plot_decision_boundary(lambda P: P[:, 0], MOONS[:, 0], [0, 1, 0, 1]), "(n, 2)"),
        (lambda: plot_decision_boundary(lambda P: P[:, 0], MOONS, [0, 1, 2, 1]), "two classes"),
        (
            lambda: plot_decision_boundary(lambda P: P[:3, 0], MOONS, [0, 1, 0, 1], resolution=4),
            "predict\\(grid\\) has 3 values, expected 16",
        ),
        (lambda: plot_cost_scaling([0, 10], {"a": [1, 2]}, "s"), "n_params must be positive"),
    ],
)
def test_bad_input_names_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
