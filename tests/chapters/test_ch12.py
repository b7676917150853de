"""Chapter 12 (an MLP that learns): the printed results of its deterministic runs."""

import re
from itertools import pairwise

from chainrule.benchmarks import load_benchmark


def test_neuron_and_layer(page):
    assert page.output("12-neuron") == (
        "weights: [0.6888, 0.5159, -0.1589]\n"
        "output for [2, 3, -1]: Value(data=3.0842706620803173, grad=0.0)\n"
    )
    assert page.output("12-layer") == "outputs for [2, 3, -1]: [3.0843, 0.0, 0.0019, 2.7728]\n"


def test_page_local_mlp(page):
    assert page.output("12-classes") == (
        "parameters: 41\noutput for [2, 3, -1]: Value(data=-1.4149071651833722, grad=0.0)\n"
    )
    assert page.output("12-tiny-data") == (
        "predictions: [-1.4149, 0.0, -0.0594, -0.8051]\nloss: 10.9749\n"
    )


def losses_printed(output):
    """The twenty losses of a four-point training block, as printed (two rows of ten)."""
    rows = output.splitlines()[:2]
    assert [row[:16] for row in rows] == ["steps  0 to  9: ", "steps 10 to 19: "]
    return [value for row in rows for value in row[16:].split()]


def test_with_zero_grad_the_loss_falls_every_step(page):
    output = page.output("12-zero-grad")
    assert losses_printed(output) == [
        "10.975",
        "3.331",
        "2.888",
        "2.437",
        "2.041",
        "1.733",
        "1.486",
        "1.279",
        "1.093",
        "0.934",
        "0.789",
        "0.667",
        "0.560",
        "0.468",
        "0.395",
        "0.331",
        "0.280",
        "0.240",
        "0.208",
        "0.183",
    ]
    assert output.splitlines()[2] == "predictions: [1.024, -0.605, -0.988, 0.891]"
    losses = page.namespace["tiny_losses"]
    assert all(later < earlier for earlier, later in pairwise(losses))


def test_package_mlp_matches_the_page_mlp(page):
    assert page.output("12-package-mlp") == (
        "Layer of [ReLUNeuron(3), ReLUNeuron(3), ReLUNeuron(3), ReLUNeuron(3)]\n"
        "Layer of [ReLUNeuron(4), ReLUNeuron(4), ReLUNeuron(4), ReLUNeuron(4)]\n"
        "Layer of [LinearNeuron(4)]\n"
        "same weights: True\n"
        "same outputs: True\n"
    )


def test_moons_and_the_stable_loss(page):
    assert page.output("12-moons") == "X: (100, 2)  y: (100,)  per class: [50, 50]\n"
    assert page.output("12-log-loss") == "0.6931471805599453\n"
    loss = page.namespace["log_loss_from_logit"]
    value = page.namespace["Value"]
    assert loss(value(-800.0), 1.0).data == 800.0 and loss(value(800.0), 1.0).data == 0.0


def test_training_on_the_moons(page):
    assert page.output("12-moons-model") == "parameters: 337\n"
    assert page.output("12-train-value") == (
        "step  0: loss 0.5572, accuracy 76%\n"
        "step 10: loss 0.2126, accuracy 91%\n"
        "step 20: loss 0.1135, accuracy 98%\n"
        "after 30 steps: loss 0.0662, accuracy 99%\n"
    )
    assert page.output("12-boundary-check") == "accuracy of the copied network: 99%\n"


def test_three_engines_take_the_same_steps(page):
    for block in ("12-network-engine", "12-torch-engine"):
        first, difference = page.output(block).splitlines()
        assert first == "first losses: [0.55715, 0.360413, 0.327796]"
        assert float(difference.split(": ")[1]) < 1e-12
    value_losses = page.namespace["value_losses"]
    assert len(value_losses) == 30 and value_losses[-1] < 0.08


def test_speeds_come_from_the_benchmark_files(page):
    bench = load_benchmark("network")
    output = page.output("12-bench").splitlines()
    assert output[0] == f"measured on: {bench['machine']} on {bench['date']}"
    engines = bench["results"]["engines"]
    rows = [
        ("chainrule.Value (chainrule.nn.MLP)", "value_mlp_step_s"),
        ("chainrule.network (NumPy)", "network_step_s"),
        ("PyTorch (float64, CPU)", "torch_step_s"),
    ]
    assert output[1] == "versions:    " + ", ".join(
        f"{name} {version}" for name, version in bench["versions"].items()
    )
    assert output[3].split() == ["engine", "ms", "per", "step", "x", "fastest"]
    fastest = min(engines.values())
    for line, (engine, key) in zip(output[4:], rows, strict=True):
        assert line == f"{engine:35} {engines[key] * 1e3:11.3f} {engines[key] / fastest:10.0f}"
    assert output[5].endswith(" 1")  # NumPy is the fastest on this model
    engine = load_benchmark("engine")
    engine_output = page.output("12-engine-bench").splitlines()
    assert engine_output[0] == f"measured on: {engine['machine']} on {engine['date']}"
    assert engine_output[1] == "versions:    " + ", ".join(
        f"{name} {version}" for name, version in engine["versions"].items()
    )
    ratio = engine["results"]["ratio"]
    assert engine_output[4] == f"chainrule takes {ratio:.1%} of micrograd's time"
    assert engine_output[5] == (
        f"largest difference between their losses: {engine['results']['max_loss_diff']:.0e}"
    )


def test_minibatches_l2_and_a_falling_learning_rate(page):
    assert page.output("12-sgd-parts") == (
        "learning rate at steps 0, 50, 99 of 100: [1.0, 0.55, 0.109]\n"
        "at the start: mean log loss 0.5572, L2 term 0.0108\n"
        "at eta = 1, each update first multiplies every parameter by 0.9998\n"
    )
    assert page.output("12-sgd-runs") == (
        "run                            points seen    loss  accuracy\n"
        "full batch                           10000  0.0226      100%\n"
        "batches of 10                         1000  0.0881       97%\n"
        "batches of 10, 10x the steps         10000  0.0012      100%\n"
    )
    losses = page.namespace["sgd_losses"]
    assert [len(run) for run in losses.values()] == [101, 101, 1001]
    assert len({run[0] for run in losses.values()}) == 1  # one starting point


def figure_name(svg):
    assert svg.startswith("<svg")
    return re.search(r'aria-label="([^"]*)"', svg)[1]


def test_figures_describe_what_they_show(page):
    assert figure_name(page.output("12-boundary")) == (
        "The two moons over the decision regions of the network trained for 30 steps: the "
        "boundary curls between the two half circles; points on the wrong side of it: 1 of 100."
    )
    assert figure_name(page.output("12-three-curves")).endswith(
        "the three curves coincide, falling from 0.56 to 0.07."
    )
    assert figure_name(page.output("12-sgd-curves")) == (
        "Mean log loss on all 100 points against step: the full batch falls smoothly from 0.56 "
        "to 0.023; batches of 10 fall with jumps, up to 0.71, and end at 0.088."
    )


def test_exercises(page):
    engines = load_benchmark("network")["results"]["engines"]
    assert page.output("12-ex-longer") == (
        "after 330 steps: loss 0.0016, accuracy 100%\n"
        f"300 steps with NumPy at the measured speed: {300 * engines['network_step_s']:.2f} s\n"
        f"300 steps with Value at the measured speed: {300 * engines['value_mlp_step_s']:.2f} s\n"
    )
    assert page.output("12-ex-count-nodes") == (
        "page MLP          341 nodes\nchainrule.nn.MLP  121 nodes\n"
    )
