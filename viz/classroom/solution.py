"""The right answers of an exercise, read from the engine: a loss graph after one backward pass
(:class:`Solution`), and the chain rule behind any gradient (:class:`Chain`), read from the trace.

    >>> from autograd import Value
    >>> x, w = Value(3.0, label="x"), Value(-2.0, label="w")
    >>> loss = x * w
    >>> loss.label = "L"
    >>> solution = Solution(loss)
    >>> solution.value("L"), solution.value("dL/dx")
    (-6.0, -2.0)
    >>> print(solution.explain(x, "dL/dx").render(notation="es"))
    dL/dx = −2:
    camino 1 de 1, desde el costo hacia abajo
    paso  nodo  ∂L/∂nodo  op  padre  derivada local ∂nodo/∂padre
    ────  ────  ────────  ──  ─────  ───────────────────────────
    1     L     1         ×   x      ∂(a·b)/∂a = b = −2
    producto de las derivadas locales a lo largo del camino: 1 · (−2) = −2
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from autograd.text import NotationLike, as_notation, markdown_escape, render_table
from autograd.trace import Step, Trace, trace_backward
from autograd.value import Value

from ..errors import VizTypeError
from .names import NameTable, Resolved, nested
from .words import WORDS

__all__ = ["MAX_PATHS", "Chain", "ChainPath", "Solution"]

#: At most this many paths are listed when explaining one gradient (their sum always uses all).
MAX_PATHS = 8


class Solution:
    """A loss graph after one backward pass, with every checkable quantity by name.

    Args:
        root: the loss (its gradients are reset, then computed by one :func:`~autograd.trace_backward`).
        quantities: the exercise's own ``(name, nodes, shape)``; every labelled node is found by its
            label too (see :class:`~viz.classroom.names.NameTable`).
        aliases: other names of those.
        root_name: the loss's name in gradient names (default: its label, else ``L``).
        layers: a network's layers, ``(z nodes, activation nodes)`` each, from the first (the grader tries
            its usual slips layer by layer, :mod:`viz.classroom.slips`).

    Attributes:
        root: the loss.
        root_name: its name in gradient names (``J`` in ``dJ/dW1``).
        layers: a network's ``(z, a)`` nodes per layer (empty for another graph).
        trace: the backward pass, step by step.
    """

    def __init__(self, root: Value, quantities: Sequence[tuple[str, Sequence[Value], tuple[int, ...]]] = (),
                 aliases: Mapping[str, str] | None = None, root_name: str | None = None, *,
                 layers: Sequence[tuple[Sequence[Value], Sequence[Value]]] = ()) -> None:
        if not isinstance(root, Value):
            raise VizTypeError(f"check_answers: expected a Value, a NetworkExercise or a FormulaExercise, got {root!r}")
        self.root = root
        self.layers = tuple((tuple(z), tuple(a)) for z, a in layers)
        self.root_name = root_name or root.label or "L"
        self._names = NameTable(root, self.root_name, quantities, aliases)
        root.zero_grad()
        self.trace: Trace = trace_backward(root)

    def names(self) -> tuple[list[str], list[str]]:
        """``(values, gradients)``: the names that can be checked (entries ``NAME[i]``/``NAME[i,j]`` too)."""
        return self._names.listing()

    def resolve(self, name: str) -> Resolved:
        """``(canonical name, nodes, shape, is_gradient)`` for a claim name, or a ValueError listing the valid names."""
        return self._names.resolve(name)

    def value(self, name: str) -> Any:
        """The correct number for ``name`` (a forward value or a gradient): a float, or nested lists of floats in
        the quantity's shape (a vector is a list, a matrix a list of rows)."""
        numbers, shape = self.numbers(name)
        return nested(numbers, shape)

    def numbers(self, name: str) -> tuple[list[float], tuple[int, ...]]:
        """The correct numbers for ``name``, row by row, and the quantity's shape (``()`` for one number)."""
        _, nodes, shape, is_grad = self.resolve(name)
        numbers = [v.grad if is_grad else v.data for v in nodes]
        return (numbers if not shape else [float(x) for x in numbers]), shape

    def nodes(self, name: str) -> tuple[Value, ...]:
        """The graph nodes behind a value name (flattened row by row)."""
        return self.resolve(name).nodes

    def explain(self, node: Value, name: str = "", max_paths: int = MAX_PATHS) -> Chain:
        """The chain rule for ``∂root/∂node``: the paths from the root down to ``node``, read from the trace."""
        into: dict[Value, list[Step]] = {}
        for s in self.trace:
            into.setdefault(s.parent, []).append(s)
        count: dict[Value, int] = {}
        for v in reversed(self.trace.order):
            count[v] = 1 if v is self.root else sum(count.get(s.node, 0) for s in into.get(v, []))
        paths: list[ChainPath] = []
        stack: list[tuple[Value, tuple[Step, ...]]] = [(node, ())]
        while stack and len(paths) < max_paths:
            current, below = stack.pop()
            if current is self.root:
                steps = tuple(reversed(below))
                paths.append(ChainPath(steps, self.trace.seed * math.prod(s.local for s in steps)))
                continue
            for s in reversed(into.get(current, [])):
                stack.append((s.node, (*below, s)))
        return Chain(name or self.trace.name_of(node), node, node.grad, tuple(paths), count.get(node, 0), self)


