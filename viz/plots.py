"""Training plots with matplotlib, made for a projector: loss/accuracy curves, labelled data, decision boundaries.

Each helper builds a :class:`matplotlib.figure.Figure` directly (no ``pyplot``, so no global state
and no display needed) and returns it; given ``path`` it also saves it atomically (the format follows
the suffix: ``.png``, ``.svg``, ``.pdf``).  Every helper takes:

* ``notation`` — the option of every picture, a :class:`~autograd.text.Notation` or a language code:
  titles, axes and legends in English or Spanish (``notation="es"``: "época", "costo", "entrenamiento",
  "prueba", "frontera de decisión", "clase"), tick numbers with the language's decimal mark (``0,5`` in
  Spanish) unless the Notation's ``decimal`` says otherwise;
* ``ax`` — a matplotlib ``Axes`` to draw into instead of a new figure (for a grid of plots on one
  slide, see :func:`projector_figure`); the helper then returns the figure that holds that axes;
* ``dpi`` — pixels per inch.  A new figure is 12.8 × 7.2 inches (16:9) at 150 dpi, 1920 × 1080
  pixels, the size of a projector; with ``ax`` the given figure keeps its own dpi and ``dpi`` only
  sets the resolution of the file written to ``path``.  An ``.svg`` or ``.pdf`` path is vector, sharp
  at any size.

The text is set in points large enough to read from the back of a room on a 1920 × 1080 projector
(:data:`FONT_PT`, :data:`TITLE_PT`), and the classes take the colour-blind-safe qualitative palette of
Okabe & Ito (:data:`CLASS_COLORS`) with a marker of their own, the regions of a decision boundary
in lighter shades of the same colours.

A model and a history are read as :mod:`viz.model` describes (:class:`~viz.model.Model`,
:class:`~viz.model.History`); the classes a model predicts are :func:`nn.train.predicted_classes`'s.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from autograd.files import write_atomic
from autograd.text import Notation, NotationLike, as_notation

from .errors import VizError, VizTypeError
from .model import History, Model, member
from .style import mix
from .words import WORDS

__all__ = [
    "CLASS_COLORS", "CLASS_MARKERS", "DPI", "FIGSIZE", "FONT_PT", "REGION_SHADE", "TITLE_PT", "class_color",
    "number_ticks",
    "plot_data", "plot_decision_boundary", "plot_history", "projector_figure", "region_color", "save_figure",
]

#: The size of a new figure, in inches: 16:9, like a projector's screen.
FIGSIZE = (12.8, 7.2)
#: Pixels per inch of a new figure: ``FIGSIZE`` at this resolution is 1920 × 1080 pixels.
DPI = 150.0
#: Points of the axis labels, tick labels and legends (1/45 of the figure's height: readable projected).
FONT_PT = 16.0
#: Points of the titles.
TITLE_PT = 20.0
#: Okabe & Ito's colour-blind-safe qualitative palette, in the order the classes take it: blue,
#: vermillion, bluish green, reddish purple, orange, sky blue, yellow, black.
CLASS_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000")
#: The marker of each class (seven, so classes past the eighth still differ from the first ones).
CLASS_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
#: How much of its class's colour a decision region has, over white.
REGION_SHADE = 0.35
#: A decision boundary is drawn to scale (a circle looks round) when its two ranges differ less than this.
_EQUAL_ASPECT_UP_TO = 4.0


def class_color(k: int) -> str:
    """The colour of class ``k`` (``#rrggbb``): :data:`CLASS_COLORS`, again from the start past the eighth."""
    return CLASS_COLORS[k % len(CLASS_COLORS)]


def region_color(k: int) -> str:
    """The colour of class ``k``'s region in a decision boundary: a lighter shade of :func:`class_color`."""
    return mix(class_color(k), REGION_SHADE)


def projector_figure(ncols: int = 1, nrows: int = 1, *, dpi: float | None = None) -> tuple[Figure, list[Axes]]:
    """A new 16:9 figure (:data:`FIGSIZE`, 1920 × 1080 pixels at the default ``dpi``) with a grid of axes.

    Returns ``(figure, axes)``, the axes in reading order (left to right, then down): pass them to
    the plot helpers' ``ax=`` to put several plots on one slide, and save the figure with
    :func:`save_figure`.
    """
    if ncols < 1 or nrows < 1:
        raise VizError(f"projector_figure: ncols and nrows must be at least 1, got {ncols} and {nrows}")
    fig = Figure(figsize=FIGSIZE, dpi=_dpi(dpi, "projector_figure") or DPI, layout="constrained")
    return fig, list(fig.subplots(nrows, ncols, squeeze=False).ravel())


def save_figure(fig: Figure, path: str | Path, *, dpi: float | None = None) -> Path:
    """Save ``fig`` to ``path`` atomically (:func:`autograd.files.write_atomic`); the format follows the suffix.

    ``dpi`` is the resolution of a PNG (default: the figure's own).  Metadata dates are left out and
    SVG ids are salted with a fixed string, so the same figure gives the same bytes.  Any number matplotlib
    writes itself gets the real minus sign (``axes.unicode_minus``), like those :func:`number_ticks` writes.
    """
    target = Path(path)
    fmt = target.suffix.lstrip(".").lower() or "png"
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}.get(fmt)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "pizarra", "axes.unicode_minus": True}):
        fig.savefig(buffer, format=fmt, metadata=metadata, dpi=_dpi(dpi, "save_figure") or "figure")
    return write_atomic(target, buffer.getvalue())


