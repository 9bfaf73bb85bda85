"""autograd.batch agrees with the scalar engine, sample by sample, on random graphs of every op.

The reference is the scalar engine itself: for each row the graph is built again from its description
with that row's inputs (a detached node enters as the constant it was when the program was recorded,
the ``requires_grad`` flags are set the same way), ``backward()`` is called with the row's weight, and
the parameters' gradients are summed over the rows with ``math.fsum``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd import AutogradError, Value, apply
from autograd.batch import record
from autograd.testing import EVERY_OP, Expression, GradFlags, expressions, grad_flags

BY_NAME = {op.name: op for op in EVERY_OP}


def scalar_row(expr: Expression, flags: GradFlags, recorded: Sequence[Value], inputs: Sequence[int],
               row: Sequence[float], seed: float | None) -> tuple[float, list[float]]:
    """The root's value at ``row`` (one number per input) and, when seeded, every leaf's gradient."""
    values = dict(zip(inputs, row))
    nodes: list[Value] = [Value(values.get(i, x), label=f"x{i}", requires_grad=rg)
                          for i, (x, rg) in enumerate(zip(expr.leaves, flags.leaves))]
    for name, args in expr.steps:
        nodes.append(apply(BY_NAME[name], [Value(recorded[i].data, label=recorded[i].label, requires_grad=False)
                                           if i in flags.detached else nodes[i] for i in args]))
    for i, requires_grad in flags.flipped:
        nodes[i].requires_grad = requires_grad
    if seed is not None:
        nodes[-1].backward(seed)
    return nodes[-1].data, [nodes[i].grad for i in range(len(expr.leaves))]


def close(batched: float, terms: Sequence[float], rel: float = 1e-12) -> bool:
    """``batched`` equals the exactly rounded sum of ``terms`` to ``rel`` of the terms' size.

    A term can itself be a sum that cancels exactly in the scalar engine (``math.fsum`` in ``dot``) and to a
    rounding error of its parts in numpy (−2.2e−16 for 0): ``1e−3`` in the scale allows that, ~1e−15 at most.
    """
    return abs(batched - math.fsum(terms)) <= rel * (math.fsum(abs(t) for t in terms) + 1e-3)


Case = tuple[Expression, GradFlags, list[int], list[list[float]], str | list[float]]


@st.composite
def programs(draw: st.DrawFn) -> Case:
    """A random graph, its flags, which leaves are inputs, a batch of rows and how to reduce it."""
    expr = draw(expressions(ops=EVERY_OP))
    flags = draw(grad_flags(expr))
    recorded = flags.build(expr)
    from autograd import topological_order

    used = {id(n) for n in topological_order(recorded[-1], only_requiring_grad=False)}
    candidates = [i for i in range(len(expr.leaves)) if id(recorded[i]) in used]
    assume(candidates)
    inputs = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=len(candidates), unique=True))
    n = draw(st.integers(1, 6))
    near = st.floats(-1e-4, 1e-4, allow_nan=False)
    rows = []
    for _ in range(n):
        if draw(st.booleans()):  # close to the drawn point, where every op is well behaved
            rows.append([expr.leaves[i] * (1 + draw(near)) + draw(near) for i in inputs])
        else:
            rows.append([draw(st.floats(-3, 3, allow_nan=False, allow_subnormal=False)) for _ in inputs])
    reduce = draw(st.sampled_from(["mean", "sum", "weights"]))
    weights = [draw(st.floats(-2, 2, allow_nan=False, allow_subnormal=False)) for _ in range(n)]
    return expr, flags, inputs, rows, weights if reduce == "weights" else reduce


@settings(max_examples=300)
@given(programs())
def test_random_graphs_agree_with_the_scalar_engine_row_by_row(case: Case) -> None:
    expr, flags, inputs, rows, reduce = case
    recorded = flags.build(expr)
    # rows where the scalar engine itself fails are not this test's business (see test_batch_errors.py)
    good = []
    for row in rows:
        try:
            scalar_row(expr, flags, recorded, inputs, row, 1.0 if recorded[-1].requires_grad else None)
        except AutogradError:
            continue
        good.append(row)
    assume(good)
    n = len(good)
    weights = [1.0 / n] * n if reduce == "mean" else [1.0] * n if reduce == "sum" else list(reduce)[:n]

    params = [i for i in range(len(expr.leaves)) if i not in inputs]
    for k, i in enumerate(params):
        recorded[i].grad = 0.25 * k  # leaves accumulate on top of what they hold
    program = record(recorded[-1], inputs=[recorded[i] for i in inputs])
    for convention in ("rows", "columns"):  # every graph writes itself: one line per block, and J
        forward = program.equations(convention=convention).split("\n\n")[0].splitlines()
        assert len(forward) == 1 + len(program.blocks) + 1
    values = program.forward({f"x{i}": [row[j] for row in good] for j, i in enumerate(inputs)})
    assert values.shape == (n,)
    for r, row in enumerate(good):
        expected, _ = scalar_row(expr, flags, recorded, inputs, row, None)
        assert abs(values[r] - expected) <= 1e-12 * max(1.0, abs(expected)), (r, values[r], expected)

    if not recorded[-1].requires_grad:
        with pytest.raises(AutogradError, match="does not require a gradient"):
            program.backward(reduce if isinstance(reduce, str) else np.array(weights))
        return
    program.backward(reduce if isinstance(reduce, str) else np.array(weights))
    per_row = [scalar_row(expr, flags, recorded, inputs, row, w)[1] for row, w in zip(good, weights)]
    for k, i in enumerate(params):
        terms = [0.25 * k] + [grads[i] for grads in per_row]
        assert close(recorded[i].grad, terms), (f"x{i}", recorded[i].grad, terms)


def test_the_issue_example_gives_the_mean_of_the_per_sample_gradients() -> None:
    from nn import MLP

    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(20, 2)), np.where(rng.normal(size=20) > 0, 1.0, -1.0)
    model = MLP(2, [4, 1], activation="tanh", seed=3)
    x1, x2, y = Value(0.0, label="x1"), Value(0.0, label="x2"), Value(0.0, label="y")
    s = model([x1, x2])
    assert isinstance(s, Value)
    program = record((1 - y * s).relu(), inputs=[x1, x2, y])
    per_sample = program.forward({"x1": X[:, 0], "x2": X[:, 1], "y": Y})
    model.zero_grad()
    program.backward(reduce="mean")
    batched = [p.grad for p in model.parameters()]

    model.zero_grad()
    for (a, b), t in zip(X.tolist(), Y.tolist()):
        out = model([a, b])
        assert isinstance(out, Value)
        (1 - t * out).relu().backward(1.0 / len(X))
    assert per_sample.shape == (20,)
    assert np.allclose(batched, [p.grad for p in model.parameters()], rtol=1e-12, atol=1e-15)
