"""viz.playground: the widgets driven from Python follow into the model, the history and the pictures."""

from __future__ import annotations

import asyncio
import io
import subprocess
from pathlib import Path

import numpy as np
import pytest

import viz

ROOT = Path(__file__).resolve().parents[2]


def _pg(**kwargs: object) -> viz.Playground:
    return viz.playground(**kwargs)  # type: ignore[arg-type]


def test_train_fills_the_history_and_learns_moons() -> None:
    pg = _pg(notation="es", lr=0.3)
    assert pg.epoch == 0 and pg.model.sizes[1:] == [4, 4, 1]
    summary = pg.train(60)
    h = pg.history
    # train() returns a short summary, not the history: a notebook cell ending in it echoes one line
    assert (summary.epochs, summary.loss, summary.test_loss, summary.test_accuracy) == (
        60, h["loss"][-1], h["test_loss"][-1], h["test_accuracy"][-1])
    assert repr(summary) == pg.status() and "\n" not in repr(summary) and len(repr(summary)) < 120
    assert len(h["loss"]) == len(h["test_loss"]) == len(h["accuracy"]) == len(h["test_accuracy"]) == 60
    assert h["loss"][-1] < h["loss"][0] and h["test_accuracy"][-1] > 0.8
    assert pg.status().startswith("época 60: costo de entrenamiento 0,")
    assert np.allclose(pg.picture.train_line.get_ydata(), h["loss"])
    assert pg.train(5, redraw=False).epochs == 65                    # counted from the last reset


def test_chunks_give_the_same_weights_as_one_call_even_with_adam() -> None:
    one, chunks = _pg(optimizer="Adam", lr=0.03), _pg(optimizer="Adam", lr=0.03)
    one.train(20, redraw=False)
    for _ in range(4):
        chunks.train(5, redraw=False)
    assert np.allclose([p.data for p in one.model.parameters()], [p.data for p in chunks.model.parameters()])


def test_heat_maps_are_updated_in_place() -> None:
    pg = _pg()
    figure, boundary, first = pg.picture.figure, pg.picture.boundary, pg.picture.network.images[1][0]
    edges, before = pg.picture.network.edges, (first.get_array().copy(), boundary.get_array().copy())
    def artists() -> list[int]:
        return [len(ax.images) + len(ax.collections) + len(ax.patches) + len(ax.lines) + len(ax.texts)
                for ax in figure.axes]
    made = artists()
    assert pg.picture.loss_ax.get_xlim() == (0, 10) and pg.picture.loss_ax.get_ylim() == (0, 1)   # not 0 ± 0,05
    pg.train(30)
    assert pg.picture.loss_ax.get_xlim()[1] >= 30 and pg.picture.loss_ax.get_ylim()[1] < 1
    assert pg.picture.figure is figure and pg.picture.boundary is boundary and pg.picture.network.images[1][0] is first
    assert pg.picture.network.edges is edges and artists() == made and len(figure.axes) == 3   # nothing new
    assert not np.allclose(first.get_array(), before[0]) and not np.allclose(boundary.get_array(), before[1])


