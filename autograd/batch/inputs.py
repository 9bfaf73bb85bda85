"""Reading a batch: one array of numbers per input, checked, as the program's input matrix ``X``.

A batch is given as a mapping, by label (``{"x1": X[:, 0], "y": Y}``) or by the placeholder Value itself,
or as one 2-D array with one column per input, in the order the inputs were recorded.  Each input is
an array of ``N`` numbers (one per row) or a single number, which every row shares.  The errors say
which input is wrong and how: an unknown or missing name, a length that differs from the others', a
value that is not a real number, NaN or infinity (with its row).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import NonFiniteError
from ..value import Value
from .gather import Array

__all__ = ["read_batch"]


def _name(x: Value, i: int) -> str:
    return repr(x.label) if x.label else f"input {i}"


def _by_input(inputs: Sequence[Value], batch: Mapping[Any, Any]) -> list[Any]:
    """The given values in the order of ``inputs``, from a mapping by label or by Value."""
    labels: dict[str, list[int]] = {}
    for i, x in enumerate(inputs):
        labels.setdefault(x.label, []).append(i)
    found: list[Any] = [None] * len(inputs)
    given = [False] * len(inputs)
    for key, value in batch.items():
        if isinstance(key, Value):
            matches = [i for i, x in enumerate(inputs) if x is key]
            if not matches:
                raise ValueError(f"forward: the Value {key!r} is not one of the program's inputs "
                                 f"({', '.join(_name(x, i) for i, x in enumerate(inputs))})")
            i = matches[0]
        elif isinstance(key, str):
            if key not in labels or not key:
                known = ", ".join(repr(x.label) for x in inputs if x.label) or "none has a label"
                raise ValueError(f"forward: no input is labelled {key!r}; the labels are {known}")
            if len(labels[key]) > 1:
                raise ValueError(f"forward: {len(labels[key])} inputs are labelled {key!r}; give those by their Value")
            i = labels[key][0]
        else:
            raise TypeError(f"forward: a batch's keys are input labels or the input Values, got {key!r}")
        if given[i]:
            raise ValueError(f"forward: the input {_name(inputs[i], i)} is given twice")
        found[i], given[i] = value, True
    missing = [_name(x, i) for i, x in enumerate(inputs) if not given[i]]
    if missing:
        raise ValueError(f"forward: missing input(s) {', '.join(missing)}; every input needs its values")
    return found


def _as_numbers(value: Any, name: str) -> Array:
    if isinstance(value, (str, bytes, Value)):
        raise TypeError(f"forward: the input {name} must be numbers, got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"forward: the input {name} must be numbers ({error})") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"forward: the input {name} must be real numbers, got an array of {array.dtype}")
    if array.ndim > 1:
        raise ValueError(f"forward: the input {name} must be one number per row (1-D), got shape {array.shape}; "
                         "give one column, e.g. X[:, 0]")
    return array.astype(float, copy=False)


def read_batch(inputs: Sequence[Value], batch: Any) -> Array:
    """The batch as the ``N×n`` input matrix, one column per input (see the module's text)."""
    if isinstance(batch, np.ndarray) and batch.ndim == 2 and batch.shape[1] == len(inputs) and batch.shape[0] \
            and batch.dtype.kind in "iuf":  # the quick path: the input matrix itself
        X = np.ascontiguousarray(batch, dtype=float)
        if not np.isfinite(X).all():
            _refuse(inputs, X, [X[:, i] for i in range(X.shape[1])])
        return X
    if isinstance(batch, Mapping):
        given = _by_input(inputs, batch)
    else:
        matrix = _as_numbers_2d(batch, len(inputs))
        given = [matrix[:, i] for i in range(len(inputs))]
    columns = [_as_numbers(v, _name(x, i)) for i, (x, v) in enumerate(zip(inputs, given))]
    lengths = {_name(x, i): len(c) for i, (x, c) in enumerate(zip(inputs, columns)) if c.ndim == 1}
    if len(set(lengths.values())) > 1:
        told = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"forward: every input needs the same number of rows; {told}")
    rows = next(iter(lengths.values()), 1)
    if rows == 0:
        raise ValueError("forward: the batch is empty (0 rows)")
    X = np.empty((rows, len(inputs)))
    for i, c in enumerate(columns):
        X[:, i] = c
    if not np.isfinite(X).all():
        _refuse(inputs, X, columns)
    return X


def _refuse(inputs: Sequence[Value], X: Array, columns: Sequence[Array]) -> None:
    """Raise the error for the first number of ``X`` that is not finite, naming its input and row."""
    row, i = (int(k) for k in np.argwhere(~np.isfinite(X))[0])
    at = "" if columns[i].ndim == 0 else f" at row {row}"
    raise NonFiniteError(f"forward: the input {_name(inputs[i], i)} must be finite, got {X[row, i]}{at}")


def _as_numbers_2d(batch: Any, n: int) -> Array:
    if isinstance(batch, (str, bytes, Value)) or not isinstance(batch, (Sequence, np.ndarray)):
        raise TypeError(f"forward: give the batch as a dict of inputs (by label or Value) or as an N×{n} array, "
                        f"got {type(batch).__name__}")
    matrix = np.asarray(batch)
    if matrix.ndim != 2 or matrix.shape[1] != n:
        raise ValueError(f"forward: a batch given as an array must be N×{n} (one column per input), "
                         f"got shape {matrix.shape}")
    return matrix
