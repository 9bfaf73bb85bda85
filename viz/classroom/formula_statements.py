"""Names in a formula: the assignments ``NAME = expression``, separated by ``;`` or new lines, and the rules
that keep them readable.

    z = w1*x1 + w2*x2 + w3*x3 + b; yhat = relu(z); L = 0.5*(yhat - y)**2

The last line is the result (an assignment, or a bare expression); each name labels its node and may be
used by the lines after it.  Refused, each with a caret: any statement but ``NAME = expression`` (``+=``,
``a = b = …``, ``import``, ``if``, …), a name used before it is assigned, assigned twice, never used, that
is a function of the language, or that only renames another (``a = z``), and a line before the last whose
result is not named.  A name that is not assigned is a variable, given a value when the formula is built.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .formula_errors import FormulaError
from .formula_vocabulary import OPERATOR_TEXT, SCALAR, SEQUENCE
from .formula_words import forbidden

__all__ = ["Statement", "read_statements", "resolve_names"]

#: ``error(key, fields, node)``: a FormulaError pointing at ``node``.
ErrorAt = Callable[[str, Mapping[str, Any], "ast.AST | None"], FormulaError]

_AUGMENTED: dict[type[ast.AST], str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**",
                                        **OPERATOR_TEXT}


@dataclass(frozen=True)
class Statement:
    """One line of a formula: ``name = value`` (``name`` is ``""`` for a bare last expression)."""

    name: str
    target: ast.Name | None
    value: ast.expr

    @property
    def line(self) -> int:
        """The line the statement starts on (1-based)."""
        return self.value.lineno if self.target is None else self.target.lineno


def read_statements(module: ast.Module, error: ErrorAt) -> list[Statement]:
    """The statements of a parsed formula, each checked to be ``NAME = expression`` (the last may be an expression)."""
    out: list[Statement] = []
    last = len(module.body) - 1
    for i, node in enumerate(module.body):
        if isinstance(node, ast.Expr):
            if i != last:
                raise error("unused_line", {}, node)
            out.append(Statement("", None, node.value))
        elif isinstance(node, ast.Assign):
            target = _target(node, error)
            out.append(Statement(target.id, target, node.value))
        elif isinstance(node, ast.AugAssign):
            name = node.target.id if isinstance(node.target, ast.Name) else "x"
            raise error("augmented", {"symbol": _AUGMENTED.get(type(node.op), "?"), "name": name}, node)
        else:
            raise error("statement", {"what": forbidden(type(node).__name__)}, node)
    return out


def _target(node: ast.Assign, error: ErrorAt) -> ast.Name:
    if len(node.targets) != 1 or isinstance(node.targets[0], (ast.Tuple, ast.List)):
        raise error("one_target", {}, node.targets[-1] if len(node.targets) > 1 else node.targets[0])
    target = node.targets[0]
    if not isinstance(target, ast.Name):
        raise error("target_name", {}, target)
    if target.id in SCALAR or target.id in SEQUENCE:
        raise error("target_function", {"name": target.id}, target)
    if target.id.startswith("__"):
        raise error("target_dunder", {"name": target.id}, target)
    value = node.value
    while isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.UAdd):
        value = value.operand
    if isinstance(value, ast.Name):
        raise error("alias", {"name": target.id, "other": value.id}, node)
    return target


def resolve_names(statements: Sequence[Statement], uses: Sequence[Sequence[ast.Name]], error: ErrorAt
                  ) -> tuple[tuple[str, ...], dict[str, Statement]]:
    """``(variables, assigned)``: the names never assigned (in order of first use), and each assigned name's line.

    ``uses[i]`` are the variable names statement ``i`` reads, in order.  Refuses a name read before its
    assignment (or by its own), assigned twice, or never read after it (the last statement's excepted).
    """
    where: dict[str, int] = {}
    for i, s in enumerate(statements):
        if s.name:
            where.setdefault(s.name, i)
    assigned: dict[str, Statement] = {}
    variables: dict[str, None] = {}
    read: set[str] = set()
    for statement, names in zip(statements, uses):
        for name in names:
            if name.id in assigned:
                read.add(name.id)
            elif name.id in where:  # assigned here or on a later line
                raise error("before_assigned", {"name": name.id, "line": statements[where[name.id]].line}, name)
            else:
                variables.setdefault(name.id)
        if statement.name:
            if statement.name in assigned:
                raise error("assigned_twice", {"name": statement.name, "line": assigned[statement.name].line},
                            statement.target)
            assigned[statement.name] = statement
    for statement in statements[:-1]:
        if statement.name not in read:
            raise error("never_used", {"name": statement.name}, statement.target)
    return tuple(variables), assigned
