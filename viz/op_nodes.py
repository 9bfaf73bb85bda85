"""How an op node of a graph diagram is written: its symbol, the constants it uses, its convention.

A constant (a plain number an op wrapped, see :func:`autograd.trace.is_constant`) is written inside
the op node that uses it, by default: ``× 0,5``, ``− 5``, ``^2``, or ``5 −`` when it is the left
operand; an op with several parents and constants among them (``dot`` of fixed inputs) lists them,
one ``name = number`` line each, in the op's own parameter names (``x₁ = 1,8``).  A ReLU whose
derivative at 0 is not the op table's (``relu(at_zero=1)``) says so under its symbol:
``ReLU`` over ``ReLU′(0) = 1``, from :meth:`~autograd.ops.Op.convention_text`.

Every op node shows the op table's ``symbol`` (a product ``×``, a power ``^``, as on a blackboard).
"""

from __future__ import annotations

from autograd.ops import OPS
from autograd.text import Notation
from autograd.trace import is_constant
from autograd.value import Value

from .dot import html_text

__all__ = ["CONSTANTS", "drawn_parents", "op_label"]

#: How ``draw`` shows constants: ``"inline"`` inside the op node (default), ``"nodes"`` as small leaves.
CONSTANTS = ("inline", "nodes")


def drawn_parents(v: Value, constants: str) -> list[int]:
    """The positions of ``v``'s parents drawn as arrows into its op node (constants written inline are not)."""
    return [k for k, p in enumerate(v.parents) if constants == "nodes" or not is_constant(p)]


def op_label(v: Value, notation: Notation, constants: str) -> str:
    """The HTML-like markup (escaped) of the op node that computes ``v``."""
    op = v.op
    assert op is not None
    symbol = op.symbol
    n = len(v.parents)
    inline = [] if constants == "nodes" else [k for k, p in enumerate(v.parents) if is_constant(p)]
    lines: list[str] = []
    if not inline:
        head = symbol
    elif n == 2 and len(inline) == 1 and not op.variadic:
        number = notation.factor(v.parents[inline[0]].data)
        if symbol == "^":
            head = f"^{number}" if inline == [1] else f"{number}^"
        else:
            head = f"{symbol} {number}" if inline == [1] else f"{number} {symbol}"
    else:
        head = symbol
        lines = [f"{op.param_name(k, n)} = {notation.math(v.parents[k].data)}" for k in inline]
    convention = op.convention_text(lang=notation.lang)
    if convention is not None and OPS.get(op.name) is not op:
        lines.append(convention)
    small = "".join(f'<BR/><FONT POINT-SIZE="10">{html_text(line)}</FONT>' for line in lines)
    return html_text(head) + small
