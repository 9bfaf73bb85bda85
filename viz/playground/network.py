"""The playground's network panel, drawn as TensorFlow Playground draws it: a picture per neuron, edges by weight.

:class:`NetworkPanel` lays the network out on one matplotlib axes: a column per layer (the inputs first,
the outputs last), a small square image in each neuron's place, and one line per weight from the
right side of a neuron to the left side of the next layer's, blue for a positive weight and red for
a negative one, thicker the larger it is.  Everything is made once; :meth:`NetworkPanel.show`
changes the images' arrays and :meth:`NetworkPanel.set_weights` the lines' colours and widths, so
a redraw during training builds nothing new.  The picture in each square (a heat map over the
input plane, the weights of a digit neuron, ...) is the figure's business
(:mod:`viz.playground.figure`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from ..style import NEGATIVE, POSITIVE

__all__ = ["LABEL_PT", "NetworkPanel", "neuron_names"]

#: The neurons' names under their squares, and the columns' headers (points; 10 pt is 21 px at 1920 × 1080).
LABEL_PT = 10.0
#: Centre-to-centre distances between columns and between squares of a column (a square's side is 1).
_PITCH_X, _PITCH_Y = 2.4, 1.45
#: The widest line, in points, for the largest weight of the picture.
_WIDEST = 5.0
#: The colour of the square around the chosen neuron.
SELECTED = "#e69f00"


def neuron_names(sizes: Sequence[int], activations: Sequence[str]) -> list[list[str]]:
    """The course's name of every neuron, a column per layer: the inputs ``x[1]``…, then each layer's outputs
    as the worked solutions name them (:func:`viz.classroom.exercises.output_name`: ``y1[1]``…, ``z3[1]``…
    for linear outputs, ``ŷ`` for a single output)."""
    from ..classroom.exercises import output_name

    last = len(sizes) - 1
    columns = [[f"x[{i}]" for i in range(1, sizes[0] + 1)]]
    for layer in range(1, last + 1):
        single = layer == last and sizes[-1] == 1
        columns.append([output_name(layer, j, activations[layer - 1], single_output=single)
                        for j in range(1, sizes[layer] + 1)])
    return columns


class NetworkPanel:
    """The network on ``ax``: ``names`` gives a column of neuron names per layer, ``headers`` a title per column;
    with ``fan_in[c]``, column ``c`` is fed by the previous column's one square (an image) through a line per
    neuron.

    Attributes:
        images: ``images[c][j]`` is the ``AxesImage`` of neuron ``j`` of column ``c`` (column 0: the inputs).
        edges: the ``LineCollection`` of the weights, in the order of :attr:`edge_index`.
        edge_index: ``(column, j, i)`` of every line: weight ``W[j, i]`` of the layer that makes column ``column``.
        frame: the square around the chosen neuron (hidden until :meth:`select`).
    """

    def __init__(self, ax: Any, names: Sequence[Sequence[str]], headers: Sequence[str], *, cmap: str = "RdBu",
                 fan_in: Sequence[bool] | None = None) -> None:
        self.ax, self.names = ax, [list(column) for column in names]
        rows = max(len(column) for column in names)
        box = ax.get_position()
        box_w, box_h = box.width * ax.figure.get_figwidth(), box.height * ax.figure.get_figheight()
        height = rows * _PITCH_Y + 1.0
        # a tall, narrow network (the digits' ten outputs) spreads its columns over the width it has
        pitch = min(max(_PITCH_X, (box_w / box_h * height - 1.6) / max(len(names) - 1, 1)), 2 * _PITCH_X)
        width = (len(names) - 1) * pitch + 1.6
        inches = min(box_w / width, box_h / height)
        #: the names' size: LABEL_PT, smaller where a column is so tall that the gap under a square is less
        self.label_pt = min(LABEL_PT, 0.85 * (_PITCH_Y - 1.05) * inches * 72)
        self.corner: list[list[tuple[float, float]]] = []  # the lower-left corner of every square
        for c, column in enumerate(names):
            top = (rows - len(column)) * _PITCH_Y / 2
            self.corner.append([(c * pitch, top + j * _PITCH_Y) for j in range(len(column))])
        self.images: list[list[Any]] = []
        for c, column in enumerate(names):
            row = []
            for j, name in enumerate(column):
                x, y = self.corner[c][j]
                row.append(ax.imshow(np.zeros((2, 2)), extent=(x, x + 1, y + 1, y), origin="upper", cmap=cmap,
                                     interpolation="bilinear", zorder=2))
                ax.add_patch(Rectangle((x, y), 1, 1, fill=False, edgecolor="#555555", linewidth=0.8, zorder=3))
                ax.text(x + 0.5, y + 1.04, name, ha="center", va="top", fontsize=self.label_pt, zorder=3)
            self.images.append(row)
            ax.text(c * pitch + 0.5, -0.35, headers[c], ha="center", va="bottom", fontsize=self.label_pt,
                    fontweight="bold")
        segments, self.edge_index = [], []
        fan = list(fan_in) if fan_in is not None else [False] * len(names)
        for c in range(1, len(names)):
            sources = [0] if fan[c] else range(len(names[c - 1]))
            for j in range(len(names[c])):
                for i in sources:
                    (x0, y0), (x1, y1) = self.corner[c - 1][i], self.corner[c][j]
                    segments.append([(x0 + 1, y0 + 0.5), (x1, y1 + 0.5)])
                    self.edge_index.append((c, j, i))
        self.fan = fan
        self.edges = LineCollection(segments, zorder=1, capstyle="round")
        ax.add_collection(self.edges)
        self.frame = Rectangle((0, 0), 1, 1, fill=False, edgecolor=SELECTED, linewidth=4.5, zorder=4, visible=False)
        ax.add_patch(self.frame)
        ax.set_xlim(-0.3, (len(names) - 1) * pitch + 1.3)
        ax.set_ylim(rows * _PITCH_Y + 0.1, -0.9)
        ax.set_aspect("equal")
        ax.set_axis_off()

    def show(self, pictures: Sequence[Sequence[np.ndarray]], limits: Sequence[tuple[float, float]]) -> None:
        """Put ``pictures[c][j]`` (2-D arrays) into the squares, column ``c`` coloured between ``limits[c]``."""
        for row, arrays, (low, high) in zip(self.images, pictures, limits):
            for image, array in zip(row, arrays):
                image.set_data(array)
                image.set_clim(low, high)

    def set_weights(self, matrices: Sequence[np.ndarray]) -> None:
        """Colour and size the lines by ``matrices[l]``, the weights ``W`` (``k×n``) of layer ``l + 1``; a column
        drawn as one fan (``fan_in``) gets a line per neuron sized by the norm of its weights, in grey."""
        values = np.array([np.linalg.norm(matrices[c - 1][j]) if self.fan[c] else matrices[c - 1][j, i]
                           for c, j, i in self.edge_index], dtype=float)
        largest = float(np.abs(values).max()) if values.size else 0.0
        strength = np.abs(values) / largest if largest > 0 else np.zeros_like(values)
        colors = np.array([to_rgba("#888888" if self.fan[c] else POSITIVE if v >= 0 else NEGATIVE)
                           for (c, _, _), v in zip(self.edge_index, values)]).reshape(-1, 4)
        colors[:, 3] = 0.25 + 0.75 * strength
        self.edges.set_color([tuple(c) for c in colors.tolist()])
        self.edges.set_linewidth((0.4 + (_WIDEST - 0.4) * strength).tolist())

    def select(self, column: int | None, j: int = 0) -> None:
        """Frame neuron ``j`` of ``column`` (None: no neuron is chosen)."""
        if column is None:
            self.frame.set_visible(False)
            return
        self.frame.set_xy(self.corner[column][j])
        self.frame.set_visible(True)
