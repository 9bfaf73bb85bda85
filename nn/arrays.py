"""The one validator of user-given matrices and vectors: :func:`as_matrix` and :func:`as_vector`
(and :func:`describe`, how their messages show a bad value); :func:`as_samples` reads a dataset.

Both take lists (or tuples) of numbers, or numpy arrays, and return a new float array, or raise an
error that names ``what`` and, for a bad number, its place; :func:`as_number_rows` and :func:`as_numbers`
are the same checks returning plain lists, for code that must run without numpy (the browser page), and
:func:`is_array` tells an array from a list without importing numpy::

    >>> as_matrix([[0.1, True]], "W1")
    Traceback (most recent call last):
    ...
    nn.words.NNError: W1 row 1, column 2 must be a real number, got True (bool)

Every entry goes through :func:`autograd.value.finite_float` (no strings, no bools, no None, no
NaN or ±inf); positions are 1-based, like the course's ``W1[2,1]``.  A shape that does not match
says ``expected shape …, got …``.  Nesting is read two levels deep at most (never recursively, never
by ``np.asarray`` on the raw input), so a list nested 100,000 deep is a short error, not a
``RecursionError``, and no message prints a whole structure.
"""

from __future__ import annotations

import numbers
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from autograd.value import finite_float

from .words import NNError, Phrase

if TYPE_CHECKING:
    import numpy as np

__all__ = ["as_matrix", "as_number_rows", "as_numbers", "as_samples", "as_vector", "describe", "is_array"]


def is_array(x: Any) -> TypeGuard[np.ndarray]:
    """Whether ``x`` is a numpy array; numpy is not imported for it (a program that never imported numpy
    has none), so the list checks below, and any code that accepts arrays besides lists, run where there is
    no numpy at all."""
    np = sys.modules.get("numpy")
    return np is not None and isinstance(x, np.ndarray)


_is_array = is_array  # its first, private name


def as_matrix(x: Any, what: str | Phrase, *, rows: int | None = None, cols: int | None = None,
              error: type[Exception] = NNError) -> np.ndarray:
    """``x`` as a new 2-D float array: a non-empty list of rows, each a list of numbers (or a 2-D array).

    Args:
        x: the matrix (rows are the first index, as in ``W1[2,1]``).
        what: how messages name it, e.g. ``"layer 1: W1"``.
        rows, cols: the expected shape (None: any, at least 1).
        error: the exception raised for any problem (a subclass of ValueError, say).

    Raises:
        error: ``x`` is not a list of lists (``what must be a k×n matrix …, got …``), is empty, is
            ragged, has the wrong shape (``what: expected shape 3×2, got 2×3``), or an entry is not a
            real finite number (``what row 2, column 1 must be a real number, got '0.5' (str)``).
    """
    import numpy as np

    checked = _matrix(x, what, rows, cols, error)
    return checked if isinstance(checked, np.ndarray) else np.array(checked, dtype=float)


def as_number_rows(x: Any, what: str | Phrase, *, rows: int | None = None, cols: int | None = None,
                   error: type[Exception] = NNError) -> list[list[float]]:
    """:func:`as_matrix`'s checks and messages, returning a new list of rows of floats (no numpy needed)."""
    checked = _matrix(x, what, rows, cols, error)
    return cast("list[list[float]]", checked.tolist() if is_array(checked) else checked)


def _matrix(x: Any, what: str | Phrase, rows: int | None, cols: int | None,
            error: type[Exception]) -> np.ndarray | list[list[float]]:
    """The checked matrix: a float array when ``x`` is a numeric array (the fast path), else lists of floats."""
    expected = f"{'k' if rows is None else rows}×{'n' if cols is None else cols}"
    if is_array(x) and x.ndim != 2:
        raise _fail(error, "matrix_ndim", what=what, expected=expected, shape=x.shape)
    fast = _numeric_array(x)
    table = [] if fast is not None else _rows(x, what, expected, error)
    got = fast.shape if fast is not None else (len(table), len(table[0]) if table else 0)
    if 0 in got or (rows is not None and got[0] != rows) or (cols is not None and got[1] != cols):
        raise _fail(error, "matrix_shape", what=what, expected=expected, rows=got[0], cols=got[1])
    if fast is not None:
        return fast
    return [[_number(v, Phrase("entry_rc", what=what, r=r, c=c), error) for c, v in enumerate(row, start=1)]
            for r, row in enumerate(table, start=1)]


def _rows(x: Any, what: str | Phrase, expected: str, error: type[Exception]) -> list[list[Any]]:
    """The rows of ``x`` as lists of (unchecked) entries, all of the same length."""
    items = _items(x)
    if items is None:
        raise _fail(error, "matrix_rows", what=what, expected=expected, got=describe(x))
    table: list[list[Any]] = []
    for r, row in enumerate(items, start=1):
        entries = _items(row)
        if entries is None:
            raise _fail(error, "matrix_row", what=what, expected=expected, r=r, got=describe(row))
        if table and len(entries) != len(table[0]):
            raise _fail(error, "ragged", what=what, first=len(table[0]), r=r, n=len(entries))
        table.append(entries)
    return table