@dataclass(frozen=True)
class ChainPath:
    """One path from the loss down to a node: its chain-rule steps (top down) and their product."""

    steps: tuple[Step, ...]
    product: float


@dataclass(frozen=True)
class Chain:
    """How ``∂root/∂node`` is built: every path's factors, and their sum (``total``, the engine's gradient)."""

    name: str
    node: Value
    total: float
    paths: tuple[ChainPath, ...]
    n_paths: int
    solution: Solution

    def render(self, fmt: str = "text", *, notation: NotationLike = None, **old: object) -> str:
        """The paths as tables (one row per step: node, ∂J/∂node, op, parent, local derivative) and products.

        ``fmt`` is ``"text"`` or ``"markdown"``; numbers and words are written as ``notation`` (a
        :class:`~autograd.text.Notation` or a language code) says.
        """
        notation = as_notation(notation, old, where="Chain.render")
        w = notation.words(WORDS)
        md = fmt == "markdown"
        name = markdown_escape(self.name) if md else self.name
        num = notation.number

        def paren(x: float) -> str:
            return f"({num(x)})" if x < 0 else num(x)

        out = [w["answers_chain"].format(name=name, value=num(self.total))]
        if not self.paths:
            out.append(w["answers_no_path"])
        trace = self.solution.trace
        headers, rows = trace.to_rows(notation=notation)
        for i, path in enumerate(self.paths, start=1):
            title = w["answers_path"].format(i=i, n=self.n_paths)
            out.append(f"**{title}**" if md else title)
            out.append(render_table(headers[:6], [rows[s.index][:6] for s in path.steps], fmt))
            factors = " · ".join([num(trace.seed), *(paren(s.local) for s in path.steps)])
            out.append(w["answers_product"].format(factors=factors, value=num(path.product)))
        if self.n_paths > len(self.paths):
            out.append(w["answers_more_paths"].format(k=self.n_paths - len(self.paths)))
        if self.n_paths > 1:
            out.append(w["answers_sum"].format(n=self.n_paths, name=name, value=num(self.total)))
        shown = {n for path in self.paths for s in path.steps for n in (s.node_name, s.parent_name)}
        where = trace.where(notation=notation)
        if where is not None and shown & set(trace.definitions()):  # a u₁ in these rows: say what it is
            out.append(markdown_escape(where) if md else where)
        return "\n\n".join(out) if md else "\n".join(out)
