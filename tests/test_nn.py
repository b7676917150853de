"""Tests of chainrule.nn: micrograd drop-in parity, reproducible initialisation, shapes, errors."""

from __future__ import annotations

import random

import micrograd.engine
import micrograd.nn
import numpy as np
import pytest

import chainrule.nn
import chainrule.value
from chainrule.datasets import make_moons
from chainrule.nn import MLP, Layer, Module, Neuron
from chainrule.value import Value


def train_demo(Value, MLP, steps):
    """micrograd's demo loop, written once for both engines: the loss at each step, the model."""
    X, y = make_moons(n_samples=30, noise=0.1, seed=1337)
    rows, labels = X.tolist(), (2.0 * y - 1.0).tolist()
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    losses = []
    for k in range(steps):
        scores = list(map(model, [list(map(Value, row)) for row in rows]))
        margins = [(1 + -yi * score).relu() for yi, score in zip(labels, scores, strict=True)]
        total_loss = sum(margins) * (1.0 / len(margins))
        total_loss = total_loss + 1e-4 * sum(p * p for p in model.parameters())
        model.zero_grad()
        total_loss.backward()
        for p in model.parameters():
            p.data -= (1.0 - 0.9 * k / 100) * p.grad
        losses.append(total_loss.data)
    return losses, model


def test_same_weights_as_micrograd_after_random_seed():
    random.seed(1337)
    theirs = micrograd.nn.MLP(2, [16, 16, 1])
    random.seed(1337)
    ours = MLP(2, [16, 16, 1])
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    assert repr(ours) == repr(theirs)


def test_same_outputs_and_gradients_as_micrograd():
    random.seed(7)
    theirs = micrograd.nn.MLP(3, [8, 8, 1])
    random.seed(7)
    ours = MLP(3, [8, 8, 1])
    inputs = [[0.5, -1.25, 2.0], [-0.3, 0.7, 0.1], [1.5, 1.5, -2.5]]
    their_loss = sum(theirs(list(map(micrograd.engine.Value, x))) ** 2 for x in inputs)
    our_loss = sum(ours(list(map(Value, x))) ** 2 for x in inputs)
    assert our_loss.data == their_loss.data
    their_loss.backward()
    our_loss.backward()
    for mine, reference in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert mine.grad == pytest.approx(reference.grad, rel=1e-12, abs=1e-15)
    assert any(p.grad != 0.0 for p in ours.parameters())


def test_micrograd_training_code_runs_unchanged_with_the_same_losses():
    their_losses, theirs = train_demo(micrograd.engine.Value, micrograd.nn.MLP, steps=4)
    our_losses, ours = train_demo(chainrule.value.Value, chainrule.nn.MLP, steps=4)
    assert our_losses == pytest.approx(their_losses, rel=1e-12)
    assert their_losses[-1] < their_losses[0]
    for mine, reference in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert mine.data == pytest.approx(reference.data, rel=1e-12, abs=1e-15)


def test_a_one_neuron_hidden_layer_feeds_the_next_layer():
    model = MLP(2, [16, 1, 1], rng=random.Random(0))
    out = model([0.5, -0.5])
    assert isinstance(out, Value)
    assert len(model.parameters()) == (2 * 16 + 16) + (16 + 1) + (1 + 1)
    out.backward()
    hidden = model.layers[1].neurons[0]
    assert hidden([0.0] * 16).data == 0.0
    assert model.layers[2](Value(2.0)).data == 2.0 * model.layers[2].neurons[0].w[0].data


def test_an_rng_gives_reproducible_weights_without_touching_random():
    state = random.getstate()
    a = [p.data for p in MLP(3, [4, 2], rng=random.Random(42)).parameters()]
    b = [p.data for p in MLP(3, [4, 2], rng=random.Random(42)).parameters()]
    c = [p.data for p in MLP(3, [4, 2], rng=random.Random(43)).parameters()]
    assert random.getstate() == state
    assert a == b != c


def test_the_generator_is_passed_one_way_as_rng():
    with pytest.raises(TypeError, match="seed"):
        MLP(3, [4, 2], seed=42)


def test_default_initialisation_draws_from_the_random_module():
    random.seed(5)
    weights = [p.data for p in MLP(2, [3, 1]).parameters()]
    rng = random.Random(5)
    expected = []
    for nin, nout in ((2, 3), (3, 1)):
        for _ in range(nout):
            expected += [rng.uniform(-1, 1) for _ in range(nin)] + [0.0]
    assert weights == expected


def test_neuron_layer_and_module_basics():
    neuron = Neuron(2, nonlin=False, rng=random.Random(1))
    neuron.w[0].data, neuron.w[1].data, neuron.b.data = 2.0, -3.0, 0.5
    assert neuron([1.0, 1.0]).data == -0.5
    neuron.nonlin = True
    assert neuron([1.0, 1.0]).data == 0.0
    assert neuron([2.0, 1.0]).data == 1.5
    layer = Layer(2, 3, rng=random.Random(1))
    assert len(layer([1.0, 2.0])) == 3
    assert repr(layer) == "Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)]"
    assert Module().parameters() == []


def test_inputs_may_be_numbers_values_or_a_numpy_row():
    model = MLP(3, [4, 1], rng=random.Random(2))
    row = [0.25, -1.0, 2.0]
    expected = model(row).data
    assert model([Value(v) for v in row]).data == expected
    assert model(np.array(row)).data == expected
    assert model(tuple(row)).data == expected


def test_zero_grad_resets_every_parameter():
    model = MLP(2, [4, 1], rng=random.Random(3))
    model([1.0, -1.0]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_bad_arguments():
    model = MLP(2, [3, 1], rng=random.Random(0))
    with pytest.raises(ValueError, match="expected 2 inputs, got 3"):
        model([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="nin must be a positive int"):
        Neuron(0)
    with pytest.raises(ValueError, match="nout must be a positive int"):
        Layer(2, 0)
    with pytest.raises(ValueError, match="at least one layer"):
        MLP(2, [])
    with pytest.raises(TypeError, match="got str"):
        model(["a", 1.0])
