"""What one row of the op table is: :class:`Op` and its :class:`Derivative` s, written in each language.

A row holds an op's forward, its local derivatives (each formula beside its function) and the texts a
class reads about it: the derivative formulas, the domain and the convention at a kink.  Those texts
are mathematics, the same in every language, except where they have words (``1 if a > 0 else 0``):
there the row gives the Spanish form beside the English one (``formula_es``, ``domain_es``,
``convention_es``), and the accessors (:meth:`Op.formula`, :meth:`Op.domain_text`,
:meth:`Op.convention_text`) take ``lang``.  Error messages stay English: they read ``Op.domain``.

The rows themselves are in :mod:`autograd.ops`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .text import check_lang

__all__ = ["ATOM", "NEGATION", "POWERS", "PRODUCTS", "SUMS", "Derivative", "Num", "Op"]

#: How tightly a written expression binds (:attr:`Op.precedence`), loosest first: a sum or difference,
#: a product or quotient, a negation, a power; :data:`ATOM` is a name, a number or a call (``ReLU(z)``).
SUMS, PRODUCTS, NEGATION, POWERS, ATOM = 1, 2, 3, 4, 5

# A number in a derivative: a float in ``backward()``, a Value in ``backward(create_graph=True)``.
Num = Any


def _in(lang: str, en: str, es: str | None) -> str:
    """``en``, or its Spanish form ``es`` (when the row gives one) for ``lang="es"``."""
    check_lang(lang)
    return es if lang == "es" and es is not None else en


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

        ``operands`` holds one ``(name, precedence)`` per parent (a name's :attr:`precedence`: a plain
        name or a positive number is :data:`ATOM`, a negative number :data:`NEGATION`).  An operand is put
        in parentheses where the expression would read otherwise: when it binds more loosely than this op,
        or as tightly but not first (``a − (b − c)``, ``a·(b·c)``), as a power's base or exponent unless it
        is a name (``(a²)³``), and when it starts with a minus sign and is not first (``x·(−3)``).  A power
        with a whole-number exponent is written with a superscript, ``x²``.

            >>> from autograd.ops import MUL, POW, SUB
            >>> SUB.write([("ŷ", ATOM), ("y", ATOM)])
            'ŷ − y'
            >>> POW.write([(SUB.write([("ŷ", ATOM), ("y", ATOM)]), SUB.precedence), ("2", ATOM)])
            '(ŷ − y)²'
            >>> MUL.write([("w1", ATOM), ("-3", NEGATION)])
            'w1·(-3)'
        """
        form = self.written or self.expression
        if self.variadic:
            return self._write_terms(form, operands)
        if len(operands) != len(self.params):
            raise ValueError(f"op {self.name}: write takes {len(self.params)} operands, got {len(operands)}")
        named = dict(zip(self.params, operands))
        power = re.fullmatch(r"(\w)\^(\w)", form)
        if power is not None and _WHOLE.fullmatch(named[power[2]][0]):
            base = self._operand(named[power[1]], at_start=True, enclosed=False)
            return base + named[power[2]][0].translate(_SUPERSCRIPTS)
        return _param_pattern(self.params).sub(
            lambda m: self._operand(named[m[1]], at_start=m.start() == 0, enclosed=_enclosed(form, m.start(), m.end())),
            form)

    def _operand(self, operand: tuple[str, int], *, at_start: bool, enclosed: bool) -> str:
        """One operand's text, in parentheses when the expression would read otherwise without them."""
        text, binding = operand
        if enclosed:
            return text
        looser = binding < self.precedence or (
            binding == self.precedence and (not at_start or self.precedence >= POWERS))
        signed = not at_start and text[:1] in "-−"
        return f"({text})" if looser or signed else text

    def _write_terms(self, form: str, operands: Sequence[tuple[str, int]]) -> str:
        """A variadic op's name: its term (``xᵢ·wᵢ``) once per group index, joined by its separator."""
        parts = _TERMS.fullmatch(form)
        if parts is None:
            raise ValueError(f"op {self.name}: written={form!r} must be a term with ᵢ, a separator and …")
        head, term, separator, tail = parts.groups()
        size = max(len(operands) // len(self.params), 1)
        enclosed = head.endswith("(") and tail.startswith(")")
        single = term in {f"{p}ᵢ" for p in self.params}
        terms = []
        for j in range(size):
            def operand(m: re.Match[str], j: int = j) -> str:
                named = operands[self.params.index(m[1]) * size + j]
                if single:
                    return self._operand(named, at_start=j == 0 and not head, enclosed=enclosed)
                text, binding = named  # inside a compound term (xᵢ·wᵢ) only a plain name goes bare
                return text if binding == ATOM and text[:1] not in "-−" else f"({text})"
            terms.append(_param_pattern(self.params, "ᵢ").sub(operand, term))
        return head + separator.join(terms) + tail

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
        sub = _subscript(j + 1)
        return f"{self.params[group]}{sub}", self.derivatives[group].text(lang=lang).replace("ᵢ", sub)

    def __repr__(self) -> str:
        return f"Op({self.name!r})"


def _joined(groups: tuple[Callable[..., Any], ...]) -> Callable[..., list[Any]]:
    """One function giving every parent's local derivative, from one function per group of parents."""
    def every_parent(args: Sequence[Num], out: Num) -> list[Num]:
        locals_: list[Num] = []
        for group in groups:
            locals_.extend(group(args, out))  # extend, not +=: an array's + would broadcast the list
        return locals_
    return every_parent


_WHOLE = re.compile(r"[-−]?\d{1,2}")
_SUPERSCRIPTS = str.maketrans("-−0123456789", "⁻⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
# A variadic op's written form: what comes before its term, the term (with ᵢ), the separator, …, the rest.
_TERMS = re.compile(r"(.*?)([^\s(]*ᵢ[^\s,]*)(.*?)…(.*)")


def _param_pattern(params: Sequence[str], suffix: str = "") -> re.Pattern[str]:
    """The parameter names (followed by ``suffix``) where they stand alone in a written form, not inside ``tanh``."""
    names = "|".join(re.escape(p) for p in sorted(params, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z])({names}){re.escape(suffix)}(?![A-Za-z])")


def _enclosed(form: str, start: int, end: int) -> bool:
    """True when the operand at ``form[start:end]`` sits alone inside a call's parentheses or bars: ``ReLU(a)``."""
    before, after = form[:start].rstrip()[-1:], form[end:].lstrip()[:1]
    return before in ("(", ",", "|") and before != "" and after in (")", ",", "|") and after != ""


def _subscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
