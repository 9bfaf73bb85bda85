"""Training plots with matplotlib: loss/accuracy curves and a 2-D decision boundary.

The functions build a :class:`matplotlib.figure.Figure` directly (no ``pyplot``, so no global state
and no display needed), return it, and when given ``path`` also save it atomically (the format
follows the suffix: ``.png``, ``.svg``, ``.pdf``).  Both take the options of every picture,
``lang, decimal, precision``: titles and axes in English or Spanish (``lang="es"``), tick numbers
with the language's decimal mark (``0,5`` in Spanish) unless ``decimal`` is given.

A model and a history are read as :mod:`viz.model` describes (:class:`~viz.model.Model`,
:class:`~viz.model.History`); the classes a model predicts are :func:`nn.train.predicted_classes`'s.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from autograd.files import write_atomic
from autograd.text import Notation

from .model import History, Model, member
from .words import WORDS

__all__ = ["plot_decision_boundary", "plot_history", "save_figure"]


def _words(notation: Notation) -> dict[str, str]:
    """The plot words of :mod:`viz.words` (keys ``plot_*``), without their prefix."""
    return {key.removeprefix("plot_"): text for key, text in WORDS(notation.lang).items() if key.startswith("plot_")}


def _number_ticks(ax: Any, notation: Notation) -> None:
    fmt = FuncFormatter(lambda x, _pos: notation.number(x))
    ax.xaxis.set_major_formatter(fmt)
    ax.yaxis.set_major_formatter(fmt)


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Save ``fig`` to ``path`` atomically (:func:`autograd.files.write_atomic`); the format follows the suffix.

    Metadata dates are left out and SVG ids are salted with a fixed string, so the same figure gives
    the same bytes.
    """
    target = Path(path)
    fmt = target.suffix.lstrip(".").lower() or "png"
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}.get(fmt)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "pizarra"}):
        fig.savefig(buffer, format=fmt, metadata=metadata)
    return write_atomic(target, buffer.getvalue())


def plot_history(history: History | Mapping[str, Sequence[float | None]], path: str | Path | None = None, *,
                 lang: str = "en", decimal: str | None = None, precision: int = 4) -> Figure:
    """Loss (and, for classification, accuracy) per epoch, train and test.

    ``history`` is an :class:`nn.train.History` (any :class:`~viz.model.History`) or a dict with the
    lists ``loss``, ``accuracy``, ``test_loss``, ``test_accuracy`` (only ``loss`` is needed).
    ``lang, decimal, precision`` are the words and the tick numbers, as in every picture.
    """
    notation = Notation(lang, decimal, precision)
    w = _words(notation)
    lists = history if isinstance(history, Mapping) else member(history, "as_dict", "plot_history: history",
                                                                 call=True)

    def series(name: str) -> list[float | None]:
        return list(lists.get(name) or [])

    loss = series("loss")
    if not loss:
        raise ValueError("plot_history: the history has no epochs")
    accuracy = series("accuracy")
    with_acc = any(a is not None for a in accuracy)
    fig = Figure(figsize=(9 if with_acc else 5, 3.6), layout="constrained")
    axes = fig.subplots(1, 2 if with_acc else 1, squeeze=False)[0]
    epochs = np.arange(1, len(loss) + 1)
    panels = [("loss", "test_loss")] + ([("accuracy", "test_accuracy")] if with_acc else [])
    for ax, (train_key, test_key) in zip(axes, panels):
        for key, style, label in ((train_key, "-", w["train"]), (test_key, "--", w["test"])):
            ys = [np.nan if v is None else v for v in series(key)]
            if ys and not all(np.isnan(ys)):
                ax.plot(epochs[:len(ys)], ys, style, label=label)
        ax.set_xlabel(w["epoch"])
        ax.set_ylabel(w[train_key])
        ax.grid(alpha=0.3)
        ax.legend()
        _number_ticks(ax, notation)
    if path is not None:
        save_figure(fig, path)
    return fig


def plot_decision_boundary(model: Model, X: Any, y: Any, path: str | Path | None = None, resolution: int = 200, *,
                           lang: str = "en", decimal: str | None = None, precision: int = 4,
                           title: str | None = None) -> Figure:
    """The classes a 2-input model predicts over the plane, with the data points ``(X, y)`` on top.

    The classes are :func:`nn.train.predicted_classes` of the outputs (one output: class 1 above 0, or
    above 0.5 after a sigmoid; several: the argmax) and the points' :func:`nn.train.target_classes`.
    The grid is evaluated with ``model.predict_array`` (numpy, no graph), so it is fast.
    ``lang, decimal, precision`` are the words and the tick numbers, as in every picture.
    """
    from nn.arrays import as_samples
    from nn.train import predicted_classes, target_classes

    notation = Notation(lang, decimal, precision)
    w = _words(notation)
    P = as_samples(X, 2, "plot_decision_boundary")
    labels = np.asarray(y)
    if len(labels) != len(P):
        raise ValueError(f"plot_decision_boundary: X has {len(P)} rows but y has {len(labels)} labels")
    if resolution < 2:
        raise ValueError(f"plot_decision_boundary: resolution must be ≥ 2, got {resolution}")
    pad = 0.5
    xs = np.linspace(P[:, 0].min() - pad, P[:, 0].max() + pad, resolution)
    ys = np.linspace(P[:, 1].min() - pad, P[:, 1].max() + pad, resolution)
    gx, gy = np.meshgrid(xs, ys)
    out = model.predict_array(np.column_stack([gx.ravel(), gy.ravel()]))
    classes = predicted_classes(out, model.activations[-1])
    point_classes = np.asarray(target_classes(labels, model.nout)).astype(int)
    n_classes = max(int(classes.max()), int(point_classes.max())) + 1
    fig = Figure(figsize=(5, 4.5), layout="constrained")
    ax = fig.subplots()
    levels = np.arange(n_classes + 1) - 0.5
    ax.contourf(gx, gy, classes.reshape(gx.shape), levels=levels, cmap="coolwarm", alpha=0.35)
    scatter = ax.scatter(P[:, 0], P[:, 1], c=point_classes, cmap="coolwarm", vmin=0, vmax=max(n_classes - 1, 1),
                         s=18, edgecolors="k", linewidths=0.4)
    handles, _names = scatter.legend_elements()
    ax.legend(handles, [f"{w['class']} {n}" for n in _present(point_classes)], loc="best", fontsize="small")
    ax.set_title(title if title is not None else w["boundary"])
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    _number_ticks(ax, notation)
    if path is not None:
        save_figure(fig, path)
    return fig


def _present(classes: Sequence[int] | np.ndarray) -> list[int]:
    return sorted({int(c) for c in np.asarray(classes).tolist()})