def plot_history(history: History | Mapping[str, Sequence[float | None]], path: str | Path | None = None, *,
                 notation: NotationLike = None, ax: Axes | Sequence[Axes] | None = None, dpi: float | None = None,
                 **old: object) -> Figure:
    """Loss (and, for classification, accuracy) per epoch, train and test.

    ``history`` is an :class:`nn.train.History` (any :class:`~viz.model.History`) or a dict with the
    lists ``loss``, ``accuracy``, ``test_loss``, ``test_accuracy`` (only ``loss`` is needed).  A new
    figure has one panel per curve kind (loss; loss and accuracy).  ``ax`` is one Axes (the loss
    only) or a sequence of one or two (the loss, then the accuracy).  Returns the figure drawn into.
    ``notation, ax, dpi`` are as in every plot (:mod:`viz.plots`).
    """
    notation = as_notation(notation, old, where="plot_history")
    w = _words(notation)
    lists = history if isinstance(history, Mapping) else member(history, "as_dict", "plot_history: history",
                                                                 call=True)

    def series(name: str) -> list[float | None]:
        return list(lists.get(name) or [])

    loss = series("loss")
    if not loss:
        raise VizError("plot_history: the history has no epochs")
    with_acc = any(a is not None for a in series("accuracy"))
    panels = [("loss", "test_loss")] + ([("accuracy", "test_accuracy")] if with_acc else [])
    if ax is not None:
        given = _axes_list(ax)
        if not 1 <= len(given) <= len(panels):
            raise VizError(f"plot_history: ax must be 1 to {len(panels)} Axes for this history "
                           f"({' and '.join(w[train] for train, _ in panels)}), got {len(given)}")
        panels = panels[:len(given)]
    fig, axes = _figure(ax, len(panels), dpi, "plot_history")
    epochs = np.arange(1, len(loss) + 1)
    for panel, (train_key, test_key) in zip(axes, panels):
        for key, style, color, label in ((train_key, "-", class_color(0), w["train"]),
                                         (test_key, "--", class_color(1), w["test"])):
            ys = [np.nan if v is None else v for v in series(key)]
            if ys and not all(np.isnan(ys)):
                panel.plot(epochs[:len(ys)], ys, style, color=color, linewidth=2.5, label=label)
        panel.set_xlabel(w["epoch"], fontsize=FONT_PT)
        panel.set_ylabel(w[train_key], fontsize=FONT_PT)
        panel.grid(alpha=0.3)
        panel.legend(fontsize=FONT_PT)
        _style(panel, notation)
    _save(fig, path, dpi)
    return fig


