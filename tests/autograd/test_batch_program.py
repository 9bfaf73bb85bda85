"""A recorded program follows the scalar engine's rules: what accumulates, what is left alone, the conventions
at a kink; its values and gradients per row; the parameters as one array; the op table's helpers on arrays."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import NonFiniteError, Value, ops
from autograd.batch import record
from autograd.testing import EVERY_OP, op_inputs

ROOT = Path(__file__).resolve().parents[2]


def neuron() -> tuple[Value, Value, Value, Value, Value]:
    x, y = Value(0.0, label="x"), Value(0.0, label="y")
    w, b = Value(0.5, label="w"), Value(-0.25, label="b")
    return x, y, w, b, ((w * x + b).tanh() - y) ** 2


def test_parameters_accumulate_across_calls_and_nothing_else_is_touched() -> None:
    x, y, w, b, loss = neuron()
    program = record(loss, inputs=[x, y])
    z = loss.parents[0].parents[0]  # tanh(w·x + b)
    program.forward({"x": [1.0, -2.0, 0.5], "y": [0.2, 0.1, -0.3]})
    program.backward("sum")
    once = (w.grad, b.grad)
    program.backward("sum")
    assert (w.grad, b.grad) == pytest.approx((2 * once[0], 2 * once[1]), rel=1e-15)
    assert x.grad == y.grad == z.grad == loss.grad == 0.0  # inputs and intermediate nodes keep theirs
    assert x.data == y.data == 0.0  # the placeholders keep their data


def test_each_reduction_weighs_the_rows_as_backward_on_each_row_would() -> None:
    x, y, w, b, loss = neuron()
    program = record(loss, inputs=[x, y])
    X, Y = np.array([1.0, -2.0, 0.5, 3.0]), np.array([0.2, 0.1, -0.3, 0.9])
    weights = np.array([0.5, -1.0, 2.0, 0.0])
    program.forward({"x": X, "y": Y})
    for reduce, seeds in (("mean", [0.25] * 4), ("sum", [1.0] * 4), (weights, weights.tolist())):
        w.grad = b.grad = 0.0
        program.backward(reduce)
        got = (w.grad, b.grad)
        w.grad = b.grad = 0.0
        for xi, yi, seed in zip(X.tolist(), Y.tolist(), seeds):
            ((w * xi + b).tanh() - yi).__pow__(2).backward(seed)
        assert got == pytest.approx((w.grad, b.grad), rel=1e-13)


def test_requires_grad_flags_constants_and_detached_nodes_are_read_as_backward_reads_them() -> None:
    x = Value(0.0, label="x")
    w, frozen = Value(2.0, label="w"), Value(3.0, label="frozen", requires_grad=False)
    cut = (w * 5.0).detach()
    loss = (w * x + frozen * x + cut * x).relu()
    program = record(loss, inputs=[x])
    assert program.parameters == (w,)
    program.forward({"x": [1.0, 2.0]})
    program.backward("sum")
    assert (w.grad, frozen.grad, cut.grad) == (3.0, 0.0, 0.0)
    assert program.value(cut).tolist() == [10.0, 10.0]  # a detached node is the constant it was when recorded


@pytest.mark.parametrize(("at_zero", "expected"), [(0.0, 1.0), (1.0, 2.0)])
def test_relu_keeps_its_convention_at_exactly_zero(at_zero: float, expected: float) -> None:
    x, w = Value(0.0, label="x"), Value(1.0, label="w")
    program = record((w + x).relu(at_zero=at_zero), inputs=[x])
    program.forward({"x": [-1.0, 1.0]})  # row 0 sits on the kink
    program.backward("sum")
    assert w.grad == expected


def test_values_and_gradients_per_row_are_the_scalar_engines() -> None:
    x, y, w, b, loss = neuron()
    program = record(loss, inputs=[x, y])
    z = loss.parents[0].parents[0].parents[0]  # w·x + b
    X, Y = [1.0, -2.0], [0.2, 0.1]
    program.forward({"x": X, "y": Y})
    program.backward("mean")
    for r, (xi, yi) in enumerate(zip(X, Y)):
        zi = w * xi + b
        (zi.tanh() - yi).__pow__(2).backward(0.5)
        assert program.value(z)[r] == zi.data
        assert program.grad(z)[r] == pytest.approx(zi.grad, rel=1e-15)
    assert program.value(x).tolist() == X and program.value(w).tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match="has no gradient per row"):
        program.grad(w)


def test_the_parameters_as_one_array_give_the_same_numbers_and_touch_no_grad() -> None:
    from nn import MLP, losses

    model = MLP(2, [3, 1], activation="sigmoid", seed=5)
    x1, x2, y = Value(0.0, label="x1"), Value(0.0, label="x2"), Value(0.0, label="y")
    out = model([x1, x2])
    assert isinstance(out, Value)
    program = record(losses.mse(out - y, 0.0), inputs=[x1, x2, y])
    batch = np.array([[1.8, -3.4, 5.0], [0.5, 0.1, -1.0]])
    theta = np.array([p.data for p in program.parameters])
    through_values = program.forward(batch)
    model.zero_grad()
    program.backward("mean")
    grads = [p.grad for p in program.parameters]
    assert program.forward(batch, parameters=theta).tolist() == through_values.tolist()
    assert program.gradients("mean").tolist() == grads
    assert [p.grad for p in program.parameters] == grads  # gradients() adds nothing
    moved = program.forward(batch, parameters=theta + 0.1)
    assert not np.allclose(moved, through_values)
    with pytest.raises(ValueError, match="parameters must be 13 real numbers"):
        program.forward(batch, parameters=theta[:3])
    with pytest.raises(NonFiniteError, match="parameters must be finite; 'W1\\[1,1\\]' is given nan"):
        program.forward(batch, parameters=np.full(13, np.nan))


@pytest.mark.parametrize("op", EVERY_OP, ids=lambda op: op.name)
@settings(max_examples=15)
@given(data=st.data())
def test_every_op_of_the_table_runs_on_arrays_with_its_own_functions(op: ops.Op, data: st.DataObject) -> None:
    """forward_any and the derivative functions, on arrays of rows, give each row's float result."""
    import autograd.batch  # noqa: F401  (registers numpy)

    point = data.draw(op_inputs(op))  # rows around a point where the op is well behaved, within its margin
    nudge = st.floats(-1e-4, 1e-4, allow_nan=False)
    rows = [point] + [[a * (1 + data.draw(nudge)) for a in point] for _ in range(2)]
    args = np.array(rows).T  # one array per parent, one number per row
    # numpy's exp, tanh, … may differ from math's in the last bit: the derivatives get the scalar outputs
    if op.variadic:
        stacked = args.reshape(len(rows[0]), len(rows), 1)
        out = ops.forward_any(op)(stacked)
        expected = np.array([[op.forward(list(row))] for row in rows])
        locals_ = [np.asarray(d) for d in op.fns[0](stacked, expected)]
        for r, row in enumerate(rows):
            assert math.isclose(out[r, 0], expected[r, 0], rel_tol=1e-13, abs_tol=1e-300)
            for i in range(len(row)):
                assert math.isclose(np.broadcast_to(locals_[i], out.shape)[r, 0],
                                    op.local_derivative(i, list(row), expected[r, 0]), rel_tol=1e-13, abs_tol=1e-300)
        return
    out = ops.forward_any(op)(*args)
    expected = np.array([op.forward(*row) for row in rows])
    for r, row in enumerate(rows):
        assert math.isclose(out[r], expected[r], rel_tol=1e-13, abs_tol=1e-300)
        for i, fn in enumerate(op.fns):
            got = np.broadcast_to(fn(*args, expected), out.shape)[r]
            assert math.isclose(got, fn(*row, expected[r]), rel_tol=1e-13, abs_tol=1e-300), (op.name, i)


