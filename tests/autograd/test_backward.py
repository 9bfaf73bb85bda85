"""backward(): order, accumulation semantics, depth, higher order, no_grad and detach."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, grad, no_grad, topological_order, trace_backward
from autograd import functional as F
from autograd.backprop import backward_reference
from autograd.errors import AutogradError, DomainError, NonFiniteError
from autograd.testing import EVERY_OP, Expression, GradFlags, expressions, finite_floats, grad_flags


def neuron() -> tuple[Value, Value, Value, Value]:
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(6.88, label="b")
    return x, w, b, (x * w + b).tanh()


def test_single_neuron_gradients() -> None:
    x, w, b, o = neuron()
    o.backward()
    d = 1 - math.tanh(2 * -3 + 6.88) ** 2
    assert (x.grad, w.grad, b.grad) == pytest.approx((d * -3, d * 2, d), rel=1e-12)
    assert o.grad == 1.0


def test_every_node_shows_its_gradient() -> None:
    _, _, b, o = neuron()
    o.backward()
    n = o.parents[0]
    xw = n.parents[0]
    assert n.grad == pytest.approx(b.grad)
    assert xw.grad == pytest.approx(b.grad)


def test_topological_order_puts_parents_first() -> None:
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a
    e = (d * c).tanh() + F.sum([a, b, c, d])
    order = topological_order(e)
    position = {id(v): i for i, v in enumerate(order)}
    assert order[-1] is e
    assert len(order) == len(position)  # each node once
    for v in order:
        for p in v.parents:
            if p.requires_grad:
                assert position[id(p)] < position[id(v)]


def test_order_is_deterministic_and_depth_first() -> None:
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    e = c + a
    assert [v.data for v in topological_order(e)] == [1.0, 2.0, 2.0, 3.0]
    assert topological_order(e) == topological_order(e)


def test_leaf_used_many_times_gets_the_sum() -> None:
    a = Value(3.0, label="a")
    (a * a).backward()
    assert a.grad == 6.0
    b = Value(3.0, label="b")
    (b + b + b).backward()
    assert b.grad == 3.0


def test_diamond() -> None:
    x = Value(0.5, label="x")
    u, v = x.exp(), x.sin()
    y = u * v
    y.backward()
    assert x.grad == pytest.approx(math.exp(0.5) * math.sin(0.5) + math.exp(0.5) * math.cos(0.5))


def test_leaves_accumulate_until_zero_grad() -> None:
    x, w, b, o = neuron()
    o.backward()
    first = (x.grad, w.grad, b.grad)
    o.backward()
    assert (x.grad, w.grad, b.grad) == (2 * first[0], 2 * first[1], 2 * first[2])
    o.zero_grad()
    assert (x.grad, w.grad, b.grad, o.grad) == (0.0, 0.0, 0.0, 0.0)
    o.backward()
    assert (x.grad, w.grad, b.grad) == first


def test_intermediate_gradients_do_not_leak_into_a_second_call() -> None:
    """micrograd keeps stale intermediate grads and so gives 3× on the second call for a chain."""
    x = Value(1.5, label="x")
    h = x * 2.0
    y = h * h
    y.backward()
    assert x.grad == 8 * 1.5  # y = 4x²
    g1, h1 = x.grad, h.grad
    y.backward()
    assert x.grad == 2 * g1
    assert h.grad == h1  # intermediate: the latest call's gradient, not the sum


def test_seed_gradient() -> None:
    x = Value(2.0)
    y = x * x
    y.backward(grad=0.5)
    assert x.grad == 2.0
    assert y.grad == 0.5


def test_backward_on_a_leaf() -> None:
    x = Value(2.0)
    x.backward()
    assert x.grad == 1.0


def test_backward_of_a_constant_is_an_error() -> None:
    with pytest.raises(AutogradError, match="does not require a gradient"):
        Value(1.0, requires_grad=False).backward()


def test_constants_get_no_gradient() -> None:
    x = Value(2.0)
    y = x * 3
    y.backward()
    three = y.parents[1]
    assert not three.requires_grad and three.grad == 0.0 and x.grad == 3.0


@pytest.mark.slow
def test_million_node_chain_needs_no_recursion() -> None:
    x = Value(0.1, label="x")
    y = x
    for _ in range(1_000_000):
        y = y + 1e-7
    y.backward()
    assert x.grad == 1.0
    assert len(topological_order(y)) == 1_000_001


@pytest.mark.slow
def test_million_node_fan_in() -> None:
    xs = [Value(float(i % 7)) for i in range(1_000_000)]
    total = F.sum(xs)
    total.backward()
    assert all(x.grad == 1.0 for x in xs[:10]) and xs[-1].grad == 1.0
    assert total.data == sum(float(i % 7) for i in range(1_000_000))
    acc = xs[0]
    for x in xs[1:200_000]:
        acc = acc + x  # a long chain of binary adds as well
    acc.backward()
    assert xs[1].grad == 2.0


def test_no_grad_records_nothing() -> None:
    x = Value(2.0)
    with no_grad():
        y = x * x + 1
    assert y.parents == () and y.op is None and not y.requires_grad
    z = x * x
    assert z.parents == (x, x)


def test_detach_stops_gradients() -> None:
    x = Value(2.0)
    y = x * x.detach()
    y.backward()
    assert x.grad == 2.0


def test_second_derivative_of_tanh() -> None:
    x = Value(0.7, label="x")
    (dy,) = grad(x.tanh(), [x], create_graph=True)
    (d2y,) = grad(dy, [x])
    t = math.tanh(0.7)
    assert dy.data == pytest.approx(1 - t * t, rel=1e-12)
    assert d2y.data == pytest.approx(-2 * t * (1 - t * t), rel=1e-12)
    assert x.grad == 0.0  # grad() leaves .grad alone


def test_backward_create_graph_sets_grad_value() -> None:
    x = Value(1.2)
    y = x ** 3
    y.backward(create_graph=True)
    assert x.grad == pytest.approx(3 * 1.2 ** 2)
    assert x.grad_value is not None and x.grad_value.requires_grad
    x.grad_value.backward()  # accumulates d²y/dx² on top, as in PyTorch
    assert x.grad == pytest.approx(3 * 1.2 ** 2 + 6 * 1.2)


def test_newton_step_with_second_derivatives() -> None:
    """Minimise f(x) = x⁴ − 3x² + x with Newton's method using first and second derivatives."""
    x = 2.0
    for _ in range(20):
        v = Value(x)
        f = v ** 4 - 3 * v ** 2 + v
        (d1,) = grad(f, [v], create_graph=True)
        (d2,) = grad(d1, [v])
        x -= d1.data / d2.data
    assert 4 * x ** 3 - 6 * x + 1 == pytest.approx(0.0, abs=1e-12)


