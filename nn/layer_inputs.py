"""What a layer is given, read: one sample (:func:`as_inputs`), a weight matrix and its biases
(:func:`layer_arrays`), and a matrix in either orientation (:func:`oriented`).

Every check is :mod:`nn.arrays`'s; the messages name the layer or the neuron that was given the numbers.
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from autograd import Value

from .arrays import as_number_rows, as_numbers, is_array
from .words import NNError, NNTypeError, Phrase

if TYPE_CHECKING:
    from typing import TypeAlias

    import numpy as np

__all__ = ["Input", "as_inputs", "layer_arrays", "oriented"]

#: One sample: ``nin`` numbers or Values, as a list, a tuple, a 1-D array or any iterable (micrograd's ``map``).
Input: TypeAlias = "Iterable[Value | float] | np.ndarray"


def as_inputs(x: Input, nin: int, where: str) -> list[Any]:
    """``x`` as a list of numbers/Values of length ``nin``, or an error naming ``where``, ``nin`` and what came.

    An iterator is read at most ``nin + 1`` items far (an endless one is refused, not waited on).
    """
    if is_array(x):
        if x.ndim != 1:
            raise NNError(f"{where} expects one sample (a 1-D sequence of {nin} numbers), "
                          f"got an array of shape {x.shape}")
        items: list[Any] = x.tolist()
    elif isinstance(x, (Value, str, bytes, numbers.Number)) or not isinstance(x, Iterable):
        raise NNTypeError(f"{where} expects a sequence of {nin} numbers (a list, a tuple, an array or any iterable), "
                          f"got {x!r}")
    elif isinstance(x, (AbstractSet, Mapping)):
        raise NNTypeError(f"{where} expects a sequence of {nin} numbers in order, got a {type(x).__name__}, "
                          f"which has no order of its own: {x!r}")
    elif isinstance(x, Sequence):
        items = list(x)
    else:
        items = list(itertools.islice(x, nin + 1))
        if len(items) > nin:
            raise NNError(f"{where} expects {nin} input(s), got more than {nin}: {items[:nin]!r}…")
    if len(items) != nin:
        raise NNError(f"{where} expects {nin} input(s), got {len(items)}: {items!r}")
    return items


def oriented(M: list[list[float]], convention: str) -> list[list[float]]:
    if convention == "columns":
        return M
    if convention == "rows":
        return [list(column) for column in zip(*M)]
    raise NNError(f"unknown convention {convention!r}; choose 'columns' (z = W·x + b) or 'rows' (S = X·W + b)")


def layer_arrays(W: Any, b: Any, where: str | Phrase, index: int | None, k: int | None = None,
                  n: int | None = None) -> tuple[list[list[float]], list[float]]:
    """``W`` as checked ``k×n`` rows of floats and ``b`` as ``k`` floats (:mod:`nn.arrays`), named ``W1``/``b1``
    after the layer ``index`` in messages; a 1-D ``W`` is one row, a scalar ``b`` one bias."""
    if is_array(W) and W.ndim == 1:
        W = W.reshape(1, -1)
    elif isinstance(W, Sequence) and not isinstance(W, str) and len(W) and not any(
            (isinstance(row, Sequence) or is_array(row)) and not isinstance(row, str) for row in W):
        W = [W]  # a single neuron's row, e.g. W2 = (-0.4, 0.2, -0.5)
    if is_array(b):
        b = b.reshape(-1)  # a column vector b ∈ R^k works too
    elif isinstance(b, numbers.Real):
        b = [b]
    name = "" if index is None else index
    Wm = as_number_rows(W, Phrase("of", what=where, part=f"W{name}"), rows=k, cols=n)
    return Wm, as_numbers(b, Phrase("of", what=where, part=f"b{name}"), length=len(Wm))
