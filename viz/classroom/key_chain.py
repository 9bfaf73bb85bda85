"""The answer key's chain rule, answer by answer, in the course's matrix form (the way seed 000 writes it):

    ∂J/∂z⁽²⁾ = ∂J/∂ŷ ⊙ g₂′(z⁽²⁾),   ∂J/∂W⁽²⁾ = ∂J/∂z⁽²⁾ · y⁽¹⁾ᵀ,   ∂J/∂b⁽²⁾ = ∂J/∂z⁽²⁾,   ∂J/∂y⁽¹⁾ = W⁽²⁾ᵀ · ∂J/∂z⁽²⁾,

and so on down to ∂J/∂x.  Every number is the engine's: each factor and each result is read from the
solved exercise (gradients from backward, ``g′(z)`` from the local derivative backward used), never
computed here; that the factors multiply to the result is checked by the tests.

The factors are numpy arrays (the key is the teacher's document, written where numpy is installed); numpy is
imported when the lines are made, so reading a sheet's statement or grading it needs none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from autograd.text import Notation

from .documents import tex_array, tex_name
from .solution import Solution

if TYPE_CHECKING:
    import numpy as np

__all__ = ["ChainLine", "chain_lines"]

_PRODUCT, _ENTRYWISE = r"\cdot", r"\odot"
_SUPERSCRIPT = re.compile(r"^(?P<base>.*)\^\{(?P<sup>[^{}]*)\}$")


@dataclass(frozen=True)
class ChainLine:
    """One answer's chain rule: ``answer = terms[0] ops[0] terms[1] …``, with each factor's numbers.

    Attributes:
        answer: the answer's name (``dJ/dW2``).
        terms: each factor as math (``\\frac{\\partial J}{\\partial z^{(2)}}``, ``y^{(1)T}``).
        ops: between the factors: ``\\cdot`` (a matrix product, or a number times) or ``\\odot`` (entry by entry).
        factors: each factor's numbers as a matrix (a column is k×1, a row 1×n).
        result: the answer's numbers, read from the engine, in the answer's own shape.
    """

    answer: str
    terms: tuple[str, ...]
    ops: tuple[str, ...]
    factors: tuple[np.ndarray, ...]
    result: np.ndarray

    def tex(self, notation: Notation) -> str:
        """The line as display math: the symbols, the numbers, and the result."""
        symbols = self.terms[0] + "".join(f" {op} {term}" for op, term in zip(self.ops, self.terms[1:]))
        line = f"{tex_name(self.answer)} = {symbols}"
        if self.ops:
            numbers = [_factor(f, notation) for f in self.factors]
            line += " = " + numbers[0] + "".join(f" {op} {n}" for op, n in zip(self.ops, numbers[1:]))
        return f"{line} = {tex_array(self.result, notation)}"


def _factor(value: np.ndarray, notation: Notation) -> str:
    """A factor's numbers: a negative number in parentheses, so ``(-4) \\cdot 2`` reads as a product."""
    text = tex_array(value, notation)
    return f"({text})" if value.size == 1 and float(value.reshape(-1)[0]) < 0 else text


def _transposed(tex: str) -> str:
    """``y^{(1)}`` → ``y^{(1)T}``, ``x`` → ``x^T``: one superscript, as TeX needs."""
    match = _SUPERSCRIPT.match(tex)
    return f"{match['base']}^{{{match['sup']}T}}" if match else f"{tex}^T"


def chain_lines(kind: str, weights: Sequence[Any], activations: Sequence[str], sol: Solution) -> list[ChainLine]:
    """The chain rule of every gradient of a sheet, from the loss down: for each layer ``∂J/∂z``, ``∂J/∂W``,
    ``∂J/∂b`` and the derivative passed to the layer below (``∂J/∂y`` of the previous layer, or ``∂J/∂x``).

    ``kind`` is the sheet's (``"neuron"`` names its quantities ``z``, ``W``, ``b`` without a layer number);
    ``weights`` are the matrices ``W⁽ˡ⁾`` (lists of rows or arrays).
    """
    import numpy as np

    local = {(s.node, s.parent): s.local for s in sol.trace}
    layers = len(weights)
    lines = []
    for layer in range(layers, 0, -1):
        n = "" if kind == "neuron" else str(layer)
        up = "dJ/dy_hat" if layer == layers else f"dJ/dy{layer}"
        below = "x" if layer == 1 else f"y{layer - 1}"
        zs, ys = sol.nodes(f"z{layer}"), sol.nodes(f"y{layer}")
        slope = np.array([[local.get((y, z), 1.0)] for y, z in zip(ys, zs)])  # a linear layer's y is its z: 1
        dz = _column(sol.value(f"dJ/dz{n}"))
        g = "g'(z)" if kind == "neuron" else f"g_{layer}'(z^{{({layer})}})"
        if activations[layer - 1] != "linear":
            op = _ENTRYWISE if slope.size > 1 else _PRODUCT
            lines.append(ChainLine(f"dJ/dz{n}", (tex_name(up), g), (op,), (_column(sol.value(up)), slope),
                                   np.asarray(sol.value(f"dJ/dz{n}"))))
        else:
            lines.append(ChainLine(f"dJ/dz{n}", (tex_name(up),), (), (_column(sol.value(up)),),
                                   np.asarray(sol.value(f"dJ/dz{n}"))))
        lines.append(ChainLine(f"dJ/dW{n}", (tex_name(f"dJ/dz{n}"), _transposed(tex_name(below))), (_PRODUCT,),
                               (dz, _column(sol.value(below)).T), np.asarray(sol.value(f"dJ/dW{n}"))))
        lines.append(ChainLine(f"dJ/db{n}", (tex_name(f"dJ/dz{n}"),), (), (dz,), np.asarray(sol.value(f"dJ/db{n}"))))
        passed = "dJ/dx" if layer == 1 else f"dJ/dy{layer - 1}"
        lines.append(ChainLine(passed, (_transposed(tex_name(f"W{n}")), tex_name(f"dJ/dz{n}")), (_PRODUCT,),
                               (np.asarray(weights[layer - 1], dtype=float).T, dz), np.asarray(sol.value(passed))))
    return lines


def _column(value: Any) -> np.ndarray:
    """A number or a vector as a k×1 matrix."""
    import numpy as np

    return np.asarray(value, dtype=float).reshape(-1, 1)
