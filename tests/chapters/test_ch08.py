"""Chapter 8 (a NumPy network): the seed numbers, the loss, perturbation slopes and their cost."""

import re

import numpy as np

from chainrule.examples import partially_trained_network, trained_network
from tests.expected import (
    INTERVAL_DATA_CLASS_1_POINTS,
    SEED_NETWORK_LOSS,
    SEED_NETWORK_LOSS_AFTER_ONE_STEP,
    SEED_NETWORK_MEAN_LOSS,
    SEED_NETWORK_SHIFTS,
    SEED_NETWORK_SLOPE_ERROR,
    SEED_NETWORK_SLOPES,
    TRAINED_NETWORK_LOSS,
    TRAINED_NETWORK_MEAN_LOSS,
)
from tests.pages import ROOT

LOSS = f"{SEED_NETWORK_LOSS:.3f}"
NAMES = [
    "w_{11}^{[1]}",
    "w_{21}^{[1]}",
    "b_1^{[1]}",
    "b_2^{[1]}",
    "w_{11}^{[2]}",
    "w_{12}^{[2]}",
    "b_1^{[2]}",
]


def test_data_and_seed_network(page):
    assert page.output("08-data") == (
        f"X: (1, 51)  y: (1, 51)  class 1 points: {INTERVAL_DATA_CLASS_1_POINTS}\n"
    )
    assert page.output("08-seed-network") == (
        f"Network(sizes=[1, 2, 1], activation='sigmoid') with 7 parameters\nOriginal loss: {LOSS}\n"
    )


def test_the_typed_networks_are_the_package_ones_chapter_9_uses(page):
    for typed, package in [
        (page.namespace["seed_network"], partially_trained_network()),
        (page.namespace["trained_network"], trained_network()),
    ]:
        for mine, theirs in zip(
            typed.weights + typed.biases, package.weights + package.biases, strict=True
        ):
            np.testing.assert_array_equal(mine, theirs)


def test_len_loss_is_the_sum_not_the_mean(page):
    assert page.output("08-len-y") == "len(y) = 1   y.size = 51\n"
    assert page.output("08-loss-len") == f"'mean' with 1 / len(y): {LOSS}\n"
    assert page.output("08-loss-fixed") == (
        f"total log loss: {LOSS}\nmean log loss:  {SEED_NETWORK_MEAN_LOSS:.4f}\n"
    )


def test_saturated_output_breaks_only_the_len_formula(page):
    assert page.output("08-saturated") == (
        "y-hat is exactly 1.0 at 31 points\nloss: nan\nslope for w_11^[2]: nan\n"
    )
    assert page.output("08-saturated-fixed") == "loss: 1025.6731\ndL/dw_11^[2]: 2.2269\n"


def test_stable_sigmoid_does_not_overflow(page):
    assert page.output("08-sigmoid-overflow") == (
        "textbook sigmoid: overflow encountered in exp\nchainrule.network.sigmoid: [0.  0.5 1. ]\n"
    )


def test_global_plot_draws_the_global_network(page):
    seed_fit, global_fit = page.output("08-seed-fit"), page.output("08-trained-fit-global")
    trained_fit = page.output("08-trained-fit")

    def curve(svg):  # the drawing without its alt text and the ids derived from it
        svg = re.sub(r'(id|xlink:href|clip-path|aria-label)="[^"]*"', "", svg)
        return re.sub(r"<(title|desc)>.*?</\1>", "", svg, flags=re.S)

    assert curve(global_fit) == curve(seed_fit) != curve(trained_fit)


def test_fit_descriptions_are_computed(page):
    assert "between 0.09 and 0.92" in page.output("08-seed-fit")
    global_fit = page.output("08-trained-fit-global")
    assert "between 0.09 and 0.92, the partially trained one" in global_fit
    assert "between 0.0001 and 0.9999" in page.output("08-trained-fit")


def test_single_perturbation(page):
    lines = page.output("08-perturb-one").splitlines()
    assert lines[0] == "nudge     loss change"
    assert lines[1].startswith("-0.005  -0.0014") and lines[6] == "+0.000  +0.000000"
    assert lines[-1] == f"slope dL/dw_11^[1] ≈ {SEED_NETWORK_SLOPES[0]:.4f}"


def test_seven_slopes_and_shifts(page):
    lines = page.output("08-perturb-all").splitlines()
    assert [line.split() for line in lines] == [
        [name, "slope", f"{slope:.4f}", "shift", f"{shift:+.6f}"]
        for name, slope, shift in zip(NAMES, SEED_NETWORK_SLOPES, SEED_NETWORK_SHIFTS, strict=True)
    ]


def test_one_step_and_trained_network(page):
    assert page.output("08-one-step") == (
        f"Original loss: {LOSS}\nNew Loss: {SEED_NETWORK_LOSS_AFTER_ONE_STEP:.3f}\n"
    )
    assert page.output("08-trained") == (
        f"Trained network loss: {TRAINED_NETWORK_LOSS:.3f}\n"
        f"(mean over the 51 points: {TRAINED_NETWORK_MEAN_LOSS:.4f})\n"
    )
    assert page.output("08-accuracy") == (
        "partially trained  51 of 51 points correct\ntrained            51 of 51 points correct\n"
    )


def test_loss_evaluations_of_one_perturbation_step(page):
    assert page.output("08-count-step") == (
        "loss evaluations for one step: 84\n"
        "  with a nudged parameter: 77 = 7 parameters x 11 nudges\n"
        "  of the unchanged network: 7\n"
    )


def test_the_name_network_is_bound_once_for_the_global_plot_demonstration():
    source = (ROOT / "docs/chapters/08-numpy-network.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^\s*network = ", source, flags=re.M)) == 1
    assert not re.search(r"for [^\n]*\bnetwork\b[^\n]* in ", source)


def test_figures_are_svg(page):
    figures = [
        "08-notation-figure",
        "08-small-network-figure",
        "08-seed-fit",
        "08-perturb-one-figure",
        "08-perturb-grid",
        "08-trained-fit-global",
        "08-trained-fit",
    ]
    for block in figures:
        assert page.output(block).startswith("<svg"), block


def test_weight_labels_name_destination_then_source(page):
    svg = page.output("08-small-network-figure")
    for index in ("11", "21", "12"):
        assert f">{index}<" in svg, index


def test_exercises(page):
    lines = page.output("08-ex-central").splitlines()
    assert lines[0] == "loss evaluations: 14"
    assert lines[1] == f"central differences: {list(SEED_NETWORK_SLOPES)}"
    assert lines[2] == f"largest difference to the slopes: {SEED_NETWORK_SLOPE_ERROR:.1e}"
    assert page.output("08-ex-mean") == (
        "slope of the mean loss: 0.005898\ntotal / mean: 51.0\nsame step needs lr = 0.102\n"
    )


def test_no_page_state_leaks_into_the_package(page):
    from chainrule.network import Network

    assert Network.loss is page.namespace["Network"].loss
    assert Network.loss.__qualname__ == "Network.loss"  # the counting wrapper was removed