def plot_data(X: Any, y: Any, path: str | Path | None = None, *, notation: NotationLike = None,
              ax: Axes | None = None, dpi: float | None = None, title: str | None = None, legend: bool = True,
              **old: object) -> Figure:
    """The points of a 2-D data set, each class in its colour and marker, with a legend ("class 0", …).

    ``X`` has shape ``(N, 2)``; ``y`` holds ``N`` class labels: integers 0, 1, 2, … (or binary −1/+1,
    read as :func:`nn.train.target_classes` reads them).  Returns the figure drawn into.
    ``notation, ax, dpi`` are as in every plot (:mod:`viz.plots`); ``legend=False``
    leaves the legend out (the panels of a grid can share one: a class has the same colour in each).
    """
    from nn.arrays import as_samples
    from nn.train import target_classes

    notation = as_notation(notation, old, where="plot_data")
    P = as_samples(X, 2, "plot_data")
    labels = _labels(y, len(P), "plot_data")
    if not np.all(labels == np.round(labels)):
        raise VizError(f"plot_data: y must hold whole class numbers, got {labels[labels != np.round(labels)][0]}")
    classes = np.asarray(target_classes(labels, 1 if labels.min(initial=0) < 0 else 2)).astype(int)
    fig, (panel,) = _figure(ax, 1, dpi, "plot_data")
    _points(panel, P, classes, _words(notation), legend)
    _to_scale(panel, P, "datalim")  # the points keep the panel's shape: the limits grow to fill it
    if title is not None:
        panel.set_title(title, fontsize=TITLE_PT)
    _style(panel, notation)
    _save(fig, path, dpi)
    return fig


def plot_decision_boundary(model: Model, X: Any, y: Any, path: str | Path | None = None, resolution: int = 200, *,
                           notation: NotationLike = None, ax: Axes | None = None, dpi: float | None = None,
                           title: str | None = None, legend: bool = True, **old: object) -> Figure:
    """The classes a 2-input model predicts over the plane, with the data points ``(X, y)`` on top.

    The classes are :func:`nn.train.predicted_classes` of the outputs (one output: class 1 above 0, or
    above 0.5 after a sigmoid; several: the argmax) and the points' :func:`nn.train.target_classes`.
    Each region is a lighter shade of its class's point colour (:func:`region_color`).  The grid is
    evaluated with ``model.predict_array`` (numpy, no graph), so it is fast.  The plane is drawn to
    scale unless one input's range is over 4 times the other's.  Returns the figure drawn into.
    ``notation, ax, dpi`` are as in every plot (:mod:`viz.plots`); ``title`` replaces
    "decision boundary"; ``legend=False`` leaves the legend of the classes out, as in :func:`plot_data`.
    """
    from nn.arrays import as_samples
    from nn.train import predicted_classes, target_classes

    notation = as_notation(notation, old, where="plot_decision_boundary")
    w = _words(notation)
    P = as_samples(X, 2, "plot_decision_boundary")
    labels = _labels(y, len(P), "plot_decision_boundary")
    if resolution < 2:
        raise VizError(f"plot_decision_boundary: resolution must be ≥ 2, got {resolution}")
    pad = 0.5
    xs = np.linspace(P[:, 0].min() - pad, P[:, 0].max() + pad, resolution)
    ys = np.linspace(P[:, 1].min() - pad, P[:, 1].max() + pad, resolution)
    gx, gy = np.meshgrid(xs, ys)
    out = model.predict_array(np.column_stack([gx.ravel(), gy.ravel()]))
    classes = predicted_classes(out, model.activations[-1])
    point_classes = np.asarray(target_classes(labels, model.nout)).astype(int)
    n_classes = max(int(classes.max()), int(point_classes.max())) + 1
    fig, (panel,) = _figure(ax, 1, dpi, "plot_decision_boundary")
    panel.contourf(gx, gy, classes.reshape(gx.shape), levels=np.arange(n_classes + 1) - 0.5,
                   colors=[region_color(k) for k in range(n_classes)])
    _points(panel, P, point_classes, w, legend)
    _to_scale(panel, P, "box")  # the regions fill the plot: its box takes the plane's shape
    panel.set_title(title if title is not None else w["boundary"], fontsize=TITLE_PT)
    _style(panel, notation)
    _save(fig, path, dpi)
    return fig


# --- shared by the plots ------------------------------------------------------------------------------

def _words(notation: Notation) -> dict[str, str]:
    """The plot words of :mod:`viz.words` (keys ``plot_*``), without their prefix."""
    return {key.removeprefix("plot_"): text for key, text in WORDS(notation.lang).items() if key.startswith("plot_")}