def test_every_control_reaches_the_playground() -> None:
    pg = _pg(notation="es")
    pg.widget()
    app = pg.app
    c = app.controls
    assert c["data"].description == "datos" and app.play.description == "▶ Entrenar"
    assert list(c["data"].options) == ["moons", "circles", "xor", "spiral", "blobs", "digits"]  # sklearn: make test
    c["data"].value = "spiral"
    assert pg.data == "spiral" and pg.classes == 3 and pg.model.nout == 3 and pg.loss == "cross_entropy"
    c["noise"].value = 0.3
    assert pg.noise == 0.3
    c["test_size"].value = 0.5
    assert len(pg.X_test) == len(pg.X_train) == 100
    c["activation"].value = "relu"
    assert pg.model.activations[0] == "relu"
    pg.train(3)
    c["lr"].value = 0.1
    c["l2"].value = 0.01
    c["batch_size"].value = 20
    c["optimizer"].value = "Momentum"
    assert (pg.lr, pg.l2, pg.batch_size, pg.optimizer, pg.epoch) == (0.1, 0.01, 20, "Momentum", 3)  # no reset
    assert type(pg._opt).__name__ == "Momentum" and pg._opt.lr == 0.1
    app.step.click()
    assert pg.epoch == 4
    png = app.image.value
    from PIL import Image
    assert Image.open(io.BytesIO(png)).size == (1280, 720) and app.image.layout.object_fit == "contain"
    app.layers.children[0].click()                      # + a layer
    assert pg.hidden == [4, 4, 2] and pg.model.sizes[1:] == [4, 4, 2, 3] and pg.epoch == 0
    app.layers.children[2].click()                      # + a neuron in layer 1
    assert pg.hidden == [5, 4, 2] and [len(r) for r in pg.picture.network.images] == [2, 5, 4, 2, 3]
    app.layers.children[5].click()                      # − a neuron in layer 2
    app.layers.children[1].click()                      # − a layer
    assert pg.hidden == [5, 3]
    assert app.image.value != png
    for name in ("data", "noise", "test_size", "activation", "lr", "l2", "batch_size", "optimizer"):
        c[name].value = c[name].value                   # no-op
    pg.train(2)
    app.reset.click()
    assert pg.epoch == 0 and app.status.value.startswith("época 0")


def test_play_trains_in_chunks_until_paused() -> None:
    pg = _pg()
    pg.widget()

    async def press() -> None:
        pg.app.play.value = True
        assert pg.app.play.description == "❚❚ Pause"
        for _ in range(200):
            await asyncio.sleep(0.02)
            if pg.epoch >= 10:
                break
        pg.app.play.value = False
        await asyncio.sleep(0.05)

    asyncio.run(press())
    assert pg.epoch >= 10 and pg.epoch % 5 == 0 and pg.app.task is None


def test_sample_step_through_save_and_snapshot(tmp_path: Path) -> None:
    from PIL import Image

    import nn

    pg = _pg(notation="es")
    pg.train(10)
    before = [(p.data, p.grad) for p in pg.model.parameters()]
    trace = pg.sample_trace(3)
    assert len(trace) > 20 and trace[0].caption() and pg.sample == 3
    assert [(p.data, p.grad) for p in pg.model.parameters()] == before   # the trace runs on a copy
    with pytest.raises(IndexError, match="sample must be 0 to 139"):
        pg.sample_trace(140)
    pg.widget()
    pg.app.sample.value = 3
    pg.app.trace_button.click()
    assert len(pg.app.trace_out.children) == 2          # the player and the whole table
    pg.app.path.value = str(tmp_path / "w.json")
    pg.app.save.click()
    loaded = nn.MLP.load(tmp_path / "w.json")
    assert np.allclose(loaded.predict_array(pg.X_test), pg.model.predict_array(pg.X_test))
    assert "Pesos guardados" in pg.app.status.value
    pg.snapshot(tmp_path / "pg.png")
    assert Image.open(tmp_path / "pg.png").size == (1920, 1080)
    bundle = pg._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and bundle["text/plain"].startswith("(Una vista fija")
    assert Image.open(io.BytesIO(__import__("base64").b64decode(bundle["image/png"]))).size[0] > 500


def test_english_labels_and_bad_settings() -> None:
    pg = _pg(notation="en", data="xor")
    assert pg.picture.loss_ax.get_xlabel() == "epoch" and pg.status().startswith("epoch 0")
    with pytest.raises(ValueError, match="data must be one of"):
        _pg(data="moon")
    with pytest.raises(ValueError, match="no setting"):
        pg.set(colour="red")
    with pytest.raises(ValueError, match="lr must be"):
        pg.set(lr=-1)
    assert pg.lr == 0.03


