"""Value arithmetic, repr, and the errors bad input gets."""

from __future__ import annotations

import copy
import importlib
import math
import pickle
from typing import Any

import pytest

import autograd
from autograd import ConstantError, DomainError, NonFiniteError, Value, apply, grad, ops, trace_backward
from autograd import functional as F
from autograd.constants import shared_constant as _shared_constant
from autograd.errors import finite_float
from autograd.trace import node_names
from autograd.value import _constants


def test_arithmetic_with_numbers_on_either_side() -> None:
    x = Value(3.0)
    cases = {
        "x + 2": (x + 2, 5.0), "2 + x": (2 + x, 5.0), "x - 2": (x - 2, 1.0), "2 - x": (2 - x, -1.0),
        "x * 2": (x * 2, 6.0), "2 * x": (2 * x, 6.0), "x / 2": (x / 2, 1.5), "2 / x": (2 / x, 2 / 3),
        "x ** 2": (x ** 2, 9.0), "2 ** x": (2 ** x, 8.0), "-x": (-x, -3.0), "abs(-x)": (abs(-x), 3.0),
        "x ** x": (x ** x, 27.0),
    }
    for text, (value, expected) in cases.items():
        assert value.data == pytest.approx(expected), text


def test_functions() -> None:
    x = Value(0.5)
    assert x.exp().data == pytest.approx(math.exp(0.5))
    assert x.log().data == pytest.approx(math.log(0.5))
    assert x.sqrt().data == pytest.approx(math.sqrt(0.5))
    assert x.sigmoid().data == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert x.softplus().data == pytest.approx(math.log1p(math.exp(0.5)))
    assert (-x).relu().data == 0.0 and x.relu().data == 0.5
    assert (-x).leaky_relu(0.1).data == pytest.approx(-0.05)
    assert x.sin().data == pytest.approx(math.sin(0.5)) and x.cos().data == pytest.approx(math.cos(0.5))


def test_relu_derivative_at_zero_is_zero() -> None:
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0
    y = Value(0.0)
    y.abs().backward()
    assert y.grad == 0.0


def test_repr() -> None:
    assert repr(Value(0.70710678, label="o")) == "Value(data=0.7071, grad=0, label='o')"
    v = Value(2.0)
    (v * v).backward()
    assert repr(v) == "Value(data=2, grad=4)"


@pytest.mark.parametrize("bad", ["abc", None, [1.0], 1 + 2j, True])
def test_non_numeric_data_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="real number"):
        Value(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_data_is_rejected(bad: float) -> None:
    with pytest.raises(NonFiniteError, match="finite") as info:
        Value(bad, label="w3")
    assert "w3" in str(info.value)


def test_an_integer_too_large_for_a_float_is_a_clear_error() -> None:
    with pytest.raises(NonFiniteError, match="data must be finite, got an integer too large for a float"):
        Value(10 ** 400)
    with pytest.raises(NonFiniteError, match="mul: operand must be finite, got an integer too large"):
        Value(1.0) * 10 ** 5000  # past Python's limit on digits converted to text, too


def test_wrong_operand_type_names_the_op() -> None:
    with pytest.raises(TypeError, match="mul: operand must be a Value or a real number, got 'x'"):
        Value(1.0) * "x"  # type: ignore[operator]
    with pytest.raises(NonFiniteError, match="add: operand must be finite"):
        Value(1.0) + math.nan


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda x: (x - 3).log(), r"log needs a > 0; got a=-1.0"),
        (lambda x: (x * 0).log(), r"log needs a > 0; got a=0.0"),
        (lambda x: (x - 5).sqrt(), r"sqrt needs a ≥ 0"),
        (lambda x: x / (x - 2), r"div needs b ≠ 0; got a=2.0 \(Value 'x'\), b=0.0"),
        (lambda x: (x - 2) ** -1, r"pow needs .*got a=0.0, b=-1.0"),
        (lambda x: (x - 10) ** 0.5, r"pow needs .*a < 0 with an integer b; got a=-8.0"),
    ],
)
def test_domain_errors_name_the_op_and_the_value(make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match=message):
        make(Value(2.0, label="x"))


