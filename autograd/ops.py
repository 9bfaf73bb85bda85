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

* ``name`` names the op in errors and traces; ``symbol`` and ``expression`` are how it is written
  (``expression`` in the names of ``params``, one name per parent), and ``precedence`` how tightly
  that expression binds, so a node named by it gets the right parentheses (``(ŷ − y)²``);
* ``forward`` computes the result from the parents' data (plain floats);
* ``derivatives`` holds one :class:`Derivative` per parent, in order: the *local* derivative
  ``∂out/∂parent`` as a class writes it (its ``formula``, in the names of ``params``) beside the
  function that computes it.  ``tests/autograd/test_op_formulas.py`` evaluates every formula at random
  points and compares it with its function, so the two cannot drift apart;
* ``code`` is how Python code writes the op (``"*"``, ``"tanh"``), the text micrograd gives a node
  (``Value._op``); it defaults to ``name``;
* optional: ``domain`` (the condition on the inputs, for error messages), ``kinks`` (inputs of the
  first parent where the op is not differentiable), ``convention`` (the derivative taken at a kink,
  ``ReLU′(0) = 0``) and ``variadic``;
* a text with words has its Spanish beside it: ``Derivative("1 if a > 0 else s", fn,
  formula_es="1 si a > 0; s si no")``, ``domain_es=...``.  :class:`Op` and :class:`Derivative` (what a
  row is, and how it is written in each language) are in :mod:`autograd.op_row`.

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
(:func:`exp`, :func:`log`, :func:`where`, ...) instead of :mod:`math` and ``if`` directly;
:func:`forward_any` gives a row's forward for any kind of number.

Nothing else in the project writes a derivative: backward and the step-through trace read this
table, and so does everything built on the engine.
"""

from __future__ import annotations

import math
import operator

from .errors import finite_float
from .op_math import (
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
    forward_any,
    log,
    sigmoid,
    sin,
    sqrt,
    step,
    tanh,
    where,
)
from .op_row import NEGATION, POWERS, PRODUCTS, SUMS, Derivative, Op

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
    "forward_any",
    "log",
    "relu_op",
    "sigmoid",
    "sin",
    "sqrt",
    "step",
    "tanh",
    "where",
]

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