def test_grad_of_unrelated_input_is_zero() -> None:
    x, z = Value(1.0), Value(2.0)
    assert grad(x * x, [z])[0].data == 0.0


@settings(max_examples=100)
@given(expressions(max_leaves=4, max_steps=8))
def test_order_is_micrographs_recursive_order(expr: Expression) -> None:
    """The iterative walk gives exactly the order of a recursive DFS over parents, left to right."""
    root = expr(*(Value(x) for x in expr.inputs))
    expected: list[Value] = []
    seen: set[int] = set()

    def visit(v: Value) -> None:
        if id(v) in seen:
            return
        seen.add(id(v))
        for p in v.parents:
            visit(p)
        expected.append(v)

    visit(root)
    assert topological_order(root, only_requiring_grad=False) == expected
    assert topological_order(root) == [v for v in expected if v.requires_grad]


# --- one backward: the reference loop, and the float and create_graph loops, agree ---------------

def test_unary_op_of_a_parent_that_no_longer_needs_a_gradient() -> None:
    """The float loop used to fill in a.grad (0.915) here; trace_backward gave 0 in 0 steps."""
    for run in (backward_reference, lambda t: t.backward(), trace_backward, lambda t: t.backward(create_graph=True)):
        a = Value(0.7, label="a")
        t = a.tanh()
        a.requires_grad = False
        run(t)
        assert a.grad == 0.0 and t.grad == 1.0
    a = Value(0.7, label="a")
    t = a.tanh()
    a.requires_grad = False
    assert len(trace_backward(t)) == 0


RUNS = {
    "reference": lambda root, seed: backward_reference(root, seed),  # micrograd's loop: node._backward()
    "observed": lambda root, seed: trace_backward(root, seed),        # the reference, watched
    "floats": lambda root, seed: root.backward(seed),                 # optimised: the step inlined
    "graph": lambda root, seed: root.backward(seed, create_graph=True),  # the step on Values
}


