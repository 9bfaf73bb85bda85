"""The network picture of ``docs/`` (``make docs``): the course's 2-3-1 network with one sample's forward and
backward values, in Spanish.

The network is the course's, given by hand: ``W1 = [[0.1, −0.5], [−0.3, −0.9], [0.8, 0.02]]``, ``b1 = (0.1, 0.5,
0.8)``, ``W2 = [[−0.4, 0.2, −0.5]]``, ``b2 = 0.7``, sigmoid in both layers; the sample is ``x = (1.8, −3.4)``
with target ``y = 5`` and ``J = ½(ŷ − y)²``, so ``ŷ = 0.5226`` and ``J = 10.02``.

    >>> from viz.network.docs import course_network, course_picture
    >>> [layer.weight_matrix().shape for layer in course_network().layers]
    [(3, 2), (1, 3)]
    >>> "J = ½(ŷ − y)² = 10,02" in course_picture().source
    True
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import graphviz

from autograd.files import write_atomic
from autograd.text import Notation, NotationLike, as_notation

from ..words import WORDS
from .diagram import network

if TYPE_CHECKING:
    from nn import MLP

__all__ = ["COURSE_SAMPLE", "PROJECTOR", "course_network", "course_picture", "sample_title", "write_network_docs"]

#: The course's sample for seed 000: the input and its target.
COURSE_SAMPLE = ((1.8, -3.4), 5.0)
#: A projector's size in pixels, and the resolution the PNG is drawn at.
PROJECTOR = (1920, 1080)
_DPI = 100


def course_network() -> MLP:
    """The course's seed-000 network: 2 inputs, 3 sigmoid neurons, 1 sigmoid output (``nn.MLP.from_weights``)."""
    from nn import MLP

    return MLP.from_weights([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
                            [[0.1, 0.5, 0.8], [0.7]], ["sigmoid", "sigmoid"])


def course_picture(*, notation: NotationLike = None, title: str | None = None, **old: object) -> graphviz.Digraph:
    """:func:`viz.network` of :func:`course_network` on :data:`COURSE_SAMPLE`: every forward and backward value.

    ``title``: the caption above the drawing; None (default) makes it from what is drawn, the network's
    sizes and the sample (:func:`sample_title`: ``La red 2-3-1: x = (1,8; −3,4), y = 5, J = ½(ŷ − y)²``).
    ``notation``: a :class:`~autograd.text.Notation` or a language code; Spanish by default.
    """
    nota = as_notation(notation, old, where="course_picture", default=Notation("es"))
    x, y = COURSE_SAMPLE
    net = course_network()
    if title is None:
        title = sample_title(net.sizes, x, y, notation=nota)
    return network(net, x=list(x), y=y, notation=nota, title=title)


def sample_title(sizes: Sequence[int], x: Sequence[float], y: float, *, notation: NotationLike = None,
                 **old: object) -> str:
    """The caption of a network drawn with one sample of ``J = ½(ŷ − y)²``, from what it draws: the layer
    ``sizes`` (inputs first, ``2-3-1``), the input ``x`` and the target ``y``, in ``notation`` (Spanish by default)."""
    notation = as_notation(notation, old, where="sample_title", default=Notation("es"))
    return notation.words(WORDS)["viz_network_sample"].format(
        sizes="-".join(str(int(n)) for n in sizes),
        x=("; " if notation.mark == "," else ", ").join(notation.number(v) for v in x), y=notation.number(y))


def projector_png(graph: graphviz.Digraph) -> bytes:
    """``graph`` as a PNG that fills a :data:`PROJECTOR` screen (scaled up or down to fit, aspect kept)."""
    big = graph.copy()
    width, height = PROJECTOR
    big.attr(size=f"{width / _DPI},{height / _DPI}!", dpi=str(_DPI))
    png: bytes = big.pipe(format="png")
    return png


def write_network_docs(out_dir: str | os.PathLike[str], *, notation: NotationLike = None, title: str | None = None,
                       **old: object) -> list[Path]:
    """Write ``red_2_3_1.dot``, ``.svg`` and ``.png`` (projector size) of :func:`course_picture` (with its
    ``title``, made from the network and the sample when None) into ``out_dir``.

    The SVG and PNG need graphviz's ``dot``; without it a ``graphviz.ExecutableNotFound`` is raised after
    the DOT file is written.  Returns the paths written, in that order.
    """
    out = Path(out_dir)
    nota = as_notation(notation, old, where="write_network_docs", default=Notation("es"))
    graph = course_picture(notation=nota, title=title)
    written = [write_atomic(out / "red_2_3_1.dot", graph.source)]
    written.append(write_atomic(out / "red_2_3_1.svg", graph.pipe(format="svg", encoding="utf-8")))
    written.append(write_atomic(out / "red_2_3_1.png", projector_png(graph)))
    return written

