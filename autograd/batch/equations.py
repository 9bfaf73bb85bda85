"""A recorded program written as the course writes it: one matrix equation per block, forward and backward.

    Z1 = X·W1ᵀ + b1          N×3 = N×2 · 2×3 + 1×3
    A1 = σ(Z1)               N×3
    …
    dW1 = dZ1ᵀ·X             3×2 = 3×N · N×2

Every line is the program's own step (:mod:`autograd.batch.naming` says how its matrices are named) and
gives its shapes, in either convention: samples as rows (``Z = X·Wᵀ + b``, ``dW = dZᵀ·X``) or as columns
(``Z = W·X + b``, ``dW = dZ·Xᵀ``).  A layer's lines are the course's; any other block is written with its
op's expression, and its backward with the op's local derivative from the op table, so a derivative is
never written twice (``σ′``, ``ReLU′``: the legend at the end quotes the table's formula).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..ops import MUL, Op
from ..text import WORDS, Notation, NotationLike, as_notation
from ..value import Value
from .blocks import MapBlock, MatmulBlock, ReduceBlock
from .gather import Gather
from .naming import Names, Operand
from .recording import Recording

__all__ = ["REDUCTIONS", "equations"]

#: How the per-row losses make the cost ``J``.
REDUCTIONS = ("mean", "sum")

Line = tuple[str, str]  # the equation and its shapes


def _substitute(text: str, values: dict[str, str]) -> str:
    """``text`` with each parameter name (a whole word, or before ``ᵢ``) replaced by its value."""
    if not values:
        return text
    pattern = re.compile(r"(?<![\wσ])(" + "|".join(map(re.escape, values)) + r")(?![A-Za-z0-9_])")
    return pattern.sub(lambda m: values[m.group(1)], text)


def _named(op: Op) -> bool:
    """A unary op written by its name, whose derivative is written ``name′(…)`` (``σ′``, ``ReLU′``, ``tanh′``)."""
    return op.arity == 1 and (op.symbol.isalpha() or op.symbol == "σ")


def _expression(op: Op, operands: Sequence[Operand]) -> str:
    """``op`` applied to ``operands``, element by element (``⊙`` for a product, ``·`` by a number)."""
    texts = [o.text for o in operands]
    if op is MUL:
        return f"{texts[0]}{'·' if operands[0].number or operands[1].number else ' ⊙ '}{texts[1]}"
    words = set(re.findall(r"[A-Za-z]+", op.expression))
    if all(p in words for p in op.params):
        return _substitute(op.expression, dict(zip(op.params, texts)))
    return f"{op.symbol}({', '.join(texts)})"


def _times(upstream: str, local: Operand | str) -> str:
    """``upstream`` times a local derivative, written simply for 1, −1 and numbers."""
    text = local.text if isinstance(local, Operand) else local
    if text == "1":
        return upstream
    if text == "−1":
        return f"−{upstream}"
    if (isinstance(local, Operand) and local.number) or re.fullmatch(r"[\d,.]+", text):
        return f"{text}·{upstream}"
    return f"{upstream} ⊙ {text if _ATOM.fullmatch(text) else f'({text})'}"


_ATOM = re.compile(r"[\w′]+(\([^()]*\))?|[\w′]+\[[^\[\]]*\]")  # a name, a call or a part: no parentheses needed


class _Writer:
    """Collects the lines of one program (see :func:`equations`)."""

    def __init__(self, rec: Recording, names: Names, notation: Notation) -> None:
        self.rec, self.names, self.notation, self.lang = rec, names, notation, notation.lang
        self.rows = names.rows
        self.legend: dict[str, str] = {}
        self.terms: dict[int, list[tuple[str, str]]] = {}  # block → the terms of its gradient, with their shapes
        self.written: set[str] = set()
        self.lines: list[Line] = []
        self.per_row = True  # whether the block whose backward is being written has one value per row

    # --- forward -------------------------------------------------------------------------------------

    def forward(self) -> None:
        for b, block in enumerate(self.rec.blocks):
            out = self.names.block(b)
            if isinstance(block, MatmulBlock):
                W, bias, _ = self.names.layers[b]
                X = self.names.operand(block.x)
                k, n = block.width, len(block.x_nodes)
                plus = f" + {bias}" if block.bias is not None else ""
                if self.rows:
                    eq = f"{out.text} = {X.text}·{W}ᵀ{plus}"
                    shape = f"{out.shape} = {X.shape} · {n}×{k}" + (f" + {self.names.shape(k, False)}" if plus else "")
                else:
                    eq = f"{out.text} = {W}·{X.text}{plus}"
                    shape = f"{out.shape} = {k}×{n} · {X.shape}" + (f" + {self.names.shape(k, False)}" if plus else "")
                self.lines.append((eq, shape))
            elif isinstance(block, MapBlock):
                operands = [self.names.operand(g) for g in block.gathers]
                self.lines.append((f"{out.text} = {_expression(block.op, operands)}", out.shape))
            else:
                assert isinstance(block, ReduceBlock)
                groups = self._groups(block)
                values = {p: f"{g.text}" for p, g in zip(block.op.params, groups)}
                self.lines.append((f"{out.text} = {_substitute(block.op.expression, values)}", out.shape))

    def _groups(self, block: ReduceBlock) -> list[Operand]:
        """The operands of a variadic block, one per group of its op's parents (``dot``'s x and w)."""
        k, m = block.width, block.parents
        size = m // len(block.op.params)
        locations = block.gather.locations
        return [self.names.operand(Gather([locations[p * k + i] for p in range(g * size, (g + 1) * size)
                                           for i in range(k)], self.rec.widths, self.rec.per_row))
                for g in range(len(block.op.params))]

    # --- backward ------------------------------------------------------------------------------------

    def backward(self, reduce: str) -> None:
        rec = self.rec
        source, _ = rec.where[rec.root]
        seed = "1/N" if reduce == "mean" else "1"
        if source >= 2:
            self.terms[source - 2] = [(seed, "")]
        for b in range(len(rec.blocks) - 1, -1, -1):
            block = rec.blocks[b]
            terms = self.terms.get(b)
            if not block.needs_grad or not terms:
                continue
            out = self.names.block(b)
            detail = terms[0][1] if len(terms) == 1 and terms[0][1] else out.shape
            self.lines.append((f"d{out.text} = {' + '.join(t for t, _ in terms)}", detail))
            self.per_row = block.per_row
            if isinstance(block, MatmulBlock):
                self._layer(b, block, out)
            elif isinstance(block, MapBlock):
                for j, gather in enumerate(block.gathers):
                    if self._needs(gather):
                        self._add(gather, _times(f"d{out.text}", self._local(block.op, j, block.gathers)))
            else:
                assert isinstance(block, ReduceBlock)
                self._reduce(block, out)

    def _needs(self, gather: Gather) -> bool:
        return any(self.rec.needs[self._node(loc)] for loc in gather.locations)

    def _node(self, location: tuple[int, int]) -> Value:
        source, column = location
        if source == 0:
            return self.rec.inputs[column]
        if source == 1:
            return self.rec.leaves[column]
        return self.rec.blocks[source - 2].nodes[column]

    def _local(self, op: Op, j: int, gathers: Sequence[Gather]) -> Operand | str:
        """Operand ``j``'s local derivative, written: ``σ′(Z1)`` (with the table's formula in the legend),
        or the table's formula in the operands' names."""
        operands = [self.names.operand(g) for g in gathers]
        if _named(op):
            self.legend[f"{op.symbol}′(a)"] = op.derivatives[0].text(lang=self.lang)
            return f"{op.symbol}′({operands[0].text})"
        local = _substitute(op.derivatives[j].text(lang=self.lang), dict(zip(op.params, (o.text for o in operands))))
        numbers = [o for o in operands if o.number and o.text == local]
        return numbers[0] if numbers else local

    def _add(self, gather: Gather, term: str, shape: str = "", summed: bool = False) -> None:
        """``term`` goes into the gradient of what ``gather`` reads: a block's, collected, or a parameter's,
        written now.  Unless it is ``summed`` over the rows already, the rows' terms of something the same on
        every row are summed."""
        if self.per_row and not gather.per_row and not summed:  # the same on every row: it gets the sum over the rows
            term, shape = f"Σₙ {term}" if _ATOM.fullmatch(term) else f"Σₙ ({term})", ""
        parts = gather.parts
        if len(parts) == 1 and parts[0][0] >= 2 and parts[0][1] is None:
            self.terms.setdefault(parts[0][0] - 2, []).append((term, shape))
            return
        target = self.names.operand(gather)
        for source, _ in parts:
            if source >= 2:  # a part of a block: said with the part
                self.terms.setdefault(source - 2, []).append((f"({term} → {target.text})", ""))
                return
        sign = "+=" if target.text in self.written else "="
        self.written.add(target.text)
        self.lines.append((f"d{target.text} {sign} {term}", shape or target.shape))

    def _layer(self, b: int, block: MatmulBlock, out: Operand) -> None:
        """A layer's three gradients, as the course writes them."""
        W = self.names.layers[b][0]
        X = self.names.operand(block.x)
        k, n = block.width, len(block.x_nodes)
        dZ, N = f"d{out.text}", "N"
        if block.bias is not None and not block.bias[1].empty:
            term, shape = ((f"1ᵀ·{dZ}", f"1×{k} = 1×{N} · {N}×{k}") if self.rows
                           else (f"{dZ}·1", f"{k}×1 = {k}×{N} · {N}×1"))
            self._add(block.bias[0], term, shape, summed=True)
        if not block.w_scatter.empty:
            term = f"{dZ}ᵀ·{X.text}" if self.rows else f"{dZ}·{X.text}ᵀ"
            self._add(block.w, term, f"{k}×{n} = {k}×{N} · {N}×{n}", summed=True)
        if not block.x_scatter.empty:
            term = f"{dZ}·{W}" if self.rows else f"{W}ᵀ·{dZ}"
            shape = f"{N}×{n} = {N}×{k} · {k}×{n}" if self.rows else f"{n}×{N} = {n}×{k} · {k}×{N}"
            self._add(block.x, term, shape)

    def _reduce(self, block: ReduceBlock, out: Operand) -> None:
        groups = self._groups(block)
        values = {p: g.text for p, g in zip(block.op.params, groups)}
        k, size = block.width, block.parents // len(block.op.params)
        for g, d in enumerate(block.op.derivatives):
            gather = Gather([block.gather.locations[p * k + i] for p in range(g * size, (g + 1) * size)
                             for i in range(k)], self.rec.widths, self.rec.per_row)
            if self._needs(gather):  # each parent's own: its index ᵢ goes without saying in the matrix form
                local = _substitute(d.text(lang=self.lang), values).replace("ᵢ", "")
                self._add(gather, f"d{out.text}·{local if _ATOM.fullmatch(local) else f'({local})'}")


