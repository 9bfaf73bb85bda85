"""How an op is written: how tightly an expression binds, and a node written over its parents' names.

The op table (:mod:`autograd.ops`) gives each op an ``expression`` in its parameters' names (``a·b``,
``a − b``) and a :attr:`~autograd.ops.Op.precedence`; :func:`write` puts the names of a node's parents
in it, with the parentheses a class writes: ``(ŷ − y)²``, ``w·(x + b)``, ``x·(−3)``.  Every view names a
node through it (:mod:`autograd.names`), as :meth:`Op.write <autograd.ops.Op.write>`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ops import Op

__all__ = ["ATOM", "NEGATION", "POWERS", "PRODUCTS", "SUMS", "subscript", "write"]

#: How tightly a written expression binds (:attr:`Op.precedence`), loosest first: a sum or difference,
#: a product or quotient, a negation, a power; :data:`ATOM` is a name, a number or a call (``ReLU(z)``).
SUMS, PRODUCTS, NEGATION, POWERS, ATOM = 1, 2, 3, 4, 5


def write(op: Op, operands: Sequence[tuple[str, int]]) -> str:
    """A node of ``op`` written over its parents' names, as a class writes it: ``w1·x1``, ``(ŷ − y)²``.

    ``operands`` holds one ``(name, precedence)`` per parent (a name's :attr:`precedence`: a plain
    name or a positive number is :data:`ATOM`, a negative number :data:`NEGATION`).  An operand is put
    in parentheses where the expression would read otherwise: when it binds more loosely than ``op``,
    or as tightly but not first (``a − (b − c)``, ``a·(b·c)``), as a power's base or exponent unless it
    is a name (``(a²)³``), and when it starts with a minus sign and is not first (``x·(−3)``).  A power
    with a whole-number exponent is written with a superscript, ``x²``.

        >>> from autograd.ops import MUL, POW, SUB
        >>> write(SUB, [("ŷ", ATOM), ("y", ATOM)])
        'ŷ − y'
        >>> write(POW, [(write(SUB, [("ŷ", ATOM), ("y", ATOM)]), SUB.precedence), ("2", ATOM)])
        '(ŷ − y)²'
        >>> write(MUL, [("w1", ATOM), ("-3", NEGATION)])
        'w1·(-3)'
    """
    form = op.written or op.expression
    if op.variadic:
        return _write_terms(op, form, operands)
    if len(operands) != len(op.params):
        raise ValueError(f"op {op.name}: write takes {len(op.params)} operands, got {len(operands)}")
    named = dict(zip(op.params, operands))
    power = re.fullmatch(r"(\w)\^(\w)", form)
    if power is not None and _WHOLE.fullmatch(named[power[2]][0]):
        base = _operand(op, named[power[1]], at_start=True, enclosed=False)
        return base + named[power[2]][0].translate(_SUPERSCRIPTS)
    return _param_pattern(op.params).sub(
        lambda m: _operand(op, named[m[1]], at_start=m.start() == 0, enclosed=_enclosed(form, m.start(), m.end())),
        form)


def _operand(op: Op, operand: tuple[str, int], *, at_start: bool, enclosed: bool) -> str:
    """One operand's text, in parentheses when the expression would read otherwise without them."""
    text, binding = operand
    if enclosed:
        return text
    looser = binding < op.precedence or (
        binding == op.precedence and (not at_start or op.precedence >= POWERS))
    signed = not at_start and text[:1] in "-−"
    return f"({text})" if looser or signed else text


def _write_terms(op: Op, form: str, operands: Sequence[tuple[str, int]]) -> str:
    """A variadic op's name: its term (``xᵢ·wᵢ``) once per group index, joined by its separator."""
    parts = _TERMS.fullmatch(form)
    if parts is None:
        raise ValueError(f"op {op.name}: written={form!r} must be a term with ᵢ, a separator and …")
    head, term, separator, tail = parts.groups()
    size = max(len(operands) // len(op.params), 1)
    enclosed = head.endswith("(") and tail.startswith(")")
    single = term in {f"{p}ᵢ" for p in op.params}
    terms = []
    for j in range(size):
        def operand(m: re.Match[str], j: int = j) -> str:
            named = operands[op.params.index(m[1]) * size + j]
            if single:
                return _operand(op, named, at_start=j == 0 and not head, enclosed=enclosed)
            text, binding = named  # inside a compound term (xᵢ·wᵢ) only a plain name goes bare
            return text if binding == ATOM and text[:1] not in "-−" else f"({text})"
        terms.append(_param_pattern(op.params, "ᵢ").sub(operand, term))
    return head + separator.join(terms) + tail


_WHOLE = re.compile(r"[-−]?\d{1,2}")
_SUPERSCRIPTS = str.maketrans("-−0123456789", "⁻⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
# A variadic op's written form: what comes before its term, the term (with ᵢ), the separator, …, the rest.
_TERMS = re.compile(r"(.*?)([^\s(]*ᵢ[^\s,]*)(.*?)…(.*)")


def _param_pattern(params: Sequence[str], suffix: str = "") -> re.Pattern[str]:
    """The parameter names (followed by ``suffix``) where they stand alone in a written form, not inside ``tanh``."""
    names = "|".join(re.escape(p) for p in sorted(params, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z])({names}){re.escape(suffix)}(?![A-Za-z])")


def _enclosed(form: str, start: int, end: int) -> bool:
    """True when the operand at ``form[start:end]`` sits alone inside a call's parentheses or bars: ``ReLU(a)``."""
    before, after = form[:start].rstrip()[-1:], form[end:].lstrip()[:1]
    return before in ("(", ",", "|") and before != "" and after in (")", ",", "|") and after != ""


def subscript(n: int) -> str:
    """``n`` in subscript digits: ``₁₂``."""
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
