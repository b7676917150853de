"""Tests of chainrule.datasets: layout, determinism and geometry of the data sets."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.datasets import interval_data, make_moons


def test_moons_layout():
    X, y = make_moons()
    assert X.shape == (100, 2) and X.dtype == np.float64
    assert y.shape == (100,) and set(y.tolist()) == {0, 1}
    assert np.bincount(y).tolist() == [50, 50]
    assert np.bincount(make_moons(7)[1]).tolist() == [3, 4]


def test_moons_are_deterministic_per_seed():
    X1, y1 = make_moons(50, seed=3)
    X2, y2 = make_moons(50, seed=3)
    X3, _ = make_moons(50, seed=4)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_noiseless_moons_lie_on_two_half_circles():
    X, y = make_moons(40, noise=None, seed=1)
    upper, lower = X[y == 0], X[y == 1]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    assert np.all(upper[:, 1] >= -1e-12)
    assert np.allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert np.all(lower[:, 1] <= 0.5 + 1e-12)
    assert not np.array_equal(y, np.sort(y)), "the points are shuffled"


def test_noise_is_gaussian_with_the_given_scale():
    clean, y_clean = make_moons(4000, noise=None, seed=2)
    noisy, y_noisy = make_moons(4000, noise=0.1, seed=2)
    assert np.array_equal(y_clean, y_noisy)  # same shuffle, then the noise is drawn
    offsets = noisy - clean
    assert offsets.std() == pytest.approx(0.1, rel=0.03)
    assert abs(offsets.mean()) < 0.01


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"n_samples": 0}, "n_samples must be a positive int"),
     ({"n_samples": 2.5}, "n_samples must be a positive int"),
     ({"noise": -0.1}, "noise must be a non-negative")],
)
def test_moons_reject_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_moons(**kwargs)


def test_interval_data():
    X, y = interval_data()
    assert X.shape == y.shape == (1, 51)
    assert (X[0, 0], X[0, -1]) == (-1.0, 1.0)
    assert y.dtype == np.float64 and int(y.sum()) == 26
    assert interval_data(5)[1].tolist() == [[1.0, 0.0, 0.0, 0.0, 1.0]]
    with pytest.raises(ValueError, match="n must be an int >= 2"):
        interval_data(1)
