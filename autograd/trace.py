"""The step-through: every ``parent.grad += upstream · local`` of a backward pass, as a table.

    >>> from autograd import Value, trace_backward
    >>> x, w = Value(3.0, label="x"), Value(4.0, label="w")
    >>> y = x * w
    >>> y.label = "y"
    >>> steps = trace_backward(y)
    >>> [(s.parent_name, s.contribution) for s in steps]
    [('x', 4.0), ('w', 3.0)]
    >>> print(steps.row_of(steps[0])[5])
    ∂(a·b)/∂a = b = 4

:func:`trace_backward` runs :func:`autograd.backprop.backward` with an observer and keeps one
:class:`Step` per ``+=``, in exactly the order backward applies them; a node reached by several
paths gets one step per path (the "why ``+=``" of the chain rule).  Nothing is re-derived here:
the local derivatives are the ones backward computed from the op table, and the formulas come
from :meth:`autograd.ops.Op.formula`.

Each step reads as a sentence of the chain rule, :meth:`Step.caption`::

    >>> print(steps[0].caption())
    ∂y/∂x += ∂y/∂y · ∂y/∂x = 1 · 4 = 4

A :class:`Trace` renders as plain text (``print``), Markdown, LaTeX and HTML, in English or
Spanish: every renderer takes ``notation=``, a :class:`~autograd.text.Notation` or a language code
(``notation="es"`` writes a decimal comma; ``Notation("es", decimal=".")`` keeps the point);
``caption=True`` adds the captions as a column.  :meth:`Trace.to_rows` is the one place where a step
becomes cells; every renderer uses it.  ``print(trace)`` and the trace's HTML in Jupyter use the
notation ``trace_backward`` was given (``trace_backward(L, notation="es")`` shows itself in Spanish).

What each node shows for its gradient at a moment of backward is decided in one place,
:meth:`Trace.state_at` (and :func:`node_state` once backward is over): every view of a step asks it,
so they all agree::

    >>> [s.value for s in steps.state_at(-1).values()]
    ['not_reached', 'not_reached', 'gradient']
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import overload

from .backprop import Contribution, backward
from .by_hand import HandWritten
from .names import NodeNames, is_constant, node_names
from .ops import Op
from .text import MINUS, WORDS, Notation, NotationLike, as_notation, latex_escape, markdown_escape, render_table
from .value import Number, Value

__all__ = ["NodeState", "Step", "Trace", "is_constant", "node_names", "node_state", "partial_name", "trace_backward"]


class NodeState(str, Enum):
    """What a node shows for its gradient at one moment of a backward pass.

    * ``NOT_REACHED``: backward has not reached it yet; its gradient is not computed, shown as ``—``
      (never as 0, which a node can really end with).
    * ``GRADIENT``: it has its gradient so far (complete once every path to it is done), shown as its
      number.  The node being processed at a step and the parent receiving its contribution are in
      this state too; views mark them on top of it (the step's highlight).
    * ``NO_GRADIENT``: it needs no gradient — a constant, or a node with ``requires_grad=False`` (and
      anything computed from such nodes only); backward never gives it one, at any step.
    """

    NOT_REACHED = "not_reached"
    GRADIENT = "gradient"
    NO_GRADIENT = "no_gradient"


def node_state(node: Value, reached: bool = True) -> NodeState:
    """The one rule for a node's :class:`NodeState`: ``NO_GRADIENT`` if it needs none, else
    ``GRADIENT`` once backward has ``reached`` it and ``NOT_REACHED`` before.

    Without ``reached`` it is the state after a whole backward pass (every node that needs a gradient
    has one).  :meth:`Trace.state_at` applies it at each step.
    """
    if not node.requires_grad:
        return NodeState.NO_GRADIENT
    return NodeState.GRADIENT if reached else NodeState.NOT_REACHED


@dataclass(frozen=True)
class Step:
    """One ``parent.grad += upstream · local`` of the backward pass.

    Attributes:
        index: position of the step in the trace (0-based).
        node: the node being processed; ``upstream`` is its gradient ``∂L/∂node``.
        node_name: its name (see :func:`autograd.names.node_names`: a label, ``w3·x3``, ``L``, ``u₁``).
        upstream: ``node.grad`` when it is processed.
        op: the op that produced ``node``.
        parent: the parent receiving the contribution.
        parent_name: its name.
        position: the index of ``parent`` among ``node.parents``.
        local: the local derivative ``∂node/∂parent``, from the op table.
        formula: the local derivative as text, from :meth:`Op.formula`, e.g. ``∂(a·b)/∂a = b`` (in
            English; the tables write it in their notation's language); ``written by hand`` for a node made by hand
            (see :attr:`by_hand`).
        contribution: ``upstream · local``, the amount added to ``parent.grad``.
        before, after: ``parent.grad`` around the ``+=``.
        root: the node backward started from (named by its label in captions, or ``L``).
        of: what the gradients are of, when not ``root``: a pass seeded with ``∂J/∂root`` (``trace_backward(root,
            grad, of="J")``) computes ``∂J/∂node``, and its captions say so.
        at_kink: the parent sat exactly on a kink of the op (ReLU at 0), where its local derivative
            is a convention (``op.convention``, e.g. ``ReLU′(0) = 1``), when backward ran.
        trace: the :class:`Trace` holding this step (set by the trace), so a step alone can show the
            graph as it was right after it: ``step.trace.grads_at(step.index)``.
    """

    index: int
    node: Value
    node_name: str
    upstream: float
    op: Op
    parent: Value
    parent_name: str
    position: int
    local: float
    formula: str
    contribution: float
    before: float
    after: float
    root: Value | None = None
    at_kink: bool = False
    of: str | None = None
    trace: Trace | None = field(default=None, repr=False, compare=False)

    @property
    def by_hand(self) -> bool:
        """True when ``node`` was made by hand (``Value(data, _children, _op)`` with its own ``_backward``).

        Its derivative is not in the op table: the step knows ``before`` and ``after`` (what the closure
        did to the parent's gradient), ``contribution`` is their difference and ``local`` is
        ``contribution / upstream`` (0 when ``upstream`` is 0); tables and captions say it was written by hand.
        """
        return isinstance(self.op, HandWritten)

    def caption(self, *, notation: NotationLike = None, **old: object) -> str:
        """The step as a sentence of the chain rule, e.g. ``∂L/∂w3 += ∂L/∂z · ∂z/∂w3 = (−4) · 2 = −8``.

        Numbers are written as ``notation`` (a :class:`~autograd.text.Notation` or a language code) says,
        with the real minus sign and negative factors in parentheses (``(−0,5) · 2 = −1`` in Spanish).
        When the parent held a gradient already (a node reached by another path, or a leaf that
        keeps its gradient from an earlier ``backward``), the running total follows:
        ``…; now ∂L/∂x = 4 + (−8) = −4``.  A local derivative taken exactly at the op's kink
        names its convention: ``… = (−4) · 1 = −4 (ReLU′(0) = 1)``.
        """
        n = as_notation(notation, old, where="Step.caption")
        root = self.of or (self.root.label if self.root is not None and self.root.label else "L")
        node = root if self.node is self.root and self.of is None else self.node_name
        grad = partial_name(root, self.parent_name)
        if self.by_hand:
            return n.words(WORDS)["caption_by_hand"].format(
                grad=grad, before=n.math(self.before), after=n.math(self.after), node=node)
        text = (f"{grad} += {partial_name(root, node)} · {partial_name(node, self.parent_name)} = "
                f"{n.factor(self.upstream)} · {n.factor(self.local)} = {n.math(self.contribution)}")
        convention = self.op.convention_text(lang=n.lang)
        if convention and self.at_kink:
            text += f" ({convention})"
        if self.before != 0.0:
            text += "; " + n.words(WORDS)["caption_now"].format(
                grad=grad, before=n.math(self.before), term=n.factor(self.contribution), after=n.math(self.after))
        return text


def partial_name(of: str, by: str) -> str:
    """``∂of/∂by`` as captions write it, a name that is not one word in parentheses: ``∂L/∂(w1·x1)``.

    >>> partial_name("L", "w1·x1")
    '∂L/∂(w1·x1)'
    """
    def d(name: str) -> str:
        return f"∂{name}" if all(ch.isalnum() or ch in "_'′" for ch in name) else f"∂({name})"
    return f"{d(of)}/{d(by)}"


class Trace(Sequence[Step]):
    """The steps of one backward pass, in order, with renderers for a class.

    Attributes:
        root: the node backward started from.
        seed: the gradient it was seeded with (``∂L/∂L``, usually 1).
        of: the name of what the gradients are of: ``root``'s label (``L`` without one), or the ``of``
            given to :func:`trace_backward` for a pass seeded with another loss's gradient.
        order: the topological order backward used (it processed it in reverse).
        names: the name of every node of the graph (see :func:`~autograd.names.node_names`), with the
            definitions of its ``u₁``, ``u₂``, … (:meth:`definitions`).
        notation: how ``print(trace)`` and the trace's HTML in Jupyter write it (the ``to_*`` methods
            take their own ``notation=``).
    """

    def __init__(self, root: Value, seed: float, order: Sequence[Value], steps: Sequence[Step],
                 names: Mapping[Value, str], notation: Notation | None = None, *, of: str | None = None) -> None:
        self.root = root
        self.of = of or root.label or "L"
        self.seed = seed
        self.order = list(order)
        self.names = names
        self.notation = notation if notation is not None else Notation()
        self._steps = tuple(steps)
        for s in self._steps:
            if s.trace is None:
                object.__setattr__(s, "trace", self)  # a frozen step learns its trace once

    # --- the sequence -------------------------------------------------------------------------------

    @overload
    def __getitem__(self, index: int) -> Step: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Step]: ...

    def __getitem__(self, index: int | slice) -> Step | Sequence[Step]:
        return self._steps[index]

    def __len__(self) -> int:
        return len(self._steps)

    def __iter__(self) -> Iterator[Step]:
        return iter(self._steps)

    def __repr__(self) -> str:
        return f"Trace(root={self.name_of(self.root)!r}, steps={len(self._steps)})"

    # --- names and gradients ------------------------------------------------------------------------

    def name_of(self, value: Value) -> str:
        """The name ``value`` has in this trace's tables (and in any picture of the same graph)."""
        try:
            return self.names[value]
        except KeyError:
            raise KeyError(f"trace: {value!r} is not a node of the graph of "
                           f"{self.names.get(self.root, 'the root')!r}") from None

    def definitions(self) -> dict[str, str]:
        """What each short name of a long unlabelled node stands for, in forward order: ``{"u₁": "w1·x1 + w2·x2"}``."""
        return dict(self.names.definitions) if isinstance(self.names, NodeNames) else {}

    def where(self, *, notation: NotationLike = None, **old: object) -> str | None:
        """:meth:`definitions` as one line, ``where u₁ = w1·x1 + w2·x2`` (``donde …`` in Spanish), or None.

        The tables end with it, and a diagram of the graph writes it under the drawing.
        """
        nota = as_notation(notation, old, where="Trace.where")
        return self.names.where(notation=nota) if isinstance(self.names, NodeNames) else None

    def grads_at(self, index: int) -> dict[Value, float]:
        """Every node's gradient right after step ``index`` (``-1``: before the first step).

        This is what the graph held at that moment of backward, to show one step of it: a node
        not reached yet shows the value it had before its first ``+=``.
        """
        if not -1 <= index < len(self._steps):
            raise IndexError(f"trace: step {index} out of range (the trace has {len(self._steps)} steps)")
        grads: dict[Value, float] = {v: v.grad for v in self.order}
        first: dict[Value, float] = {}
        for s in self._steps:
            first.setdefault(s.parent, s.before)
        grads.update(first)
        for s in self._steps[: index + 1]:
            grads[s.parent] = s.after
        return grads

    def state_at(self, index: int) -> dict[Value, NodeState]:
        """Every node's :class:`NodeState` right after step ``index`` (``-1``: before the first step).

        The root has its gradient (the seed) from the start; any other node that needs a gradient
        is reached by its first ``+=``; a node that needs none never is.  Every node of the graph is
        in the mapping, constants too.  This is what every view of a step shows.
        """
        if not -1 <= index < len(self._steps):
            raise IndexError(f"trace: step {index} out of range (the trace has {len(self._steps)} steps)")
        reached = {self.root, *(s.parent for s in self._steps[: index + 1])}
        return {v: node_state(v, v in reached) for v in self.names}

    # --- text ----------------------------------------------------------------------------------------

    def headers(self, *, notation: NotationLike = None, caption: bool = False, **old: object) -> list[str]:
        """The column headers in ``notation``'s language (with ``caption``, the chain-rule column last)."""
        w = as_notation(notation, old, where="Trace.headers").words(WORDS)
        return [w["trace_step"], w["trace_node"], w["trace_upstream"].format(root=self.of), w["trace_op"],
                w["trace_parent"], w["trace_local"], w["trace_contribution"], w["trace_before"],
                w["trace_after"], *([w["trace_caption"]] if caption else [])]

    def row_of(self, step: Step, *, notation: NotationLike = None, caption: bool = False, **old: object
               ) -> list[str]:
        """One step as table cells, its numbers written as ``notation`` says."""
        return self._row(step, as_notation(notation, old, where="Trace.row_of"), caption)

    def _row(self, step: Step, notation: Notation, caption: bool) -> list[str]:
        num = notation.number
        local = num(step.local)
        if step.by_hand:
            formula = notation.words(WORDS)["by_hand"]
        else:
            formula = step.op.formula(step.position, len(step.node.parents), lang=notation.lang)
            rhs = formula.rsplit(" = ", 1)[-1]
            if not _same_number(rhs, local):
                formula = f"{formula} = {local}"
        cells = [str(step.index + 1), step.node_name, num(step.upstream), step.op.symbol, step.parent_name,
                 formula, num(step.contribution), num(step.before), num(step.after)]
        if caption:
            cells.append(step.caption(notation=notation))
        return cells

    def to_rows(self, *, notation: NotationLike = None, caption: bool = False, **old: object
                ) -> tuple[list[str], list[list[str]]]:
        """``(headers, rows)``: the trace as cells of text, the source of every rendering.

        The local derivatives' formulas are in the notation's language (``1 si a > 0; 0 si no``); with
        ``caption``, each row ends with its :meth:`Step.caption`.
        """
        nota = as_notation(notation, old, where="Trace.to_rows")
        return self.headers(notation=nota, caption=caption), [self._row(s, nota, caption) for s in self._steps]

    def to_text(self, *, notation: NotationLike = None, caption: bool = False, **old: object) -> str:
        """An aligned plain-text table, one row per step (then the ``where u₁ = …`` line, if any)."""
        nota = as_notation(notation, old, where="Trace.to_text")
        headers, rows = self.to_rows(notation=nota, caption=caption)
        where = self.where(notation=nota)
        table = render_table(headers, rows, "text")
        return table if where is None else f"{table}\n{where}"

    def __str__(self) -> str:
        return self.to_text(notation=self.notation)

    def to_markdown(self, *, notation: NotationLike = None, caption: bool = False, **old: object) -> str:
        """A Markdown table; names are text (``|``, ``*``, ``<``, ``&``, line breaks are escaped, see
        :func:`autograd.text.render_table`), then the ``where u₁ = …`` line as a paragraph, if any."""
        nota = as_notation(notation, old, where="Trace.to_markdown")
        headers, rows = self.to_rows(notation=nota, caption=caption)
        where = self.where(notation=nota)
        table = render_table(headers, rows, "markdown")
        return table if where is None else f"{table}\n\n{markdown_escape(where)}"

    def to_latex(self, *, notation: NotationLike = None, caption: bool = False, **old: object) -> str:
        """A plain LaTeX ``tabular``; every cell is escaped (see :func:`~autograd.text.latex_escape`); then the
        ``where u₁ = …`` line as a paragraph, if any."""
        nota = as_notation(notation, old, where="Trace.to_latex")
        headers, rows = self.to_rows(notation=nota, caption=caption)
        where = self.where(notation=nota)
        table = render_table(headers, rows, "latex", align=_align(caption))
        return table if where is None else f"{table}\n\n{latex_escape(where)}"

    def to_html(self, *, notation: NotationLike = None, caption: bool = False, **old: object) -> str:
        """An HTML table (every cell escaped); row ``i`` has ``data-step="i"`` (0-based); then the
        ``where u₁ = …`` line as a paragraph of class ``pizarra-where``, if any."""
        nota = as_notation(notation, old, where="Trace.to_html")
        headers, rows = self.to_rows(notation=nota, caption=caption)
        table = render_table(headers, rows, "html", align=_align(caption), row_data="step",
                             css_class="pizarra-trace")
        where = self.where(notation=nota)
        return table if where is None else f'{table}\n<p class="pizarra-where">{html.escape(where)}</p>'

    def _repr_html_(self) -> str:
        return self.to_html(notation=self.notation)


_ALIGN = "rlrlllrrr"  # one letter per column of Trace.headers: numbers right, text left


def _align(caption: bool) -> str:
    return _ALIGN + "l" if caption else _ALIGN


def _same_number(text: str, number: str) -> bool:
    """True when a formula's right-hand side already is the number (``1``, ``−1``): no ``= 1 = 1``."""
    return text.replace("-", MINUS) == number.replace("-", MINUS)


def trace_backward(root: Value, grad: Value | Number = 1.0, *, notation: NotationLike = None, of: str | None = None,
                   **old: object) -> Trace:
    """Run ``backward`` from ``root`` and record every chain-rule ``+=`` as a :class:`Step`.

    It is ``root.backward(grad)`` (same gradients, same accumulation in leaves) plus the record.
    ``of`` names what the gradients are of when ``grad`` is another node's gradient: seeded with
    ``∂J/∂root`` (a neuron seen alone, inside a network whose loss is ``J``), ``of="J"`` makes the
    tables and captions write ``∂J/∂node``; by default it is ``root``'s label (``L`` without one).
    ``notation`` (a :class:`~autograd.text.Notation` or a language code) is how the trace shows itself
    (``print(trace)``, its HTML in Jupyter, the names of constants); its ``to_*`` methods take their own.
    """
    if not isinstance(root, Value):
        raise TypeError(f"trace_backward: root must be a Value, got {root!r} ({type(root).__name__})")
    nota = as_notation(notation, old, where="trace_backward")
    names = node_names(root, notation=nota, of=of)
    contributions: list[Contribution] = []
    order = backward(root, grad, observer=contributions.append)
    steps = [
        Step(index=i, node=c.node, node_name=names[c.node], upstream=c.upstream, op=c.op, parent=c.parent,
             parent_name=names[c.parent], position=c.index, local=c.local,
             formula=(WORDS("en")["by_hand"] if isinstance(c.op, HandWritten)
                      else c.op.formula(c.index, len(c.node.parents))),
             contribution=c.contribution,
             before=c.before, after=c.after, root=root, at_kink=c.index == 0 and c.parent.data in c.op.kinks,
             of=of)
        for i, c in enumerate(contributions)
    ]
    seed = grad.data if isinstance(grad, Value) else float(grad)
    return Trace(root, seed, order, steps, names, nota, of=of)
