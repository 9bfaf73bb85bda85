"""Hypothesis strategies for testing gradients (needs the ``hypothesis`` package).

* :func:`op_inputs` draws inputs at which an op is defined and differentiable: inside its domain
  (the op itself is asked, so there is no second copy of any domain), a margin away from the
  domain's edge, and away from its kinks (ReLU and abs at 0).
* :func:`expressions` draws random expression graphs over the op table: DAGs with shared
  subexpressions and reused leaves, each returned with its inputs.  An :class:`Expression` is a
  plain description (leaves and steps), so a failing case shrinks to a small, readable expression.
* :func:`grad_flags` draws, for an expression, which of its nodes need a gradient: leaves created
  with ``requires_grad=False``, nodes used detached, and ``requires_grad`` flags changed after the
  graph was built (:class:`GradFlags`).

Typical use::

    from hypothesis import given
    from autograd import gradcheck
    from autograd.testing import expressions

    @given(expressions())
    def test_random_graphs(expr):
        gradcheck(expr, expr.inputs, raise_on_failure=True)
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from hypothesis import assume
from hypothesis import strategies as st

from .errors import AutogradError
from .ops import OPS, Op, relu_op
from .value import Value, apply

__all__ = ["EVERY_OP", "Expression", "GradFlags", "expressions", "finite_floats", "grad_flags", "op_inputs"]

#: Every op an expression can use: the op table, and ReLU with the other convention (ReLU′(0) = 1).
EVERY_OP: tuple[Op, ...] = (*OPS.values(), relu_op(1.0))
_BY_NAME: dict[str, Op] = {op.name: op for op in EVERY_OP}
#: How far (relative) from a domain edge or a kink drawn inputs stay.
MARGIN = 1e-3
#: Largest magnitude of any value in a drawn graph (keeps finite differences well conditioned).
LIMIT = 1e3


def finite_floats(min_value: float = -5.0, max_value: float = 5.0) -> st.SearchStrategy[float]:
    """Finite floats in ``[min_value, max_value]`` (no NaN, no inf, no subnormals)."""
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def _forward(op: Op, args: Sequence[float]) -> float | None:
    """``op``'s result at ``args``, or None where it is undefined, not finite or too large."""
    try:
        out = op.forward(list(args)) if op.variadic else op.forward(*args)
    except (ArithmeticError, ValueError):
        return None
    return out if math.isfinite(out) and abs(out) <= LIMIT else None


def _evaluate(op: Op, args: Sequence[float]) -> tuple[float, list[float]] | None:
    """``op``'s value and local derivatives at ``args``, or None where any is undefined or too large."""
    out = _forward(op, args)
    if out is None:
        return None
    try:
        locals_ = [float(op.local_derivative(i, list(args), out)) for i in range(len(args))]
    except (ArithmeticError, ValueError):
        return None
    return (out, locals_) if all(abs(d) <= LIMIT for d in locals_) else None


def usable(op: Op, args: Sequence[float]) -> bool:
    """True when ``op`` is well behaved at ``args``, so finite differences can judge it there.

    That is: its value and local derivatives are defined and at most ``LIMIT`` in size there and at
    every point within ``MARGIN`` in each coordinate; the value changes by less than half of
    ``1 + |value|`` over that margin (away from poles and domain edges); and its first input keeps
    ``MARGIN`` away from the op's kinks.
    """
    center = _evaluate(op, args)
    if center is None:
        return False
    if op.kinks and any(abs(args[0] - k) < MARGIN for k in op.kinks):
        return False
    for i, x in enumerate(args):
        for x2 in (x - MARGIN * max(1.0, abs(x)), x + MARGIN * max(1.0, abs(x))):
            near = _evaluate(op, [*args[:i], x2, *args[i + 1:]])
            if near is None or abs(near[0] - center[0]) > 0.5 * (1.0 + abs(center[0])):
                return False
    return True


def _arity(op: Op, draw: st.DrawFn) -> int:
    """How many parents to give ``op``: its arity, or for a variadic op 1 to 3 in each group of parents."""
    if op.arity is not None:
        return op.arity
    return draw(st.integers(1, 3)) * len(op.params)  # one equal group per name in params (dot: x and w)


@st.composite
def op_inputs(draw: st.DrawFn, op: Op, min_value: float = -5.0, max_value: float = 5.0) -> list[float]:
    """Inputs for ``op`` (one list of floats) inside its domain and away from its kinks."""
    n = _arity(op, draw)
    args = draw(st.lists(finite_floats(min_value, max_value), min_size=n, max_size=n))
    assume(usable(op, args))
    return args


