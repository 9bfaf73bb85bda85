"""micrograd's surface on Value: ``_prev``, ``_op``, ``_backward``, ``Value(data, _children, _op, label)``,
nodes made by hand (in backward and in trace_backward), and graph walks that label and zero every node."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from autograd import OPS, AutogradError, Value, apply, topological_order, trace_backward
from autograd import functional as F
from autograd.constants import shared_constant
from autograd.names import node_names

B = 6.8813735870195432  # the lecture's bias: makes n = 0.8814 and o = tanh(n) = 0.7071


def lecture_neuron() -> dict[str, Value]:
    """The lecture's neuron, each node labelled as the lecture labels it."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(B, label="b")
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    o = n.tanh()
    return {"x1": x1, "x2": x2, "w1": w1, "w2": w2, "b": b, "x1w1": x1w1, "x2w2": x2w2, "x1w1x2w2": x1w1x2w2,
            "n": n, "o": o}


def topo(root: Value) -> list[Value]:
    """The lecture's hand-written topological sort, through ``_prev``."""
    order: list[Value] = []
    visited: set[Value] = set()

    def build(v: Value) -> None:
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                build(child)
            order.append(v)
    build(root)
    return order


# --- _prev and _op -----------------------------------------------------------------------------------

def test_prev_is_the_parents_as_a_set() -> None:
    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    y = x * w
    assert y._prev == {x, w} and isinstance(y._prev, set)
    assert (x * x)._prev == {x} and x._prev == set()
    y._prev.clear()  # a new set each time: the graph is untouched
    assert y._prev == {x, w} and y.parents == (x, w)
    (two,) = (x * 2)._prev - {x}
    assert two.data == 2.0 and not two.requires_grad


@pytest.mark.parametrize(("make", "text"), [
    (lambda x, y: x + y, "+"),
    (lambda x, y: x + 1, "+"),
    (lambda x, y: 1 + x, "+"),
    (lambda x, y: x * y, "*"),
    (lambda x, y: 2 * x, "*"),
    (lambda x, y: x ** 2, "**2"),
    (lambda x, y: x ** 2.0, "**2"),
    (lambda x, y: x ** -1, "**-1"),
    (lambda x, y: x ** 0.5, "**0.5"),
    (lambda x, y: x ** y, "**"),
    (lambda x, y: x.relu(), "ReLU"),
    (lambda x, y: x.relu(at_zero=1.0), "ReLU"),
    (lambda x, y: x.tanh(), "tanh"),
    (lambda x, y: x.exp(), "exp"),
    (lambda x, y: x - y, "-"),
    (lambda x, y: x / y, "/"),
    (lambda x, y: -x, "-"),
    (lambda x, y: x, ""),
])
def test_op_is_micrograds_text(make: Callable[[Value, Value], Value], text: str) -> None:
    x, y = Value(1.5, label="x"), Value(2.0, label="y")
    v = make(x, y)
    assert v._op == text
    assert "n1" + v._op == f"n1{text}"  # the trace_graph notebook's uid + n._op


def test_every_op_of_the_table_has_its_text_there() -> None:
    for op in OPS.values():
        parents = [Value(0.5 + i / 4) for i in range(2 if op.variadic else op.arity or 1)]
        v = apply(op, parents)
        assert v._op == op.code != "", op.name


# --- the constructor ---------------------------------------------------------------------------------

def test_the_constructor_takes_micrograds_arguments_and_pizarras_keywords() -> None:
    a = Value(2.0, (), "", "a")
    assert (a.label, a.is_leaf, a._op, a._prev, a.requires_grad) == ("a", True, "", set(), True)
    assert Value(2.0, label="a").label == "a" and not Value(2.0, label="c", requires_grad=False).requires_grad
    t = Value(math.tanh(a.data), (a,), "tanh")
    assert t.parents == (a,) and t._op == "tanh" and not t.is_leaf and t.data == pytest.approx(math.tanh(2.0))
    assert Value(1.0, [a, a], "+").parents == (a, a)  # any iterable of Values, as micrograd's set() takes
    assert Value(1.0, [], "").is_leaf and Value(1.0, set(), "", "c").label == "c"


def test_the_old_positional_label_is_told_clearly() -> None:
    with pytest.raises(TypeError, match=r"second argument is _children.*Value\(data, label='a'\)"):
        Value(2.0, "a")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="_children must all be Values"):
        Value(2.0, (1.0,), "+")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="_op is the node's text"):
        Value(2.0, (Value(1.0),), None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="_backward must be a function"):
        Value(2.0)._backward = 3  # type: ignore[assignment]


# --- _backward by hand -------------------------------------------------------------------------------

