"""Chapter 9 (backpropagation by hand): path gradients, matrix form, the third-order gap, costs."""

import numpy as np
import pytest

from chainrule.benchmarks import load_benchmark
from tests.expected import (
    SEED_NETWORK_LOSS,
    SEED_NETWORK_SLOPE_ERROR,
    SEED_NETWORK_SLOPES,
    SEED_NETWORK_WEIGHTS,
)
from tests.pages import ROOT

SLOPES = [f"{slope:.4f}" for slope in SEED_NETWORK_SLOPES]  # as the page prints them
NAMES = ["w_11^[1]", "w_21^[1]", "b_1^[1]", "b_2^[1]", "w_11^[2]", "w_12^[2]", "b_1^[2]"]
# L''' along each parameter, the gap it predicts for the 11 nudges and the measured gap.
THIRD_ORDER = [
    ("0.3841", "1.140e-06"),
    ("0.3315", "9.835e-07"),
    ("-0.0056", "-1.657e-08"),
    ("0.4702", "1.395e-06"),
    ("-0.5850", "-1.736e-06"),
    ("0.5069", "1.504e-06"),
    ("-0.1447", "-4.292e-07"),
]


def test_the_network_comes_from_the_package_with_chapter_8s_slopes(page):
    lines = page.output("09-setup").splitlines()
    assert lines[0] == f"total loss {SEED_NETWORK_LOSS:.3f}"
    assert [line.split() for line in lines[1:]] == [
        [name, "perturbation", "slope", slope] for name, slope in zip(NAMES, SLOPES, strict=True)
    ]
    text = (ROOT / "docs/chapters/09-backpropagation.md").read_text(encoding="utf-8")
    assert str(SEED_NETWORK_WEIGHTS[0][0][0]) not in text and "partially_trained_network()" in text


def test_worked_gradients_match_the_slopes(page):
    output_bias, hidden_weight = SLOPES[6], SLOPES[1]  # b_1^[2] and w_21^[1]
    assert page.output("09-check-output-bias") == (
        f"sum of (a_1^[2] - y):  {output_bias}\nperturbation slope:    {output_bias}\n"
    )
    assert page.output("09-check-hidden-weight") == (
        f"path product, summed: {hidden_weight}\nperturbation slope:   {hidden_weight}\n"
    )


def test_two_paths_add_up(page):
    assert page.output("09-two-paths-check") == (
        "path through a_1^[2]: -0.021197\n"
        "path through a_2^[2]: -0.042328\n"
        "sum of the paths:     -0.063525\n"
        "backpropagation:      -0.063525\n"
        "central difference:   -0.063525\n"
    )


def test_matrix_backprop_shapes_and_values(page):
    assert page.output("09-matrix-backprop") == (
        "layer 1: dW (2, 1) for W (2, 1), db (2, 1) for b (2, 1)\n"
        "layer 2: dW (1, 2) for W (1, 2), db (1, 1) for b (1, 1)\n"
    )
    lines = page.output("09-matrix-check").splitlines()
    assert lines[1:8] == [
        f"{name:9} {slope:10.4f} {slope:10.4f} {slope:12.4f}"
        for name, slope in zip(NAMES, SEED_NETWORK_SLOPES, strict=True)
    ]
    assert lines[8] == f"largest difference to the slopes: {SEED_NETWORK_SLOPE_ERROR:.1e}"


def test_the_third_order_term_predicts_the_gap_of_every_slope(page):
    lines = page.output("09-third-order").splitlines()
    assert lines[0] == "sum d^4 / sum d^2 = 1.780e-05"
    rows = [line.split() for line in lines[2:]]
    assert rows == [
        [name, third, gap, gap] for name, (third, gap) in zip(NAMES, THIRD_ORDER, strict=True)
    ]
    namespace = page.namespace
    deltas = np.linspace(-0.005, 0.005, 11)
    assert namespace["nudge_ratio"] == pytest.approx((deltas**4).sum() / (deltas**2).sum())


def test_loss_evaluation_counts_grow_with_the_parameters(page):
    rows = [line.split() for line in page.output("09-count-scaling").splitlines()[1:]]
    assert rows == [[str(p), str(12 * p), str(2 * p), "1"] for p in (7, 13, 25, 97, 321)]


def test_benchmark_table_comes_from_the_committed_file(page):
    bench = load_benchmark("network")
    output = page.output("09-bench-read")
    assert output.startswith(f"measured on: {bench['machine']} on {bench['date']}\n")
    assert "central diff. (s)" in output and "perturbation" not in output
    table = output.splitlines()[4:]
    assert [int(line.split()[0].replace(",", "")) for line in table] == [
        row["n_params"] for row in bench["results"]["scaling"]
    ]


def test_the_benchmark_counts_two_loss_evaluations_per_parameter():
    rows = load_benchmark("network")["results"]["scaling"]
    assert [row["loss_evaluations"] for row in rows] == [2 * row["n_params"] for row in rows]
    assert all(row["central_s"] > row["backprop_s"] for row in rows)


def test_the_committed_times_grow_with_the_network():
    # The committed file is fixed, so this is deterministic; a re-run on a noisy machine that
    # breaks it should be measured again, not committed.
    rows = load_benchmark("network")["results"]["scaling"]
    for column in ("central_s", "backprop_s"):
        times = [row[column] for row in rows]
        assert times == sorted(times), column


def test_figures_are_svg(page):
    figures = [
        "09-pipeline",
        "09-partials-figure",
        "09-path-output-bias",
        "09-path-hidden-weight",
        "09-two-paths-figure",
        "09-two-paths-highlight",
        "09-count-figure",
        "09-bench-figure",
    ]
    for block in figures:
        assert page.output(block).startswith("<svg"), block


# The colours the page's LaTeX uses for each highlighted path, in path order.
PATH_COLOURS = {
    "09-path-output-bias": ["#2f7fe0", "#9b5de5", "#1f9d55", "#e03c3c"],
    "09-path-hidden-weight": ["#d03ad8", "#888888", "#e8710a", "#9b5de5", "#1f9d55", "#e03c3c"],
    "09-two-paths-highlight": ["#2f7fe0", "#e8710a"],
}


@pytest.mark.parametrize("block", PATH_COLOURS)
def test_diagram_colours_match_the_formulas(page, block):
    text = (ROOT / "docs/chapters/09-backpropagation.md").read_text()
    svg = page.output(block)
    for colour in PATH_COLOURS[block]:
        assert colour in svg, (block, colour)
        assert f"\\textcolor{{{colour}}}" in text, colour
    unhighlighted = page.output("09-partials-figure")
    assert not any(colour in unhighlighted for colour in PATH_COLOURS[block])


def test_exercises(page):
    output_weight = SLOPES[4]  # w_11^[2]
    assert page.output("09-ex-output-weight") == (
        f"path rule: {output_weight}   perturbation slope: {output_weight}\n"
    )
    assert page.output("09-ex-wide-nudges") == (
        "measured gap:  1.140e-04\npredicted gap: 1.140e-04\ngrowth: 100.0\n"
    )


def test_no_page_state_leaks_into_the_package(page):
    from chainrule.network import Network

    assert Network.loss is page.namespace["Network"].loss
    assert Network.loss.__qualname__ == "Network.loss"
    assert Network.loss_and_gradients.__qualname__ == "Network.loss_and_gradients"
