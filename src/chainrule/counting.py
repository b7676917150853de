"""Count the calls a block of code makes to one method of a class.

Chapters 8 and 9 count loss evaluations this way: inside the `with` block every call to
`Network.loss` is recorded, with the object it was called on; after the block the method is
the original again, even if the block raised.

>>> from chainrule.network import Network
>>> network = Network([[[1.0]]], [[[0.0]]])
>>> with counting_calls(Network, "loss") as calls:
...     _ = network.loss([[1.0]], [[1.0]])
...     _ = network.loss([[2.0]], [[1.0]])
>>> len(calls), calls[0] is network
(2, True)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["counting_calls"]


@contextmanager
def counting_calls(cls: type, method: str) -> Iterator[list[Any]]:
    """Record the object of each call to `cls.<method>` made inside the `with` block.

    Args:
        cls: the class whose method is counted, e.g. `Network`.
        method: the method's name, e.g. `"loss"`.

    Yields:
        The list of objects the method was called on, one entry per call, in call order.

    A class whose methods cannot be replaced is refused with a clear message:

    >>> try:
    ...     with counting_calls(str, "upper"):
    ...         pass
    ... except TypeError as error:
    ...     print(error)
    cannot count calls to str.upper: a built-in type's methods cannot be replaced
    """
    original = getattr(cls, method, None)
    if not callable(original):
        raise AttributeError(f"{cls.__name__} has no method {method!r} to count")
    calls: list[Any] = []

    def counted(obj: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(obj)
        return original(obj, *args, **kwargs)

    try:
        setattr(cls, method, counted)
    except TypeError:
        raise TypeError(
            f"cannot count calls to {cls.__name__}.{method}: a built-in type's methods "
            "cannot be replaced"
        ) from None
    try:
        yield calls
    finally:
        setattr(cls, method, original)
