"""The mathematics the op table is written with: one helper per function, for every kind of number.

Each helper takes a float (the scalar engine, with :mod:`math`), a :class:`~autograd.Value` (its method,
so the result is a graph) or an array holding one number per row of a batch (the backend registered for
its type, see :mod:`autograd.backend`): :func:`exp`, :func:`log`, :func:`sqrt`, :func:`tanh`,
:func:`sin`, :func:`cos`, :func:`sigmoid`, :func:`step`, and :func:`where`, which is how a derivative
branches on data (``where(a > 0.0, 1.0, s)`` rather than ``1.0 if a > 0.0 else s``).

The numerically careful forwards of :mod:`autograd.ops` live here too, and take floats and arrays.
Each tests ``type(x) is float`` first: the scalar engine's numbers take their path at the cost of that
one test.  :func:`forward_any` gives a row's forward for any kind of number.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .backend import ArrayBackend, array_backend

if TYPE_CHECKING:
    from .ops import Op

__all__ = ["Num", "cos", "exp", "forward_any", "log", "sigmoid", "sin", "sqrt", "step", "tanh", "where"]

#: A number in a derivative: a float in ``backward()``, a Value in ``backward(create_graph=True)``, an array
#: in :mod:`autograd.batch`.
Num = Any

# --- helpers that work on floats, on Values and on arrays ---------------------------------------
# A float's data is always a Python float in this engine, so ``type(x) is float`` picks the scalar
# engine's path first, at the cost of one test.  A Value uses its own method (its result is a graph);
# an array goes to the backend registered for its type (see :mod:`autograd.backend`).

def _not_a_float(x: Num, name: str) -> Num:
    """``x.name()`` for a Value (a graph), or the registered array backend's ``name(x)`` for an array."""
    arrays = array_backend(x)
    return getattr(x, name)() if arrays is None else getattr(arrays, name)(x)


def _on_any_number(name: str, on_a_float: Callable[[float], float], what: str) -> Callable[[Num], Num]:
    """The helper of one function: ``on_a_float`` (from :mod:`math`) for a float, else :func:`_not_a_float`."""
    def helper(x: Num) -> Num:
        if type(x) is float:
            return on_a_float(x)
        return _not_a_float(x, name)
    helper.__name__ = helper.__qualname__ = name
    helper.__doc__ = f"{what} of a float, a Value or an array."
    return helper


exp = _on_any_number("exp", math.exp, "``e**x``")
log = _on_any_number("log", math.log, "Natural logarithm")
sqrt = _on_any_number("sqrt", math.sqrt, "Square root")
tanh = _on_any_number("tanh", math.tanh, "Hyperbolic tangent")
sin = _on_any_number("sin", math.sin, "Sine")
cos = _on_any_number("cos", math.cos, "Cosine")


def sigmoid(x: Num) -> Num:
    """Logistic function of a float, a Value or an array."""
    return x.sigmoid() if type(x) is not float and array_backend(x) is None else _sigmoid(x)


def where(condition: Num, x: Num, y: Num) -> Num:
    """``x`` where ``condition`` holds, else ``y``: a branch on data, written once for every kind of number.

    For floats and Values the condition is a plain bool (a comparison of data) and this is
    ``x if condition else y``; for arrays it chooses element by element.
    """
    if condition.__class__ is bool:
        return x if condition else y
    return _arrays(condition).where(condition, x, y)


def step(x: Num, at_zero: float = 0.0) -> Num:
    """Heaviside step of a float, a Value's data or an array: 1.0 above 0, 0.0 below, ``at_zero`` at 0.

    It is piecewise constant, so its own derivative is 0 and it returns a plain float even for a Value.
    """
    if type(x) is float:
        return 1.0 if x > 0.0 else (0.0 if x < 0.0 else at_zero)
    v = _data(x)
    if not at_zero:  # 1.0 where v > 0, else 0.0 (NaN too): the comparison as numbers, no branch per number
        arrays = array_backend(v)
        return (1.0 if v > 0.0 else 0.0) if arrays is None else arrays.greater(v, 0.0)
    return where(v > 0.0, 1.0, where(v < 0.0, 0.0, at_zero))


def _data(x: Num) -> Num:
    """The number a helper branches on: a float or an array as it is, a Value's data."""
    if type(x) is float or array_backend(x) is not None:
        return x
    return float(x.data)


def _arrays(x: Num) -> ArrayBackend:
    """The backend of the array ``x`` (a TypeError for anything else)."""
    arrays = array_backend(x)
    if arrays is None:
        raise TypeError(f"expected a float, a Value or an array of a registered backend, got {type(x).__name__}")
    return arrays


