"""autograd.batch's errors: the scalar engine's message for the op, with the row of the batch; clear words for a
wrong batch, a wrong recording and calls out of order."""

from __future__ import annotations

import re

import numpy as np
import pytest

from autograd import AutogradError, DomainError, NonFiniteError, Value
from autograd.batch import record


def ones_but(n: int, row: int, value: float, base: float = 1.0) -> np.ndarray:
    xs = np.full(n, base)
    xs[row] = value
    return xs


def test_a_domain_error_names_the_op_the_operand_and_the_row() -> None:
    x, w = Value(1.0, label="x"), Value(2.0, label="w")
    program = record(x.log() * w, inputs=[x])
    with pytest.raises(DomainError, match=re.escape("log needs a > 0; got a=-0.5 (Value 'x') at row 17")) as caught:
        program.forward({"x": ones_but(30, 17, -0.5)})
    assert caught.value.op is not None and caught.value.op.name == "log" and caught.value.operands == (-0.5,)


def test_the_first_failing_row_is_named() -> None:
    x, w = Value(1.0, label="x"), Value(2.0, label="w")
    program = record((w / x).log(), inputs=[x])
    xs = ones_but(10, 4, 0.0)
    xs[7] = -1.0
    message = "div needs b ≠ 0; got a=2.0 (Value 'w'), b=0.0 (Value 'x') at row 4"
    with pytest.raises(DomainError, match=re.escape(message)):
        program.forward({"x": xs})


def test_an_overflow_names_the_op_and_the_row_and_one_the_same_on_every_row_says_so() -> None:
    x, w = Value(1.0, label="x"), Value(2.0, label="w")
    program = record((w * x).exp(), inputs=[x])
    with pytest.raises(NonFiniteError, match=re.escape("exp: the result overflows a float; got a=1000.0 at row 2")):
        program.forward({"x": ones_but(5, 2, 500.0)})
    uniform = record(x * w.exp(), inputs=[x])
    w.data = 1000.0
    with pytest.raises(NonFiniteError, match=re.escape("got a=1000.0 (Value 'w') (the same on every row)")):
        uniform.forward({"x": [1.0, 2.0]})


def test_an_overflow_in_a_layers_matrix_product_names_the_op_and_the_row() -> None:
    from nn import MLP

    model = MLP.from_weights([[[1e200, 1e200]]], [[0.0]], "linear")
    xs = [Value(0.0, label="x1", requires_grad=False), Value(0.0, label="x2", requires_grad=False)]
    out = model(xs)
    program = record(out[0] if isinstance(out, list) else out, inputs=xs)
    X = np.ones((64, 2))
    X[12] = [1e200, 1e200]
    with pytest.raises(NonFiniteError, match=r"^dot: the result overflows a float; got .*\(Value 'x1'\).* at row 12$"):
        program.forward(X)


def test_a_negative_base_to_a_fractional_power_names_both_operands() -> None:
    x, w = Value(4.0, label="x"), Value(0.5, label="w")
    program = record(x ** w, inputs=[x])
    with pytest.raises(DomainError, match=re.escape("got a=-4.0 (Value 'x'), b=0.5 (Value 'w') at row 1")):
        program.forward({"x": [4.0, -4.0]})


def test_a_derivative_that_is_undefined_names_the_op_and_the_row_in_the_backward() -> None:
    x, w = Value(1.0, label="x"), Value(2.0, label="w")
    program = record((w * x).sqrt(), inputs=[x])
    program.forward({"x": ones_but(6, 5, 0.0)})  # √0 is fine; its derivative 1/(2√0) is not
    with pytest.raises(DomainError, match=r"backward: the local derivative of sqrt is undefined at a=0\.0 .* at row 5"):
        program.backward("mean")
    assert w.grad == 0.0  # nothing was added


def test_a_branch_numpy_computes_and_drops_is_no_error() -> None:
    """leaky_relu(a, s) computes s·a on every row, also where a > 0 takes a: an overflow there is no error."""
    x, s = Value(1.0, label="x"), Value(1e300, label="s")
    program = record(x.leaky_relu(s), inputs=[x])
    assert program.forward({"x": [1e10, 2.0]}).tolist() == [1e10, 2.0]
    program.backward("sum")
    assert s.grad == 0.0


