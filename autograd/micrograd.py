"""micrograd's names on :class:`~autograd.Value`: ``_prev``, ``_op`` and ``_backward``, read from pizarra's own graph.

karpathy's micrograd, and the lecture built on it, read a node's parents as ``v._prev`` (a set), its
op as ``v._op`` (text: ``'+'``, ``'*'``, ``'**2'``, ``'tanh'``, ``'ReLU'``) and call its chain-rule step
as ``v._backward()``.  :class:`MicrogradNames` gives every Value those names without a second engine:
the parents are :attr:`Value.parents`, the text is the op's ``code`` in the op table, and the step is
backward's own, at one node.  A node made by hand (``Value(data, _children, _op)``, see
:mod:`autograd.by_hand`) keeps the ``_backward`` it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import TYPE_CHECKING, Any, Protocol, cast

from . import ops
from .by_hand import HandWritten, hand_written

if TYPE_CHECKING:
    from .backprop import Observer
    from .value import Value

__all__ = ["ChainRuleStep", "MicrogradNames", "children_of"]


class ChainRuleStep(Protocol):
    """A node's ``_backward``: call it with no argument, as micrograd does (an observer may watch it)."""

    def __call__(self, observer: Observer | None = None) -> None: ...


class MicrogradNames:
    """micrograd's ``_prev``, ``_op`` and ``_backward``, for :class:`~autograd.Value` (which inherits them)."""

    __slots__ = ()

    @property
    def _prev(self) -> set[Value]:
        """micrograd's name for the parents: a new ``set`` of them (``parents`` keeps their order)."""
        return set(_value(self).parents)

    @property
    def _op(self) -> str:
        """micrograd's text for the node: ``'+'``, ``'*'``, ``'**2'``, ``'tanh'``, ``'ReLU'``; ``''`` for a leaf.

        It is the op's ``code`` in the op table; a power by a number (a leaf that needs no gradient)
        adds the number as micrograd writes ``f'**{other}'`` (a whole number without ``.0``).
        """
        op = _value(self)._fn
        if op is None:
            return ""
        if op is ops.POW:
            exponent = _value(self)._b
            if exponent is not None and exponent._fn is None and not exponent.requires_grad:
                e = exponent._data
                return f"{op.code or ''}{int(e) if e.is_integer() and abs(e) < 1e16 else e!r}"
        return op.code or ""

    @property
    def _backward(self) -> ChainRuleStep:
        """micrograd's ``_backward``: this node's own chain-rule step, :func:`autograd.backprop.backward_step`.

        Calling it adds ``self.grad · ∂self/∂parent`` to the ``grad`` of each parent that requires a
        gradient, with the local derivatives of the op table, as ``backward()`` does at this node; for a
        leaf it does nothing.  So ``o.grad = 1.0; o._backward(); n._backward(); …`` in reverse
        topological order gives ``backward()``'s gradients (it is the reference loop,
        :func:`autograd.backprop.backward_reference`).  Assigning a closure (``out._backward = step``)
        makes the node one made by hand: the step then calls ``step``.  The step is made when asked
        for, so a node holds no closure of its own.
        """
        return partial(_backward_step(), _value(self))

    @_backward.setter
    def _backward(self, step: Callable[[], None]) -> None:
        if not callable(step):
            raise TypeError(f"_backward must be a function of no arguments (a closure), got {step!r}")
        node = _value(self)
        op = node._fn
        if op is None:
            raise TypeError(f"_backward: {node!r} is a leaf, made from no other Value, so it has no chain-rule "
                            "step to write: give the closure to the node computed from it")
        if isinstance(op, HandWritten):
            node._fn = hand_written(op.code or "", len(node._a), step)
            return
        text, parents = self._op, node.parents
        node._a, node._b = parents, None
        node._fn = hand_written(text, len(parents), step)


@cache
def _backward_step() -> Callable[[Value, Observer | None], None]:
    """:func:`autograd.backprop.backward_step`, imported once when first asked for (backprop imports Value,
    which is defined after this module)."""
    from .backprop import backward_step

    return backward_step


def _value(names: MicrogradNames) -> Value:
    """The Value whose micrograd names these are (every Value is a MicrogradNames)."""
    return cast("Value", names)


def children_of(children: Any, op: Any) -> tuple[Value, ...]:
    """The children of ``Value(data, _children, _op)``, checked: Values, in a tuple."""
    if isinstance(children, str):
        raise TypeError(f"Value: the second argument is _children, the Values this one is made from, as in "
                        f"micrograd (Value(data, _children, _op, label)); got the text {children!r}: to name the "
                        f"value, write Value(data, label={children!r})")
    if not isinstance(op, str):
        raise TypeError(f"Value: _op is the node's text, like '+' or 'tanh'; got {op!r} ({type(op).__name__})")
    try:
        found = tuple(children)
    except TypeError:
        raise TypeError(f"Value: _children must be the Values this one is made from, like (a, b); "
                        f"got {children!r} ({type(children).__name__})") from None
    for child in found:
        if not isinstance(child, MicrogradNames):  # every Value is one
            raise TypeError(f"Value: _children must all be Values, got {child!r} ({type(child).__name__}) "
                            f"among them")
    return cast("tuple[Value, ...]", found)
