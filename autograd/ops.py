"""The op table: every operation the engine knows, declared exactly once.

Each :class:`Op` holds

* ``forward``: how the value is computed from the parents' data (plain floats);
* ``derivatives``: the *local* derivative with respect to each parent, ``∂out/∂parent``;
* ``symbol``, ``expression`` and ``formulas``: how the op is shown in diagrams and step tables.

The local derivatives are written once and work on both kinds of numbers: ``backward()`` calls them
with floats, and ``backward(create_graph=True)`` calls them with :class:`~autograd.Value` objects so
that the gradient is itself a graph that can be differentiated again.  That is why they use the
helpers below (:func:`exp`, :func:`log`, :func:`sin`, ...) instead of :mod:`math` directly.

A fixed-arity derivative is called as ``d(a, out)`` (unary) or ``d(a, b, out)`` (binary), where
``out`` is the op's own result; a variadic op (``sum``, ``dot``, ``logsumexp``) has one function
``d(args, out)`` that returns the local derivatives for all of its parents at once.

Nothing else in the project writes a derivative: backward, the step-through trace, the diagrams and
the exercise checker all read this table.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


def _dot_derivatives(args: Sequence[Num], out: Num) -> list[Num]:
    # The parents of dot(x, w) are x_1..x_n, w_1..w_n: ∂/∂x_i = w_i and ∂/∂w_i = x_i.
    n = len(args) // 2
    return [*args[n:], *args[:n]]


def _pow_exponent_derivative(a: Num, b: Num, out: Num) -> Num:
    # ∂(a**b)/∂b = a**b · ln a: defined only for a > 0 (for a = 0 and b > 0 the one-sided limit is 0).
    if _data(a) == 0.0 and _data(b) > 0.0:
        return 0.0
    return out * log(a)


@dataclass(frozen=True, eq=False, slots=True)
class Op:
    """One operation of the engine: its forward, local derivatives and how it is written.

    Attributes:
        name: identifier used in errors and traces, e.g. ``"mul"``.
        symbol: what an op node shows in a diagram, e.g. ``"*"`` or ``"tanh"``.
        expression: the result in terms of the parent names, e.g. ``"a·b"``.
        forward: computes the result from the parents' data (``forward(a, b)``, or
            ``forward(args)`` for a variadic op).
        derivatives: one local derivative per parent (fixed arity), or for a variadic op a single
            function giving all of them; see the module docstring for how they are called.
        formulas: the right-hand side of each local derivative, e.g. ``("b", "a")`` for ``a·b``.
        domain: the condition on the inputs, used in error messages, e.g. ``"a > 0"``.
        variadic: True when the op takes any number of parents.
        params: the names of the parents in ``expression`` and ``formulas``; a variadic op's parents
            form one equal group per name (``dot``'s are ``x₁..xₘ`` then ``w₁..wₘ``), and it has one
            formula per group.
        kinks: inputs of the first parent where the op is not differentiable (ReLU and abs at 0);
            the derivative there is a convention, so gradient checks keep away from them.
    """

    name: str
    symbol: str
    expression: str
    forward: Callable[..., float]
    derivatives: tuple[Callable[..., Num], ...]
    formulas: tuple[str, ...]
    domain: str | None = None
    variadic: bool = False
    params: tuple[str, ...] = ("a", "b")
    kinks: tuple[float, ...] = ()

    @property
    def arity(self) -> int | None:
        """Number of parents, or None for a variadic op."""
        return None if self.variadic else len(self.derivatives)

    def local_derivative(self, i: int, args: Sequence[Num], out: Num) -> Num:
        """The local derivative ``∂out/∂(parent i)`` for parent values ``args`` and result ``out``.

        ``args`` and ``out`` are floats, or Values to build the derivative as a graph.
        """
        if self.variadic:
            return self.derivatives[0](args, out)[i]
        return self.derivatives[i](*args, out)

    def param_name(self, i: int, n: int) -> str:
        """The name of parent ``i`` (of ``n``) in this op's formulas: ``a``, ``b``, or ``x₃``, ``w₂``."""
        return self._naming(i, n)[0]

    def formula(self, i: int, n: int | None = None) -> str:
        """The local derivative for parent ``i`` (of ``n`` parents) as text, e.g. ``∂(a·b)/∂a = b``."""
        name, rhs = self._naming(i, n if n is not None else len(self.formulas))
        return f"∂({self.expression})/∂{name} = {rhs}"

    def _naming(self, i: int, n: int) -> tuple[str, str]:
        if not self.variadic:
            return self.params[i], self.formulas[i]
        # A variadic op's parents come in equal groups, one per name in params (dot: x₁..xₘ, w₁..wₘ),
        # and each group has its formula, with ᵢ standing for the parent's index in its group.
        group, j = divmod(i, max(n // len(self.params), 1))
        sub = _subscript(j + 1)
        return f"{self.params[group]}{sub}", self.formulas[group].replace("ᵢ", sub)

    def __repr__(self) -> str:
        return f"Op({self.name!r})"


def _subscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


_A = ("a",)

ADD = Op("add", "+", "a + b", operator.add,
         (lambda a, b, out: 1.0, lambda a, b, out: 1.0), ("1", "1"))
SUB = Op("sub", "−", "a − b", operator.sub,
         (lambda a, b, out: 1.0, lambda a, b, out: -1.0), ("1", "−1"))
MUL = Op("mul", "*", "a·b", operator.mul,
         (lambda a, b, out: b, lambda a, b, out: a), ("b", "a"))
DIV = Op("div", "/", "a / b", _div,
         (lambda a, b, out: 1.0 / b, lambda a, b, out: -out / b), ("1/b", "−a/b²"),
         domain="b ≠ 0")
POW = Op("pow", "**", "a^b", _pow,
         (lambda a, b, out: b * a ** (b - 1.0), _pow_exponent_derivative),
         ("b·a^(b−1)", "a^b·ln a"),
         domain="a > 0, or a = 0 with b ≥ 0, or a < 0 with an integer b")
NEG = Op("neg", "−", "−a", operator.neg, (lambda a, out: -1.0,), ("−1",), params=_A)
EXP = Op("exp", "exp", "exp(a)", math.exp, (lambda a, out: out,), ("exp(a)",), params=_A)
LOG = Op("log", "log", "ln(a)", math.log, (lambda a, out: 1.0 / a,), ("1/a",),
         domain="a > 0", params=_A)
SQRT = Op("sqrt", "√", "√a", math.sqrt, (lambda a, out: 0.5 / out,), ("1/(2√a)",),
          domain="a ≥ 0 (and a > 0 for its derivative)", params=_A)
TANH = Op("tanh", "tanh", "tanh(a)", math.tanh, (lambda a, out: 1.0 - out * out,),
          ("1 − tanh(a)²",), params=_A)
SIGMOID = Op("sigmoid", "σ", "σ(a)", _sigmoid, (lambda a, out: out * (1.0 - out),),
             ("σ(a)·(1 − σ(a))",), params=_A)
RELU = Op("relu", "ReLU", "ReLU(a)", _relu, (_relu_derivative,),
          ("1 if a > 0 else 0",), params=_A, kinks=(0.0,))
LEAKY_RELU = Op("leaky_relu", "LeakyReLU", "LeakyReLU(a, s)", _leaky_relu,
                (lambda a, s, out: 1.0 if _data(a) > 0.0 else s,
                 lambda a, s, out: 0.0 if _data(a) > 0.0 else a),
                ("1 if a > 0 else s", "0 if a > 0 else a"), params=("a", "s"), kinks=(0.0,))
SOFTPLUS = Op("softplus", "softplus", "ln(1 + eᵃ)", _softplus, (lambda a, out: sigmoid(a),),
              ("σ(a)",), params=_A)
ABS = Op("abs", "|·|", "|a|", abs, (lambda a, out: step(a) - step(-_data(a)),),
         ("sign(a)",), params=_A, kinks=(0.0,))
SIN = Op("sin", "sin", "sin(a)", math.sin, (lambda a, out: cos(a),), ("cos(a)",), params=_A)
COS = Op("cos", "cos", "cos(a)", math.cos, (lambda a, out: -sin(a),), ("−sin(a)",), params=_A)
SUM = Op("sum", "Σ", "Σᵢ xᵢ", _sum, (lambda args, out: [1.0] * len(args),), ("1",),
         variadic=True, params=("x",))
DOT = Op("dot", "·", "Σᵢ xᵢ·wᵢ", _dot, (_dot_derivatives,), ("wᵢ", "xᵢ"),
         variadic=True, params=("x", "w"))
LOGSUMEXP = Op("logsumexp", "logΣexp", "ln Σᵢ exp(xᵢ)", _logsumexp,
               (lambda args, out: [exp(a - out) for a in args],), ("exp(xᵢ − logsumexp(x))",),
               variadic=True, params=("x",))

#: Every op, by name.
OPS: dict[str, Op] = {op.name: op for op in (
    ADD, SUB, MUL, DIV, POW, NEG, EXP, LOG, SQRT, TANH, SIGMOID, RELU, LEAKY_RELU, SOFTPLUS,
    ABS, SIN, COS, SUM, DOT, LOGSUMEXP,
)}