@pytest.mark.parametrize(("batch", "error", "message"), [
    ({"x": [1.0], "z": [2.0]}, ValueError, "no input is labelled 'z'; the labels are 'x', 'y'"),
    ({"x": [1.0]}, ValueError, "missing input(s) 'y'"),
    ({"x": [1.0, 2.0], "y": [1.0, 2.0, 3.0]}, ValueError, "same number of rows; 'x' has 2, 'y' has 3"),
    ({"x": [[1.0], [2.0]], "y": [1.0, 2.0]}, ValueError, "'x' must be one number per row (1-D), got shape (2, 1)"),
    ({"x": ["a"], "y": [1.0]}, TypeError, "'x' must be real numbers"),
    ({"x": "ab", "y": [1.0]}, TypeError, "'x' must be numbers"),
    ({"x": [True], "y": [1.0]}, TypeError, "'x' must be real numbers"),
    ({"x": [1.0, float("nan")], "y": [1.0, 2.0]}, NonFiniteError, "'x' must be finite, got nan at row 1"),
    ({"x": 1.0, "y": [1.0, float("inf")]}, NonFiniteError, "'y' must be finite, got inf at row 1"),
    ({"x": [], "y": []}, ValueError, "the batch is empty"),
    ({3: [1.0]}, TypeError, "keys are input labels or the input Values"),
    (np.zeros((3, 3)), ValueError, "must be N×2 (one column per input), got shape (3, 3)"),
    ("x", TypeError, "give the batch as a dict"),
])
def test_a_wrong_batch_is_told_clearly(batch: object, error: type[Exception], message: str) -> None:
    x, y, w = Value(1.0, label="x"), Value(1.0, label="y"), Value(2.0, label="w")
    program = record(w * x + y, inputs=[x, y])
    with pytest.raises(error, match=re.escape(message)):
        program.forward(batch)


def test_a_batch_by_value_by_label_as_a_matrix_and_with_a_shared_number_agree() -> None:
    x, y, w = Value(1.0, label="x"), Value(1.0, label="y"), Value(2.0, label="w")
    program = record(w * x + y, inputs=[x, y])
    expected = [3.0, 5.0]
    assert program.forward({"x": [1.0, 2.0], "y": 1.0}).tolist() == expected
    assert program.forward({x: [1.0, 2.0], y: [1, 1]}).tolist() == expected
    assert program.forward(np.array([[1.0, 1.0], [2.0, 1.0]])).tolist() == expected
    assert program.forward([[1.0, 1.0], [2.0, 1.0]]).tolist() == expected
    assert program.forward({"x": 2.0, "y": 1.0}).tolist() == [5.0]
    with pytest.raises(ValueError, match="the input 'x' is given twice"):
        program.forward({"x": [1.0], x: [1.0], "y": [1.0]})
    with pytest.raises(ValueError, match="is not one of the program's inputs"):
        program.forward({"x": [1.0], w: [1.0], "y": [1.0]})


def test_inputs_with_the_same_label_are_given_by_value() -> None:
    a, b = Value(1.0, label="x"), Value(1.0, label="x")
    program = record(a * b, inputs=[a, b])
    with pytest.raises(ValueError, match="2 inputs are labelled 'x'; give those by their Value"):
        program.forward({"x": [1.0]})
    assert program.forward({a: [2.0], b: [3.0]}).tolist() == [6.0]


def test_a_wrong_recording_is_told_clearly() -> None:
    x, y, w = Value(1.0, label="x"), Value(1.0, label="y"), Value(2.0, label="w")
    z = w * x
    with pytest.raises(TypeError, match="expected the Value to compute"):
        record(2.0, inputs=[x])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="inputs must be a list of the placeholder Values"):
        record(z, inputs=x)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="give at least one input"):
        record(z, inputs=[])
    with pytest.raises(ValueError, match=re.escape("input 0 is computed by mul; an input must be a leaf")):
        record(z + 1, inputs=[z])
    with pytest.raises(ValueError, match=re.escape("input 1 ('x') is given twice")):
        record(z, inputs=[x, x])
    with pytest.raises(ValueError, match=r"does not use the input\(s\) 'y'; a function that reads an input's \.data"):
        record(z * y.data, inputs=[x, y])


def test_calls_out_of_order_and_wrong_reductions_are_told() -> None:
    x, w = Value(1.0, label="x"), Value(2.0, label="w")
    program = record(w * x, inputs=[x])
    with pytest.raises(AutogradError, match=re.escape("run forward(batch) first")):
        program.backward()
    with pytest.raises(AutogradError, match=re.escape("run forward(batch) first")):
        program.value(x)
    program.forward({"x": [1.0, 2.0]})
    with pytest.raises(AutogradError, match=re.escape("grad: run backward() first")):
        program.grad(program.root)
    with pytest.raises(ValueError, match="reduce must be 'mean', 'sum' or an array of 2 weights, got 'max'"):
        program.backward("max")
    with pytest.raises(ValueError, match=r"weights must be 2 real numbers .* got shape \(3,\)"):
        program.backward(np.ones(3))
    with pytest.raises(NonFiniteError, match="the weights must be finite; row 1 is not"):
        program.backward([1.0, float("nan")])
    with pytest.raises(ValueError, match="is not a node of this program's graph"):
        program.value(Value(3.0))
    assert w.grad == 0.0
    x.requires_grad = False  # nothing the root depends on requires a gradient
    frozen = record(x * w.detach(), inputs=[x])
    frozen.forward({"x": [1.0]})
    with pytest.raises(AutogradError, match="does not require a gradient"):
        frozen.backward()
