"""The numbers of many Values read and written at once: what an optimizer, ``zero_grad`` and a batch's backward use.

A training step touches every parameter three times (its gradient zeroed, then added to, its data updated).
Through ``p.data = …``, a property that checks each number, that round trip costs more than the step's
arithmetic; these helpers walk a list of Values in one tight loop over their slots, and check a list of new
numbers once for the whole list, with the same errors as ``Value.data``'s.

    >>> from autograd import Value
    >>> w = [Value(1.0, label="w1"), Value(2.0, label="w2")]
    >>> add_grads(w, [0.5, -1.0])
    >>> write_data(w, [d - 0.1 * g for d, g in zip(read_data(w), read_grads(w))])
    >>> read_data(w)
    [0.95, 2.1]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .value import Value, _checked_float

__all__ = ["add_grads", "descend", "read_data", "read_grads", "write_data", "zero_grads"]

_FLOAT = {float}


def read_data(values: Iterable[Value]) -> list[float]:
    """Every Value's ``data``, as a list of floats."""
    return [v._data for v in values]


def read_grads(values: Iterable[Value]) -> list[float]:
    """Every Value's ``grad``, as a list."""
    return [v.grad for v in values]


def zero_grads(values: Iterable[Value]) -> None:
    """Set every Value's ``grad`` to 0 (what ``zero_grad()`` does to a model's parameters)."""
    for v in values:
        v.grad = 0.0


def add_grads(values: Sequence[Value], numbers: Sequence[float]) -> None:
    """Add ``numbers[i]`` to ``values[i].grad``, as a backward pass adds to a leaf's gradient."""
    _same_length("add_grads", values, numbers)
    for v, g in zip(values, numbers):
        v.grad += g


def write_data(values: Sequence[Value], numbers: Sequence[Any]) -> None:
    """Set ``values[i].data = numbers[i]`` for every ``i``, or, if any number is not a finite real, none of them.

    The error is the one ``values[i].data = numbers[i]`` raises for the first such number (a
    :class:`~autograd.NonFiniteError` for NaN or ±inf, a TypeError for what is not a real number); a numpy
    scalar or an int is stored as a float, as that assignment stores it.
    """
    _same_length("write_data", values, numbers)
    # One look at the whole list: all floats, and a finite sum (NaN or ±inf anywhere makes it NaN or ±inf; a sum
    # that overflows only sends finite numbers the slow way, which checks each and passes them).
    if not (set(map(type, numbers)) <= _FLOAT and _finite(sum(numbers))):
        numbers = [_checked_float(x, v.label) for v, x in zip(values, numbers)]  # raises for the first bad one
    for v, x in zip(values, numbers):
        v._data = x


def descend(values: Sequence[Value], lr: float) -> None:
    """One step of gradient descent on every Value, ``data ← data − lr·grad``, or none (as :func:`write_data`)."""
    write_data(values, [v._data - lr * v.grad for v in values])


def _finite(x: float) -> bool:
    return x - x == 0.0


def _same_length(what: str, values: Sequence[Value], numbers: Sequence[Any]) -> None:
    if len(values) != len(numbers):
        raise ValueError(f"{what}: {len(values)} Value(s) but {len(numbers)} number(s)")