def test_domain_errors_carry_the_op_and_its_operands() -> None:
    """What gradcheck reads to say which op a probe took outside its domain."""
    with pytest.raises(DomainError) as info:
        Value(2.0) / (Value(1.0) - 1.0)
    assert info.value.op is ops.DIV and info.value.operands == (2.0, 0.0)
    with pytest.raises(DomainError) as info:
        Value(0.0).sqrt().backward()
    assert info.value.op is ops.SQRT and info.value.operands == (0.0,)
    assert DomainError("no op").op is None


def test_exp_overflow_names_the_node() -> None:
    with pytest.raises(NonFiniteError, match=r"exp: the result overflows a float; got a=1000.0 \(Value 'z'\)"):
        Value(1000.0, label="z").exp()
    with pytest.raises(NonFiniteError, match="mul: the result overflows"):
        Value(1e200) * 1e200


def test_derivative_domain_error_in_backward() -> None:
    x = Value(0.0, label="x")
    y = x.sqrt()
    message = r"backward: the local derivative of sqrt is undefined at a=0.0 \(Value 'x'\)"
    with pytest.raises(DomainError, match=message):
        y.backward()


def test_non_finite_gradient_says_where() -> None:
    a = Value(1e200, label="a")
    y = a * 1e-200  # 1.0
    y.label = "y"
    z = y * 1e300  # finite forward; its gradient into y overflows when seeded with 1e300
    with pytest.raises(NonFiniteError, match=r"backward: the gradient became inf at 1.0 \(Value 'y'\) \(op mul\)"):
        z.backward(grad=1e300)


def test_bool_of_a_value_is_refused() -> None:
    with pytest.raises(TypeError, match="truth value"):
        bool(Value(1.0))


@pytest.mark.parametrize("x", [1e308, -1e308, 750.0, -750.0, 1e-300])
def test_stable_functions_stay_finite_and_accurate(x: float) -> None:
    v = Value(x)
    s = v.sigmoid().data
    assert s == (1.0 if x > 40 else 0.0 if x < -745 else pytest.approx(1 / (1 + math.exp(-x))))
    assert v.tanh().data == math.tanh(x)
    sp = v.softplus().data
    assert sp == (x if x > 40 else pytest.approx(math.log1p(math.exp(x)), abs=1e-300))
    assert F.logsumexp([v, v]).data == pytest.approx(x + math.log(2), rel=1e-15, abs=1e-15)
    assert F.logsumexp([v, Value(0.0)]).data == pytest.approx(max(x, 0.0) + math.log1p(math.exp(-abs(x))))
    for f in (lambda t: t.sigmoid(), lambda t: t.tanh(), lambda t: t.softplus(), lambda t: F.logsumexp([t, t])):
        w = Value(x)
        f(w).backward()
        assert math.isfinite(w.grad)


def test_softmax_and_log_softmax() -> None:
    z = [Value(5.0), Value(2.0), Value(-1.0), Value(3.0)]
    p = F.softmax(z)
    e = [math.exp(v.data) for v in z]
    assert [q.data for q in p] == pytest.approx([x / sum(e) for x in e], rel=1e-12)
    assert sum(q.data for q in p) == pytest.approx(1.0)
    assert [q.data for q in F.log_softmax(z)] == pytest.approx([math.log(x / sum(e)) for x in e], rel=1e-12)
    big = F.softmax([Value(1000.0), Value(1000.0)])
    assert [q.data for q in big] == [0.5, 0.5]


def test_softmax_full_jacobian() -> None:
    """∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ): the whole matrix, not only its diagonal."""
    values = [5.0, 2.0, -1.0, 3.0]
    for i in range(4):
        z = [Value(v) for v in values]
        p = F.softmax(z)
        p[i].backward()
        for j in range(4):
            expected = p[i].data * ((1.0 if i == j else 0.0) - p[j].data)
            assert z[j].grad == pytest.approx(expected, abs=1e-14)


def test_functional_helpers_and_their_errors() -> None:
    xs = [Value(1.0), Value(2.0), Value(3.0)]
    assert F.mean(xs).data == 2.0
    assert F.dot(xs, [1, 0, -1]).data == -2.0
    with pytest.raises(ValueError, match="same length"):
        F.dot(xs, [1.0])
    with pytest.raises(ValueError, match="empty"):
        F.sum([])
    with pytest.raises(ValueError, match="empty"):
        F.mean([])


