"""The names of a program's matrices, as the course writes them: ``X``, ``W1``, ``b1``, ``Z1``, ``A1``.

* A layer (a ``matmul`` block) takes the name its weights' labels share: labels ``W1[i,j]`` (those of
  :mod:`nn`) name the matrix ``W1``, and the layer's number is the digits at its end, so its biases
  ``b1[i]`` are ``b1``, its weighted inputs ``Z1`` and the activation applied to them ``A1``.  Weights
  without such labels are named by the layer's place: ``W1``, ``W2``, … (``b`` and ``Z`` alike).
* The inputs a layer reads together are ``X``; an input alone is its label.
* The root is ``L`` (one loss per row) unless it already has a name; every other block is ``V1``, ``V2``, …
* A group of other leaves is named by the text before ``[`` that their labels share, ``θ`` when it is every
  parameter, and one leaf by its label; a constant is written as its number.
* Part of a block is written with its columns, ``Z1[:, 2]``; operands from several places in brackets.

Shapes follow the convention: with samples as rows (``"rows"``) a block of ``k`` nodes is ``N×k`` and a
bias ``1×k``; with samples as columns (``"columns"``) they are ``k×N`` and ``k×1``.  A layer's ``W`` is
``k×n`` in both (row ``i`` holds neuron ``i``'s weights).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import Notation
from ..value import Value
from .blocks import MapBlock, MatmulBlock
from .gather import Gather
from .recording import INPUTS, LEAVES, Recording

__all__ = ["CONVENTIONS", "Names", "Operand"]

#: How samples are laid out: one per row (``Z = X·Wᵀ + b``) or one per column (``Z = W·X + b``).
CONVENTIONS = ("rows", "columns")
_LABEL = re.compile(r"([^\[\]]+)\[[^\[\]]*\]")


@dataclass(frozen=True)
class Operand:
    """How an operand is written: its ``text`` and, unless it is a ``number``, its ``shape`` (``"N×3"``)."""

    text: str
    shape: str
    number: bool = False


def _same_constant(nodes: Sequence[Value]) -> bool:
    """True when every node is a constant (an unlabelled leaf without gradient) of one same number."""
    return all(n.is_leaf and not n.requires_grad and not n.label for n in nodes) and len({n.data for n in nodes}) == 1


def _shared_prefix(nodes: Sequence[Value]) -> str | None:
    """The text before ``[`` that every label shares (``W1`` for ``W1[2,1]``), or None."""
    found = {m.group(1) if (m := _LABEL.fullmatch(n.label)) else None for n in nodes}
    return next(iter(found)) if len(found) == 1 and None not in found else None


class Names:
    """Names and shapes of the sources and operands of one recorded program, in one ``convention``."""

    def __init__(self, rec: Recording, notation: Notation, convention: str) -> None:
        if convention not in CONVENTIONS:
            raise ValueError(f"equations: convention must be 'rows' (samples as rows) or 'columns' (samples as "
                             f"columns), got {convention!r}")
        self.rec, self.notation, self.rows = rec, notation, convention == "rows"
        self.blocks: list[str] = []
        self.layers: dict[int, tuple[str, str, str]] = {}  # block → (W, b, layer number)
        others = 0
        for b, block in enumerate(rec.blocks):
            if isinstance(block, MatmulBlock):
                weights = [w for row in block.weights for w in row]
                W = _shared_prefix(weights)
                number = (re.search(r"(\d+)$", W).group(1) if W and re.search(r"\d+$", W)  # type: ignore[union-attr]
                          else str(len(self.layers) + 1))
                bias = _shared_prefix(block.biases) if block.biases else None
                if block.biases and ((len(set(block.biases)) == 1 and not block.biases[0].label)
                                     or _same_constant(block.biases)):
                    bias = self.notation.factor(block.biases[0].data)  # a constant, the same for every node
                self.layers[b] = (W or f"W{number}", bias or f"b{number}", number)
                self.blocks.append(f"Z{number}")
            elif self._activation_of(b) is not None:
                self.blocks.append(f"A{self.layers[self._activation_of(b) or 0][2]}")
            elif block.nodes == (rec.root,):
                self.blocks.append("L")
            else:
                others += 1
                self.blocks.append(f"V{others}")

    def _activation_of(self, b: int) -> int | None:
        """The layer whose ``Z`` block ``b`` applies a unary op to (its ``A``), or None."""
        block = self.rec.blocks[b]
        if not isinstance(block, MapBlock) or len(block.gathers) != 1:
            return None
        parts = block.gathers[0].parts
        if len(parts) == 1 and parts[0][1] is None and parts[0][0] - 2 in self.layers:
            return parts[0][0] - 2
        return None

    @property
    def root(self) -> str:
        """The root's name (``L``, or the name of its block and column)."""
        source, column = self.rec.where[self.rec.root]
        return self._place(source, [column])

    # --- shapes --------------------------------------------------------------------------------------

    def shape(self, width: int | str, per_row: bool) -> str:
        """The shape of ``width`` columns of values, per row (``N×k``) or the same on every row (``1×k``)."""
        n = "N" if per_row else "1"
        return f"{n}×{width}" if self.rows else f"{width}×{n}"

    def weights_shape(self, b: int) -> str:
        block = self.rec.blocks[b]
        assert isinstance(block, MatmulBlock)
        return f"{block.width}×{len(block.x_nodes)}"

    # --- operands ------------------------------------------------------------------------------------

    def block(self, b: int) -> Operand:
        block = self.rec.blocks[b]
        return Operand(self.blocks[b], self.shape(block.width, block.per_row))

    def operand(self, gather: Gather) -> Operand:
        """How the values ``gather`` reads are written (a name, a part of one, a number, or a list)."""
        shape = self.shape(gather.width, gather.per_row)
        if len(gather.parts) == 1:
            source, _ = gather.parts[0]
            cols = [c for _, c in gather.locations]
            if source == LEAVES:
                return self._leaves([self.rec.leaves[c] for c in cols], shape)
            return Operand(self._place(source, cols), shape)
        texts = [self.operand(Gather(gather.locations[i:j], self.rec.widths, self.rec.per_row)).text
                 for i, j in _runs(gather.locations)]
        return Operand("[" + ", ".join(texts) + "]", shape)

    def _place(self, source: int, cols: list[int]) -> str:
        """The values at columns ``cols`` of ``source``: its name, or a part of it."""
        width = self.rec.widths[source]
        if source == INPUTS:
            inputs = [self.rec.inputs[c] for c in cols]
            return self._label(inputs[0], cols[0]) if len(inputs) == 1 else ("X" if len(set(cols)) == len(cols)
                                                                              else self._part("X", cols))
        name = self.blocks[source - 2]
        return name if cols == list(range(width)) or (width == 1 and set(cols) == {0}) else self._part(name, cols)

    def _part(self, name: str, cols: list[int]) -> str:
        if len(set(cols)) == 1:
            return f"{name}[:, {cols[0] + 1}]" if self.rows else f"{name}[{cols[0] + 1}, :]"
        if cols == list(range(cols[0], cols[0] + len(cols))):
            span = f"{cols[0] + 1}:{cols[-1] + 1}"
        else:
            span = "(" + ", ".join(str(c + 1) for c in cols) + ")"
        return f"{name}[:, {span}]" if self.rows else f"{name}[{span}, :]"

    def _label(self, x: Value, i: int) -> str:
        return x.label or f"x{i + 1}"

    def _leaves(self, leaves: list[Value], shape: str) -> Operand:
        for b, (W, bias, _) in self.layers.items():
            block = self.rec.blocks[b]
            assert isinstance(block, MatmulBlock)
            if block.biases is not None and leaves == list(block.biases):
                return Operand(bias, shape)
            if leaves == [w for row in block.weights for w in row]:
                return Operand(W, shape)
        distinct = list(dict.fromkeys(leaves))
        if len(distinct) == 1:
            leaf = distinct[0]
            if not leaf.requires_grad and not leaf.label:
                return Operand(self.notation.factor(leaf.data), "", number=True)
            return Operand(leaf.label or "c", shape)
        prefix = _shared_prefix(distinct)
        if prefix:
            return Operand(prefix, shape)
        trained = {self.rec.leaves[i] for i in self.rec.trained}
        return Operand("θ" if set(distinct) == trained else "c", shape)


def _runs(locations: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Start and stop of each run of locations in one source."""
    runs, start = [], 0
    for i in range(1, len(locations) + 1):
        if i == len(locations) or locations[i][0] != locations[start][0]:
            runs.append((start, i))
            start = i
    return runs
