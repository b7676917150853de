"""Small, deterministic data sets for the examples: two moons and a 1-D interval problem."""

from __future__ import annotations

import numpy as np


def make_moons(
    n_samples: int = 100, noise: float | None = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles, laid out and shuffled like scikit-learn's ``make_moons``.

    The upper moon is class 0 (``n_samples // 2`` points on the unit half circle), the lower
    one class 1 (shifted to centre (1, 0.25)). The points are shuffled, then Gaussian noise
    of standard deviation ``noise`` is added, all from ``np.random.RandomState(seed)``: the same
    draws as ``sklearn.datasets.make_moons(n_samples, noise=noise, random_state=seed)``.

    Args:
        n_samples: the number of points.
        noise: the standard deviation of the noise added to each coordinate (None: no noise).
        seed: the seed of the random generator.

    Returns:
        X of shape (n_samples, 2) and labels y in {0, 1} of shape (n_samples,).

    >>> X, y = make_moons(6, noise=None)
    >>> X.shape, sorted(y.tolist())
    ((6, 2), [0, 0, 0, 1, 1, 1])
    """
    if not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise ValueError(f"n_samples must be a positive int, got {n_samples!r}")
    if noise is not None and noise < 0:
        raise ValueError(f"noise must be a non-negative standard deviation, got {noise!r}")
    generator = np.random.RandomState(seed)
    n_upper = n_samples // 2
    n_lower = n_samples - n_upper
    upper = np.linspace(0, np.pi, n_upper)
    lower = np.linspace(0, np.pi, n_lower)
    X = np.vstack([
        np.append(np.cos(upper), 1 - np.cos(lower)),
        np.append(np.sin(upper), 1 - np.sin(lower) - 0.5),
    ]).T
    y = np.hstack([np.zeros(n_upper, dtype=np.intp), np.ones(n_lower, dtype=np.intp)])
    order = np.arange(n_samples)
    generator.shuffle(order)
    X, y = X[order], y[order]
    if noise is not None:
        X += generator.normal(scale=noise, size=X.shape)
    return X, y


def interval_data(n: int = 51) -> tuple[np.ndarray, np.ndarray]:
    """Points x in [-1, 1] labelled 1 outside the interval [-0.5, 0.5], 0 inside it.

    Samples are columns: X = linspace(-1, 1, n) shaped (1, n), y shaped (1, n) with
    float labels. With n = 51 there are 26 positives.

    >>> X, y = interval_data()
    >>> X.shape, y.shape, int(y.sum())
    ((1, 51), (1, 51), 26)
    """
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an int >= 2, got {n!r}")
    X = np.linspace(-1, 1, n).reshape(1, n)
    y = ((X < -0.5) | (X > 0.5)).astype(float)
    return X, y
