"""Chapter 8 (a NumPy network): the lecture's numbers, the path gradients, the costs."""

import re

import pytest

from chainrule.benchmarks import load_benchmark
from tests.pages import ROOT

SLOPES = ["0.3008", "0.3357", "0.2640", "-0.1149", "-1.0156", "1.3276", "-0.6996"]
SHIFTS = ["-0.000602", "-0.000671", "-0.000528", "+0.000230", "+0.002031", "-0.002655", "+0.001399"]
NAMES = ["w_1^{[1]}", "w_2^{[1]}", "b_1^{[1]}", "b_2^{[1]}", "w_1^{[2]}", "w_2^{[2]}", "b_1^{[2]}"]


def test_data_and_seed_network(page):
    assert page.output("08-data") == "X: (1, 51)  y: (1, 51)  class 1 points: 26\n"
    assert page.output("08-seed-network") == (
        "Network(sizes=[1, 2, 1], activation='sigmoid') with 7 parameters\n"
        "Original loss: 12.017\n"
    )


def test_lecture_loss_is_the_sum_not_the_mean(page):
    assert page.output("08-len-y") == "len(y) = 1   y.size = 51\n"
    assert page.output("08-loss-lecture") == "lecture's 'mean': 12.017\n"
    assert page.output("08-loss-fixed") == "total log loss: 12.017\nmean log loss:  0.2356\n"


def test_saturated_output_breaks_only_the_lecture_formula(page):
    assert page.output("08-saturated") == (
        "y-hat is exactly 1.0 at 31 points\nloss: nan\nslope for w_1^[2]: nan\n"
    )
    assert page.output("08-saturated-fixed") == "loss: 1025.6731\ndL/dw_1^[2]: 2.2269\n"


def test_stable_sigmoid_does_not_overflow(page):
    assert page.output("08-sigmoid-overflow") == (
        "lecture's sigmoid: overflow encountered in exp\n"
        "chainrule.network.sigmoid: [0.  0.5 1. ]\n"
    )


def test_lecture_plot_draws_the_global_network(page):
    seed_fit, lecture_fit = page.output("08-seed-fit"), page.output("08-trained-fit-lecture")
    trained_fit = page.output("08-trained-fit")

    def curve(svg):  # the drawing without its alt text and the ids derived from it
        svg = re.sub(r'(id|xlink:href|clip-path|aria-label)="[^"]*"', "", svg)
        return re.sub(r"<(title|desc)>.*?</\1>", "", svg, flags=re.S)

    assert curve(lecture_fit) == curve(seed_fit) != curve(trained_fit)


def test_single_perturbation(page):
    lines = page.output("08-perturb-one").splitlines()
    assert lines[0] == "nudge     loss change"
    assert lines[1].startswith("-0.005  -0.0014") and lines[6] == "+0.000  +0.000000"
    assert lines[-1] == "slope dL/dw_1^[1] ≈ 0.3008"


def test_seven_slopes_and_shifts(page):
    lines = page.output("08-perturb-all").splitlines()
    assert [line.split() for line in lines] == [
        [name, "slope", slope, "shift", shift]
        for name, slope, shift in zip(NAMES, SLOPES, SHIFTS, strict=True)
    ]


def test_one_step_and_trained_network(page):
    assert page.output("08-one-step") == "Original loss: 12.017\nNew Loss: 12.010\n"
    assert page.output("08-trained") == (
        "Trained network loss: 0.347\n(mean over the 51 points: 0.0068)\n"
    )
    assert page.output("08-accuracy") == (
        "partially trained  51 of 51 points correct\n"
        "trained            51 of 51 points correct\n"
    )


def test_loss_evaluations_of_one_perturbation_step(page):
    assert page.output("08-count-step") == (
        "loss evaluations for one step: 84\n"
        "  with a nudged parameter: 77 = 7 parameters x 11 nudges\n"
        "  of the unchanged network: 7\n"
    )


def test_worked_gradients_match_the_slopes(page):
    assert page.output("08-check-output-bias") == (
        "sum of (a_1^[2] - y):  -0.6996\nperturbation slope:    -0.6996\n"
    )
    assert page.output("08-check-hidden-weight") == (
        "path product, summed: 0.3357\nperturbation slope:   0.3357\n"
    )