# --- constants: one cached leaf per number while building, a leaf of its own once shown ------------

def test_a_number_is_a_constant_of_each_graph_own() -> None:
    """What keeps a chain step at 3 nodes: every use of 2.0 holds the one cached leaf; what keeps a label
    local: a node shows (and from then on holds) a constant of its own."""
    x, w = Value(1.0, label="x"), Value(3.0, label="w")
    a, b, c = x * 2.0, w * 2, 2.0 + w
    assert a._b is b._b is c._a is _shared_constant(2.0)  # nothing shown yet: no node added
    shown = [a.parents[1], b.parents[1], c.parents[0]]
    assert len({id(k) for k in shown}) == 3 and a.parents[1] is shown[0] and a._b is shown[0]
    assert all(k.data == 2.0 and not k.requires_grad and k.is_leaf and not k.label for k in shown)


@pytest.mark.parametrize(("field", "new", "advice"), [
    ("label", "two", "use Value(2.0, label='two', requires_grad=False) in its place"),
    ("data", 3.0, "use a Value(2.0, requires_grad=False) of your own"),
    ("grad", 1.0, "a constant gets no gradient: for one, use Value(2.0) in its place"),
    ("requires_grad", True, "a constant gets no gradient: for one, use Value(2.0) in its place"),
])
def test_a_constant_changes_in_its_graph_alone(field: str, new: object, advice: str) -> None:
    x, w = Value(1.0, label="x"), Value(3.0, label="w")
    other = w * 2.0  # an unrelated graph, built first
    y = x * 2.0
    two = y.parents[1]
    setattr(two, field, new)
    assert getattr(y.parents[1], field) == new
    shared = other.parents[1]
    assert (shared.label, shared.data, shared.grad, shared.requires_grad) == ("", 2.0, 0.0, False)
    assert node_names(other)[shared] == "2"  # still named (and drawn) by its number
    nxt = w * 2.0
    assert node_names(nxt)[nxt.parents[1]] == "2"  # and so is the next graph's
    with pytest.raises(ConstantError, match=f"cannot set {field} on the constant 2.0") as info:
        setattr(_shared_constant(2.0), field, new)  # the cached leaf itself never changes
    assert advice in str(info.value) and isinstance(info.value, AttributeError)


def test_a_value_of_your_own_can_be_named() -> None:
    x, w = Value(1.0, label="x"), Value(3.0, label="w")
    two = Value(2.0, label="two", requires_grad=False)
    y = x * two
    two.label = "dos"
    other = w * 2.0
    assert node_names(y)[two] == "dos" and node_names(other)[other.parents[1]] == "2"


def test_the_engine_never_writes_to_the_cached_constants() -> None:
    """backward (every loop), grad(), zero_grad and trace_backward on graphs full of constants.

    A constant as the only parent of a unary op that was switched to requiring a gradient is the
    case the float loop used to write to."""
    x = Value(0.5, label="x")
    t = apply(ops.TANH, [2.0])  # tanh of a constant: needs no gradient ...
    t.requires_grad = True  # ... until told otherwise
    y = (x * 3.0 + 1.0).sigmoid() * t + F.sum([x, 2.0, 1.0]) + 2.0 ** x
    y.backward()
    y.backward(create_graph=True)
    trace_backward(y)
    (gx,) = grad(y, [x], create_graph=True)
    grad(gx, [x])
    y.zero_grad()
    assert x.grad == 0.0 and t.grad == 0.0
    assert all(c.grad == 0.0 for c in (t.parents[0], (x * 3.0).parents[1]))
    assert all((c.grad, c.label, c.requires_grad) == (0.0, "", False) for c in _constants.values())


def test_copying_a_graph_copies_its_constants() -> None:
    x = Value(1.0, label="x")
    y = x * 2.0
    clone = copy.deepcopy(y)
    assert clone.parents[1] is not y.parents[1] and clone.parents[1].data == 2.0 and clone.parents[0] is not x
    clone.parents[1].label = "two"
    assert y.parents[1].label == ""
    clone.backward()
    assert clone.parents[0].grad == 2.0 and x.grad == 0.0
    cached = _shared_constant(2.0)
    assert pickle.loads(pickle.dumps(cached)) is cached


