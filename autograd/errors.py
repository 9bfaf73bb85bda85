"""The exceptions the engine raises, the one check of a number a user gives, and the messages.

Every message names the operation and the offending value (and its label, when it has one), so a
student reading a traceback in class sees *which* node went wrong, not just ``math domain error``.

* the exceptions: :class:`PizarraError`, the root of every error pizarra raises on bad input, in every package
  (each also the built-in it is: ``ValueError``, ``TypeError``, …), then :class:`AutogradError` and its kinds
  :class:`DomainError`, :class:`NonFiniteError` and :class:`ConstantError`;
* :func:`finite_float`: every number a user gives goes through it;
* :func:`describe`, :func:`forward_error`, :func:`overflow_error`: how an op's failure is told.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .ops import Op
    from .value import Value

__all__ = [
    "AutogradError", "ConstantError", "DomainError", "NonFiniteError", "PizarraError", "constant_advice", "describe",
    "finite_float", "forward_error", "overflow_error",
]


class PizarraError(Exception):
    """The root of every error pizarra raises on bad input, in the engine and in every package built on it.

    Each error is also the built-in type a caller expects (``DomainError`` is a ``ValueError``, ``ConstantError``
    an ``AttributeError``, …), so ``except ValueError`` keeps working and ``except PizarraError`` catches them all.
    """


class AutogradError(PizarraError):
    """Base class of every error raised by :mod:`autograd`."""


class DomainError(AutogradError, ValueError):
    """An operation was asked for a value outside its mathematical domain.

    Examples: ``log`` of a number ≤ 0, ``sqrt`` of a negative number, division by zero,
    ``0 ** -1``, a negative base to a non-integer power.

    Attributes:
        op: the :class:`~autograd.ops.Op` that refused (None when not raised by an op).
        operands: the data of its operands, in order.
    """

    def __init__(self, message: str, op: Op | None = None, operands: tuple[float, ...] = ()) -> None:
        super().__init__(message)
        self.op = op
        self.operands = operands


class NonFiniteError(AutogradError, ArithmeticError):
    """A value or a gradient is NaN or ±inf.

    Raised for NaN/inf data given to :class:`~autograd.Value`, for an operation whose result
    overflows (``exp(1000)``), and by ``backward()`` when a gradient stops being finite; the message
    says at which node it happened.
    """


class ConstantError(AutogradError, AttributeError):
    """Something was written on a shared constant (the ``2`` in ``x * 2``).

    The engine keeps one leaf per number used in operations and hands it to every graph that uses
    that number, so a label, data or gradient set on it would show up in all of them.  The message
    says what to write instead, e.g. ``Value(2.0, label='two', requires_grad=False)``.
    """


def finite_float(x: Any, what: str, type_error: type[Exception] = TypeError,
                 value_error: type[Exception] = NonFiniteError) -> float:
    """``x`` as a float, or an error saying ``what`` must be a real, finite number.

    Bools, strings, None, complex numbers and Values are refused with ``type_error``; NaN and ±inf
    with ``value_error``.  Every place that takes a number from a user goes through here.
    """
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        from .value import Value  # only on this error path: value.py imports this module

        if isinstance(x, Value):
            raise type_error(f"{what} must be a number, got a Value; use it directly or its .data")
        raise type_error(f"{what} must be a real number, got {x!r} ({type(x).__name__})")
    try:
        number = float(x)
    except OverflowError:  # an int with hundreds of digits
        raise value_error(f"{what} must be finite, got an integer too large for a float") from None
    if not math.isfinite(number):
        raise value_error(f"{what} must be finite, got {number}")
    return number


def describe(v: Value, name: str = "") -> str:
    """``a=-1.0 (Value 'x')``: how errors name an operand."""
    label = f" (Value {v.label!r})" if v.label else (" (constant)" if not v.requires_grad else "")
    return f"{name + '=' if name else ''}{v.data!r}{label}"


def _operands(op: Op, values: Sequence[Value]) -> str:
    return ", ".join(describe(v, op.param_name(i, len(values))) for i, v in enumerate(values))


def forward_error(op: Op, values: Sequence[Value], error: Exception) -> Exception:
    """The error to raise when ``op``'s forward failed with ``error`` on ``values``."""
    if isinstance(error, OverflowError):
        return overflow_error(op, values, math.inf)
    domain = f" needs {op.domain}" if op.domain else " is undefined here"
    return DomainError(f"{op.name}{domain}; got {_operands(op, values)}", op, tuple(v.data for v in values))


def overflow_error(op: Op, values: Sequence[Value], result: float) -> NonFiniteError:
    """The error to raise when ``op``'s result on ``values`` is ``result``, NaN or ±inf."""
    what = "is NaN" if result != result else "overflows a float"
    return NonFiniteError(f"{op.name}: the result {what}; got {_operands(op, values)}")


def constant_advice(number: float, name: str, value: object) -> str:
    """Why ``name`` cannot be set on the engine's cached constant of ``number``, and what to write instead."""
    n = repr(number)
    fix = {
        "label": f"; to name it, use Value({n}, label={value!r}, requires_grad=False) in its place",
        "data": f"; for another number write that number, or use a Value({n}, requires_grad=False) of your own",
        "grad": f"; a constant gets no gradient: for one, use Value({n}) in its place",
        "requires_grad": f"; a constant gets no gradient: for one, use Value({n}) in its place",
    }.get(name, "")
    return (f"cannot set {name} on the constant {n}: every graph that uses the number {n} shares this one "
            f"node, so the change would show in all of them{fix}")
