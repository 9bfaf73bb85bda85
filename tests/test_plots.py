"""Training plots: loss/accuracy curves and decision boundaries, returned as Figures and saved atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nn import MLP, data, train
from viz.plots import plot_decision_boundary, plot_history

PNG = b"\x89PNG\r\n\x1a\n"


def history() -> train.History:
    h = train.History()
    h.loss += [1.0, 0.6, 0.3]
    h.accuracy += [0.5, 0.75, 1.0]
    h.test_loss += [1.1, 0.8, 0.5]
    h.test_accuracy += [0.4, 0.7, 0.9]
    return h


def test_plot_history_curves(tmp_path: Path) -> None:
    fig = plot_history(history(), tmp_path / "loss.png")
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    loss_ax, acc_ax = fig.axes
    lines = {ln.get_label(): ln.get_ydata().tolist() for ln in loss_ax.get_lines()}
    assert lines == {"train": [1.0, 0.6, 0.3], "test": [1.1, 0.8, 0.5]}
    assert [ln.get_ydata().tolist() for ln in acc_ax.get_lines()] == [[0.5, 0.75, 1.0], [0.4, 0.7, 0.9]]
    assert loss_ax.get_xlabel() == "epoch" and acc_ax.get_ylabel() == "accuracy"
    assert (tmp_path / "loss.png").read_bytes().startswith(PNG)


def test_plot_history_regression_and_spanish(tmp_path: Path) -> None:
    fig = plot_history({"loss": [0.5, 0.25], "accuracy": [None, None]}, lang="es", decimal=",")
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_xlabel() == "época" and ax.get_ylabel() == "costo"
    assert ax.yaxis.get_major_formatter()(0.25, 0) == "0,25"
    with pytest.raises(ValueError, match="no epochs"):
        plot_history({"loss": []})
    with pytest.raises(ValueError, match="unknown language"):
        plot_history({"loss": [1.0]}, lang="fr")


def test_decision_boundary_regions_follow_the_model(tmp_path: Path) -> None:
    # class 1 exactly where x₁ > 0: the left of the plane is class 0 (blue), the right class 1 (red)
    net = MLP.from_weights([[[1.0, 0.0]]], [[0.0]], activations="linear")
    X = np.array([[-1.0, 0.0], [1.0, 1.0], [2.0, -1.0]])
    fig = plot_decision_boundary(net, X, [0, 1, 1], tmp_path / "b.svg", resolution=21, title="t")
    ax = fig.axes[0]
    assert ax.get_title() == "t"
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())

    def rgb(x: float, y: float) -> np.ndarray:
        px, py = ax.transData.transform((x, y))
        return pixels[int(pixels.shape[0] - py), int(px)][:3].astype(int)

    left, right = rgb(-1.3, -1.2), rgb(2.3, -0.2)  # away from the points and the legend
    assert left[2] > left[0] + 20 and right[0] > right[2] + 20
    svg = (tmp_path / "b.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    # no dates, fixed ids: the same figure built again gives the same bytes
    plot_decision_boundary(net, X, [0, 1, 1], tmp_path / "c.svg", resolution=21, title="t")
    assert (tmp_path / "c.svg").read_text() == svg
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.svg", "c.svg"]  # no temporary files left


def test_decision_boundary_multiclass_spanish() -> None:
    X, y = data.blobs(30, centers=3, seed=0)
    net = MLP(2, [3], output_activation="softmax", seed=0)
    fig = plot_decision_boundary(net, X, y, resolution=30, lang="es")
    ax = fig.axes[0]
    assert ax.get_title() == "frontera de decisión"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["clase 0", "clase 1", "clase 2"]


def test_decision_boundary_bad_input() -> None:
    net = MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        plot_decision_boundary(net, np.zeros((3, 3)), [0, 1, 0])
    with pytest.raises(ValueError, match="3 rows but y has 2"):
        plot_decision_boundary(net, np.zeros((3, 2)), [0, 1])


def test_decision_boundary_classes_are_nn_trains(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, Any]] = []
    predicted, target = train.predicted_classes, train.target_classes

    def spy_predicted(outputs: Any, output_activation: str = "linear") -> np.ndarray:
        calls.append(("predicted", output_activation))
        return predicted(outputs, output_activation)

    def spy_target(y: Any, nout: int) -> np.ndarray:
        calls.append(("target", nout))
        return target(y, nout)

    monkeypatch.setattr(train, "predicted_classes", spy_predicted)
    monkeypatch.setattr(train, "target_classes", spy_target)
    net = MLP.from_weights([[[4.0, 0.0]]], [[-2.0]], activations="sigmoid")   # class 1 where x₁ > 0.5
    X = np.array([[0.0, 0.0], [1.0, 0.0], [1.5, 1.0]])
    fig = plot_decision_boundary(net, X, [-1, 1, 1], resolution=21)           # labels −1/+1 read as 0/1
    assert calls == [("predicted", "sigmoid"), ("target", 1)]
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["class 0", "class 1"]
    with pytest.raises(ValueError, match="plot_decision_boundary: X must hold numbers only"):
        plot_decision_boundary(net, [[0.0, "1"]], [1])