def test_the_public_names_are_exported_from_autograd_and_the_old_paths_still_work() -> None:
    def module(name: str) -> Any:
        return importlib.import_module(f"autograd.{name}")

    for name in autograd.__all__:
        assert getattr(autograd, name) is not None, name
    assert autograd.apply is module("value").apply
    assert autograd.GradcheckError is module("gradcheck").GradcheckError  # (autograd.gradcheck is the function)
    assert autograd.ConstantError is ConstantError and autograd.Notation is module("text").Notation
    assert module("value").finite_float is finite_float  # nn and the classroom import it from autograd.value
    assert not hasattr(module("value"), "values_of")


def test_finite_float_names_what_it_refuses() -> None:
    assert finite_float(3, "the rate") == 3.0
    with pytest.raises(TypeError, match="the rate must be a number, got a Value"):
        finite_float(Value(1.0), "the rate")
    with pytest.raises(TypeError, match=r"the rate must be a real number, got '1' \(str\)"):
        finite_float("1", "the rate")
    with pytest.raises(NonFiniteError, match="the rate must be finite, got nan"):
        finite_float(math.nan, "the rate")


# --- .data is always a Python float ----------------------------------------------------------------------

def test_data_assigned_a_numpy_scalar_is_a_python_float_and_every_op_takes_it() -> None:
    import numpy as np

    x = Value(1.0, label="x")
    x.data = np.float64(-0.5)
    assert type(x.data) is float
    for result in (x.relu(), x**2, x.sigmoid(), abs(x)):
        assert type(result.data) is float
    x.data = np.int64(2)
    assert type(x.data) is float and x.data == 2.0


@pytest.mark.parametrize(("value", "error", "message"), [
    (float("nan"), NonFiniteError, r"Value: data \(label 'x'\) must be finite, got nan"),
    (float("inf"), NonFiniteError, "must be finite, got inf"),
    ("0.5", TypeError, r"must be a real number, got '0.5' \(str\)"),
    (True, TypeError, r"must be a real number, got True \(bool\)"),
    (None, TypeError, "must be a real number, got None"),
])
def test_data_refuses_what_value_refuses(value: object, error: type[Exception], message: str) -> None:
    x = Value(1.0, label="x")
    with pytest.raises(error, match=message):
        x.data = value  # type: ignore[assignment]
    assert x.data == 1.0


def test_a_zero_dimensional_array_is_refused_as_data() -> None:
    import numpy as np

    x = Value(1.0, label="x")
    with pytest.raises(TypeError, match=r"must be a real number, got array\(0.5\)"):
        x.data = np.array(0.5)  # type: ignore[assignment]


def test_training_with_nn_leaves_only_python_floats_in_data() -> None:
    from nn import MLP, data, optim, train

    X, y = data.moons(20, seed=0)
    model = MLP(2, [4, 1], seed=0)
    train.fit(model, X, y, optimizer=optim.Adam(lr=0.01), epochs=3, quiet=True)
    assert all(type(p.data) is float for p in model.parameters())
    out = model([Value(0.3), Value(-0.2)])
    assert all(type(v.data) is float for v in (out if isinstance(out, list) else [out]))


def test_two_builds_of_a_graph_have_the_same_shape_while_the_constant_cache_fills() -> None:
    from autograd import constants, topological_order, value

    def shape(root: Value) -> list[tuple[float, list[int]]]:
        order = topological_order(root, only_requiring_grad=False)
        index = {id(v): i for i, v in enumerate(order)}
        return [(v.data, [index[id(p)] for p in v.parents]) for v in order]

    def build() -> Value:
        x = Value(0.5, label="x")
        y = x
        for _ in range(2):  # every number used once, then all again
            for k in range(8):
                y = y * (0.25 + k / 64)
        return y

    kept = dict(value._constants)
    try:
        value._constants.clear()
        kept_now = range(constants.CONSTANTS_KEPT - 4)
        value._constants.update({1e6 + k: constants.shared_constant(1e6 + k) for k in kept_now})
        first = shape(build())  # the cache fills up within this build
        assert shape(build()) == first
    finally:
        value._constants.clear()
        value._constants.update(kept)