def as_vector(x: Any, what: str | Phrase, *, length: int | None = None, error: type[Exception] = NNError) -> np.ndarray:
    """``x`` as a new 1-D float array: a non-empty list of numbers (or a 1-D array).

    Args:
        x: the vector.
        what: how messages name it, e.g. ``"layer 1: b1"``.
        length: the expected number of entries (None: any, at least 1).
        error: the exception raised for any problem.

    Raises:
        error: ``x`` is not a list (``what must be a list of numbers, got …``), is empty or has the
            wrong length (``what: expected shape (3,), got (2,)``), or an entry is not a real finite
            number (``what entry 2 must be finite, got nan``).
    """
    import numpy as np

    checked = _vector(x, what, length, error)
    return checked if isinstance(checked, np.ndarray) else np.array(checked, dtype=float)


def as_numbers(x: Any, what: str | Phrase, *, length: int | None = None,
               error: type[Exception] = NNError) -> list[float]:
    """:func:`as_vector`'s checks and messages, returning a new list of floats (no numpy needed)."""
    checked = _vector(x, what, length, error)
    return cast("list[float]", checked.tolist() if is_array(checked) else checked)


def _vector(x: Any, what: str | Phrase, length: int | None, error: type[Exception]) -> np.ndarray | list[float]:
    """The checked vector: a float array when ``x`` is a numeric array (the fast path), else a list of floats."""
    if is_array(x) and x.ndim != 1:
        raise _fail(error, "vector_ndim", what=what, shape=x.shape)
    fast = _numeric_array(x)
    entries = [] if fast is not None else _items(x)
    if entries is None:
        raise _fail(error, "vector", what=what, got=describe(x))
    n = len(fast) if fast is not None else len(entries)
    if n == 0 or (length is not None and n != length):
        raise _fail(error, "vector_shape", what=what, expected="n" if length is None else length, n=n)
    if fast is not None:
        return fast
    return [_number(v, Phrase("entry_j", what=what, j=j), error) for j, v in enumerate(entries, start=1)]


def as_samples(X: Any, nin: int, what: str | Phrase, *, error: type[Exception] = NNError) -> np.ndarray:
    """A dataset ``X`` as a new ``N×nin`` float array, one sample per row, read by numpy in one go (fast for
    thousands of rows, unlike :func:`as_matrix`'s entry-by-entry check).

    A 1-D ``X`` is one sample, or ``N`` samples of one input when ``nin`` is 1.  Only numbers (ints and
    floats, finite) are accepted: not strings, bools or None.  ``what`` names the caller in messages,
    e.g. ``"fit"``: ``fit: X row 3, column 1 must be finite, got nan``.
    """
    import numpy as np

    try:
        A = np.asarray(X)
    except (TypeError, ValueError) as problem:  # ragged, or nested deeper than numpy's 64 dimensions
        raise _fail(error, "samples_table", what=what, problem=problem) from None
    if A.dtype.kind not in "iuf":
        raise _fail(error, "samples_numbers", what=what, got=describe(X), dtype=A.dtype)
    if A.ndim == 1:
        A = A.reshape(-1, 1) if nin == 1 else A.reshape(1, -1)
    if A.size == 0:
        raise _fail(error, "samples_empty", what=what)
    if A.ndim != 2 or A.shape[1] != nin:
        raise _fail(error, "samples_shape", what=what, nin=nin, shape=A.shape)
    A = A.astype(float)
    bad = np.argwhere(~np.isfinite(A))
    if len(bad):
        r, c = bad[0].tolist()
        raise _fail(error, "samples_finite", what=what, r=r + 1, c=c + 1, got=A[r, c])
    return A


def _numeric_array(x: Any) -> np.ndarray | None:
    """A float copy of ``x`` when it is an int/float numpy array, all finite (the fast path); None
    otherwise (the entries are then checked one by one, for the message)."""
    if is_array(x) and x.dtype.kind in "iuf":
        data = x.astype(float)
        if sys.modules["numpy"].isfinite(data).all():
            return data
    return None


def _items(x: Any) -> list[Any] | None:
    """The entries of a list, tuple, other sequence or ≥1-D array (one level only); None for anything else."""
    if is_array(x):
        return x.tolist() if x.ndim >= 1 else None
    if isinstance(x, Sequence) and not isinstance(x, (str, bytes, bytearray)):
        return list(x)
    return None


def _number(v: Any, what: str | Phrase, error: type[Exception]) -> float:
    if (isinstance(v, (Sequence, Mapping)) or is_array(v)) and not isinstance(v, str):
        raise _fail(error, "number", what=what, got=describe(v))
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise _fail(error, "real", what=what, got=f"{v!r} ({type(v).__name__})")
    try:
        return finite_float(v, str(what), error, error)
    except error:
        huge = isinstance(v, numbers.Integral)  # an int with hundreds of digits: finite, but not as a float
        raise _fail(error, "huge" if huge else "finite", what=what, got=v) from None


def describe(x: Any) -> str:
    """``x`` for an error message, in one short line: a container by its size (``a list of 3``, never its
    contents, which may be nested thousands deep), anything else by its ``repr``, cut at 40 characters."""
    if is_array(x):
        return f"an array of shape {x.shape}"
    if isinstance(x, (list, tuple, Mapping)):
        return f"a {type(x).__name__} of {len(x)}"
    text = repr(x)
    return text if len(text) <= 40 else text[:37] + "..."


def _fail(error: type[Exception], key: str, **fields: Any) -> Exception:
    """``error`` saying ``key`` of :data:`nn.words.WORDS`: in any language when it is an :class:`~nn.words.NNError`
    (the default), in English otherwise."""
    if issubclass(error, NNError):
        return error(key=key, **fields)
    return error(NNError(key=key, **fields).message("en"))
