"""The constants of a graph: the plain numbers an op wraps (the ``2`` of ``x * 2``).

Building a graph, the same number reuses one cached leaf (:func:`constant`): ``(y * 1.0001 + 0.1)`` in
a loop adds three nodes a step, not five, and backward never looks at a constant.  That leaf is never
shown: the first time a node's parents are looked at (:attr:`Value.parents`, ``_prev``, a walk of the
whole graph), the node takes a constant of its own in its place (:func:`own`).  So walking a graph and
setting ``grad = 0`` or a ``label`` on every node, as micrograd's lecture does, changes that graph alone.
"""

from __future__ import annotations

import numbers
from typing import Any

from .errors import ConstantError, NonFiniteError, constant_advice, finite_float
from .ops import Op
from .value import Value, _constants, _fill

__all__ = ["CONSTANTS_KEPT", "constant", "own", "shared_constant"]

#: How many numbers the cache holds before it starts again.
CONSTANTS_KEPT = 1024


def constant(x: Any, op: Op) -> Value:
    """Wrap a plain number used in an op as a constant leaf (no gradient is computed for it).

    The same number reuses the same leaf (from a small cache) while the graph is built and
    backpropagated: ``(y * 1.0001 + 0.1)`` in a loop adds three nodes a step, not five.  That leaf is
    never shown: :attr:`Value.parents` (and every walk of the whole graph) gives each node a constant
    of its own in its place the first time it is looked at, so a label or a gradient written on a
    constant stays in its graph.
    """
    if type(x) is float:
        v = _constants.get(x)
        if v is not None:
            return v
    elif isinstance(x, Value):
        return x
    else:
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise TypeError(
                f"{op.name}: operand must be a Value or a real number, got {x!r} ({type(x).__name__})")
        x = finite_float(x, f"{op.name}: operand")
        v = _constants.get(x)
        if v is not None:
            return v
    if x - x != 0.0:
        raise NonFiniteError(f"{op.name}: operand must be finite, got {x}")
    return shared_constant(x)


class _SharedConstant(Value):
    """The cached constant leaf of a number, held by every node that used the number: it cannot change.

    No user code ever sees it (see :func:`constant`: a node swaps it for a constant of its own before
    showing its parents), so it is never labelled or given a gradient; should anything write to it, it
    raises :class:`ConstantError` rather than change every graph at once.  Graph walks may mark it
    (``_mark``), and copying or pickling gives back the shared leaf itself.
    """

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        if name != "_mark":
            raise ConstantError(constant_advice(self.data, name, value))
        object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, tuple[float]]:
        return shared_constant, (self.data,)


def shared_constant(x: float) -> Value:
    """The cached constant leaf for the finite float ``x`` (made, and cached, if needed)."""
    v = _constants.get(x)
    if v is not None:
        return v
    v = _fill(object.__new__(Value), x, None, None, None, False)
    v.__class__ = _SharedConstant  # filled as a plain Value, then frozen: a _SharedConstant refuses every write
    # A full cache starts again: a shown graph never shares these leaves (own), so a number cached twice over
    # changes nothing a user sees, and the numbers in use now stay on the fast path.
    if len(_constants) >= CONSTANTS_KEPT:
        _constants.clear()
    _constants[x] = v
    return v


def own(c: Value) -> Value:
    """A constant of a node's own, in place of the shared one ``c`` (see :func:`constant`)."""
    return Value(c._data, requires_grad=False)
