"""``Value``: one scalar node of a computation graph.

Every arithmetic operation on Values returns a new Value that remembers its parents and the
:class:`~autograd.ops.Op` that made it; ``backward()`` walks that graph in reverse and fills in
``grad`` on every node.  The forward and the derivative of each op live in :mod:`autograd.ops`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from . import ops
from .by_hand import hand_written
from .errors import finite_float, forward_error, overflow_error
from .micrograd import MicrogradNames, children_of
from .mode import _grad_enabled
from .ops import Op

__all__ = ["LEAKY_SLOPE", "Number", "Value", "apply", "finite_float"]

Number = int | float
#: The default slope of ``leaky_relu`` for negative inputs (nn's activations use the same).
LEAKY_SLOPE = 0.01
_new = object.__new__


class Value(MicrogradNames):
    """A scalar that records the operations applied to it, so gradients can flow back.

    >>> x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    >>> y = (x * w).tanh()
    >>> y.backward()
    >>> round(w.grad, 6)   # dy/dw = (1 - tanh(x·w)²) · x
    4.9e-05

    Attributes:
        data: the number (always a finite float).
        grad: ``∂root/∂self`` after ``root.backward()``; 0.0 before.  Leaves accumulate across calls
            (call :meth:`zero_grad`); every other node holds the gradient from the latest call.
        label: an optional name shown in diagrams, traces and error messages.  (A plain number an
            operation wraps, the 2 of ``x * 2``, is a constant of that graph's own and can be labelled
            too; ``x * Value(2.0, label="two", requires_grad=False)`` names it from the start.)
        requires_grad: whether gradients flow to this node.  True for Values you create, False for
            plain numbers an operation wraps (the ``2`` in ``x * 2``) and for results computed under
            :func:`~autograd.no_grad`.
        parents: the Values this one was computed from, in order (empty for a leaf).
        op: the :class:`~autograd.ops.Op` that produced it (None for a leaf).
        _prev, _op, _backward: micrograd's names: the parents as a set, the op's text (``'*'``,
            ``'**2'``, ``'tanh'``), and this node's own chain-rule step (see :meth:`__init__` for
            nodes made by hand, micrograd's way).
        grad_value: after ``backward(create_graph=True)``, the gradient as a Value that can itself be
            differentiated; None otherwise.
    """

    # A node keeps its one or two parents in _a and _b rather than in a tuple: a tuple would cost
    # another object per node (a third of its memory).  A variadic op's parents are a tuple in _a.
    __slots__ = ("_a", "_b", "_data", "_fn", "_grad_value", "_mark", "grad", "label", "requires_grad")

    _data: float  # the number; read and written through the ``data`` property, which checks what it is given
    grad: float
    label: str
    requires_grad: bool
    _a: Any  # first parent, or the tuple of parents of a variadic op, or None for a leaf
    _b: Value | None  # second parent of a binary op
    _fn: Op | None  # the op that made it (``op``); micrograd's name ``_op`` is its text (autograd.micrograd)
    _grad_value: Value | None
    _mark: object  # scratch space of graph walks (see autograd.backprop.topological_order)

    def __init__(self, data: Number, _children: Iterable[Value] = (), _op: str = "", label: str = "",
                 requires_grad: bool = True) -> None:
        """``Value(2.0, label="a")``, or micrograd's ``Value(data, _children, _op, label)``.

        ``_children`` and ``_op`` make a node by hand, as micrograd's lecture writes an op:
        ``out = Value(math.tanh(x.data), (x,), 'tanh')`` followed by ``out._backward = step``, a closure
        that adds to the children's ``grad``.  ``backward()`` runs that closure in its place in the
        topological order (the children are the node's parents); until one is given, the node passes
        no gradient on, as in micrograd.  Every op of pizarra's own (``x * w``, ``x.tanh()``) has its
        derivative in the op table and needs none of this.
        """
        _fill(self, _checked_float(data, str(label)), None, None, None, bool(requires_grad))
        self.label = str(label)
        if _children.__class__ is tuple and not _children and _op == "":  # a leaf (the usual case)
            return
        children = children_of(_children, _op)  # checked: a tuple of Values, and _op a text
        if children or _op:  # made by hand
            self._a = children
            self._fn = hand_written(_op, len(children))

    def _set_data(self, value: Number) -> None:
        # Checked like the number given to Value(…): a numpy scalar becomes a float, and NaN, ±inf, a bool,
        # a string or an array are refused, so no op ever meets a number that is not a float.  (The fast path of
        # _checked_float, inline: a training loop's ``p.data -= lr * p.grad`` sets every parameter at every step.)
        self._data = value if value.__class__ is float and value - value == 0.0 else _checked_float(value, self.label)

    if TYPE_CHECKING:
        @property
        def data(self) -> float:
            """The number: always a finite Python float."""
            return self._data

        @data.setter
        def data(self, value: Number) -> None:
            self._set_data(value)
    else:
        # The same property, its getter in C (no Python frame): reading every parameter's data at every step (a
        # recorded program's forward, a training loop) costs half as much.
        data = property(attrgetter("_data"), _set_data, doc="The number: always a finite Python float.")

    # --- read-only views of the graph ---------------------------------------------------------------

    @property
    def parents(self) -> tuple[Value, ...]:
        """The Values this one was computed from, in the order the op takes them."""
        op = self._fn
        if op is None:
            return ()
        # A plain number an op used is held as the cached constant of that number until the graph is shown
        # to anyone (here, and in topological_order(only_requiring_grad=False)): then the node gets a constant
        # of its own in its place, so a label or grad written on it belongs to this graph alone.
        if op.variadic:
            held: tuple[Value, ...] = self._a
            if any(p.__class__ is _SharedConstant for p in held):
                held = self._a = tuple(_own(p) if p.__class__ is _SharedConstant else p for p in held)
            return held
        a = self._a
        if a.__class__ is _SharedConstant:
            a = self._a = _own(a)
        b = self._b
        if b is None:
            return (a,)
        if b.__class__ is _SharedConstant:
            b = self._b = _own(b)
        return (a, b)

    @property
    def op(self) -> Op | None:
        """The op that produced this Value, or None for a leaf (a :class:`~autograd.by_hand.HandWritten`
        for a node made by hand, ``Value(data, _children, _op)``)."""
        return self._fn

    @property
    def is_leaf(self) -> bool:
        """True for a Value that no operation produced (an input, a weight, a constant)."""
        return self._fn is None

    @property
    def grad_value(self) -> Value | None:
        """The gradient as a differentiable Value, after ``backward(create_graph=True)``.

        None when ``grad`` has changed since (a later ``backward()`` without ``create_graph`` added
        to it, or it was set by hand), so it never shows a stale gradient.
        """
        return _current_grad_value(self)

    # --- arithmetic ----------------------------------------------------------------------------------

    def __add__(self, other: Value | Number) -> Value:
        return _binary(ops.ADD, self, other)

    def __radd__(self, other: Number) -> Value:
        return _binary(ops.ADD, _constant(other, ops.ADD), self)

    def __sub__(self, other: Value | Number) -> Value:
        return _binary(ops.SUB, self, other)

    def __rsub__(self, other: Number) -> Value:
        return _binary(ops.SUB, _constant(other, ops.SUB), self)

    def __mul__(self, other: Value | Number) -> Value:
        return _binary(ops.MUL, self, other)

    def __rmul__(self, other: Number) -> Value:
        return _binary(ops.MUL, _constant(other, ops.MUL), self)

    def __truediv__(self, other: Value | Number) -> Value:
        return _binary(ops.DIV, self, other)

    def __rtruediv__(self, other: Number) -> Value:
        return _binary(ops.DIV, _constant(other, ops.DIV), self)

    def __pow__(self, other: Value | Number) -> Value:
        return _binary(ops.POW, self, other)

    def __rpow__(self, other: Number) -> Value:
        return _binary(ops.POW, _constant(other, ops.POW), self)

    def __neg__(self) -> Value:
        return _unary(ops.NEG, self)

    def __pos__(self) -> Value:
        return self

    def __abs__(self) -> Value:
        return _unary(ops.ABS, self)

    # --- functions -----------------------------------------------------------------------------------

    def exp(self) -> Value:
        """``e**self``; raises :class:`NonFiniteError` naming this node if the result overflows."""
        return _unary(ops.EXP, self)

    def log(self) -> Value:
        """Natural logarithm; raises :class:`DomainError` for data ≤ 0."""
        return _unary(ops.LOG, self)

    def sqrt(self) -> Value:
        """Square root; raises :class:`DomainError` for data < 0."""
        return _unary(ops.SQRT, self)

    def tanh(self) -> Value:
        """Hyperbolic tangent."""
        return _unary(ops.TANH, self)

    def sigmoid(self) -> Value:
        """Logistic function ``1 / (1 + e^-x)``, computed without overflow for any finite input."""
        return _unary(ops.SIGMOID, self)

    def relu(self, at_zero: float = 0.0) -> Value:
        """``max(x, 0)``.  Its derivative at exactly 0 is ``at_zero``: 0 by default, as in PyTorch.

        ``x.relu(at_zero=1.0)`` takes ReLU′(0) = 1, as some course notes do (the two conventions
        differ only on that single point).  ``at_zero`` may be any number from 0 to 1; see
        :func:`autograd.ops.relu_op`, which makes the op of each convention.
        """
        return _unary(ops.RELU if type(at_zero) is float and at_zero == 0.0 else ops.relu_op(at_zero), self)

    def leaky_relu(self, slope: Value | Number = LEAKY_SLOPE) -> Value:
        """``x`` for x > 0, ``slope·x`` otherwise (derivative at 0 taken as ``slope``)."""
        return _binary(ops.LEAKY_RELU, self, slope)

    def softplus(self) -> Value:
        """``ln(1 + e^x)``, a smooth ReLU, finite for any finite input."""
        return _unary(ops.SOFTPLUS, self)

    def abs(self) -> Value:
        """``|x|``; derivative ``sign(x)``, taken as 0 at 0."""
        return _unary(ops.ABS, self)

    def sin(self) -> Value:
        """Sine."""
        return _unary(ops.SIN, self)

    def cos(self) -> Value:
        """Cosine."""
        return _unary(ops.COS, self)

    # --- gradients -----------------------------------------------------------------------------------

    def backward(self, grad: Value | Number = 1.0, create_graph: bool = False) -> None:
        """Fill in ``grad`` on every node of the graph that ends here (reverse-mode backprop).

        Args:
            grad: the seed ``∂L/∂self`` (1.0 for a scalar loss).
            create_graph: also build each gradient as a Value (``grad_value``), so it can be
                differentiated again for higher-order derivatives.

        Leaves accumulate: calling ``backward()`` twice gives twice the gradient, until
        :meth:`zero_grad`.  Intermediate nodes are reset on each call, so they show the gradient
        of the latest call.  The walk is iterative, so a graph of any depth works.
        """
        from .backprop import backward

        backward(self, grad, create_graph=create_graph)

    def zero_grad(self) -> None:
        """Set ``grad`` to 0 on this node and every node it was computed from."""
        from .backprop import _walk

        for node in _walk(self, only_requiring_grad=False, reset=False, shown=False):
            # Only where there is something to clear (a constant's gradient is 0 unless one was written on it;
            # the cached constants, which no one sees, never have one).
            if node.grad != 0.0 or node._grad_value is not None:
                node.grad = 0.0
                node._grad_value = None

    def detach(self) -> Value:
        """A new leaf with the same data that gradients will not flow through."""
        return Value(self.data, label=self.label, requires_grad=False)

    # --- conversions ---------------------------------------------------------------------------------

    def __float__(self) -> float:
        return self.data

    def item(self) -> float:
        """The data as a Python float."""
        return self.data

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.4g}, grad={self.grad:.4g}{label})"

    def __bool__(self) -> bool:
        raise TypeError(
            "a Value has no truth value: compare its data instead (`v.data > 0`), "
            "so the graph does not silently drop a branch"
        )

    __hash__ = object.__hash__


def _current_grad_value(node: Value) -> Value | None:
    """``node``'s gradient as a Value, if it still is its gradient (see :attr:`Value.grad_value`)."""
    held = node._grad_value
    return held if held is not None and held.data == node.grad else None


# --- building nodes --------------------------------------------------------------------------------

def _fill(v: Value, data: float, a: Any, b: Value | None, op: Op | None, requires_grad: bool) -> Value:
    """Write every slot of the node ``v``: the one place they are listed (a new slot is one edit, here).

    ``a`` and ``b`` are its parents (a variadic op's are a tuple in ``a``), ``op`` the op that made it;
    a leaf has neither.  Every node is built here: a leaf by :meth:`Value.__init__`, an op's result by
    :func:`_binary`, :func:`_unary` and :func:`apply`, a cached constant by
    :func:`autograd.constants.shared_constant`.
    """
    v._data = data
    v.grad = 0.0
    v.label = ""
    v.requires_grad = requires_grad
    v._a = a
    v._b = b
    v._fn = op
    v._grad_value = None
    v._mark = None
    return v


# An op's result records its parents and op, or under no_grad is a bare constant.  _binary and _unary, the hot
# path of every forward pass, call _fill themselves rather than through one more function.

def _binary(op: Op, a: Value, b: Value | Number) -> Value:
    if b.__class__ is not Value:
        cached = _constants.get(b) if b.__class__ is float else None
        b = cached if cached is not None else _constant(b, op)
    try:
        data = op.forward(a._data, b._data)
    except (ArithmeticError, ValueError) as error:
        raise forward_error(op, (a, b), error) from None
    if data - data != 0.0:  # NaN or ±inf
        raise overflow_error(op, (a, b), data)
    if _grad_enabled[0]:
        return _fill(_new(Value), data, a, b, op, a.requires_grad or b.requires_grad)
    return _fill(_new(Value), data, None, None, None, False)


def _unary(op: Op, a: Value) -> Value:
    try:
        data = op.forward(a._data)
    except (ArithmeticError, ValueError) as error:
        raise forward_error(op, (a,), error) from None
    if data - data != 0.0:
        raise overflow_error(op, (a,), data)
    if _grad_enabled[0]:
        return _fill(_new(Value), data, a, None, op, a.requires_grad)
    return _fill(_new(Value), data, None, None, None, False)


def apply(op: Op, parents: Sequence[Value | Number]) -> Value:
    """Apply any op of the table to its parents (numbers are wrapped as constants).

    ``apply(ops.MUL, [x, 2])`` is ``x * 2``.  Variadic ops (``SUM``, ``DOT``, ``LOGSUMEXP``) take any
    number of parents; the functional helpers in :mod:`autograd.functional` call them.
    """
    values = tuple(p if isinstance(p, Value) else _constant(p, op) for p in parents)
    if not op.variadic:
        if len(values) != op.arity:
            raise TypeError(f"{op.name} takes {op.arity} operand(s), got {len(values)}")
        return _unary(op, values[0]) if len(values) == 1 else _binary(op, values[0], values[1])
    if not values:
        raise ValueError(f"{op.name} needs at least one operand, got an empty sequence")
    try:
        data = op.forward([v._data for v in values])
    except (ArithmeticError, ValueError) as error:
        raise forward_error(op, values, error) from None
    if data - data != 0.0:
        raise overflow_error(op, values, data)
    if _grad_enabled[0]:
        return _fill(_new(Value), data, values, None, op, any(p.requires_grad for p in values))
    return _fill(_new(Value), data, None, None, None, False)


#: The cached constant leaf of each number (see :mod:`autograd.constants`).
_constants: dict[float, Value] = {}


def _checked_float(data: Any, label: str = "") -> float:
    if type(data) is float and data - data == 0.0:  # the fast path of every Value(…)
        return data
    return finite_float(data, f"Value: data{f' (label {label!r})' if label else ''}")


# The constants subclass Value, so they are defined after it (see autograd.constants).
from .constants import _SharedConstant  # noqa: E402
from .constants import constant as _constant  # noqa: E402
from .constants import own as _own  # noqa: E402
