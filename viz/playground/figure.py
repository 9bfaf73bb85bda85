"""The playground's picture: one 16:9 matplotlib figure whose artists are made once and updated in place.

:class:`PlaygroundFigure` draws, for a model and its train/test points:

* the network as TensorFlow Playground does (:class:`viz.playground.network.NetworkPanel`): for a model
  of the plane (two inputs), each neuron's square is a heat map of its output over the input plane;
  for 8×8 images (the digits), the input is the chosen sample, a first-layer neuron shows its
  weights as an image and every later one its mean output per class on the test set;
* the decision boundary as a heat map with the train (●) and test (○) points, or, for images, the
  test set's confusion matrix;
* the train and test loss curves, and the status line as the figure's title.

:meth:`PlaygroundFigure.update` changes only the data of the existing artists, and :meth:`png` renders
on the figure's own Agg canvas with a fixed layout, so a redraw during training builds no figure and
lays nothing out again.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image

from autograd.text import Notation

from ..plots import DPI, FIGSIZE, class_color, number_ticks, region_color
from .network import NetworkPanel, neuron_names

__all__ = ["GRID", "PlaygroundFigure"]

#: Points per side of the grid the heat maps are evaluated on.
GRID = 60
#: How far the plane reaches past the data, on every side.
_PAD = 0.5
#: Text sizes in points (at the figure's 150 dpi, 1 pt is 2.08 px of the 1920 × 1080 picture).
_TITLE_PT, _TEXT_PT = 13.0, 10.0


def _symmetric(arrays: Sequence[np.ndarray]) -> tuple[float, float]:
    """Colour limits for one column of squares, symmetric around 0: zero is white (a dead ReLU, not red)."""
    bound = max(max(float(np.nanmax(np.abs(a))) for a in arrays), 1e-12)
    return (-bound, bound)


class PlaygroundFigure:
    """The playground's figure for ``model`` (an ``nn.MLP``) and its data.

    ``classes`` is the number of classes; ``image`` the shape of an input drawn as an image (``(8, 8)`` for
    the digits), None for points of the plane (two inputs).  ``words`` are the playground's labels in one
    language (``viz.words.WORDS(lang)``), ``notation`` prints the numbers.
    """

    def __init__(self, model: Any, X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray,
                 y_test: np.ndarray, classes: int, words: Mapping[str, str], notation: Notation, *,
                 image: tuple[int, int] | None = None) -> None:
        self.model, self.words, self.notation, self.classes, self.image = model, words, notation, classes, image
        self.X_train, self.y_train, self.X_test, self.y_test = X_train, y_train, X_test, y_test
        self.sample: int | None = None
        self.figure = Figure(figsize=FIGSIZE, dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.title = self.figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=_TITLE_PT + 1)
        sizes = [model.nin, *(layer.nout for layer in model.layers)]
        names = neuron_names(sizes, model.activations)
        headers = [words["pg_inputs"], *(words["pg_layer"].format(k=k) for k in range(1, len(model.layers))),
                   words["pg_output"]]
        if image is not None:
            names[0] = [words["pg_image"].format(rows=image[0], columns=image[1])]
        activation = words[f"viz_act_{model.layers[0].activation}"]
        self.figure.text(0.01, 0.915, words["pg_network_images" if image else "pg_network"].format(
            activation=activation), ha="left", va="top", fontsize=_TEXT_PT)
        self.network_ax = self.figure.add_axes((0.01, 0.02, 0.6, 0.8))
        self.network = NetworkPanel(self.network_ax, names, headers,
                                    fan_in=[False, image is not None, *([False] * len(model.layers[1:]))])
        if image is not None:
            self.network.images[0][0].set_cmap("gray_r")  # the sample: ink dark on white paper
        self.boundary_ax = self.figure.add_axes((0.665, 0.38, 0.31, 0.31 * 16 / 9 * 0.96))
        self.loss_ax = self.figure.add_axes((0.665, 0.075, 0.31, 0.2))
        if image is None:
            self._plane()
        else:
            self._images()
        (self.train_line,) = self.loss_ax.plot([], [], color=class_color(0), label=words["plot_train"])
        (self.test_line,) = self.loss_ax.plot([], [], color=class_color(1), label=words["plot_test"])
        self.loss_ax.set_xlabel(words["plot_epoch"], fontsize=_TEXT_PT)
        self.loss_ax.set_ylabel(words["plot_loss"], fontsize=_TEXT_PT)
        self.loss_ax.tick_params(labelsize=_TEXT_PT - 1)
        number_ticks(self.loss_ax, notation)
        self.loss_ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        self.loss_ax.yaxis.set_major_locator(MaxNLocator(5))
        self.loss_ax.legend(loc="upper right", fontsize=_TEXT_PT - 1)
        self.loss_ax.grid(alpha=0.3)

    # --- the panels that depend on the inputs ------------------------------------------------------

    def _plane(self) -> None:
        P = np.vstack([self.X_train, self.X_test])
        low, high = P.min(axis=0) - _PAD, P.max(axis=0) + _PAD
        self.extent = (float(low[0]), float(high[0]), float(low[1]), float(high[1]))
        gx, gy = np.meshgrid(np.linspace(low[0], high[0], GRID), np.linspace(low[1], high[1], GRID)[::-1])
        self.grid = np.column_stack([gx.ravel(), gy.ravel()])  # row 0 is the top of the picture
        self.palette = np.array([to_rgb(region_color(k)) for k in range(self.classes)])
        ax = self.boundary_ax
        self.boundary = ax.imshow(np.ones((GRID, GRID, 3)), origin="upper", extent=self.extent, aspect="auto",
                                  interpolation="bilinear")
        for P_, y_, filled in ((self.X_train, self.y_train, True), (self.X_test, self.y_test, False)):
            colors = [class_color(int(k)) for k in y_]
            ax.scatter(P_[:, 0], P_[:, 1], s=22, c=colors if filled else "none",
                       edgecolors=colors if not filled else "white", linewidths=1.1 if not filled else 0.5)
        self.marker: Any = ax.scatter([], [], s=260, facecolors="none", edgecolors="black", linewidths=2.5, zorder=5)
        ax.set_title(self.words["pg_boundary"], fontsize=_TEXT_PT)
        ax.tick_params(labelsize=_TEXT_PT - 1)
        number_ticks(ax, self.notation)
        ax.xaxis.set_major_locator(MaxNLocator(6))
        ax.yaxis.set_major_locator(MaxNLocator(6))
        ax.set_xlim(self.extent[:2])
        ax.set_ylim(self.extent[2:])

    def _images(self) -> None:
        ax = self.boundary_ax
        k = self.classes
        self.boundary = ax.imshow(np.zeros((k, k)), cmap="Blues", vmin=0.0, vmax=1.0, interpolation="nearest")
        ax.set_xticks(range(k))
        ax.set_yticks(range(k))
        ax.set_xlabel(self.words["pg_predicted"], fontsize=_TEXT_PT)
        ax.set_ylabel(self.words["pg_true"], fontsize=_TEXT_PT)
        ax.tick_params(labelsize=_TEXT_PT - 1)
        self.marker = None

    # --- updating ----------------------------------------------------------------------------------

    def select(self, sample: int | None, neuron: tuple[int, int] | None = None) -> None:
        """Mark training sample ``sample`` (a ring in the plane; the input square for images) and frame neuron
        ``(layer, j)`` (layer 0 the inputs, from 1 the model's layers; ``j`` from 1); None marks nothing."""
        self.sample = sample
        if self.marker is not None:
            self.marker.set_offsets(np.empty((0, 2)) if sample is None else self.X_train[sample:sample + 1])
        if neuron is None:
            self.network.select(None)
        else:
            layer, j = neuron
            self.network.select(layer, 0 if self.image is not None and layer == 0 else j - 1)

    def update(self, history: Mapping[str, Sequence[float | None]], title: str = "") -> None:
        """Put the model's current outputs and weights into the squares, lines and boundary, ``history`` into
        the curves and ``title`` above it all: data on the existing artists, nothing new."""
        from nn.train import predicted_classes

        weights = [layer.weight_matrix() for layer in self.model.layers]
        if self.image is None:
            layers = self.model.predict_layers(self.grid)
            out = layers[-1]
            classes = predicted_classes(out, self.model.activations[-1]).astype(int)
            shade = 1.0 - (1.0 - self.palette[classes]) * (0.35 + 0.65 * self._confidence(out))[:, None]
            self.boundary.set_data(shade.reshape(GRID, GRID, 3))
            columns = [self.grid, *layers]
            pictures = [[A[:, j].reshape(GRID, GRID) for j in range(A.shape[1])] for A in columns]
        else:
            pictures = self._image_pictures(weights)
        self.network.show(pictures, [_symmetric(column) for column in pictures])
        self.network.set_weights(weights)
        epochs = np.arange(1, len(history["loss"]) + 1)
        self.train_line.set_data(epochs, np.asarray(history["loss"], dtype=float))
        self.test_line.set_data(epochs, np.asarray([np.nan if v is None else v for v in history["test_loss"]],
                                                   dtype=float))
        if len(epochs):
            self.loss_ax.relim()
            self.loss_ax.autoscale_view()
        else:  # nothing trained yet: an empty chart of the first epochs, not axes around 0 ± 0,05
            self.loss_ax.set_xlim(0, 10, auto=True)  # auto: the curves rescale the axes once they come
            self.loss_ax.set_ylim(0, 1, auto=True)
        self.title.set_text(title)

    def _image_pictures(self, weights: Sequence[np.ndarray]) -> list[list[np.ndarray]]:
        """For images: the chosen sample, the first layer's weights as images, later layers' mean output per
        class on the test set (a row of five classes per line); and the test set's confusion matrix."""
        from nn.train import predicted_classes

        assert self.image is not None
        layers = self.model.predict_layers(self.X_test)
        k = self.classes
        predicted = predicted_classes(layers[-1], self.model.activations[-1]).astype(int)
        confusion = np.zeros((k, k))
        np.add.at(confusion, (self.y_test.astype(int), predicted), 1.0)
        self.boundary.set_data(confusion / np.maximum(confusion.sum(axis=1, keepdims=True), 1.0))
        accuracy = self.notation.number(float(np.mean(predicted == self.y_test)))
        self.boundary_ax.set_title(self.words["pg_confusion"].format(accuracy=accuracy), fontsize=_TEXT_PT)
        width = k if k <= 5 else -(-k // 2)
        means = np.full((len(layers), width * (1 if k <= 5 else 2), max(layer.shape[1] for layer in layers)), np.nan)
        for li, A in enumerate(layers):
            for c in range(k):
                rows = A[self.y_test == c]
                if len(rows):
                    means[li, c, :A.shape[1]] = rows.mean(axis=0)
        sample = self.X_train[self.sample or 0].reshape(self.image)
        first = weights[0]
        pictures = [[sample], [first[j].reshape(self.image) for j in range(first.shape[0])]]
        for li, A in enumerate(layers[1:], start=1):
            pictures.append([means[li, :, j].reshape(-1, width) for j in range(A.shape[1])])
        return pictures

    def _confidence(self, out: np.ndarray) -> np.ndarray:
        """How sure the model is at each grid point, in [0, 1] (the region's shade darkens with it)."""
        if out.shape[1] == 1:
            return np.asarray(np.tanh(np.abs(out[:, 0])), dtype=float)
        z = out - out.max(axis=1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return np.asarray((p.max(axis=1) - 1 / out.shape[1]) / (1 - 1 / out.shape[1]), dtype=float)

    def png(self, dpi: float | None = None, *, fast: bool = False) -> bytes:
        """The figure as PNG bytes at ``dpi`` (the default gives 1920 × 1080); ``fast`` compresses less (the
        live picture: a redraw is a third faster)."""
        self.figure.set_dpi(dpi or DPI)
        with matplotlib.rc_context({"axes.unicode_minus": True}):  # any number matplotlib writes: −, not -
            self.canvas.draw()  # type: ignore[no-untyped-call]
        buffer = io.BytesIO()
        pixels = np.asarray(self.canvas.buffer_rgba())[..., :3]  # type: ignore[no-untyped-call]
        Image.fromarray(pixels).save(buffer, format="png", compress_level=1 if fast else 6)
        return buffer.getvalue()
