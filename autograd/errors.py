"""The exceptions the engine raises.

Every message names the operation and the offending value (and its label, when it has one), so a
student reading a traceback in class sees *which* node went wrong, not just ``math domain error``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ops import Op

__all__ = ["AutogradError", "ConstantError", "DomainError", "NonFiniteError"]


class AutogradError(Exception):
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