def _grads_after(flags: GradFlags, expr: Expression, calls: list[tuple[str, float]]) -> list[object]:
    """Every node's grad after each backward call (or the error a call raised), on a fresh graph."""
    nodes = flags.build(expr)
    seen: list[object] = []
    for how, seed in calls:
        try:
            RUNS[how](nodes[-1], seed)
        except AutogradError as error:
            return [*seen, type(error)]
        seen.append([n.grad for n in nodes])
        # A node that needs no gradient is never written to.
        assert all(n.grad == 0.0 for n in nodes if not n.requires_grad)
    return seen


@settings(max_examples=150)
@given(expr=expressions(max_leaves=4, max_steps=8, ops=EVERY_OP), data=st.data())
def test_every_backward_loop_gives_the_same_gradients(expr: Expression, data: st.DataObject) -> None:
    """Random graphs, random requires_grad (at creation, detached, changed after building), two calls
    in a row with random seeds: every loop, in any mix, fills in the reference loop's grad on every node."""
    flags = data.draw(grad_flags(expr))
    seeds = data.draw(st.lists(finite_floats(-2.0, 2.0), min_size=2, max_size=2))
    expected = _grads_after(flags, expr, [("reference", seeds[0]), ("reference", seeds[1])])
    for first in RUNS:
        for second in RUNS:
            got = _grads_after(flags, expr, [(first, seeds[0]), (second, seeds[1])])
            assert len(got) == len(expected), (first, second)
            for g, e in zip(got, expected):
                if isinstance(e, list):
                    assert g == pytest.approx(e, rel=1e-12, abs=1e-12), (first, second)
                else:
                    assert g is e, (first, second)


@settings(max_examples=100)
@given(expr=expressions(max_leaves=4, max_steps=8, ops=EVERY_OP), data=st.data())
def test_grad_agrees_with_backward_and_touches_no_grad(expr: Expression, data: st.DataObject) -> None:
    flags = data.draw(grad_flags(expr))
    expected = _grads_after(flags, expr, [("reference", 1.0)])
    for create_graph in (False, True):
        nodes = flags.build(expr)
        try:
            got = [g.data for g in grad(nodes[-1], nodes, create_graph=create_graph)]
        except AutogradError as error:
            assert expected == [type(error)]
            continue
        assert got == pytest.approx(expected[0], rel=1e-12, abs=1e-12)
        assert all(n.grad == 0.0 and n.grad_value is None for n in nodes)


def test_create_graph_accumulates_on_top_of_a_float_gradient() -> None:
    """A leaf keeps what an earlier backward() gave it, whichever loop adds the next call."""
    x = Value(1.5, label="x")
    y = x * x
    y.backward()
    y.backward(create_graph=True)
    assert x.grad == pytest.approx(2 * 3.0)
    assert x.grad_value is not None and x.grad_value.data == x.grad
    y.backward()  # a float call afterwards: grad_value no longer holds the gradient
    assert x.grad == pytest.approx(3 * 3.0) and x.grad_value is None
    x.grad = 0.0  # what an optimizer's zero_grad does
    y.backward(create_graph=True)
    assert x.grad == pytest.approx(3.0)


def test_a_derivative_error_reads_the_same_in_every_loop() -> None:
    """create_graph evaluates sqrt's derivative 0.5/√a on Values; its error still names sqrt, not div."""
    for how, run in RUNS.items():
        x = Value(0.0, label="x")
        with pytest.raises(DomainError, match=r"^backward: the local derivative of sqrt is undefined at a=0.0 "
                                              r"\(Value 'x'\)"):
            run(x.sqrt(), 1.0)
        y = Value(1e-200, label="y")
        with pytest.raises(NonFiniteError, match=r"^backward: the local derivative of pow overflows at a=1e-200"):
            run(y ** -1.5, 1.0)
        assert x.grad == 0.0, how


def test_seed_must_be_a_finite_number() -> None:
    x = Value(1.0)
    for create_graph in (False, True):
        with pytest.raises(AutogradError, match="seed grad must be finite"):
            (x * x).backward(math.nan, create_graph=create_graph)
    assert x.grad == 0.0


def test_an_observers_own_error_is_not_reported_as_a_derivative_error() -> None:
    from autograd.backprop import backward_reference

    x = Value(2.0, label="x")
    y = x * 3.0

    def observer(contribution: object) -> None:
        raise ValueError("the observer's own mistake")

    with pytest.raises(ValueError, match="the observer's own mistake"):
        backward_reference(y, observer=observer)
