"""numpy as the array backend of the op table's helpers (registered when :mod:`autograd.batch` is imported).

Element-wise functions are numpy's ufuncs; ``sum`` and ``max`` reduce over the first axis, where the batch
puts the parents of a variadic op.  numpy's transcendental functions may differ from :mod:`math`'s in the
last bit, and its sums are not exactly rounded like ``math.fsum``: the batch agrees with the scalar engine
to rounding, not bit for bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..backend import register

__all__ = ["NUMPY"]


def _sum(xs: Any) -> Any:
    """The sum over the first axis (a variadic op's parents)."""
    return np.add.reduce(xs, axis=0)


def _greater(x: Any, y: Any) -> Any:
    """1.0 where ``x > y``, else 0.0: the comparison written straight into an array of numbers (no array of bools
    made, then converted: a pass less over a large array)."""
    if isinstance(x, np.ndarray) and x.ndim:
        return np.greater(x, y, out=np.empty(x.shape))
    return np.greater(x, y) * 1.0


def _max(xs: Any) -> Any:
    """The largest along the first axis (a variadic op's parents)."""
    return np.maximum.reduce(xs, axis=0)


class _Numpy:
    """The :class:`~autograd.backend.ArrayBackend` of numpy arrays."""

    exp = staticmethod(np.exp)
    log = staticmethod(np.log)
    log1p = staticmethod(np.log1p)
    sqrt = staticmethod(np.sqrt)
    tanh = staticmethod(np.tanh)
    sin = staticmethod(np.sin)
    cos = staticmethod(np.cos)
    power = staticmethod(np.power)
    where = staticmethod(np.where)
    fmax = staticmethod(np.fmax)
    greater = staticmethod(_greater)
    sum = staticmethod(_sum)
    max = staticmethod(_max)


#: The backend object registered for numpy's arrays and scalars.
NUMPY = _Numpy()
register((np.ndarray, np.float64, np.bool_), NUMPY)
