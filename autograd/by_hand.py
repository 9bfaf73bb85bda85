"""Nodes made by hand, micrograd's way: ``out = Value(t, (x,), 'tanh'); out._backward = _backward``.

micrograd's lecture writes each op as a method that builds its result with ``Value(data, _children, _op)``
and gives it a closure, ``_backward``, that adds the chain rule's terms to the children's ``grad``.  Such
a node has no row in the op table (:mod:`autograd.ops`): its derivative is the closure.  It gets an op
of its own, a :class:`HandWritten`, which keeps the closure and the node's text, so that backward runs
the closure in its place in the topological order, the node's parents are its children, and the
step-through (:func:`autograd.trace_backward`) can say that the derivative was written by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .op_text import ATOM, SUMS
from .ops import Derivative, Op
from .text import WORDS

__all__ = ["HandWritten", "hand_written", "no_step"]

Step = Callable[[], None]


def no_step() -> None:
    """The chain-rule step of a leaf, or of a node made by hand without one: nothing to do."""


@dataclass(frozen=True, eq=False, slots=True, kw_only=True)
class HandWritten(Op):
    """The op of one node made by hand: its text (micrograd's ``_op``) and its ``_backward`` closure.

    Its parents are a tuple (it is variadic: a node made by hand may have any number of children).
    It has no forward and no derivative in the table: backward calls ``step`` instead, and the
    formulas say "written by hand" (in the trace's language).
    """

    step: Step = no_step


def hand_written(text: str, parents: int, step: Step = no_step) -> HandWritten:
    """The op of a node made by hand from ``parents`` children, written ``text`` (``"tanh"``, ``"+"``, ``""``)."""
    symbol = text or "ƒ"
    operator = parents > 1 and not (symbol[:1].isalpha() or symbol[:1] == "_")
    return HandWritten(
        name=f"{symbol} ({WORDS('en')['by_hand']})", symbol=symbol, code=text,
        expression=f"x₁ {symbol} x₂" if operator else f"{symbol}(x)", params=("x",),
        written=f"xᵢ {symbol} …" if operator else f"{symbol}(xᵢ, …)", precedence=SUMS if operator else ATOM,
        forward=_no_forward,
        derivatives=(Derivative(WORDS("en")["by_hand"], _no_derivative, formula_es=WORDS("es")["by_hand"]),),
        variadic=True, step=step,
    )


def _no_forward(*args: Any) -> float:
    raise TypeError("a node made by hand (Value(data, _children, _op)) has no forward in the op table: "
                    "compute its data yourself")


def _no_derivative(*args: Any) -> Any:
    raise TypeError("a node made by hand (Value(data, _children, _op)) has no derivative in the op table: "
                    "its _backward is its derivative (and it works on floats, so create_graph cannot use it)")
