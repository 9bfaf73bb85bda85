"""The playground's picture: one 16:9 matplotlib figure whose artists are kept and updated in place.

:class:`PlaygroundFigure` draws, for a model with two inputs and its train/test points, the decision
boundary as a heat map, the train and test loss curves, the network diagram (:func:`viz.network`, edges
coloured and sized by weight) and, for every hidden neuron, a small heat map of its output over the
input plane.  :meth:`PlaygroundFigure.update` changes only the arrays of the existing artists
(``set_data``), so a redraw during training builds no figure.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.image import imread

from autograd.text import Notation

from .network import network
from .plots import DPI, FIGSIZE, class_color, region_color

__all__ = ["GRID", "PlaygroundFigure"]

#: Points per side of the grid the heat maps are evaluated on.
GRID = 60
#: How far the plane reaches past the data, on every side.
_PAD = 0.5


def _rgb(color: str) -> np.ndarray:
    return np.array([int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)])


class PlaygroundFigure:
    """The playground's figure for ``model`` (an ``nn.MLP`` with 2 inputs) and its data.

    ``words`` are the playground's labels in one language (``viz.words.WORDS(lang)``); ``notation`` prints
    the numbers.  ``history`` is a mapping with the per-epoch lists ``loss`` and ``test_loss``.
    """

    def __init__(self, model: Any, X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray,
                 y_test: np.ndarray, classes: int, words: Mapping[str, str], notation: Notation) -> None:
        self.model, self.words, self.notation, self.classes = model, words, notation, classes
        P = np.vstack([X_train, X_test])
        low, high = P.min(axis=0) - _PAD, P.max(axis=0) + _PAD
        self.extent = (float(low[0]), float(high[0]), float(low[1]), float(high[1]))
        gx, gy = np.meshgrid(np.linspace(low[0], high[0], GRID), np.linspace(low[1], high[1], GRID))
        self.grid = np.column_stack([gx.ravel(), gy.ravel()])
        self.palette = np.array([_rgb(region_color(k)) for k in range(classes)])
        self.figure = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")
        hidden = [layer.nout for layer in model.layers[:-1]]
        outer = self.figure.add_gridspec(1, 3, width_ratios=[1.25, 1.1, 0.55 * max(1, len(hidden))])
        self.boundary_ax = self.figure.add_subplot(outer[0, 0])
        middle = outer[0, 1].subgridspec(2, 1, height_ratios=[1.1, 1])
        self.network_ax = self.figure.add_subplot(middle[0, 0])
        self.loss_ax = self.figure.add_subplot(middle[1, 0])
        self.boundary = self.boundary_ax.imshow(np.ones((GRID, GRID, 3)), origin="lower", extent=self.extent,
                                                aspect="auto", interpolation="bilinear")
        for P_, y_, filled in ((X_train, y_train, True), (X_test, y_test, False)):
            colors = [class_color(int(k)) for k in y_]
            self.boundary_ax.scatter(P_[:, 0], P_[:, 1], s=28, c=colors if filled else "none",
                                     edgecolors=colors if not filled else "white",
                                     linewidths=1.2 if not filled else 0.5)
        self.boundary_ax.set_title(words["pg_boundary"], fontsize=13)
        self.network_ax.set_axis_off()
        self.network_ax.set_title(words["pg_network"], fontsize=16)
        self.network_image = self.network_ax.imshow(np.ones((2, 2, 3)))
        (self.train_line,) = self.loss_ax.plot([], [], color=class_color(0), label=words["plot_train"])
        (self.test_line,) = self.loss_ax.plot([], [], color=class_color(1), label=words["plot_test"])
        self.loss_ax.set_xlabel(words["plot_epoch"])
        self.loss_ax.set_ylabel(words["plot_loss"])
        self.loss_ax.legend(loc="upper right")
        self.loss_ax.grid(alpha=0.3)
        self.neurons: list[list[Any]] = []
        if hidden:
            cells = outer[0, 2].subgridspec(max(hidden), len(hidden))
            for k, size in enumerate(hidden):
                row = []
                for j in range(size):
                    ax = self.figure.add_subplot(cells[j, k])
                    ax.set_xticks([])
                    ax.set_yticks([])
                    ax.set_title(words["pg_neuron"].format(k=k + 1, j=j + 1), fontsize=9)
                    row.append(ax.imshow(np.zeros((GRID, GRID)), origin="lower", extent=self.extent, aspect="auto",
                                         cmap="RdBu_r", interpolation="bilinear"))
                self.neurons.append(row)

    def update(self, history: Mapping[str, Sequence[float | None]], *, diagram: bool = True) -> None:
        """Put the model's current outputs into the heat maps, ``history`` into the curves and, with
        ``diagram``, a fresh network diagram into its panel: arrays on the existing artists, nothing new."""
        from nn.train import predicted_classes

        layers = self.model.predict_layers(self.grid)
        out = layers[-1]
        classes = predicted_classes(out, self.model.activations[-1]).astype(int)
        confidence = self._confidence(out)
        shade = 1.0 - (1.0 - self.palette[classes]) * (0.35 + 0.65 * confidence)[:, None]
        self.boundary.set_data(shade.reshape(GRID, GRID, 3))
        for row, A in zip(self.neurons, layers):
            low, high = float(A.min()), float(A.max())
            bound = max(abs(low), abs(high), 1e-12)
            for j, image in enumerate(row):
                image.set_data(A[:, j].reshape(GRID, GRID))
                image.set_clim(-bound if low < 0 else 0.0, bound)
        epochs = np.arange(1, len(history["loss"]) + 1)
        self.train_line.set_data(epochs, np.asarray(history["loss"], dtype=float))
        self.test_line.set_data(epochs, np.asarray([np.nan if v is None else v for v in history["test_loss"]],
                                                   dtype=float))
        self.loss_ax.relim()
        self.loss_ax.autoscale_view()
        if diagram:
            image = self.diagram()
            self.network_image.set_data(image)
            height, width = image.shape[:2]
            self.network_image.set_extent((0, width, height, 0))
            self.network_ax.set_xlim(0, width)
            self.network_ax.set_ylim(height, 0)

    def _confidence(self, out: np.ndarray) -> np.ndarray:
        """How sure the model is at each grid point, in [0, 1] (the region's shade darkens with it)."""
        if out.shape[1] == 1:
            return np.asarray(np.tanh(np.abs(out[:, 0])), dtype=float)
        z = out - out.max(axis=1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return np.asarray((p.max(axis=1) - 1 / out.shape[1]) / (1 - 1 / out.shape[1]), dtype=float)

    def diagram(self) -> np.ndarray:
        """The network diagram (:func:`viz.network`, without numbers) as an RGB(A) image array."""
        graph = network(self.model, show_weights=False, lang=self.notation.lang, decimal=self.notation.decimal,
                        precision=self.notation.precision, legend=False)
        return np.asarray(imread(io.BytesIO(graph.pipe(format="png")), format="png"))

    def png(self, dpi: float | None = None) -> bytes:
        """The figure as PNG bytes (at ``dpi``; the default gives 1920 × 1080)."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi or DPI, metadata={"Software": None})
        return buffer.getvalue()