def test_the_lectures_manual_backward_gives_backwards_gradients() -> None:
    hand = lecture_neuron()
    o = hand["o"]
    assert o.data == pytest.approx(math.sqrt(0.5), rel=1e-12)
    o.grad = 1.0
    for name in ("o", "n", "b", "x1w1x2w2", "x2w2", "x1w1", "x1", "x2", "w1", "w2"):
        hand[name]._backward()  # the lecture's order, leaves included (a no-op for them)
    auto = lecture_neuron()
    auto["o"].backward()
    for name, v in hand.items():
        assert v.grad == pytest.approx(auto[name].grad, rel=1e-12, abs=1e-15), name
    assert (hand["x1"].grad, hand["w1"].grad, hand["x2"].grad, hand["w2"].grad) == pytest.approx(
        (-1.5, 1.0, 0.5, 0.0), abs=1e-12)


def test_the_lectures_topological_sort_and_backward_by_hand() -> None:
    hand = lecture_neuron()
    order = topo(hand["o"])
    assert set(order) >= set(hand.values()) and order[-1] is hand["o"]
    hand["o"].grad = 1.0
    for node in reversed(order):
        node._backward()
    auto = lecture_neuron()
    auto["o"].backward()
    assert [hand[k].grad for k in hand] == pytest.approx([auto[k].grad for k in auto], rel=1e-12, abs=1e-15)


def test_a_nodes_step_is_made_when_asked_for_and_nodes_keep_their_slots() -> None:
    x = Value(2.0, label="x")
    y = x * 3.0
    assert y._backward is not y._backward  # no closure is kept on the node
    assert not hasattr(y, "__dict__") and "_fn" in Value.__slots__
    x._backward()  # a leaf's step does nothing
    y.grad = 2.0
    y._backward()
    y._backward()
    assert x.grad == 12.0  # += each time, as micrograd's closure


def hand_exp(x: Value) -> Value:
    """exp written as the lecture writes an op: the node by hand, its derivative in a closure."""
    out = Value(math.exp(x.data), (x,), "exp")

    def _backward() -> None:
        x.grad += out.data * out.grad
    out._backward = _backward
    return out


def hand_tanh(x: Value) -> Value:
    t = (math.exp(2 * x.data) - 1) / (math.exp(2 * x.data) + 1)
    out = Value(t, (x,), "tanh")

    def _backward() -> None:
        x.grad += (1 - t ** 2) * out.grad
    out._backward = _backward
    return out


@pytest.mark.parametrize(("by_hand", "table"), [(hand_exp, Value.exp), (hand_tanh, Value.tanh)])
def test_an_op_written_by_hand_matches_the_tables(by_hand: Callable[[Value], Value],
                                                   table: Callable[[Value], Value]) -> None:
    def loss(f: Callable[[Value], Value]) -> tuple[list[Value], Value]:
        x, w = Value(0.3, label="x"), Value(-0.7, label="w")
        e = f(x * w + 0.1)
        return [x, w], e * e + e * x  # e is used twice: its closure must wait for both paths
    (leaves_h, root_h), (leaves_t, root_t) = loss(by_hand), loss(table)
    assert root_h.data == pytest.approx(root_t.data, rel=1e-12)
    root_h.backward()
    root_t.backward()
    assert [v.grad for v in leaves_h] == pytest.approx([v.grad for v in leaves_t], rel=1e-12)
    assert root_h.parents[0].parents[0]._op == by_hand.__name__.removeprefix("hand_")


def test_a_node_by_hand_without_backward_passes_nothing_on() -> None:
    x = Value(0.5, label="x")
    y = Value(x.data * 2, (x,), "*2") * 3.0
    y.backward()
    assert x.grad == 0.0 and y.parents[0].grad == 3.0


def test_a_table_nodes_backward_can_be_replaced_by_hand() -> None:
    x = Value(2.0, label="x")
    y = x * 3.0
    y._backward = lambda: None
    (y * 1.0).backward()
    assert x.grad == 0.0 and y._op == "*" and y.parents[0] is x


def test_create_graph_refuses_a_node_by_hand() -> None:
    x = Value(0.5, label="x")
    with pytest.raises(AutogradError, match=r"made by hand.*create_graph"):
        hand_exp(x).backward(create_graph=True)


# --- trace_backward ----------------------------------------------------------------------------------