def test_import_autograd_loads_no_numpy_and_no_batch() -> None:
    code = "import sys, autograd; print('numpy' in sys.modules, 'autograd.batch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_each_batch_file_is_small_and_speaks_only_of_the_engine() -> None:
    import re

    vocabulary = re.compile(r"\b(worksheets?|grad(?:ing|er|ed)|players?|plots?|exercises?|answers?|viz)\b", re.I)
    files = sorted((ROOT / "autograd" / "batch").glob("*.py"))
    assert len(files) >= 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 450, f"{path.name} has {len(text.splitlines())} lines"
        assert not vocabulary.findall(text), f"{path.name} speaks of {sorted(set(vocabulary.findall(text)))}"


def test_a_layers_weighted_inputs_have_their_values_and_gradients_per_row() -> None:
    """The dots a layer's block computes with its bias (w·x, before + b) are still nodes one can ask about."""
    from nn import MLP

    model = MLP(2, [3, 1], activation="tanh", seed=2)
    x1, x2 = Value(0.0, label="x1"), Value(0.0, label="x2")
    layers = model.forward_layers([x1, x2])
    program = record(layers[-1].a[0] * 1.0, inputs=[x1, x2])
    X = np.array([[0.5, -1.0], [2.0, 0.25]])
    program.forward(X)
    program.backward("sum")
    for r, row in enumerate(X.tolist()):
        again = model.forward_layers(row)
        (again[-1].a[0] * 1.0).backward()
        for wx, z, wx_r, z_r in zip(layers[0].wx, layers[0].z, again[0].wx, again[0].z):
            assert program.value(wx)[r] == pytest.approx(wx_r.data, rel=1e-15)
            assert program.value(z)[r] == pytest.approx(z_r.data, rel=1e-15)
            assert program.grad(wx)[r] == pytest.approx(wx_r.grad, rel=1e-13)
            assert program.grad(z)[r] == pytest.approx(z_r.grad, rel=1e-13)
