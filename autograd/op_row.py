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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .text import check_lang

__all__ = ["Derivative", "Num", "Op"]

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
        symbol: how an op node is labelled, e.g. ``"*"`` or ``"tanh"``.
        expression: the result in terms of the parent names, e.g. ``"a·b"``.
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


def _subscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
