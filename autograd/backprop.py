"""Reverse-mode backpropagation, micrograd's way: each node, last first, does its own chain-rule step.

The reference comes first.  :func:`backward_step` is one node's step (micrograd's ``node._backward()``):
``parent.grad += node.grad · ∂node/∂parent``, the local derivative read from the node's row of the op
table (:mod:`autograd.ops`).  :func:`backward_reference` puts the nodes in topological order and calls
that step on each, last first; :func:`autograd.trace_backward` watches it to record every ``+=``.

``backward()`` gives the same gradients with the two loops further down: ``_backward_floats``, the step
inlined for floats (an optimisation, the hot path of training), and ``_backward_graph`` for
``create_graph=True``, the step evaluated on Values so that each gradient is a graph.
``tests/autograd/test_backward.py`` runs all of them on random graphs and checks they agree with the reference.

The walks are loops over an explicit stack, never recursion, so a chain of a million nodes works.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .by_hand import HandWritten
from .errors import AutogradError, DomainError, NonFiniteError, describe, finite_float
from .ops import Op
from .value import Number, Value, _current_grad_value

__all__ = ["Contribution", "backward", "backward_reference", "backward_step", "grad", "topological_order"]


# --- the reference: micrograd's loop ---------------------------------------------------------------

def backward_reference(root: Value, grad: Value | Number = 1.0, observer: Observer | None = None) -> list[Value]:
    """Backpropagate from ``root`` as micrograd does (``backward()`` gives the same gradients, faster).

    ``observer``, when given, is called with every :class:`Contribution` in the order they are applied.
    Returns the topological order.
    """
    order = _start(root, grad)
    for node in reversed(order):
        node._backward(observer)  # backward_step(node, observer)
    return order


def backward_step(node: Value, observer: Observer | None = None) -> None:
    """One node's own chain-rule step, micrograd's ``node._backward()``.

    For each parent that requires a gradient, ``parent.grad += node.grad · ∂node/∂parent``, with the
    local derivative of the node's op row.  A leaf has nothing to pass on; a node made by hand runs
    its own closure.
    """
    g = node.grad
    if g - g != 0.0:  # NaN or ±inf: say at which node it happened
        raise _non_finite_gradient(node)
    op = node._fn
    if op is None:  # a leaf
        return
    if isinstance(op, HandWritten):
        _step_by_hand(node, op, observer)
        return
    parents, out = node.parents, node._data
    args = [p._data for p in parents]
    try:
        every = op.fns[0](args, out) if op.variadic else None  # a variadic row gives them all at once (Op.fns)
    except (ArithmeticError, ValueError) as error:
        raise _derivative_error(node, error) from None
    for i, parent in enumerate(parents):
        if parent.requires_grad:
            # ∂node/∂parent: the row's Derivative of this parent (MUL's: b for a, a for b)
            try:
                local = every[i] if every is not None else op.derivatives[i].fn(*args, out)
            except (ArithmeticError, ValueError) as error:
                raise _derivative_error(node, error) from None
            before = parent.grad
            parent.grad = before + g * local
            if observer is not None:  # trace_backward's, outside the try: its errors are its own
                observer(Contribution(node, op, i, parent, g, local, g * local, before, parent.grad))


def _start(root: Value, grad: Value | Number, as_graph: bool = False) -> list[Value]:
    """What every loop does first: check ``root``, put the nodes in topological order (each intermediate
    node's gradient back to 0: they show the latest call, leaves accumulate) and seed ``root``'s gradient."""
    if not root.requires_grad:
        raise AutogradError(
            f"backward: {describe(root)} does not require a gradient "
            "(it is a constant, was detached, or was computed under no_grad())"
        )
    seed = grad.data if isinstance(grad, Value) else finite_float(grad, "backward: the seed grad")
    order = _walk(root, only_requiring_grad=True, reset=True)
    if as_graph:
        _accumulate(root, grad if isinstance(grad, Value) else Value(seed, requires_grad=False))
    else:
        root.grad += seed
    return order


def _step_by_hand(node: Value, op: HandWritten, observer: Observer | None) -> None:
    """Run a node's hand-written ``_backward``; an observer is told what it added to each parent's gradient.

    Its derivative is not in the op table, so what is known is each parent's gradient before and after:
    one :class:`Contribution` per parent (a parent given twice, once), whose ``local`` is what the
    closure multiplied ``g`` by (``contribution / g``; 0 when ``g`` is 0).
    """
    if observer is None:
        op.step()
        return
    g, parents = node.grad, node.parents
    distinct = list(dict.fromkeys(parents))
    before = [p.grad for p in distinct]
    op.step()
    for p, b in zip(distinct, before):
        if p.requires_grad or p.grad != b:
            added = p.grad - b
            observer(Contribution(node, op, parents.index(p), p, g, added / g if g != 0.0 else 0.0, added, b, p.grad))


@dataclass(frozen=True)
class Contribution:
    """One ``parent.grad += upstream · local`` of the chain rule, as backward applies it.

    ``node`` is the node being processed, ``index`` the position of ``parent`` among its parents.
    ``before`` and ``after`` are ``parent.grad`` around the ``+=``.
    """

    node: Value
    op: Op
    index: int
    parent: Value
    upstream: float
    local: float
    contribution: float
    before: float
    after: float


Observer = Callable[[Contribution], None]


# --- the order -------------------------------------------------------------------------------------

def topological_order(root: Value, only_requiring_grad: bool = True) -> list[Value]:
    """Every node ``root`` depends on, each after all of its parents, ending with ``root``.

    The order is the one a recursive depth-first search visiting parents left to right would give
    (the order micrograd uses), so it is deterministic.  With ``only_requiring_grad`` (the default),
    constants and other nodes that need no gradient are left out.

    The walk keeps its own stack (no recursion, any depth) and marks nodes with two fresh tokens,
    "entered" and "done", instead of keeping a set: that is what makes it fast on a million nodes.
    Because the marks live on the nodes, two threads must not walk the same graph at once.
    """
    return _walk(root, only_requiring_grad, reset=False)


def _walk(root: Value, only_requiring_grad: bool, reset: bool, shown: bool = True) -> list[Value]:
    """:func:`topological_order`; with ``reset``, also zero each non-leaf's gradient as it is placed
    (what backward needs before it starts, done here to save a second pass over the graph).  Without
    ``shown`` (a walk whose nodes no one else sees, like zero_grad's), the cached constants stay in place."""
    entered, done = object(), object()
    order: list[Value] = []
    stack = [root]
    append, push, pop = order.append, stack.append, stack.pop
    while stack:
        node = stack[-1]
        mark = node._mark
        if mark is done:  # reached again by another path, already placed
            pop()
        elif mark is entered:  # every parent is placed: place the node
            pop()
            node._mark = done
            append(node)
            if reset and node._fn is not None:  # backward: intermediates start again from 0
                node.grad = 0.0
                node._grad_value = None
        else:
            node._mark = entered
            op = node._fn
            if op is None:
                continue
            if not only_requiring_grad and shown:  # the whole graph is shown: each node takes constants of its own
                node.parents  # noqa: B018  (see Value.parents)
            # Push the parents last one first, so that the first parent is expanded first.
            if op.variadic:
                for parent in reversed(node._a):
                    if (parent.requires_grad or not only_requiring_grad) and parent._mark is not done:
                        push(parent)
                continue
            # A binary op's second and first parent are tested in lines of their own, not in one loop:
            # no tuple per node, and each line keeps seeing one kind of node (a shared constant is
            # usually the second parent), which CPython's attribute caches reward.
            b = node._b
            if b is not None and (b.requires_grad or not only_requiring_grad) and b._mark is not done:
                push(b)
            a = node._a
            if (a.requires_grad or not only_requiring_grad) and a._mark is not done:
                push(a)
    return order


# --- what backward() runs: the reference, specialised ---------------------------------------------

def backward(root: Value, grad: Value | Number = 1.0, create_graph: bool = False,
             observer: Observer | None = None) -> list[Value]:
    """Backpropagate from ``root``; see :meth:`Value.backward`.  Returns the topological order.

    The gradients are the reference's (:func:`backward_reference`), computed by the float loop, or with
    ``create_graph`` by the loop on Values.  ``observer``, when given, runs the reference itself, which
    reports every :class:`Contribution` in the order they are applied; :func:`autograd.trace_backward`
    uses it to record the step-through table.
    """
    if observer is not None and not create_graph:
        return backward_reference(root, grad, observer)
    order = _start(root, grad, as_graph=create_graph)
    if create_graph:
        _backward_graph(order)
    else:
        _backward_floats(order)
    return order


def _backward_floats(order: Sequence[Value]) -> None:
    """An optimisation of the reference loop, the hot path of training: :func:`backward_step` inlined, on floats.

    The same ``parent.grad += node.grad · ∂node/∂parent`` for every edge, without a call per node, a
    tuple of parents or a list of their data: a binary op's two parents are read from their slots.
    """
    node = order[-1]
    try:
        for node in reversed(order):
            g = node.grad
            if g - g != 0.0:
                raise _non_finite_gradient(node)
            op = node._fn
            if op is None:
                continue
            out = node._data
            a, b = node._a, node._b
            if b is not None:  # a binary op
                da, db = op.fns
                if a.requires_grad:
                    a.grad += g * da(a._data, b._data, out)
                if b.requires_grad:
                    b.grad += g * db(a._data, b._data, out)
            elif not op.variadic:  # a unary op
                if a.requires_grad:
                    a.grad += g * op.fns[0](a._data, out)
            else:  # a variadic op, or a node made by hand: its parents are the tuple in _a
                if op.__class__ is HandWritten:
                    op.step()
                    continue
                locals_ = op.fns[0]([p._data for p in a], out)
                for p, local in zip(a, locals_):
                    if p.requires_grad:
                        p.grad += g * local
    except (ArithmeticError, ValueError) as error:
        if isinstance(error, AutogradError) or isinstance(node._fn, HandWritten):  # the closure's own error
            raise
        raise _derivative_error(node, error) from None


def _accumulate(node: Value, term: Value) -> None:
    """``node.grad += term`` as a Value, for ``create_graph``: the float loop's ``+=``, recorded.

    A leaf accumulates on top of its gradient so far.  If that gradient is not (or no longer) held
    as a Value (a backward without ``create_graph`` added to it, or an optimizer set it to 0), the
    float is what counts, and it enters the sum as a constant.
    """
    so_far = _current_grad_value(node)
    if so_far is None and node.grad != 0.0:
        so_far = Value(node.grad, requires_grad=False)
    node._grad_value = term if so_far is None else so_far + term
    node.grad = node._grad_value.data


def _backward_graph(order: Sequence[Value]) -> None:
    """The loop of ``create_graph=True``: :func:`backward_step` evaluated on Values instead of floats.

    Each node's upstream gradient is a Value (``grad_value``) and the op row's derivative functions
    are called with the parents themselves, so every ``+=`` is recorded and the gradients form a
    graph that can be differentiated again.
    """
    for node in reversed(order):
        upstream = node._grad_value
        op = node._fn
        if upstream is None or op is None:
            continue
        parents = node.parents
        if isinstance(op, HandWritten):
            raise AutogradError(f"backward(create_graph=True): {describe(node)} was made by hand (Value(data, "
                                f"_children, {op.code!r})); its _backward works on floats, so its gradient cannot "
                                f"be built as a graph: use pizarra's own op, or backward() without create_graph")
        try:  # an error here is the local derivative's, reported as the float loop reports it
            locals_ = op.fns[0](parents, node) if op.variadic else [
                op.fns[i](*parents, node) if p.requires_grad else None for i, p in enumerate(parents)]
        except (ArithmeticError, ValueError) as error:
            raise _derivative_error(node, error) from None
        for p, local in zip(parents, locals_):
            if p.requires_grad:
                _accumulate(p, upstream * local)


def grad(output: Value, inputs: Sequence[Value], create_graph: bool = False) -> list[Value]:
    """``∂output/∂input`` for each input, without touching anyone's ``grad`` (like ``torch.autograd.grad``).

    With ``create_graph=True`` the results are Values recorded in the graph, so they can be
    differentiated again: ``d2 = grad(grad(y, [x], create_graph=True)[0], [x])[0]``.  An input that
    ``output`` does not depend on gets 0.
    """
    # backward writes to exactly the nodes of its walk (never to a constant): set those aside.
    nodes = topological_order(output) if output.requires_grad else []
    reached = set(nodes)
    saved = [(n, n.grad, n._grad_value) for n in nodes]
    try:
        for node in nodes:
            node.grad = 0.0
            node._grad_value = None
        backward(output, 1.0, create_graph=create_graph)
        results = [_gradient_of(x, create_graph) if x in reached else Value(0.0, requires_grad=False)
                   for x in inputs]
    finally:
        for node, g, gv in saved:
            node.grad, node._grad_value = g, gv
    return results


def _gradient_of(x: Value, as_graph: bool) -> Value:
    if as_graph and x._grad_value is not None:
        return x._grad_value
    return Value(x.grad, requires_grad=False)


# --- error messages --------------------------------------------------------------------------------

def _non_finite_gradient(node: Value) -> NonFiniteError:
    what = "NaN" if node.grad != node.grad else str(node.grad)
    where = f"op {node._fn.name}" if node._fn is not None else "a leaf"
    return NonFiniteError(
        f"backward: the gradient became {what} at {describe(node)} ({where}); "
        "its children's contributions overflowed or multiplied inf by 0"
    )


def _derivative_error(node: Value, error: Exception) -> Exception:
    op = node._fn
    assert op is not None
    parents = node.parents
    operands = ", ".join(describe(p, op.param_name(i, len(parents))) for i, p in enumerate(parents))
    which = _failing_derivative(node)
    if isinstance(error, (OverflowError, NonFiniteError)):  # NonFiniteError: a Value op inside it overflowed
        return NonFiniteError(f"backward: the local derivative of {op.name} overflows at {operands}{which}")
    return DomainError(f"backward: the local derivative of {op.name} is undefined at {operands} ({error}){which}",
                       op, tuple(p.data for p in parents))


def _failing_derivative(node: Value) -> str:
    """Which parent's local derivative failed, when the op has several: ``(−2)**p`` has a base gradient (12)
    but no exponent gradient, and only a ``p`` that requires a gradient asks for it.  Called on errors only."""
    op = node._fn
    parents = node.parents
    if op is None or op.variadic or len(parents) < 2:
        return ""
    args = [p.data for p in parents]
    for i, p in enumerate(parents):
        if not p.requires_grad:
            continue
        try:
            op.local_derivative(i, args, node.data)
        except (ArithmeticError, ValueError):
            return (f"; it is {op.formula(i, len(parents))}, asked for by {describe(p, op.param_name(i, len(parents)))}"
                    f" because it requires a gradient (make it requires_grad=False if it needs none)")
    return ""
