"""The batched engine fails exactly as the scalar engine does, or not at all: same numbers, or the same error.

Random graphs heavy in ``pow`` (exponents that are constants, parameters or other nodes), recorded at a point
where everything is defined, then run on random rows, some outside the ops' domains (a negative base, a
log of a negative number, a division by zero).  Row by row, the scalar engine either gives the value and the
gradients or raises; the batch must give the same numbers, or raise the scalar engine's own error for the
first row that fails, with that row named.  The forward runs on every row before any backward, so a row
failing in the forward is found before a row failing only in the backward.

The reference builds each row's graph with its inputs needing no gradient, as inputs are: the scalar engine
then computes the derivatives that some parameter needs and no others, as the batch does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from typing import Any

from hypothesis import assume, event, example, given, settings
from hypothesis import strategies as st

from autograd import OPS, AutogradError, Value, apply, topological_order
from autograd.batch import record
from autograd.testing import Expression, expressions

#: pow three times as often as any other op; the others reach out of their domains too.
POW_HEAVY = [OPS["pow"]] * 3 + [OPS[name] for name in ("mul", "add", "sub", "div", "log", "sqrt", "exp", "tanh",
                                                       "relu")]
ROLES = ("input", "parameter", "constant")


def build(expr: Expression, roles: Sequence[str], values: Sequence[float], used: Collection[int] | None = None
          ) -> list[Value]:
    """The graph's nodes at ``values``; with ``used``, only the steps the root depends on are computed."""
    nodes: list[Value] = [Value(x, label=f"x{i}", requires_grad=role == "parameter")
                          for i, (x, role) in enumerate(zip(values, roles))]
    for k, (name, args) in enumerate(expr.steps, start=len(nodes)):
        skip = used is not None and k not in used
        nodes.append(nodes[0] if skip else apply(OPS[name], [nodes[i] for i in args]))
    return nodes


def used_nodes(nodes: Sequence[Value]) -> set[int]:
    """The positions of the nodes the last one depends on (itself included)."""
    reached = set(topological_order(nodes[-1], only_requiring_grad=False))
    return {k for k, node in enumerate(nodes) if node in reached}


def scalar(expr: Expression, roles: Sequence[str], row: dict[int, float], seed: float | None
           ) -> tuple[float, list[float]] | AutogradError:
    """One row on the scalar engine: the root's value and the leaves' gradients, or the error it raises."""
    used = used_nodes(build(expr, roles, expr.leaves))
    try:
        nodes = build(expr, roles, [row.get(i, x) for i, x in enumerate(expr.leaves)], used)
        if seed is not None:
            nodes[-1].backward(seed)
    except AutogradError as error:
        return error
    return nodes[-1].data, [nodes[i].grad for i in range(len(expr.leaves))]


Case = tuple[Expression, list[str], list[int], list[list[float]]]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    expr = draw(expressions(ops=POW_HEAVY, max_steps=5))
    roles = draw(st.lists(st.sampled_from(ROLES), min_size=len(expr.leaves), max_size=len(expr.leaves)))
    used = used_nodes(build(expr, roles, expr.leaves))
    roles = [role if i in used else "constant" for i, role in enumerate(roles)]  # an unused leaf is no input
    inputs = [i for i, role in enumerate(roles) if role == "input"]
    assume(inputs)
    value = st.sampled_from([0.0, -1.0, -2.0, 0.5, 2.0, 3.0]) | st.floats(-3, 3, allow_nan=False,
                                                                           allow_subnormal=False)
    rows = draw(st.lists(st.lists(value, min_size=len(inputs), max_size=len(inputs)), min_size=1, max_size=5))
    return expr, roles, inputs, rows


def _batch_or_same_error(run: Callable[[], Any], scalar_rows: Sequence[Any], phase: str) -> Any:
    """The batch's result when no row fails on the scalar engine; None when both fail, with the same error at the
    same (first failing) row; an AssertionError when only one of them fails."""
    failed = [r for r, result in enumerate(scalar_rows) if isinstance(result, AutogradError)]
    try:
        result = run()
    except AutogradError as error:
        event(f"the same error in the {phase}")
        assert failed, f"the batch raised {error!r}, the scalar engine gave {scalar_rows}"
        _same_error(error, scalar_rows[failed[0]], failed[0])
        return None
    assert not failed, f"the scalar engine raised {scalar_rows[failed[0]]!r} at row {failed[0]}, the batch did not"
    return result


def _same_error(batched: AutogradError, expected: AutogradError, row: int) -> None:
    assert type(batched) is type(expected), (batched, expected)
    assert str(batched) == f"{expected} at row {row}", (str(batched), str(expected), row)


#: The issue's graph: ``a = x·w; a**3 + 2**a``, where ``a**3``'s constant exponent needs no ``a^b·ln a`` at a < 0.
CONSTANT_EXPONENT: Case = (Expression((0.5, 0.8, 3.0, 2.0), (("mul", (0, 1)), ("pow", (4, 2)), ("pow", (3, 4)),
                                                              ("add", (5, 6)))),
                           ["input", "parameter", "constant", "constant"], [0], [[0.5], [-1.0], [2.0]])
#: ``x**p`` with a parameter ``p``: at x = −2 the exponent's gradient does not exist, in row 1 of the backward.
PARAMETER_EXPONENT: Case = (Expression((2.0, 3.0), (("pow", (0, 1)),)), ["input", "parameter"], [0],
                            [[2.0], [-2.0], [-1.0]])


@settings(max_examples=300)
@given(cases())
@example(CONSTANT_EXPONENT)
@example(PARAMETER_EXPONENT)
def test_the_batch_gives_the_scalar_engines_numbers_or_its_error_at_the_same_row(case: Case) -> None:
    expr, roles, inputs, rows = case
    recorded = build(expr, roles, expr.leaves)
    root = recorded[-1]
    program = record(root, inputs=[recorded[i] for i in inputs])
    per_row = [dict(zip(inputs, row)) for row in rows]
    batch = {f"x{i}": [row[j] for row in rows] for j, i in enumerate(inputs)}

    forward = [scalar(expr, roles, row, None) for row in per_row]
    values = _batch_or_same_error(lambda: program.forward(batch), forward, "forward")
    if values is None:
        return
    for r, result in enumerate(forward):
        assert not isinstance(result, AutogradError)
        assert math.isclose(values[r], result[0], rel_tol=1e-12, abs_tol=1e-300), (r, values[r], result[0])

    if not root.requires_grad:
        return
    backward = [scalar(expr, roles, row, 1.0) for row in per_row]
    gradients = _batch_or_same_error(lambda: program.gradients("sum"), backward, "backward")
    if gradients is None:
        return
    parameters = [i for i, role in enumerate(roles) if role == "parameter"]
    by_leaf = dict(zip((v for v in program.parameters), gradients.tolist()))
    for i in parameters:
        terms = [result[1][i] for result in backward if not isinstance(result, AutogradError)]
        expected = math.fsum(terms)
        got = by_leaf.get(recorded[i], 0.0)
        assert abs(got - expected) <= 1e-9 * (math.fsum(abs(t) for t in terms) + 1.0), (f"x{i}", got, terms)
