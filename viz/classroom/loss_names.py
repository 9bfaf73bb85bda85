"""Names for the loss's own nodes in a network exercise — ``ŷ − y``, ``(ŷ − y)²``, ``ln(1 − ŷ)`` — so that a
chain-rule explanation reads like the course instead of ``n27``, ``n28``.

Each name is written from the op table: the op's ``expression`` (``a − b``, ``a^b``, ``ln(a)``) over its
operands' names.  A target ``y`` is named where the loss subtracts it from an output; other constants
are written as numbers when they are whole (``1 − ŷ``).  A node whose name would be long (more than
:data:`~viz.classroom.formula.SHORT_LABEL` characters), or would need a fraction, is left for
:func:`autograd.trace.node_names` to number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from autograd.backprop import topological_order
from autograd.ops import OPS
from autograd.trace import is_constant
from autograd.value import Value

from .formula import SHORT_LABEL

__all__ = ["name_loss_nodes"]

_SUPERSCRIPTS = {2.0: "²", 3.0: "³"}
_PARAM = re.compile(r"(?<![A-Za-z])([ab])(?![A-Za-z])")


def name_loss_nodes(root: Value, outputs: Sequence[Value], targets: Sequence[float]) -> None:
    """Label the unlabelled nodes between the ``outputs`` and the loss ``root`` (which keeps its own name).

    ``targets[k]`` is output ``k``'s target: it is called ``y`` (``y[k]`` for several outputs) where the
    loss writes ``output − target``.
    """
    names: dict[Value, str] = {}
    target_name = {id(out): ("y" if len(outputs) == 1 else f"y[{k}]") for k, out in enumerate(outputs, start=1)}
    wanted = dict(zip(map(id, outputs), targets))
    for node in topological_order(root, only_requiring_grad=False):
        if node.label or node is root:
            names[node] = node.label
            continue
        if is_constant(node):
            names[node] = _number(node.data)
            continue
        parents = node.parents
        if node.op is OPS["sub"] and id(parents[0]) in wanted and is_constant(parents[1]) \
                and parents[1].data == wanted[id(parents[0])]:
            label = f"{names[parents[0]]} − {target_name[id(parents[0])]}"
        else:
            label = _written(node, names)
        names[node] = label
        if label and len(label) <= SHORT_LABEL:
            node.label = label


def _written(node: Value, names: Mapping[Value, str]) -> str:
    """``node``'s op expression over its parents' names, or ``""`` when a parent has no name to show."""
    op = node.op
    parents = node.parents
    if op is None or op.variadic or any(not names.get(p) for p in parents):
        return ""
    operand = {param: _grouped(names[p], op.expression) for param, p in zip(op.params, parents)}
    if op is OPS["pow"] and is_constant(parents[1]) and parents[1].data in _SUPERSCRIPTS:
        return operand["a"] + _SUPERSCRIPTS[parents[1].data]
    return _PARAM.sub(lambda m: operand[m[1]], op.expression)


def _grouped(name: str, expression: str) -> str:
    """A compound name in parentheses, unless the op already writes its operand inside a call: ``ln(1 − ŷ)``."""
    inside_call = "(a)" in expression
    return f"({name})" if " " in name and not inside_call else name


def _number(x: float) -> str:
    """A whole constant as a number; a fraction has no name (its text would depend on the decimal mark)."""
    return str(int(x)) if x.is_integer() and abs(x) < 1e6 else ""