def equations(rec: Recording, *, notation: NotationLike = None, convention: str = "rows", reduce: str = "mean",
              **old: object) -> str:
    """The program's equations as text (see the module's text), numbers and words as ``notation`` says;
    ``reduce`` says how ``J`` is made of the rows."""
    nota = as_notation(notation, old, where="equations")
    names = Names(rec, nota, convention)
    if reduce not in REDUCTIONS:
        raise ValueError(f"equations: reduce must be 'mean' or 'sum', got {reduce!r}")
    words = nota.words(WORDS)
    writer = _Writer(rec, names, nota)
    writer.forward()
    forward = list(writer.lines)
    total = "(1/N)·Σₙ" if reduce == "mean" else "Σₙ"
    forward.append((f"J = {total} {names.root}ₙ", "1×1"))
    writer.lines = []
    if rec.root.requires_grad:
        writer.backward(reduce)
    width = max(len(eq) for eq, _ in forward + writer.lines)
    text = [words["forward_rows" if names.rows else "forward_columns"]]
    text += [f"  {eq:<{width}}   {shape}" for eq, shape in forward]
    if writer.lines:
        text += ["", words["backward"]]
        text += [f"  {eq:<{width}}   {shape}" for eq, shape in writer.lines]
    if writer.legend:
        text += ["", f"{words['where']} " + "; ".join(f"{k} = {v}" for k, v in writer.legend.items())]
    if len(writer.written) > 1 and any(t.startswith("θ") or t == "c" for t in writer.written):
        text.append(words["shared"])
    return "\n".join(text)