def _dpi(dpi: float | None, what: str) -> float | None:
    if dpi is not None and not dpi > 0:
        raise VizError(f"{what}: dpi must be a positive number of pixels per inch, got {dpi}")
    return dpi


def _figure(ax: Axes | Sequence[Axes] | None, count: int, dpi: float | None, what: str) -> tuple[Figure, list[Axes]]:
    """``count`` axes to draw into: a new :func:`projector_figure`'s, or the given ones, with their figure."""
    _dpi(dpi, what)
    if ax is None:
        return projector_figure(count, dpi=dpi)
    given = _axes_list(ax)
    if not all(isinstance(a, Axes) for a in given):
        raise VizTypeError(f"{what}: ax must be a matplotlib Axes, got {', '.join(type(a).__name__ for a in given)}")
    figures = {id(_root(a)) for a in given}
    if len(figures) != 1:
        raise VizError(f"{what}: the axes given belong to {len(figures)} figures; give axes of one figure")
    return _root(given[0]), given


def _axes_list(ax: Axes | Sequence[Axes]) -> list[Axes]:
    """One Axes, or a sequence (a list, a numpy array from ``subplots``) of them, as a list."""
    return list(ax) if isinstance(ax, (Sequence, np.ndarray)) else [ax]


def _root(ax: Axes) -> Figure:
    """The figure an axes is drawn in (through a subfigure, if it is in one)."""
    fig = ax.figure
    return fig if isinstance(fig, Figure) else fig.figure  # a SubFigure's .figure is its root Figure


def _save(fig: Figure, path: str | Path | None, dpi: float | None) -> None:
    if path is not None:
        save_figure(fig, path, dpi=dpi)


def number_ticks(ax: Axes, notation: Notation) -> None:
    """Write ``ax``'s tick numbers through ``notation`` (``0,5`` and ``−0,5`` in Spanish)."""
    fmt = FuncFormatter(lambda x, _pos: notation.number(x))
    ax.xaxis.set_major_formatter(fmt)
    ax.yaxis.set_major_formatter(fmt)


def _style(ax: Axes, notation: Notation) -> None:
    """Tick numbers through ``notation`` (``0,5`` in Spanish), in :data:`FONT_PT` points."""
    number_ticks(ax, notation)
    ax.tick_params(labelsize=FONT_PT)


def _labels(y: Any, n: int, what: str) -> np.ndarray:
    """``y`` as one number per row of ``X`` (a column of shape ``(N, 1)`` is read as ``(N,)``)."""
    labels = np.asarray(y)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.ndim != 1:
        raise VizError(f"{what}: y must be one label per row, shape (N,), got shape {labels.shape}")
    if len(labels) != n:
        raise VizError(f"{what}: X has {n} rows but y has {len(labels)} labels")
    if labels.dtype.kind not in "biuf":
        raise VizError(f"{what}: y must hold numbers, got {labels.dtype} values such as {labels.tolist()[0]!r}")
    return labels


def _to_scale(ax: Axes, P: np.ndarray, adjustable: Literal["box", "datalim"]) -> None:
    """One unit is as long across as up (a circle looks round), unless one input's range is far wider."""
    spans = np.ptp(P, axis=0)
    if max(spans) < _EQUAL_ASPECT_UP_TO * min(spans):
        ax.set_aspect("equal", adjustable=adjustable)


def _points(ax: Axes, P: np.ndarray, classes: np.ndarray, w: Mapping[str, str], legend: bool) -> None:
    """The data points, each class with its colour and marker, and their legend beside the plot."""
    for k in sorted({int(c) for c in classes.tolist()}):
        mine = classes == k
        ax.scatter(P[mine, 0], P[mine, 1], color=class_color(k), marker=CLASS_MARKERS[k % len(CLASS_MARKERS)],
                   s=70, edgecolors="black", linewidths=0.8, label=f"{w['class']} {k}", zorder=3)
    if legend:
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=FONT_PT, handletextpad=0.2,
                  borderaxespad=0.3, frameon=False)
    ax.set_xlabel("x₁", fontsize=FONT_PT)
    ax.set_ylabel("x₂", fontsize=FONT_PT)