@dataclass(frozen=True)
class Expression:
    """A random expression: numbered leaves ``x0, x1, …`` and steps ``vK = op(v_i, v_j, …)``.

    Each step is the name of an op of :data:`EVERY_OP` (``"mul"``, ``"relu(at_zero=1)"``) and the
    indices of its operands.

    Calling it with one Value per leaf builds the graph and returns its last node, so it can be
    passed straight to :func:`~autograd.gradcheck`.
    """

    leaves: tuple[float, ...]
    steps: tuple[tuple[str, tuple[int, ...]], ...]

    @property
    def inputs(self) -> list[float]:
        """The leaf values the expression was drawn at."""
        return list(self.leaves)

    def __call__(self, *leaves: Value) -> Value:
        return self.build(leaves)[-1]

    def build(self, leaves: Sequence[Value], detached: Collection[int] = ()) -> list[Value]:
        """Every node of the graph over ``leaves``: the leaves, then one result per step.

        A node whose index is in ``detached`` enters every later step as ``node.detach()``.
        """
        nodes: list[Value] = list(leaves)
        for name, args in self.steps:
            nodes.append(apply(_BY_NAME[name], [nodes[i].detach() if i in detached else nodes[i] for i in args]))
        return nodes

    def __repr__(self) -> str:
        names = [f"x{i}" for i in range(len(self.leaves))] + [f"v{i}" for i in range(len(self.steps))]
        lines = [f"x{i} = {x!r}" for i, x in enumerate(self.leaves)]
        k = len(self.leaves)
        lines += [f"{names[k + i]} = {name}({', '.join(names[a] for a in args)})"
                  for i, (name, args) in enumerate(self.steps)]
        return "Expression(" + "; ".join(lines) + ")"


@st.composite
def expressions(draw: st.DrawFn, max_leaves: int = 4, max_steps: int = 6,
                ops: Sequence[Op] | None = None) -> Expression:
    """Random DAGs over the op table, or over ``ops`` (e.g. :data:`EVERY_OP`, with ReLU of both conventions).

    Each step applies a drawn op to drawn earlier nodes, leaves or results, so subexpressions are
    shared and leaves reused.  A step whose op is not usable at its inputs (see :func:`usable`) is
    drawn again, so every expression is defined and differentiable around its inputs.
    """
    pool = list(ops) if ops is not None else list(OPS.values())
    leaves = draw(st.lists(finite_floats(-3.0, 3.0), min_size=1, max_size=max_leaves))
    data = list(leaves)
    steps: list[tuple[str, tuple[int, ...]]] = []
    for _ in range(draw(st.integers(1, max_steps))):
        for _attempt in range(5):
            op = draw(st.sampled_from(pool))
            args = tuple(draw(st.integers(0, len(data) - 1)) for _ in range(_arity(op, draw)))
            if usable(op, [data[i] for i in args]):
                out = _forward(op, [data[i] for i in args])
                assert out is not None
                steps.append((op.name, args))
                data.append(out)
                break
    assume(steps)
    expr = Expression(tuple(leaves), tuple(steps))
    try:  # a derivative may still be undefined where the value is not (a**b at a < 0, for ∂/∂b)
        expr(*(Value(x) for x in leaves)).backward()
    except AutogradError:
        assume(False)
    return expr


@dataclass(frozen=True)
class GradFlags:
    """Which nodes of an :class:`Expression` need a gradient, and how they were told.

    ``leaves`` is each leaf's ``requires_grad`` when it is created; the nodes in ``detached`` are
    used detached by every later step; ``flipped`` lists ``(node, requires_grad)`` settings made
    after the whole graph is built, in order (nodes are numbered as in :meth:`Expression.build`).
    """

    leaves: tuple[bool, ...]
    detached: frozenset[int]
    flipped: tuple[tuple[int, bool], ...]

    def build(self, expr: Expression) -> list[Value]:
        """``expr``'s nodes at its inputs, with these flags applied."""
        leaves = [Value(x, label=f"x{i}", requires_grad=rg) for i, (x, rg) in enumerate(zip(expr.leaves, self.leaves))]
        nodes = expr.build(leaves, self.detached)
        for i, requires_grad in self.flipped:
            nodes[i].requires_grad = requires_grad
        return nodes


@st.composite
def grad_flags(draw: st.DrawFn, expr: Expression) -> GradFlags:
    """Random :class:`GradFlags` for ``expr``: most nodes keep needing a gradient, some do not."""
    n = len(expr.leaves) + len(expr.steps)
    leaves = tuple(draw(st.lists(st.booleans() | st.just(True), min_size=len(expr.leaves),
                                 max_size=len(expr.leaves))))
    detached = draw(st.frozensets(st.integers(0, n - 2), max_size=2)) if n > 1 else frozenset()
    flipped = tuple(draw(st.lists(st.tuples(st.integers(0, n - 1), st.booleans()), max_size=3)))
    return GradFlags(leaves, detached, flipped)
