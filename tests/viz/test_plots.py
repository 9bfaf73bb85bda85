"""Training plots: curves, data and decision boundaries, as Figures for a projector, saved atomically."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import matplotlib.colors
import numpy as np
import PIL.Image
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from autograd.text import Notation
from nn import MLP, data, optim, train
from viz import plots
from viz.plots import plot_data, plot_decision_boundary, plot_history

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
    fig = plot_history({"loss": [0.5, 0.25], "accuracy": [None, None]}, notation=Notation("es", decimal=","))
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_xlabel() == "época" and ax.get_ylabel() == "costo"
    assert ax.yaxis.get_major_formatter()(0.25, 0) == "0,25"
    with pytest.raises(ValueError, match="no epochs"):
        plot_history({"loss": []})
    with pytest.raises(ValueError, match="unknown language"):
        plot_history({"loss": [1.0]}, notation="fr")


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
    fig = plot_decision_boundary(net, X, y, resolution=30, notation="es")
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


# --- for a projector: size, fonts, colours, ax=, Spanish ---------------------------------------------

ENGLISH = ("epoch", "loss", "train", "test", "accuracy", "decision boundary", "class")


def spiral_model() -> tuple[MLP, np.ndarray, np.ndarray]:
    X, y = data.spiral(30, classes=3, noise=0.1, seed=0)
    net = MLP(2, [8, 3], activation="tanh", output_activation="linear", seed=1)
    train.fit(net, X, y, loss="cross_entropy", optimizer=optim.Adam(lr=0.05), epochs=30, batch_size=10, quiet=True,
              seed=0)
    return net, X, y


def every_plot(**options: Any) -> dict[str, Figure]:
    """Each plot helper, drawn with ``options``: curves with test data and accuracy, data, a 3-class boundary."""
    net, X, y = spiral_model()
    return {"plot_history": plot_history(history(), **options),
            "plot_data": plot_data(X, y, title="t", **options),
            "plot_decision_boundary": plot_decision_boundary(net, X, y, resolution=40, **options)}


def texts(fig: Figure) -> list[Text]:
    """Every text the figure shows once drawn: titles, axis labels, tick labels, legend entries."""
    FigureCanvasAgg(fig).draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def test_the_plot_helpers_take_the_picture_options_then_ax_and_dpi() -> None:
    helpers = [getattr(plots, name) for name in plots.__all__ if name.startswith("plot_")]
    assert [h.__name__ for h in helpers] == ["plot_data", "plot_decision_boundary", "plot_history"]
    for helper in helpers:
        params = inspect.signature(helper).parameters
        names = list(params)
        start = names.index("notation")
        assert names[start:start + 3] == ["notation", "ax", "dpi"], helper.__name__
        assert all(params[n].kind is inspect.Parameter.KEYWORD_ONLY for n in names[start:start + 3])
        assert [params[n].default for n in names[start:start + 3]] == [None, None, None]


def test_every_plot_is_a_1920_by_1080_png_with_fonts_read_from_the_back(tmp_path: Path) -> None:
    for name, fig in every_plot(notation="es").items():
        assert tuple(fig.get_size_inches() * fig.dpi) == (1920, 1080), name
        plots.save_figure(fig, tmp_path / f"{name}.png")
        with PIL.Image.open(tmp_path / f"{name}.png") as png:
            assert png.size == (1920, 1080), name
        shown = texts(fig)
        assert len(shown) >= 10, name
        small = [(t.get_text(), t.get_fontsize()) for t in shown if t.get_fontsize() < 14]
        assert not small, f"{name}: text under 14 pt: {small}"
        titles = [t for t in shown if t in {ax.title for ax in fig.axes}]
        assert all(t.get_fontsize() >= plots.TITLE_PT for t in titles), name


def test_dpi_sets_the_pixels_and_an_svg_path_writes_vectors(tmp_path: Path) -> None:
    fig = plot_history(history(), tmp_path / "h.png", dpi=100)
    with PIL.Image.open(tmp_path / "h.png") as png:
        assert png.size == (1280, 720)
    assert fig.dpi == 100
    plot_data([[0.0, 0.0], [1.0, 1.0]], [0, 1], tmp_path / "d.svg")
    assert "<svg" in (tmp_path / "d.svg").read_text() and "<image" not in (tmp_path / "d.svg").read_text()
    for bad in (0, -5.0):
        with pytest.raises(ValueError, match=f"plot_history: dpi must be a positive number.*got {bad}"):
            plot_history(history(), dpi=bad)
    with pytest.raises(ValueError, match="projector_figure: ncols and nrows must be at least 1, got 0 and 1"):
        plots.projector_figure(0)


def lab(color: str) -> np.ndarray:
    """CIELAB (D65) of an ``#rrggbb`` colour: distances in it follow what eyes tell apart."""
    rgb = np.array([int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    f = np.cbrt(xyz / np.array([0.95047, 1.0, 1.08883]))
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_class_colours_are_far_apart_and_regions_are_their_lighter_shades() -> None:
    points = [plots.class_color(k) for k in range(len(plots.CLASS_COLORS))]
    regions = [plots.region_color(k) for k in range(len(plots.CLASS_COLORS))]
    # ΔE in CIELAB: 2.3 is "just noticeable"; the classes of a lesson (up to five) are much further apart
    for colors, least in ((points[:5], 30.0), (points, 25.0), (regions[:5], 12.0)):
        for i in range(len(colors)):
            for j in range(i):
                assert np.linalg.norm(lab(colors[i]) - lab(colors[j])) >= least, (colors[i], colors[j])
    for k, (point, region) in enumerate(zip(points, regions)):   # lighter: the points stand out on their region
        assert lab(region)[0] > lab(point)[0] + (15 if k < 5 else 5), k
    assert plots.class_color(len(plots.CLASS_COLORS)) == points[0]
    assert plots.CLASS_MARKERS[0] != plots.CLASS_MARKERS[len(plots.CLASS_COLORS) % len(plots.CLASS_MARKERS)]


def test_three_classes_show_in_their_colours_points_and_regions() -> None:
    net, X, y = spiral_model()
    fig = plot_decision_boundary(net, X, y, resolution=60, dpi=50)
    ax = fig.axes[0]
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    faces = [matplotlib.colors.to_hex(s.get_facecolor()[0]) for s in scatters]
    assert faces == [plots.class_color(k) for k in range(3)]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1", "class 2"]
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3].reshape(-1, 3).astype(int)
    for k in range(3):   # each class's region covers a good part of the picture, in its own shade
        shade = np.array([int(plots.region_color(k)[i:i + 2], 16) for i in (1, 3, 5)])
        share = np.mean(np.abs(pixels - shade).max(axis=1) <= 3)
        assert share > 0.04, (k, share)


def test_ax_draws_into_the_given_axes_and_returns_its_figure(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    monkeypatch.setattr(plots, "projector_figure", lambda *a, **k: pytest.fail("a new figure was made"))
    net, X, y = spiral_model()
    fig = Figure(figsize=(8, 3), dpi=72)
    left, middle, right = fig.subplots(1, 3)
    assert plot_decision_boundary(net, X, y, resolution=20, ax=left, title="a") is fig
    assert plot_data(X, y, ax=middle, notation="es", path=tmp_path / "grid.png", dpi=100) is fig
    assert left.get_title() == "a" and len(left.collections) >= 4 and len(middle.collections) == 3
    assert middle.get_legend().get_texts()[2].get_text() == "clase 2"
    assert not right.has_data() and fig.axes == [left, middle, right] and fig.dpi == 72
    with PIL.Image.open(tmp_path / "grid.png") as png:       # dpi= sets the file's pixels, not the figure's
        assert png.size == (800, 300)
    two = Figure().subplots(1, 2)
    assert plot_history(history(), ax=two).axes == list(two)
    assert [ax.get_ylabel() for ax in two] == ["loss", "accuracy"]
    one = Figure().subplots()
    plot_history(history(), ax=one)
    assert one.get_ylabel() == "loss" and len(one.get_lines()) == 2


def test_ax_mistakes_are_named() -> None:
    with pytest.raises(ValueError, match=r"plot_history: ax must be 1 to 1 Axes for this history \(loss\), got 2"):
        plot_history({"loss": [1.0, 0.5]}, ax=Figure().subplots(1, 2))
    with pytest.raises(ValueError, match="plot_history: the axes given belong to 2 figures"):
        plot_history(history(), ax=[Figure().subplots(), Figure().subplots()])
    with pytest.raises(TypeError, match="plot_data: ax must be a matplotlib Axes, got Figure"):
        plot_data([[0.0, 0.0]], [0], ax=Figure())  # type: ignore[arg-type]
    sub = Figure().subfigures(1, 2)[1]
    assert plot_data([[0.0, 0.0]], [0], ax=sub.subplots()) is sub.figure   # the root figure, which saves


def test_plot_data_labels() -> None:
    fig = plot_data([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]], [-1, 1, 1], notation="es")   # −1/+1 read as 0/1
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["clase 0", "clase 1"]
    assert fig.axes[0].get_title() == ""
    with pytest.raises(ValueError, match=r"plot_data: y must hold whole class numbers, got 0\.5"):
        plot_data([[0.0, 0.0], [1.0, 1.0]], [0, 0.5])
    with pytest.raises(ValueError, match="plot_data: X has 2 rows but y has 1 labels"):
        plot_data([[0.0, 0.0], [1.0, 1.0]], [0])
    with pytest.raises(ValueError, match=r"plot_data: y must be one label per row, shape \(N,\), got shape \(2, 2\)"):
        plot_data([[0.0, 0.0], [1.0, 1.0]], [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="plot_data: y must hold numbers, got <U1 values such as 'a'"):
        plot_data([[0.0, 0.0]], ["a"])


def test_the_plane_is_drawn_to_scale_unless_one_range_is_far_wider() -> None:
    net, X, y = spiral_model()
    assert plot_decision_boundary(net, X, y, resolution=10).axes[0].get_aspect() == 1.0
    assert plot_data(X, y).axes[0].get_aspect() == 1.0
    assert plot_data(X * [10.0, 1.0], y).axes[0].get_aspect() == "auto"


def test_spanish_plots_have_no_english_word() -> None:
    for lang, expect_english in (("en", True), ("es", False)):
        for name, fig in every_plot(notation=lang).items():
            shown = " | ".join(t.get_text() for t in texts(fig)).lower()
            found = [word for word in ENGLISH if word in shown]
            if expect_english:
                assert found, f"{name}: the English list no longer matches what the plot says: {shown}"
            else:
                assert not found, f"{name} in Spanish says {found}: {shown}"


def test_legend_false_leaves_it_to_another_panel() -> None:
    net, X, y = spiral_model()
    _, (left, right) = plots.projector_figure(2)
    plot_decision_boundary(net, X, y, resolution=10, ax=left, legend=False)
    plot_data(X, y, ax=right, legend=False)
    assert left.get_legend() is None and right.get_legend() is None
    assert [len(ax.collections) for ax in (left, right)] == [4, 3]   # the regions, and a scatter per class