def test_two_paths_add_up(page):
    assert page.output("08-two-paths-check") == (
        "path through a_1^[2]: -0.021197\n"
        "path through a_2^[2]: -0.042328\n"
        "sum of the paths:     -0.063525\n"
        "backpropagation:      -0.063525\n"
        "central difference:   -0.063525\n"
    )


def test_matrix_backprop_shapes_and_values(page):
    assert page.output("08-matrix-backprop") == (
        "layer 1: dW (2, 1) for W (2, 1), db (2, 1) for b (2, 1)\n"
        "layer 2: dW (1, 2) for W (1, 2), db (1, 1) for b (1, 1)\n"
    )
    lines = page.output("08-matrix-check").splitlines()
    assert lines[1:8] == [
        f"{name:10} {float(s):10.4f} {float(s):10.4f} {float(s):12.4f}"
        for name, s in zip(NAMES, SLOPES, strict=True)
    ]
    assert lines[8] == "largest difference to the slopes: 1.7e-06"


def test_loss_evaluation_counts_grow_with_the_parameters(page):
    rows = [line.split() for line in page.output("08-count-scaling").splitlines()[1:]]
    assert rows == [
        [str(p), str(12 * p), str(2 * p), "1"] for p in (7, 13, 25, 97, 321)
    ]


def test_benchmark_table_comes_from_the_committed_file(page):
    bench = load_benchmark("network")
    output = page.output("08-bench-read")
    assert output.startswith(f"measured on: {bench['machine']} on {bench['date']}\n")
    table = output.splitlines()[4:]
    assert [int(line.split()[0].replace(",", "")) for line in table] == [
        row["n_params"] for row in bench["results"]["scaling"]
    ]


def test_figures_are_svg(page):
    figures = [
        "08-notation-figure", "08-small-network-figure", "08-seed-fit", "08-perturb-one-figure",
        "08-perturb-grid", "08-trained-fit-lecture", "08-trained-fit", "08-pipeline",
        "08-partials-figure",
        "08-path-output-bias", "08-path-hidden-weight", "08-two-paths-figure",
        "08-two-paths-highlight", "08-count-figure", "08-bench-figure",
    ]
    for block in figures:
        assert page.output(block).startswith("<svg"), block



# The colours the page's LaTeX uses for each highlighted path, in path order.
PATH_COLOURS = {
    "08-path-output-bias": ["#2f7fe0", "#9b5de5", "#1f9d55", "#e03c3c"],
    "08-path-hidden-weight": ["#d03ad8", "#888888", "#e8710a", "#9b5de5", "#1f9d55", "#e03c3c"],
    "08-two-paths-highlight": ["#2f7fe0", "#e8710a"],
}


@pytest.mark.parametrize("block", PATH_COLOURS)
def test_diagram_colours_match_the_formulas(page, block):
    text = (ROOT / "docs/chapters/08-numpy-network.md").read_text()
    svg = page.output(block)
    for colour in PATH_COLOURS[block]:
        assert colour in svg, (block, colour)
        assert f"\\textcolor{{{colour}}}" in text, colour
    unhighlighted = page.output("08-partials-figure")
    assert not any(colour in unhighlighted for colour in PATH_COLOURS[block])


def test_exercises(page):
    assert page.output("08-ex-output-weight") == (
        "path rule: -1.0156   perturbation slope: -1.0156\n"
    )
    lines = page.output("08-ex-central").splitlines()
    assert lines[0] == "loss evaluations: 14"
    assert lines[1] == (
        "central differences: [0.3008, 0.3357, 0.264, -0.1149, -1.0156, 1.3276, -0.6996]"
    )
    assert lines[2] == "largest difference to backprop: 2e-10"
    assert page.output("08-ex-mean") == (
        "slope of the mean loss: 0.005898\ntotal / mean: 51.0\nsame step needs lr = 0.102\n"
    )


def test_no_page_state_leaks_into_the_package(page):
    from chainrule.network import Network

    assert Network.loss is page.namespace["Network"].loss
    assert Network.loss.__qualname__ == "Network.loss"  # the counting wrapper was removed
