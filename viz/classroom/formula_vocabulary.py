"""The vocabulary of the formula language: the operators and functions a formula may use, read from the op
table with their arities, and how it writes the operators it may not use (``//``, ``^``, ...); the words for
everything else it may not use are :data:`viz.classroom.words.FORBIDDEN`.

:class:`~viz.classroom.formula.Formula` checks a formula's tree against these tables; adding an op to
:data:`autograd.ops.OPS` adds its function here.
"""

from __future__ import annotations

import ast
import difflib
import inspect
from collections.abc import Callable, Iterable

from autograd import functional
from autograd.ops import OPS, Op
from autograd.value import Value

__all__ = ["ALIASES", "ARITY", "BINARY", "FUNCTIONS", "KEYWORDS", "NEG", "OPERATOR_TEXT", "SCALAR", "SEQUENCE",
           "close_match"]

#: The binary operators, mapped to the op table.
BINARY: dict[type[ast.operator], Op] = {
    ast.Add: OPS["add"], ast.Sub: OPS["sub"], ast.Mult: OPS["mul"], ast.Div: OPS["div"], ast.Pow: OPS["pow"],
}
#: Unary minus.
NEG = OPS["neg"]
_OPERATORS = frozenset(op.name for op in (*BINARY.values(), NEG))

#: Scalar functions: every fixed-arity op of the table that is not an operator, called through its
#: Value method (so defaults such as leaky_relu's slope come from one place).
SCALAR: dict[str, Callable[..., Value]] = {
    name: getattr(Value, name)
    for name, op in OPS.items()
    if not op.variadic and name not in _OPERATORS and callable(getattr(Value, name, None))
}
#: Functions over sequences: the variadic ops of the table, plus mean (built from sum).
SEQUENCE: dict[str, Callable[..., Value]] = {
    **{name: getattr(functional, name) for name, op in OPS.items() if op.variadic},
    "mean": functional.mean,
}

#: The names an expression may call, in the order of the op table.
FUNCTIONS: tuple[str, ...] = (*SCALAR, *SEQUENCE)


def _arity(function: Callable[..., Value]) -> tuple[int, int]:
    """(fewest, most) positional arguments of ``function``."""
    params = [p for p in inspect.signature(function).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return sum(p.default is p.empty for p in params), len(params)


#: ``(fewest, most)`` arguments of every function.
ARITY = {name: _arity(f) for name, f in {**SCALAR, **SEQUENCE}.items()}


def _keywords(function: Callable[..., Value]) -> tuple[str, ...]:
    """The parameters of a Value method that a call may name, its operand (``self``) left out."""
    params = list(inspect.signature(function).parameters.values())[1:]
    return tuple(p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


#: The keyword arguments each scalar function takes, read from its Value method (``leaky_relu(x, slope=0.1)``;
#: a new parameter of a method, such as a ReLU convention at 0, is a keyword of the formula language at once).
KEYWORDS: dict[str, tuple[str, ...]] = {name: _keywords(f) for name, f in SCALAR.items()}

#: How a formula writes the operators it may not use.
OPERATOR_TEXT: dict[type[ast.AST], str] = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
    ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&", ast.Not: "not", ast.Invert: "~",
}

#: Names from other notations, for "did you mean": difflib would not think of these.
ALIASES = {"ln": "log"}


def close_match(name: str, choices: Iterable[str]) -> str | None:
    """The choice ``name`` was probably meant to be (difflib's closest), or None."""
    matches = difflib.get_close_matches(name, list(choices), n=1)
    return matches[0] if matches else None

