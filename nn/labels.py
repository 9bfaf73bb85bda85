"""The course's names for a network's parameters, ``W1[2,1]`` and ``b1[2]``: written and read only here.

**The scheme.**  In layer ``l`` of an :class:`~nn.layers.MLP` (1-based, counted from the input),
neuron ``i`` (1-based) has the weights ``W{l}[i,j]`` (``j`` = its input, 1-based) and the bias
``b{l}[i]``: ``W1[2,1]`` is row 2, column 1 of the course's ``k×n`` matrix ``W⁽¹⁾``.  A layer built
without an index (``Layer(2, 3)``) leaves ``l`` out: ``W[2,1]``, ``b[2]``.  A lone
:class:`~nn.layers.Neuron` has ``w[j]`` and ``b``.

:func:`weight_label` and :func:`bias_label` write these labels (``Layer`` and ``Neuron`` label their
parameters with them); :func:`parse_parameter_label` reads one back, so the diagrams and the grader
never need a regular expression of their own::

    >>> weight_label(1, 2, 1), bias_label(1, 2)
    ('W1[2,1]', 'b1[2]')
    >>> parse_parameter_label("W1[2,1]")
    ParameterLabel(kind='W', layer=1, row=2, col=1)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .words import NNError

__all__ = ["ParameterLabel", "bias_label", "parse_parameter_label", "weight_label"]

# The pattern viz/draw.py used before this module, matched against the whole text.
_PARAMETER = re.compile(r"([WwBb])(\d*)\[\s*(\d+)\s*(?:,\s*(\d+)\s*)?\]")


class ParameterLabel(NamedTuple):
    """A parameter label read by :func:`parse_parameter_label`.

    Attributes:
        kind: ``"W"`` for a weight (written ``W`` or ``w``), ``"b"`` for a bias (``b`` or ``B``).
        layer: the number after the letter; 0 when there is none (``W[2,1]``, ``w[3]``).
        row: the first index in the brackets: the neuron, for ``W1[2,1]`` and ``b1[2]``.
        col: the second index (the input, for ``W1[2,1]``); None when there is only one.
    """

    kind: str
    layer: int
    row: int
    col: int | None


def _index(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise NNError(f"parameter label: {name} must be an int ≥ 1 (indices are 1-based), got {value!r}")
    return value


def _layer(layer: int | None) -> str:
    return "" if layer is None else str(_index(layer, "layer"))


def weight_label(layer: int | None, row: int | None, col: int) -> str:
    """The label of the weight from input ``col`` into neuron ``row`` of layer ``layer``: ``W1[2,1]``.

    ``layer=None`` leaves the layer out (``W[2,1]``, a layer outside an MLP); ``row=None`` (with
    ``layer=None``) is a lone neuron's weight, ``w[1]``.  Indices are 1-based ints; a ValueError says
    which one is not.
    """
    if row is None:
        if layer is not None:
            raise NNError(f"weight_label: a weight of layer {layer!r} needs its row (the neuron)")
        return f"w[{_index(col, 'col')}]"
    return f"W{_layer(layer)}[{_index(row, 'row')},{_index(col, 'col')}]"


def bias_label(layer: int | None, row: int | None) -> str:
    """The label of neuron ``row``'s bias in layer ``layer``: ``b1[2]``; ``b[2]`` without a layer, ``b``
    for a lone neuron (``row=None``, ``layer=None``)."""
    if row is None:
        if layer is not None:
            raise NNError(f"bias_label: a bias of layer {layer!r} needs its row (the neuron)")
        return "b"
    return f"b{_layer(layer)}[{_index(row, 'row')}]"


def parse_parameter_label(text: str) -> ParameterLabel | None:
    """``text`` read as a parameter label, or None if it is not one.

    Accepted, and nothing else (the whole text must match):

    * a letter: ``W`` or ``w`` (a weight), ``B`` or ``b`` (a bias);
    * optionally, digits right after it: the layer (``layer=0`` when there are none);
    * ``[`` one index ``]`` or ``[`` two indices separated by a comma ``]``: digits, with optional
      whitespace around each index (``W1[ 2 , 1 ]``), none elsewhere.

    "Digits" are what Python's ``\\d`` matches (any Unicode decimal digit; leading zeros are fine,
    and 0 is accepted as an index).  The reading is by form, not by kind: ``W1[2]`` and ``b1[2,3]``
    are accepted too, and a lone neuron's ``w[3]`` has ``row=3`` (its one index).  Not accepted: a
    lone ``b`` (no brackets), other letters (``x1[2]``), three indices, signs, text around the label,
    and a trailing newline.
    """
    m = _PARAMETER.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        return None
    letter, layer, row, col = m.groups()
    return ParameterLabel("W" if letter in "Ww" else "b", int(layer or 0), int(row), None if col is None else int(col))
