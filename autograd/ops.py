"""The op table: every operation the engine knows, declared exactly once.

Each row is an :class:`Op` written with keywords; this is ``mul``::

    MUL = Op(
        name="mul", symbol="×", expression="a·b", params=("a", "b"), precedence=PRODUCTS,
        forward=operator.mul,
        derivatives=(
            Derivative("b", lambda a, b, out: b),   # ∂(a·b)/∂a = b
            Derivative("a", lambda a, b, out: a),   # ∂(a·b)/∂b = a
        ),
    )

Its fields (:class:`Op` and :class:`Derivative`, just below) say what a row holds: the forward, one
local derivative per parent with its formula beside its function (``tests/autograd/test_op_formulas.py``
evaluates every formula at random points and compares it with its function, so the two cannot drift
apart), and how the op is written.  A text with words has its Spanish beside it (``formula_es``,
``domain_es``, ``convention_es``: ``1 si a > 0; s si no``), read through the accessors that take
``lang``; error messages stay English and read ``domain``.

ReLU has one row per convention at 0, made by :func:`relu_op`: ``OPS["relu"]`` is ``relu_op(0.0)``
(ReLU′(0) = 0, as in PyTorch) and ``relu_op(1.0)`` the course notes' ReLU′(0) = 1.

A derivative function is called as ``d(a, out)`` (unary) or ``d(a, b, out)`` (binary), where
``out`` is the op's own result.  A variadic op (``sum``, ``dot``, ``logsumexp``) takes any number of
parents in equal groups, one group per name in ``params`` (``dot``'s are ``x₁..xₘ`` then
``w₁..wₘ``); it has one Derivative per group, called as ``d(args, out)`` with all the parents'
data, returning the local derivatives of its group, and its formula writes ``ᵢ`` for the index
within the group.

The functions are written once and work on three kinds of numbers: ``backward()`` calls them with
floats, ``backward(create_graph=True)`` with :class:`~autograd.Value` objects (so that the gradient
is itself a graph that can be differentiated again), and :mod:`autograd.batch` with arrays holding
one number per row of a batch.  That is why they use the helpers of :mod:`autograd.op_math`
(``exp``, ``where``, ...) instead of :mod:`math` and ``if`` directly; its ``forward_any`` gives a
row's forward for any kind of number.

Nothing else in the project writes a derivative: backward and the step-through trace read this
table, and so does everything built on the engine.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import finite_float
from .op_math import (
    Num,
    _data,
    _div,
    _dot,
    _leaky_relu,
    _logsumexp,
    _pow,
    _pow_base_derivative,
    _pow_exponent_derivative,
    _relu,
    _sigmoid,
    _softplus,
    _sum,
    cos,
    exp,
    sigmoid,
    sin,
    step,
    where,
)
from .op_text import ATOM, NEGATION, POWERS, PRODUCTS, SUMS, subscript, write
from .text import check_lang

__all__ = [
    "ABS", "ADD", "COS", "DIV", "DOT", "EXP", "LEAKY_RELU", "LOG", "LOGSUMEXP", "MUL", "NEG", "OPS", "POW", "RELU",
    "SIGMOID", "SIN", "SOFTPLUS", "SQRT", "SUB", "SUM", "TANH", "Derivative", "Op", "relu_op",
]

# --- what a row is ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Derivative:
    """One local derivative of an op: its ``formula`` as a class writes it, and the function ``fn``.

    ``formula`` is the right-hand side of ``∂out/∂parent`` in the op's parameter names, e.g. ``"b"``
    for ``∂(a·b)/∂a``; ``fn`` computes it (see :mod:`autograd.ops` for how it is called).
    ``formula_es`` is the formula in Spanish when it has words (``"1 si a > 0; 0 si no"``); None when
    it reads the same.  Calling a Derivative calls ``fn``.
    """

    formula: str
    fn: Callable[..., Any]
    formula_es: str | None = None

    def __call__(self, *args: Any) -> Any:
        return self.fn(*args)

    def text(self, *, lang: str = "en") -> str:
        """The formula in ``lang``."""
        return _in(lang, self.formula, self.formula_es)


@dataclass(frozen=True, eq=False, slots=True, kw_only=True)
class Op:
    """One operation of the engine: its forward, local derivatives and how it is written.

    Attributes:
        name: identifier used in errors and traces, e.g. ``"mul"`` (``"relu(at_zero=1)"`` for the
            ReLU of another convention, see :func:`autograd.ops.relu_op`).
        symbol: how an op node is labelled, e.g. ``"×"`` or ``"tanh"``.
        expression: the result in terms of the parent names, e.g. ``"a·b"``.
        precedence: how tightly the written expression binds (:data:`SUMS`, :data:`PRODUCTS`,
            :data:`NEGATION`, :data:`POWERS`, :data:`ATOM` for a call), so that a node named by its
            expression (:meth:`write`) gets the parentheses a class writes: ``(ŷ − y)²``, ``w·(x + b)``.
        written: how a node of this op is named from its parents' names, when that is not
            ``expression`` (``softplus(a)``); for a variadic op, one term with ``ᵢ`` and the separator
            before ``…``: ``"xᵢ·wᵢ + …"``, ``"logsumexp(xᵢ, …)"``.
        params: the names of the parents in ``expression`` and in the formulas, one per parent; a
            variadic op's parents form one equal group per name (``dot``'s are ``x₁..xₘ`` then
            ``w₁..wₘ``).
        forward: computes the result from the parents' data (``forward(a, b)``, or
            ``forward(args)`` for a variadic op).
        derivatives: one :class:`Derivative` per name in ``params``, in the same order.
        domain: the condition on the inputs, e.g. ``"a > 0"``; error messages quote it (in English).
        domain_es: the same condition in Spanish, when it has words.
        kinks: inputs of the first parent where the op is not differentiable (ReLU and abs at 0);
            the derivative there is a convention, so gradient checks keep away from them.
        convention: that convention as a class writes it, for an op a course takes either way:
            ``"ReLU′(0) = 0"`` (the table's ReLU, as in PyTorch) or ``"ReLU′(0) = 1"``.  Step tables,
            captions, gradcheck notes and diagrams print it to say which one a node uses.  None for an
            op without one.
        convention_es: the convention in Spanish, when it differs (a decimal comma: ``ReLU′(0) = 0,5``).
        variadic: True when the op takes any number of parents.
        code: how Python code writes the op, as micrograd names its nodes (``Value._op``): the operator
            (``"+"``, ``"*"``, ``"**"``) or the method's name (``"tanh"``, ``"exp"``), micrograd's
            ``"ReLU"`` for ReLU.  A power by a number adds the number, as micrograd writes it: ``"**2"``.
        fns: the derivative functions alone, in a plain tuple, made from ``derivatives`` (not
            given): one per parent, or for a variadic op a single ``fn(args, out)`` giving every
            parent's local derivative.  Backward's loops call these.
    """

    name: str
    symbol: str
    expression: str
    params: tuple[str, ...]
    forward: Callable[..., float]
    derivatives: tuple[Derivative, ...]
    domain: str | None = None
    domain_es: str | None = None
    kinks: tuple[float, ...] = ()
    convention: str | None = None
    convention_es: str | None = None
    variadic: bool = False
    precedence: int = ATOM
    written: str | None = None
    code: str | None = None
    fns: tuple[Callable[..., Any], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.derivatives) != len(self.params) or not self.params:
            raise ValueError(f"op {self.name}: give one derivative per name in params {self.params}, "
                             f"got {len(self.derivatives)}")
        if not all(isinstance(d, Derivative) for d in self.derivatives):
            raise TypeError(f"op {self.name}: derivatives must be Derivative(formula, fn) rows")
        for text, spanish in (("domain", self.domain_es), ("convention", self.convention_es)):
            if spanish is not None and getattr(self, text) is None:
                raise ValueError(f"op {self.name}: {text}_es is the Spanish of {text}, which is not given")
        if self.code is None:  # a table row without one is written by its name; "" stays "" (a node made by hand)
            object.__setattr__(self, "code", self.name)
        fns = tuple(d.fn for d in self.derivatives)
        object.__setattr__(self, "fns", (_joined(fns),) if self.variadic and len(fns) > 1 else fns)

    @property
    def arity(self) -> int | None:
        """Number of parents, or None for a variadic op."""
        return None if self.variadic else len(self.params)

    @property
    def formulas(self) -> tuple[str, ...]:
        """Each derivative's formula, in the order of ``params``, e.g. ``("b", "a")`` for ``a·b``."""
        return tuple(d.formula for d in self.derivatives)

    def local_derivative(self, i: int, args: Sequence[Num], out: Num) -> Num:
        """The local derivative ``∂out/∂(parent i)`` for parent values ``args`` and result ``out``.

        ``args`` and ``out`` are floats, or Values to build the derivative as a graph.
        """
        if self.variadic:
            return self.fns[0](args, out)[i]
        return self.fns[i](*args, out)

    def param_name(self, i: int, n: int) -> str:
        """The name of parent ``i`` (of ``n``) in this op's formulas: ``a``, ``b``, or ``x₃``, ``w₂``."""
        return self._naming(i, n, "en")[0]

    def formula(self, i: int, n: int | None = None, *, lang: str = "en") -> str:
        """The local derivative for parent ``i`` (of ``n`` parents) as text, e.g. ``∂(a·b)/∂a = b``.

        In ``lang``: ``∂(ReLU(a))/∂a = 1 si a > 0; 0 si no`` in Spanish.
        """
        name, rhs = self._naming(i, n if n is not None else len(self.params), lang)
        return f"∂({self.expression})/∂{name} = {rhs}"

    def write(self, operands: Sequence[tuple[str, int]]) -> str:
        """A node of this op written over its parents' names, as a class writes it: ``w1·x1``, ``(ŷ − y)²``.

        ``operands`` holds one ``(name, precedence)`` per parent; see :func:`autograd.op_text.write`.
        """
        return write(self, operands)

    def domain_text(self, *, lang: str = "en") -> str | None:
        """The domain in ``lang`` (None for an op defined everywhere)."""
        return None if self.domain is None else _in(lang, self.domain, self.domain_es)

    def convention_text(self, *, lang: str = "en") -> str | None:
        """The convention at the kink in ``lang`` (None for an op without one)."""
        return None if self.convention is None else _in(lang, self.convention, self.convention_es)

    def _naming(self, i: int, n: int, lang: str) -> tuple[str, str]:
        if not self.variadic:
            return self.params[i], self.derivatives[i].text(lang=lang)
        # A variadic op's parents come in equal groups, one per name in params (dot: x₁..xₘ, w₁..wₘ),
        # and each group has its formula, with ᵢ standing for the parent's index in its group.
        group, j = divmod(i, max(n // len(self.params), 1))
        sub = subscript(j + 1)
        return f"{self.params[group]}{sub}", self.derivatives[group].text(lang=lang).replace("ᵢ", sub)

    def __repr__(self) -> str:
        return f"Op({self.name!r})"


def _in(lang: str, en: str, es: str | None) -> str:
    """``en``, or its Spanish form ``es`` (when the row gives one) for ``lang="es"``."""
    check_lang(lang)
    return es if lang == "es" and es is not None else en


def _joined(groups: tuple[Callable[..., Any], ...]) -> Callable[..., list[Any]]:
    """One function giving every parent's local derivative, from one function per group of parents."""
    def every_parent(args: Sequence[Num], out: Num) -> list[Num]:
        locals_: list[Num] = []
        for group in groups:
            locals_.extend(group(args, out))  # extend, not +=: an array's + would broadcast the list
        return locals_
    return every_parent


# --- ReLU, one op per convention at 0 --------------------------------------------------------------

_RELUS: dict[float, Op] = {}


def relu_op(at_zero: float = 0.0) -> Op:
    """The ReLU whose derivative at exactly 0 is ``at_zero``: ``relu_op(1.0)`` takes ReLU′(0) = 1.

    ``relu_op(0.0)`` is :data:`RELU`, the table's own (``OPS["relu"]``, PyTorch's convention, 0);
    ``relu_op(1.0)`` is the convention of some course notes.  ``at_zero`` may be any finite number
    from 0 to 1: each is a slope between those of ReLU's two sides (0 and 1), a subgradient, so
    gradient descent stays sound; 0 and 1 are the ones in use.  Anything else raises ValueError.

    One op is made per value and kept, so every node of one convention shares it.  The convention is
    written in it: in its formula (``1 if a > 0 else 0`` for 0, ``1 if a ≥ 0 else 0`` for 1,
    ``1 if a > 0 else 0.5 if a = 0 else 0`` otherwise, with Spanish forms), in its name
    (``relu``, ``relu(at_zero=1)``) and in :attr:`Op.convention` (``ReLU′(0) = 1``).  Its derivative is
    :func:`step` with ``at_zero``, in every loop of backward (floats, observed, ``create_graph``).
    """
    key = finite_float(at_zero, "relu: at_zero") + 0.0  # + 0.0: -0.0 is 0.0
    op = _RELUS.get(key)
    if op is not None:
        return op
    if not 0.0 <= key <= 1.0:
        raise ValueError(f"relu: at_zero is ReLU′(0), a slope between those of its two sides, so it must be "
                         f"from 0 to 1; got {at_zero!r}")
    en = repr(key).removesuffix(".0")
    es = en.replace(".", ",")
    if key == 0.0:
        formula, formula_es = "1 if a > 0 else 0", "1 si a > 0; 0 si no"
    elif key == 1.0:
        formula, formula_es = "1 if a ≥ 0 else 0", "1 si a ≥ 0; 0 si no"
    else:
        formula, formula_es = f"1 if a > 0 else {en} if a = 0 else 0", f"1 si a > 0; {es} si a = 0; 0 si no"
    op = _RELUS[key] = Op(
        name="relu" if key == 0.0 else f"relu(at_zero={en})", code="ReLU", symbol="ReLU", expression="ReLU(a)",
        params=("a",),
        forward=_relu,
        derivatives=(Derivative(formula, lambda a, out: step(a, key), formula_es=formula_es),),
        kinks=(0.0,),
        convention=f"ReLU′(0) = {en}", convention_es=f"ReLU′(0) = {es}" if es != en else None,
    )
    return op


# --- the table -----------------------------------------------------------------------------------
# Binary ops take (a, b), unary ops (a); each derivative's formula is written beside its function.

ADD = Op(
    name="add", code="+", symbol="+", expression="a + b", params=("a", "b"), precedence=SUMS,
    forward=operator.add,
    derivatives=(
        Derivative("1", lambda a, b, out: 1.0),
        Derivative("1", lambda a, b, out: 1.0),
    ),
)
SUB = Op(
    name="sub", code="-", symbol="−", expression="a − b", params=("a", "b"), precedence=SUMS,
    forward=operator.sub,
    derivatives=(
        Derivative("1", lambda a, b, out: 1.0),
        Derivative("−1", lambda a, b, out: -1.0),
    ),
)
MUL = Op(
    name="mul", code="*", symbol="×", expression="a·b", params=("a", "b"), precedence=PRODUCTS,
    forward=operator.mul,
    derivatives=(
        Derivative("b", lambda a, b, out: b),
        Derivative("a", lambda a, b, out: a),
    ),
)
DIV = Op(
    name="div", code="/", symbol="/", expression="a / b", params=("a", "b"), precedence=PRODUCTS,
    forward=_div,
    derivatives=(
        Derivative("1/b", lambda a, b, out: 1.0 / b),
        Derivative("−a/b²", lambda a, b, out: -out / b),  # out = a/b
    ),
    domain="b ≠ 0",
)
POW = Op(
    name="pow", code="**", symbol="^", expression="a^b", params=("a", "b"), precedence=POWERS,
    forward=_pow,
    derivatives=(
        Derivative("b·a^(b−1)", _pow_base_derivative),
        Derivative("a^b·ln a", _pow_exponent_derivative),
    ),
    domain="a > 0, or a = 0 with b ≥ 0, or a < 0 with an integer b",
    domain_es="a > 0, o a = 0 con b ≥ 0, o a < 0 con b entero",
)
NEG = Op(
    name="neg", code="-", symbol="−", expression="−a", params=("a",), precedence=NEGATION,
    forward=operator.neg,
    derivatives=(Derivative("−1", lambda a, out: -1.0),),
)
EXP = Op(
    name="exp", symbol="exp", expression="exp(a)", params=("a",),
    forward=math.exp,
    derivatives=(Derivative("exp(a)", lambda a, out: out),),
)
LOG = Op(
    name="log", symbol="log", expression="ln(a)", params=("a",),
    forward=math.log,
    derivatives=(Derivative("1/a", lambda a, out: 1.0 / a),),
    domain="a > 0",
)
SQRT = Op(
    name="sqrt", symbol="√", expression="√a", params=("a",), precedence=POWERS,
    forward=math.sqrt,
    derivatives=(Derivative("1/(2√a)", lambda a, out: 0.5 / out),),  # out = √a
    domain="a ≥ 0 (and a > 0 for its derivative)",
    domain_es="a ≥ 0 (y a > 0 para su derivada)",
)
TANH = Op(
    name="tanh", symbol="tanh", expression="tanh(a)", params=("a",),
    forward=math.tanh,
    derivatives=(Derivative("1 − tanh(a)²", lambda a, out: 1.0 - out * out),),
)
SIGMOID = Op(
    name="sigmoid", symbol="σ", expression="σ(a)", params=("a",),
    forward=_sigmoid,
    derivatives=(Derivative("σ(a)·(1 − σ(a))", lambda a, out: out * (1.0 - out)),),
)
RELU = relu_op(0.0)  # its row is in relu_op above (one ReLU per convention at 0); this one is PyTorch's
LEAKY_RELU = Op(
    name="leaky_relu", symbol="LeakyReLU", expression="LeakyReLU(a, s)", params=("a", "s"),
    forward=_leaky_relu,
    derivatives=(
        Derivative("1 if a > 0 else s", lambda a, s, out: where(_data(a) > 0.0, 1.0, s),
                   formula_es="1 si a > 0; s si no"),
        Derivative("0 if a > 0 else a", lambda a, s, out: where(_data(a) > 0.0, 0.0, a),
                   formula_es="0 si a > 0; a si no"),
    ),
    kinks=(0.0,),
)
SOFTPLUS = Op(
    name="softplus", symbol="softplus", expression="ln(1 + eᵃ)", params=("a",), written="softplus(a)",
    forward=_softplus,
    derivatives=(Derivative("σ(a)", lambda a, out: sigmoid(a)),),
)
ABS = Op(
    name="abs", symbol="|·|", expression="|a|", params=("a",),
    forward=abs,
    derivatives=(Derivative("sign(a)", lambda a, out: step(a) - step(-_data(a))),),
    kinks=(0.0,),
)
SIN = Op(
    name="sin", symbol="sin", expression="sin(a)", params=("a",),
    forward=math.sin,
    derivatives=(Derivative("cos(a)", lambda a, out: cos(a)),),
)
COS = Op(
    name="cos", symbol="cos", expression="cos(a)", params=("a",),
    forward=math.cos,
    derivatives=(Derivative("−sin(a)", lambda a, out: -sin(a)),),
)

# Variadic ops: each derivative gets all the parents (args) and gives its group's local derivatives.
SUM = Op(
    name="sum", symbol="Σ", expression="Σᵢ xᵢ", params=("x",), written="xᵢ + …", precedence=SUMS,
    forward=_sum,
    derivatives=(Derivative("1", lambda args, out: [1.0] * len(args)),),
    variadic=True,
)
DOT = Op(
    name="dot", symbol="·", expression="Σᵢ xᵢ·wᵢ", params=("x", "w"),  # parents: x₁..xₘ, then w₁..wₘ
    written="xᵢ·wᵢ + …", precedence=SUMS,
    forward=_dot,
    derivatives=(
        Derivative("wᵢ", lambda args, out: args[len(args) // 2:]),  # ∂/∂xᵢ: the w half
        Derivative("xᵢ", lambda args, out: args[:len(args) // 2]),  # ∂/∂wᵢ: the x half
    ),
    variadic=True,
)
LOGSUMEXP = Op(
    name="logsumexp", symbol="logΣexp", expression="ln Σᵢ exp(xᵢ)", params=("x",),
    written="logsumexp(xᵢ, …)",
    forward=_logsumexp,
    derivatives=(Derivative("exp(xᵢ − logsumexp(x))", lambda args, out: [exp(a - out) for a in args]),),
    variadic=True,
)

#: Every op, by name, built from the rows above.
OPS: dict[str, Op] = {op.name: op for op in (
    ADD, SUB, MUL, DIV, POW, NEG, EXP, LOG, SQRT, TANH, SIGMOID, RELU, LEAKY_RELU, SOFTPLUS,
    ABS, SIN, COS, SUM, DOT, LOGSUMEXP,
)}