def test_make_playground_opens_jupyterlab_on_the_notebook() -> None:
    out = subprocess.run(["make", "-n", "playground"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "jupyter lab notebooks/09_playground.ipynb" in out and (ROOT / "notebooks/09_playground.ipynb").exists()


# --- the picture: TensorFlow Playground's network, measured ------------------------------------------------


def test_network_panel_shows_every_neuron_and_weight() -> None:
    from viz.playground.figure import GRID

    pg = _pg(hidden=[3, 2], lr=0.3)
    pg.train(20)
    panel = pg.picture.network
    assert [len(row) for row in panel.images] == [2, 3, 2, 1]
    assert panel.names[1] == ["y1[1]", "y1[2]", "y1[3]"] and panel.names[-1] == ["ŷ"]
    assert len(panel.edge_index) == 2 * 3 + 3 * 2 + 2 * 1
    layers = pg.model.predict_layers(pg.picture.grid)
    assert np.allclose(panel.images[2][1].get_array(), layers[1][:, 1].reshape(GRID, GRID))
    assert np.allclose(panel.images[0][0].get_array(), pg.picture.grid[:, 0].reshape(GRID, GRID))
    weights = [layer.weight_matrix() for layer in pg.model.layers]
    values = np.array([weights[c - 1][j, i] for c, j, i in panel.edge_index])
    colors, widths = panel.edges.get_colors(), np.asarray(panel.edges.get_linewidths())
    blue = colors[:, 2] > colors[:, 0]
    assert np.array_equal(blue, values >= 0)                          # blue +, red −
    order = np.argsort(np.abs(values))
    assert np.all(np.diff(widths[order]) >= -1e-12)                  # thicker the larger
    assert widths[order[-1]] == pytest.approx(5.0)


def _texts_px(pg: viz.Playground) -> list[tuple[str, float, object]]:
    from matplotlib.text import Text

    from viz.plots import DPI

    pg.snapshot()  # draws at 150 dpi: 1920 × 1080
    renderer = pg.picture.canvas.get_renderer()
    hidden = set()  # tick labels of ticks outside the view: matplotlib keeps them but does not draw them
    for ax in pg.picture.figure.axes:
        for labels, limits, k in ((ax.get_xticklabels(), ax.get_xlim(), 0), (ax.get_yticklabels(), ax.get_ylim(), 1)):
            low, high = sorted(limits)
            hidden |= {id(t) for t in labels if not ax.axison or not low - 1e-9 <= t.get_position()[k] <= high + 1e-9}
    return [(t.get_text(), t.get_fontsize() * DPI / 72, t.get_window_extent(renderer))
            for t in pg.picture.figure.findobj(Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in hidden]


@pytest.mark.parametrize("settings", [{"hidden": [4, 4]}, {"hidden": [8, 8, 8, 8, 8, 8], "data": "spiral"},
                                      {"hidden": [8], "data": "digits"}])
def test_every_text_reads_on_a_projector_and_none_overlaps(settings: dict[str, object]) -> None:
    pg = _pg(notation="es", **settings)
    pg.train(3)
    texts = _texts_px(pg)
    assert len(texts) > 10
    assert not [text for text, _, _ in texts if __import__("re").search(r"\d\.\d", text)]   # 0,5 in Spanish
    small = [(text, round(px, 1)) for text, px, _ in texts if px < 16]
    assert not small, f"text under 16 px at 1920 × 1080: {small}"
    boxes = [(text, box) for text, _, box in texts]
    for a, (text_a, box_a) in enumerate(boxes):
        assert box_a.x0 >= 0 and box_a.x1 <= 1920 and box_a.y0 >= 0 and box_a.y1 <= 1080, f"{text_a!r} is cut"
        for text_b, box_b in boxes[a + 1:]:
            assert not box_a.overlaps(box_b), f"{text_a!r} overlaps {text_b!r}"


def test_neuron_squares_are_at_least_a_tenth_of_the_height() -> None:
    pg = _pg(hidden=[4, 4])
    pg.snapshot()
    renderer = pg.picture.canvas.get_renderer()
    box = pg.picture.network.images[1][0].get_window_extent(renderer)
    assert box.height >= 108 and abs(box.width - box.height) < 2   # square, ≥ 108 of the 1080 px


def test_select_marks_the_sample_and_frames_the_neuron() -> None:
    pg = _pg(hidden=[4, 3])
    pg.select(sample=12, neuron=(2, 3))
    assert (pg.sample, pg.neuron) == (12, (2, 3))
    assert np.allclose(pg.picture.marker.get_offsets(), pg.X_train[12:13])
    frame = pg.picture.network.frame
    assert frame.get_visible() and frame.get_xy() == pg.picture.network.corner[2][2]
    pg.select(neuron=None)
    assert not frame.get_visible() and pg.sample == 12
    with pytest.raises(ValueError, match=r"layer 1 to 3 and j from 1 to that layer's size \[4, 3, 1\]"):
        pg.select(neuron=(2, 4))
    with pytest.raises(IndexError, match="sample must be 0 to 139"):
        pg.select(sample=-1)
    assert pg.neuron is None


# --- what no playground has: a neuron's backward pass --------------------------------------------------------


def test_a_neurons_trace_is_its_part_of_the_whole_loss() -> None:
    pg = _pg(hidden=[4, 3], lr=0.3, notation="es")
    pg.train(15)
    whole = pg.sample_trace(7, neuron=None)
    assert whole.of == "J" and whole.names[whole.root] == "J"
    named = {s.parent_name: s.after for s in whole}
    assert {"W1[1,1]", "z2[3]", "y2[3]", "ŷ"} <= set(named)
    trace = pg.sample_trace(neuron=(2, 3))
    assert len(trace) == 3 + 2 * 4 and trace.of == "J"             # tanh, +, then 4 inputs and 4 weights
    assert trace[0].node_name == "y2[3]" and trace[0].upstream == pytest.approx(named["y2[3]"])
    for step in trace:
        if step.parent_name.startswith(("W2[3,", "b2[3]")):            # the network's own gradients
            assert step.after == pytest.approx(named[step.parent_name], rel=1e-12)
    caption = trace[-1].caption(notation="es")
    assert caption.startswith("∂J/∂(W2[3,4]) += ∂J/∂((W2·y1)[3]) · ∂((W2·y1)[3])/∂(W2[3,4]) = ") and "," in caption
    assert trace.headers(notation="es")[2] == "∂J/∂nodo"


def test_clicking_a_neuron_opens_its_step_through_in_spanish() -> None:
    pg = _pg(notation="es", hidden=[3])
    pg.train(5)
    pg.widget()
    app = pg.app
    assert set(app.neuron_buttons) == {(1, 1), (1, 2), (1, 3), (2, 1), None}
    app.neuron_buttons[(1, 2)].click()
    assert pg.neuron == (1, 2) and app.neuron_buttons[(1, 2)].button_style == "warning"
    player = app.trace_out.children[0]
    slider, view = player.children[0].children[1], player.children[1]
    assert slider.max == 3 + 2 * 2
    assert "y1[2]" in view.value and "∂J/∂" in view.value
    text = __import__("re").sub(r"<[^>]*>", " ", view.value.split("<svg")[0] + view.value.split("</svg>")[-1])
    numbers = __import__("re").findall(r"\d+[.,]\d+", text)
    assert numbers and all("," in n for n in numbers), numbers       # the decimal comma, in the caption and row
    table = app.trace_out.children[1]
    assert table.get_title(0) == "Todos los pasos" and table.children[0].value.count("<tr") == 1 + 3 + 2 * 2
    assert "0," in table.children[0].value and "∂J/∂nodo" in table.children[0].value
    app.sample.value = 9                                             # picking a sample re-opens it for that one
    assert pg.sample == 9 and app.trace_out.children[0] is not player
    app.neuron_buttons[(1, 2)].click()                               # a second click: the whole loss
    assert pg.neuron is None and app.trace_out.children[0].children[0].children[1].max > 20
    app.neuron_buttons[(2, 1)].click()
    assert pg.neuron == (2, 1) and pg.picture.network.frame.get_visible()


def test_the_current_weights_become_an_exercise() -> None:
    from viz.classroom.exercises import NetworkExercise

    pg = _pg(hidden=[3, 2], data="spiral", lr=0.1)
    pg.train(10)
    exercise = pg.exercise(4)
    assert isinstance(exercise, NetworkExercise) and pg.sample == 4 and exercise.loss == "cross_entropy"
    assert exercise.sizes() == [2, 3, 2, 3]
    solution = exercise.solve()
    assert solution.value("y_hat") == pytest.approx(pg.model.predict_array(pg.X_train[4:5])[0], rel=1e-12)
    pg.train(5)                                                      # a copy: training on does not change it
    assert exercise.solve().value("J") == pytest.approx(solution.value("J"), rel=1e-15)


def test_digits_in_the_playground() -> None:
    pg = _pg(data="digits", hidden=[6], lr=0.01, optimizer="Adam")
    assert pg.model.nin == 64 and pg.classes == 10 and pg.picture.image == (8, 8)
    assert len(pg.X_train) + len(pg.X_test) == 1797
    pg.train(5)
    panel = pg.picture.network
    assert [len(row) for row in panel.images] == [1, 6, 10]
    assert np.allclose(panel.images[0][0].get_array(), pg.X_train[0].reshape(8, 8))
    assert np.allclose(panel.images[1][2].get_array(), pg.model.layers[0].weight_matrix()[2].reshape(8, 8))
    confusion = np.asarray(pg.picture.boundary.get_array())
    assert confusion.shape == (10, 10) and np.allclose(confusion.sum(axis=1), 1.0)
    pg.select(sample=5, neuron=(1, 1))
    assert np.allclose(panel.images[0][0].get_array(), pg.X_train[5].reshape(8, 8))
    assert len(pg.sample_trace()) == 3 + 2 * 64


def test_export_the_current_weights_as_an_exercise_the_grader_grades(tmp_path: Path) -> None:
    import yaml

    from viz.cli import main

    pg = _pg(notation="es", hidden=[3], lr=0.3)
    pg.train(20)
    paths = pg.export_exercise(tmp_path, 5)
    names = sorted(p.name for p in paths)
    assert names == ["laboratorio_moons_epoca20_muestra5.md", "laboratorio_moons_epoca20_muestra5.yaml",
                     "laboratorio_moons_epoca20_muestra5_clave.yaml"]
    student, key = tmp_path / names[1], tmp_path / names[2]
    data = yaml.safe_load(student.read_text(encoding="utf-8"))
    assert data["loss"] == "binary_cross_entropy_with_logits" and data["target"] == int(pg.y_train[5])
    weights = np.array(data["network"]["weights"][0])
    assert np.allclose(weights, np.round(pg.model.layers[0].weight_matrix(), 2)) and np.all(weights == weights.round(2))
    assert data["answers"]["J"] is None
    assert main(["check-answers", str(student), "--key", str(key)]) == 1          # all blank
    filled = yaml.safe_load(key.read_text(encoding="utf-8"))["answers"]
    data["answers"] = filled
    student.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["check-answers", str(student), "--key", str(key)]) == 0
    full = pg.export_exercise(tmp_path / "exacto", decimals=None, stem="exacto")
    exact = yaml.safe_load(full[1].read_text(encoding="utf-8"))
    assert np.allclose(exact["network"]["weights"][0], pg.model.layers[0].weight_matrix(), rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match="decimals must be a whole number from 0 to 12, got -1"):
        pg.export_exercise(tmp_path, decimals=-1)


@pytest.mark.parametrize(("settings", "neuron", "name"), [({"hidden": [3, 2]}, (3, 1), "ŷ"),
                                                          ({"hidden": [2], "activation": "linear"}, (1, 2), "z1[2]"),
                                                          ({"hidden": [2], "data": "spiral"}, (2, 3), "z2[3]")])
def test_the_button_the_picture_and_the_step_through_give_a_neuron_one_name(
        settings: dict[str, object], neuron: tuple[int, int], name: str) -> None:
    pg = _pg(**settings)
    pg.train(3)
    pg.widget()
    assert pg.app.neuron_buttons[neuron].description == name
    assert pg.picture.network.names[neuron[0]][neuron[1] - 1] == name
    trace = pg.sample_trace(neuron=neuron)
    assert trace.names[trace.root] == name and trace.of == "J"
    whole = {s.parent_name: s.after for s in pg.sample_trace(neuron=None)}
    for step in trace:
        if step.parent_name.startswith(("W", "b")):
            assert step.after == pytest.approx(whole[step.parent_name], rel=1e-12)


def test_zero_is_white_in_every_square() -> None:
    pg = _pg(hidden=[4], activation="relu")
    pg.train(3)
    for row in pg.picture.network.images:
        norm = row[0].norm
        assert norm(0.0) == pytest.approx(0.5)        # the middle of RdBu, white: a dead ReLU is not "negative"


def test_reset_and_a_new_model_clear_the_app() -> None:
    pg = _pg(notation="es", activation="sigmoid", lr=0.05, l2=0.002, noise=0.7, batch_size=128)
    pg.widget()                                      # settings off the menus still show
    app = pg.app
    assert (app.controls["lr"].value, app.controls["l2"].value, app.controls["noise"].value,
            app.controls["batch_size"].value) == (0.05, 0.002, 0.7, 128)
    assert dict(app.controls["activation"].options)["sigmoide"] == "sigmoid"
    assert "(sigmoide)" in pg.picture.figure.texts[1].get_text()
    app.neuron_buttons[(1, 2)].click()
    app.sample.value = 100
    assert app.trace_out.children and pg.sample == 100
    app.reset.click()
    assert (pg.sample, pg.neuron, app.sample.value) == (0, None, 0) and not app.trace_out.children
    assert {key for key, b in app.neuron_buttons.items() if b.button_style} == {None}   # "J", the whole loss
    app.sample.value = 100
    app.controls["test_size"].value = 0.9            # 20 training samples now: the choice goes back to 0
    assert pg.sample == 0 and app.sample.value == 0 and app.sample.max == 19


def test_next_misclassified_sample() -> None:
    pg = _pg(notation="es", data="spiral", hidden=[2])
    pg.train(5)
    wrong = pg.misclassified()
    predicted = pg.model.predict_layers(pg.X_train)[-1].argmax(axis=1)
    assert wrong == [i for i in range(len(pg.X_train)) if predicted[i] != pg.y_train[i]] and len(wrong) > 2
    pg.widget()
    pg.app.next_wrong.click()
    assert pg.sample == wrong[0] and pg.app.sample.value == wrong[0]
    pg.app.next_wrong.click()
    assert pg.sample == wrong[1]
    pg.select(sample=wrong[-1])
    pg.app.sample.value = wrong[-1]
    pg.app.next_wrong.click()
    assert pg.sample == wrong[0]                                     # from the start again
    good = _pg(notation="es", data="blobs", noise=0.05, lr=0.1, optimizer="Adam")
    good.train(50)
    assert good.misclassified() == []
    good.widget()
    good.app.next_wrong.click()
    assert good.app.status.value.startswith("Ahora ninguna muestra") and good.sample == 0