def test_trace_records_a_node_by_hand_with_its_gradients_before_and_after() -> None:
    x = Value(0.4, label="x")
    e = hand_exp(x)
    e.label = "e"
    L = e * x
    L.label = "L"
    trace = trace_backward(L)
    auto_x = Value(0.4, label="x")
    (auto_x.exp() * auto_x).backward()
    assert x.grad == pytest.approx(auto_x.grad, rel=1e-12)
    steps = [s for s in trace if s.by_hand]
    assert len(trace) == 3 and len(steps) == 1 and not trace[0].by_hand
    (step,) = steps
    assert step.node is e and step.parent is x and step.upstream == pytest.approx(0.4)
    assert step.before == pytest.approx(math.exp(0.4)) and step.after == pytest.approx(x.grad)
    assert step.contribution == pytest.approx(step.after - step.before) and step.formula == "written by hand"
    assert step.local == pytest.approx(math.exp(0.4))
    en, es = trace.to_text(caption=True), trace.to_text(notation="es", caption=True)
    assert "written by hand" in en and "by the _backward written by hand for e" in en
    assert "escrita a mano" in es and "por la función _backward escrita a mano para e" in es and "1,492" in es
    assert step.caption() == f"∂L/∂x: {trace.notation.math(step.before)} → {trace.notation.math(step.after)}, " \
                             "by the _backward written by hand for e"


def test_trace_names_a_node_by_hand_over_its_children() -> None:
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    s = Value(3.0, (a, b), "+")
    t = Value(0.5, (s,), "tanh")
    names = node_names(t * 1.0)
    assert names[s] == "a + b" and names[t] == "tanh(a + b)"


# --- graph walks: grad = 0 and labels on every node, constants too -----------------------------------

def test_a_walk_can_zero_and_label_every_node_and_it_stays_in_its_graph() -> None:
    x = Value(1.5, label="x")
    y = (x * 2.0 + 1.0).relu() ** 2
    other = x * 2.0 + 1.0  # another graph with the same numbers
    y.backward()
    for i, node in enumerate(topo(y)):  # the lecture's walk, through _prev
        node.grad = 0.0
        node.label = f"n{i}"
    nodes = topological_order(y, only_requiring_grad=False)
    assert all(v.grad == 0.0 and v.label.startswith("n") for v in nodes) and len(nodes) == 8
    constants = [v for v in nodes if v.is_leaf and not v.requires_grad]
    assert sorted(c.data for c in constants) == [1.0, 2.0, 2.0]
    names = node_names(other)  # x is in both graphs (and so has its new label); the numbers are not
    theirs = [v for v in topological_order(other, only_requiring_grad=False) if v.is_leaf and v is not x]
    assert sorted(names[c] for c in theirs) == ["1", "2"] and all(c.label == "" for c in theirs)
    fresh = x * 2.0
    assert fresh.parents[1].label == "" and node_names(fresh)[fresh.parents[1]] == "2"
    y.backward()  # labelled and zeroed constants change nothing for backward
    assert x.grad == pytest.approx(2 * (2 * 1.5 + 1) * 2)


def test_a_variadic_node_swaps_only_its_constants() -> None:
    x, w = Value(0.5, label="x"), Value(2.0, label="w")
    s = x * w
    d = F.dot([s, x], [1.0, w])
    parents = d.parents
    assert parents[0] is s and parents[1] is x and parents[3] is w and d.parents is parents
    assert parents[2].data == 1.0 and not parents[2].requires_grad
    assert x in topological_order(d, only_requiring_grad=False)


def test_zero_grad_clears_a_gradient_written_on_a_constant() -> None:
    x = Value(1.0, label="x")
    y = x * 2.0
    two = y.parents[1]
    two.grad = 5.0
    y.zero_grad()
    assert two.grad == 0.0 and (x * 2.0).parents[1].grad == 0.0
    z = x * 3.0
    z.zero_grad()  # a walk no one sees: the node keeps the cached constant (no node is added)
    assert z._b is shared_constant(3.0)


# --- after review: a node made by hand in the other views; a leaf has no step to write -------------------

def _by_hand_tanh() -> tuple[Value, Value]:
    x = Value(0.5, label="x")
    t = math.tanh(x.data)
    out = Value(t, (x,), "tanh")

    def step() -> None:
        x.grad += (1 - t**2) * out.grad

    out._backward = step
    return x, out * 3


@pytest.mark.dot
def test_a_node_made_by_hand_is_drawn_coloured_by_gradient() -> None:
    import viz

    _, L = _by_hand_tanh()
    L.backward()
    assert "digraph" in viz.draw(L, color_by="grad").source


def test_a_batch_refuses_a_node_made_by_hand_saying_why() -> None:
    from autograd.batch import record

    x, L = _by_hand_tanh()
    x.requires_grad = False
    with pytest.raises(TypeError, match="'tanh' was made by hand"):
        record(L, inputs=[x])


def test_a_leaf_refuses_a_backward_step_and_keeps_accumulating() -> None:
    c = Value(1.0, label="c")
    c.grad = 5.0
    with pytest.raises(TypeError, match="is a leaf"):
        c._backward = lambda: None
    (c * 2).backward()
    assert c.grad == 7.0 and c.is_leaf


def test_a_node_made_by_hand_with_no_text_reads_as_micrograds() -> None:
    x = Value(1.0)
    assert Value(2.0, (x,), "")._op == "" and Value(2.0, (x,), "tanh")._op == "tanh"
