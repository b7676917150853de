"""Hypothesis strategies shared by the tests: real numbers on the domains the ops need."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st

from chainrule._operations import Domain

# The same examples on every run (CI must not pass or fail by luck), no per-example deadline.
reproducible = settings(derandomize=True, deadline=None, max_examples=60)


def reals(low: float = -10.0, high: float = 10.0) -> st.SearchStrategy[float]:
    """Finite floats in [low, high]."""
    return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)


def drawn_from(domain: Domain, bound: float = 100.0) -> st.SearchStrategy[float]:
    """Numbers in an operation's domain, as floats, its infinite ends cut at -bound and bound."""
    if domain.integer:
        return st.one_of(integers_as_floats(int(low), int(high)) for low, high in domain.intervals)
    return st.one_of(reals(max(low, -bound), min(high, bound)) for low, high in domain.intervals)


def integers_as_floats(low: int = -3, high: int = 3) -> st.SearchStrategy[float]:
    """Whole numbers as floats (exponents for a negative base)."""
    return st.integers(low, high).map(float)


def vectors(size: int, low: float = -3.0, high: float = 3.0) -> st.SearchStrategy[list[float]]:
    """Lists of ``size`` finite floats in [low, high]."""
    return st.lists(reals(low, high), min_size=size, max_size=size)
