"""The op table: every operation the engine knows, declared exactly once.

Each row is an :class:`Op` written with keywords; this is ``mul``::

    MUL = Op(
        name="mul", symbol="*", expression="a·b", params=("a", "b"),
        forward=operator.mul,
        derivatives=(
            Derivative("b", lambda a, b, out: b),   # ∂(a·b)/∂a = b
            Derivative("a", lambda a, b, out: a),   # ∂(a·b)/∂b = a
        ),
    )

* ``name`` names the op in errors and traces; ``symbol`` and ``expression`` are how it is written
  (``expression`` in the names of ``params``, one name per parent);
* ``forward`` computes the result from the parents' data (plain floats);
* ``derivatives`` holds one :class:`Derivative` per parent, in order: the *local* derivative
  ``∂out/∂parent`` as a class writes it (its ``formula``, in the names of ``params``) beside the
  function that computes it.  ``tests/test_op_formulas.py`` evaluates every formula at random
  points and compares it with its function, so the two cannot drift apart;
* optional: ``domain`` (the condition on the inputs, for error messages), ``kinks`` (inputs of the
  first parent where the op is not differentiable) and ``variadic``.

A derivative function is called as ``d(a, out)`` (unary) or ``d(a, b, out)`` (binary), where
``out`` is the op's own result.  A variadic op (``sum``, ``dot``, ``logsumexp``) takes any number of
parents in equal groups, one group per name in ``params`` (``dot``'s are ``x₁..xₘ`` then
``w₁..wₘ``); it has one Derivative per group, called as ``d(args, out)`` with all the parents'
data, returning the local derivatives of its group, and its formula writes ``ᵢ`` for the index
within the group.

The functions are written once and work on both kinds of numbers: ``backward()`` calls them with
floats, and ``backward(create_graph=True)`` calls them with :class:`~autograd.Value` objects so
that the gradient is itself a graph that can be differentiated again.  That is why they use the
helpers below (:func:`exp`, :func:`log`, :func:`sin`, ...) instead of :mod:`math` directly.

Nothing else in the project writes a derivative: backward and the step-through trace read this
table, and so does everything built on the engine.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ABS",
    "ADD",
    "COS",
    "DIV",
    "DOT",
    "EXP",
    "LEAKY_RELU",
    "LOG",
    "LOGSUMEXP",
    "MUL",
    "NEG",
    "OPS",
    "POW",
    "RELU",
    "SIGMOID",
    "SIN",
    "SOFTPLUS",
    "SQRT",
    "SUB",
    "SUM",
    "TANH",
    "Derivative",
    "Op",
    "cos",
    "exp",
    "log",
    "sigmoid",
    "sin",
    "step",
]

# A number in a derivative: a float in ``backward()``, a Value in ``backward(create_graph=True)``.
Num = Any


# --- helpers that work on floats and on Values ---------------------------------------------------
# A float's data is always a Python float in this engine, so ``type(x) is float`` picks the path.

def exp(x: Num) -> Num:
    """``e**x`` for a float or a Value."""
    return math.exp(x) if type(x) is float else x.exp()


def log(x: Num) -> Num:
    """Natural logarithm of a float or a Value."""
    return math.log(x) if type(x) is float else x.log()


def sin(x: Num) -> Num:
    """Sine of a float or a Value."""
    return math.sin(x) if type(x) is float else x.sin()


def cos(x: Num) -> Num:
    """Cosine of a float or a Value."""
    return math.cos(x) if type(x) is float else x.cos()


def sigmoid(x: Num) -> Num:
    """Logistic function of a float or a Value."""
    return _sigmoid(x) if type(x) is float else x.sigmoid()


def step(x: Num, at_zero: float = 0.0) -> float:
    """Heaviside step of a float or a Value's data: 1.0 above 0, 0.0 below, ``at_zero`` at 0.

    It is piecewise constant, so its own derivative is 0 and it returns a plain float even for a Value.
    """
    v = x if type(x) is float else x.data
    return 1.0 if v > 0.0 else (0.0 if v < 0.0 else at_zero)


def _data(x: Num) -> float:
    return x if type(x) is float else float(x.data)


# --- numerically careful forwards ----------------------------------------------------------------

def _sigmoid(a: float) -> float:
    # Never exponentiate a large positive number: exact to the last bit and finite up to ±1e308.
    if a >= 0.0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)
    return e / (1.0 + e)


def _softplus(a: float) -> float:
    # log(1 + e^a) = max(a, 0) + log1p(e^{-|a|}): no overflow for large a, no underflow loss for small a.
    return max(a, 0.0) + math.log1p(math.exp(-abs(a)))


def _relu(a: float) -> float:
    return a if a > 0.0 else 0.0


def _relu_derivative(a: Num, out: Num) -> float:
    # 0 at exactly 0, as in PyTorch (some course notes take 1 there).
    return 1.0 if _data(a) > 0.0 else 0.0


def _leaky_relu(a: float, slope: float) -> float:
    return a if a > 0.0 else slope * a


def _pow(a: float, b: float) -> float:
    # math.pow raises (instead of returning a complex number) for a negative base to a fractional power.
    return math.pow(a, b)


def _div(a: float, b: float) -> float:
    return a / b


def _sum(args: Sequence[float]) -> float:
    return math.fsum(args)


def _dot(args: Sequence[float]) -> float:
    n = len(args) // 2
    return math.fsum(map(operator.mul, args[:n], args[n:]))


def _logsumexp(args: Sequence[float]) -> float:
    m = max(args)
    return m + math.log(math.fsum(math.exp(a - m) for a in args))


def _pow_exponent_derivative(a: Num, b: Num, out: Num) -> Num:
    # ∂(a**b)/∂b = a**b · ln a: defined only for a > 0 (for a = 0 and b > 0 the one-sided limit is 0).
    if _data(a) == 0.0 and _data(b) > 0.0:
        return 0.0
    return out * log(a)


@dataclass(frozen=True, slots=True)
class Derivative:
    """One local derivative of an op: its ``formula`` as a class writes it, and the function ``fn``.

    ``formula`` is the right-hand side of ``∂out/∂parent`` in the op's parameter names, e.g. ``"b"``
    for ``∂(a·b)/∂a``; ``fn`` computes it (see the module docstring for how it is called).  Calling
    a Derivative calls ``fn``.
    """

    formula: str
    fn: Callable[..., Any]

    def __call__(self, *args: Any) -> Any:
        return self.fn(*args)


@dataclass(frozen=True, eq=False, slots=True, kw_only=True)
class Op:
    """One operation of the engine: its forward, local derivatives and how it is written.

    Attributes:
        name: identifier used in errors and traces, e.g. ``"mul"``.
        symbol: how an op node is labelled, e.g. ``"*"`` or ``"tanh"``.
        expression: the result in terms of the parent names, e.g. ``"a·b"``.
        params: the names of the parents in ``expression`` and in the formulas, one per parent; a
            variadic op's parents form one equal group per name (``dot``'s are ``x₁..xₘ`` then
            ``w₁..wₘ``).
        forward: computes the result from the parents' data (``forward(a, b)``, or
            ``forward(args)`` for a variadic op).
        derivatives: one :class:`Derivative` per name in ``params``, in the same order.
        domain: the condition on the inputs, used in error messages, e.g. ``"a > 0"``.
        kinks: inputs of the first parent where the op is not differentiable (ReLU and abs at 0);
            the derivative there is a convention, so gradient checks keep away from them.
        variadic: True when the op takes any number of parents.
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
    kinks: tuple[float, ...] = ()
    variadic: bool = False
    fns: tuple[Callable[..., Any], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.derivatives) != len(self.params) or not self.params:
            raise ValueError(f"op {self.name}: give one derivative per name in params {self.params}, "
                             f"got {len(self.derivatives)}")
        if not all(isinstance(d, Derivative) for d in self.derivatives):
            raise TypeError(f"op {self.name}: derivatives must be Derivative(formula, fn) rows")
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
        return self._naming(i, n)[0]

    def formula(self, i: int, n: int | None = None) -> str:
        """The local derivative for parent ``i`` (of ``n`` parents) as text, e.g. ``∂(a·b)/∂a = b``."""
        name, rhs = self._naming(i, n if n is not None else len(self.params))
        return f"∂({self.expression})/∂{name} = {rhs}"

    def _naming(self, i: int, n: int) -> tuple[str, str]:
        if not self.variadic:
            return self.params[i], self.derivatives[i].formula
        # A variadic op's parents come in equal groups, one per name in params (dot: x₁..xₘ, w₁..wₘ),
        # and each group has its formula, with ᵢ standing for the parent's index in its group.
        group, j = divmod(i, max(n // len(self.params), 1))
        sub = _subscript(j + 1)
        return f"{self.params[group]}{sub}", self.derivatives[group].formula.replace("ᵢ", sub)

    def __repr__(self) -> str:
        return f"Op({self.name!r})"


def _joined(groups: tuple[Callable[..., Any], ...]) -> Callable[..., list[Any]]:
    """One function giving every parent's local derivative, from one function per group of parents."""
    def every_parent(args: Sequence[Num], out: Num) -> list[Num]:
        locals_: list[Num] = []
        for group in groups:
            locals_ += group(args, out)
        return locals_
    return every_parent


def _subscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


# --- the table -----------------------------------------------------------------------------------
# Binary ops take (a, b), unary ops (a); each derivative's formula is written beside its function.

ADD = Op(
    name="add", symbol="+", expression="a + b", params=("a", "b"),
    forward=operator.add,
    derivatives=(
        Derivative("1", lambda a, b, out: 1.0),
        Derivative("1", lambda a, b, out: 1.0),
    ),
)
SUB = Op(
    name="sub", symbol="−", expression="a − b", params=("a", "b"),
    forward=operator.sub,
    derivatives=(
        Derivative("1", lambda a, b, out: 1.0),
        Derivative("−1", lambda a, b, out: -1.0),
    ),
)
MUL = Op(
    name="mul", symbol="*", expression="a·b", params=("a", "b"),
    forward=operator.mul,
    derivatives=(
        Derivative("b", lambda a, b, out: b),
        Derivative("a", lambda a, b, out: a),
    ),
)
DIV = Op(
    name="div", symbol="/", expression="a / b", params=("a", "b"),
    forward=_div,
    derivatives=(
        Derivative("1/b", lambda a, b, out: 1.0 / b),
        Derivative("−a/b²", lambda a, b, out: -out / b),  # out = a/b
    ),
    domain="b ≠ 0",
)
POW = Op(
    name="pow", symbol="**", expression="a^b", params=("a", "b"),
    forward=_pow,
    derivatives=(
        Derivative("b·a^(b−1)", lambda a, b, out: b * a ** (b - 1.0)),
        Derivative("a^b·ln a", _pow_exponent_derivative),
    ),
    domain="a > 0, or a = 0 with b ≥ 0, or a < 0 with an integer b",
)
NEG = Op(
    name="neg", symbol="−", expression="−a", params=("a",),
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
    name="sqrt", symbol="√", expression="√a", params=("a",),
    forward=math.sqrt,
    derivatives=(Derivative("1/(2√a)", lambda a, out: 0.5 / out),),  # out = √a
    domain="a ≥ 0 (and a > 0 for its derivative)",
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
RELU = Op(
    name="relu", symbol="ReLU", expression="ReLU(a)", params=("a",),
    forward=_relu,
    derivatives=(Derivative("1 if a > 0 else 0", _relu_derivative),),
    kinks=(0.0,),
)
LEAKY_RELU = Op(
    name="leaky_relu", symbol="LeakyReLU", expression="LeakyReLU(a, s)", params=("a", "s"),
    forward=_leaky_relu,
    derivatives=(
        Derivative("1 if a > 0 else s", lambda a, s, out: 1.0 if _data(a) > 0.0 else s),
        Derivative("0 if a > 0 else a", lambda a, s, out: 0.0 if _data(a) > 0.0 else a),
    ),
    kinks=(0.0,),
)
SOFTPLUS = Op(
    name="softplus", symbol="softplus", expression="ln(1 + eᵃ)", params=("a",),
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
    name="sum", symbol="Σ", expression="Σᵢ xᵢ", params=("x",),
    forward=_sum,
    derivatives=(Derivative("1", lambda args, out: [1.0] * len(args)),),
    variadic=True,
)
DOT = Op(
    name="dot", symbol="·", expression="Σᵢ xᵢ·wᵢ", params=("x", "w"),  # parents: x₁..xₘ, then w₁..wₘ
    forward=_dot,
    derivatives=(
        Derivative("wᵢ", lambda args, out: args[len(args) // 2:]),  # ∂/∂xᵢ: the w half
        Derivative("xᵢ", lambda args, out: args[:len(args) // 2]),  # ∂/∂wᵢ: the x half
    ),
    variadic=True,
)
LOGSUMEXP = Op(
    name="logsumexp", symbol="logΣexp", expression="ln Σᵢ exp(xᵢ)", params=("x",),
    forward=_logsumexp,
    derivatives=(Derivative("exp(xᵢ − logsumexp(x))", lambda args, out: [exp(a - out) for a in args]),),
    variadic=True,
)

#: Every op, by name, built from the rows above.
OPS: dict[str, Op] = {op.name: op for op in (
    ADD, SUB, MUL, DIV, POW, NEG, EXP, LOG, SQRT, TANH, SIGMOID, RELU, LEAKY_RELU, SOFTPLUS,
    ABS, SIN, COS, SUM, DOT, LOGSUMEXP,
)}
