"""Worked examples for ``make demo``: the course's single ReLU neuron, drawn and stepped through, and
micrograd's two-moons MLP, trained with a progress bar and plotted.

The neuron of the notes: ``W = (4, 2, −5)``, ``b = 7``, ``x = (1, 0, 2)``, ``y = 5``,
``ŷ = ReLU(W·x + b) = 1`` and ``L = ½(ŷ − y)² = 8``; backprop gives ``dz = −4``, ``db = −4``,
``dW = dz·xᵀ = (−4, 0, −8)`` and ``dx = wᵀ·dz = (−16, −8, 20)``.
"""

from __future__ import annotations

import os
from pathlib import Path

from autograd import Trace, Value, trace_backward
from autograd.files import write_atomic
from nn import MLP, data, optim, train

from .draw import draw
from .plots import plot_decision_boundary, plot_history

__all__ = ["demo_moons", "demo_trace_and_diagram", "relu_neuron"]


def relu_neuron() -> tuple[Value, dict[str, Value]]:
    """The seed-004 neuron built from labelled scalars: returns ``(L, {label: Value})``."""
    xs = [Value(v, label=f"x{i + 1}") for i, v in enumerate((1.0, 0.0, 2.0))]
    ws = [Value(v, label=f"w{i + 1}") for i, v in enumerate((4.0, 2.0, -5.0))]
    b = Value(7.0, label="b")
    z = ws[0] * xs[0] + ws[1] * xs[1] + ws[2] * xs[2] + b
    z.label = "z"
    y_hat = z.relu()
    y_hat.label = "ŷ"
    loss = 0.5 * (y_hat - 5.0) ** 2
    loss.label = "L"
    nodes = {v.label: v for v in (*xs, *ws, b, z, y_hat, loss)}
    return loss, nodes


def demo_trace_and_diagram(out_dir: str | os.PathLike[str], lang: str = "es", decimal: str = ",") -> list[Path]:
    """Write the neuron's diagram (``neurona_relu.dot`` and ``.svg``) and step table (``.md``) to ``out_dir``.

    The SVG needs graphviz's ``dot``; without it a clear ``graphviz.ExecutableNotFound`` is raised
    after the DOT and Markdown files are written.  Returns the paths written, in that order.
    """
    out = Path(out_dir)
    loss, _ = relu_neuron()
    steps: Trace = trace_backward(loss)
    graph = draw(loss, lang=lang, decimal=decimal, color_by="grad",
                 title="L = ½·(ReLU(w·x + b) − y)²,  y = 5")
    table = steps.to_markdown(lang=lang, decimal=decimal)
    heading = "# Neurona ReLU: paso a paso\n\n" if lang == "es" else "# ReLU neuron: step by step\n\n"
    written = [write_atomic(out / "neurona_relu.dot", graph.source),
               write_atomic(out / "neurona_relu_pasos.md", heading + table + "\n")]
    svg = graph.pipe(format="svg", encoding="utf-8")
    written.append(write_atomic(out / "neurona_relu.svg", svg))
    return written


def demo_moons(out_dir: str | Path = "out", quiet: bool = False, lang: str = "en",
               decimal: str = ".") -> dict[str, Path]:
    """Train ``MLP(2, [16, 16, 1])`` (ReLU, linear output) on 100 two-moons points with the hinge loss.

    Full-batch SGD with micrograd's schedule ``lr = 1 − 0.9·k/100``, stopping at 100% training
    accuracy.  Writes ``moons_boundary.png`` and ``moons_loss.png`` into ``out_dir`` and returns their
    paths (keys ``"boundary"`` and ``"loss"``) plus the saved model (``"model"``, JSON).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    X, y = data.moons(100, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], activation="relu", seed=0)
    history = train.fit(model, X, y, loss="hinge", l2=1e-4, epochs=100, target_accuracy=1.0,
                        optimizer=optim.SGD(lr=optim.LinearDecay(1.0, 0.1, 100)), quiet=quiet)
    if not quiet:
        print(f"moons: {history.epochs} epochs, loss {history.loss[-1]:.4f}, "
              f"training accuracy {train.accuracy(model, X, y):.0%}")
    paths = {
        "boundary": out / "moons_boundary.png",
        "loss": out / "moons_loss.png",
        "model": out / "moons_model.json",
    }
    plot_decision_boundary(model, X, y, paths["boundary"], lang=lang, decimal=decimal)
    plot_history(history, paths["loss"], lang=lang, decimal=decimal)
    model.save(paths["model"])
    return paths