def forward_any(op: Op) -> Callable[..., Num]:
    """``op``'s forward for any kind of number: the row's own, except for the rows that call :mod:`math`
    directly (it takes only floats; the scalar engine calls it without a detour), which get the helper
    of the same function."""
    return _ANY_FORWARD.get(op.forward, op.forward)


_ANY_FORWARD: dict[Callable[..., float], Callable[..., Num]] = {
    math.exp: exp, math.log: log, math.sqrt: sqrt, math.tanh: tanh, math.sin: sin, math.cos: cos,
}


# --- numerically careful forwards ----------------------------------------------------------------
# Each takes floats (the scalar engine, first and fastest) and arrays (one number per row of a batch).

def _sigmoid(a: Num) -> Num:
    # Never exponentiate a large positive number: exact to the last bit and finite up to ±1e308.
    if type(a) is float:
        if a >= 0.0:
            return 1.0 / (1.0 + math.exp(-a))
        e = math.exp(a)
        return e / (1.0 + e)
    e = exp(-abs(a))  # the same on every row: exp(−a) for a ≥ 0 and exp(a) below
    return where(a >= 0.0, 1.0, e) / (1.0 + e)


def _softplus(a: Num) -> Num:
    # log(1 + e^a) = max(a, 0) + log1p(e^{-|a|}): no overflow for large a, no underflow loss for small a.
    if type(a) is float:
        return max(a, 0.0) + math.log1p(math.exp(-abs(a)))
    return where(a > 0.0, a, 0.0) + _arrays(a).log1p(exp(-abs(a)))


def _relu(a: Num) -> Num:
    if type(a) is float:
        return a if a > 0.0 else 0.0
    # fmax(a, 0) is a where a > 0, else 0.0, NaN and −0.0 included, as where(a > 0.0, a, 0.0) gives, without a branch
    # per number.  A Value has no fmax: it takes where.
    arrays = array_backend(a)
    return where(a > 0.0, a, 0.0) if arrays is None else arrays.fmax(a, 0.0)


def _leaky_relu(a: Num, slope: Num) -> Num:
    if type(a) is float:
        return a if a > 0.0 else slope * a
    return where(a > 0.0, a, slope * a)


def _pow(a: Num, b: Num) -> Num:
    # math.pow raises (instead of returning a complex number) for a negative base to a fractional power;
    # an array gets NaN there, which the batch reports.
    if type(a) is float and type(b) is float:
        return math.pow(a, b)
    return _arrays(a if array_backend(a) is not None else b).power(a, b)


def _div(a: Num, b: Num) -> Num:
    return a / b


# A variadic op's forward gets its parents as a list of floats from the scalar engine, or as one array
# whose first axis holds the parents from the batch (the sums over it are not exactly rounded there).

def _sum(args: Sequence[Num]) -> Num:
    arrays = array_backend(args)
    return math.fsum(args) if arrays is None else arrays.sum(args)


def _dot(args: Sequence[Num]) -> Num:
    n = len(args) // 2
    arrays = array_backend(args)
    if arrays is None:
        return math.fsum(map(operator.mul, args[:n], args[n:]))
    return arrays.sum(args[:n] * args[n:])  # type: ignore[operator]


def _logsumexp(args: Sequence[Num]) -> Num:
    arrays = array_backend(args)
    if arrays is None:
        m = max(args)
        return m + math.log(math.fsum(math.exp(a - m) for a in args))
    m = arrays.max(args)
    return m + arrays.log(arrays.sum(arrays.exp(args - m)))


def _pow_base_derivative(a: Num, b: Num, out: Num) -> Num:
    # ∂(a**b)/∂a = b·a**(b−1).  a**0 is the constant 1, so at a = 0 with b = 0, where a**(−1) does not exist, the
    # derivative is 0 (as in PyTorch): Σ wᵢ·x**i has a gradient at x = 0.  Only that point is special-cased, so
    # the derivative of b·a**(b−1) by b stays right everywhere else (second derivatives).
    if a.__class__ is float and b.__class__ is float:  # backward's own floats: the hot path, no helpers
        return 0.0 if a == 0.0 and b == 0.0 else b * a ** (b - 1.0)
    zero = (_data(b) == 0.0) & (_data(a) == 0.0)
    return where(zero, 0.0, b * where(zero, 1.0, a) ** (b - 1.0))


def _pow_exponent_derivative(a: Num, b: Num, out: Num) -> Num:
    # ∂(a**b)/∂b = a**b · ln a: defined only for a > 0 (for a = 0 and b > 0 the one-sided limit is 0).
    at_zero = (_data(a) == 0.0) & (_data(b) > 0.0)
    return where(at_zero, 0.0, out * log(where(at_zero, 1.0, a)))
