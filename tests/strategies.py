"""Hypothesis strategies shared by the tests: real numbers on the domains the ops need."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st

# The same examples on every run (CI must not pass or fail by luck), no per-example deadline.
reproducible = settings(derandomize=True, deadline=None, max_examples=60)


def reals(low: float = -10.0, high: float = 10.0) -> st.SearchStrategy[float]:
    """Finite floats in [low, high]."""
    return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)


def away_from_zero(low: float = 0.1, high: float = 10.0) -> st.SearchStrategy[float]:
    """Floats x of either sign with low <= |x| <= high (divisors, points off a kink)."""
    return st.one_of(reals(low, high), reals(-high, -low))


def integers_as_floats(low: int = -3, high: int = 3) -> st.SearchStrategy[float]:
    """Whole numbers as floats (exponents for a negative base)."""
    return st.integers(low, high).map(float)


def vectors(size: int, low: float = -3.0, high: float = 3.0) -> st.SearchStrategy[list[float]]:
    """Lists of ``size`` finite floats in [low, high]."""
    return st.lists(reals(low, high), min_size=size, max_size=size)
