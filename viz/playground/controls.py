"""The playground's widgets: TensorFlow Playground's controls around the live picture, and a neuron's step-through.

:class:`PlaygroundApp` wires ``ipywidgets`` to a :class:`viz.playground.app.Playground`: every control calls
``Playground.set``; Play trains in chunks inside an asyncio task (the notebook stays responsive
between chunks); the picture is the playground figure's PNG in an ``Image`` widget.  Under it, a button
per neuron, laid out as the network's columns: clicking one frames it in the picture and opens its
backward pass for the chosen sample (``viz.player_widget``); clicking it again, or "J", opens the
whole loss's.
"""

from __future__ import annotations

import asyncio
from typing import Any

from .app import DATASETS, OPTIMIZERS

__all__ = ["ACTIVATIONS", "CHUNK", "LIVE_DPI", "PlaygroundApp"]

#: The activations the playground offers (TensorFlow Playground's four).
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
#: The choices of the noise and test-share sliders and of the learning-rate and L2 menus (TensorFlow Playground's).
NOISES = tuple(round(0.05 * k, 2) for k in range(11))
SHARES = tuple(round(0.1 * k, 1) for k in range(1, 10))
RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
PENALTIES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
#: Epochs Play trains between two redraws.
CHUNK = 5
#: The resolution of the live picture: 100 dpi is 1280 × 720 (the snapshot is 1920 × 1080, at 150); the app
#: stretches it to the notebook's width, so on a projector its text stays as large as the snapshot's.
LIVE_DPI = 100


class PlaygroundApp:
    """The widgets of ``pg`` (a :class:`~viz.playground.app.Playground`); ``box`` is what the notebook shows."""

    def __init__(self, pg: Any) -> None:
        import ipywidgets as w

        self.pg, words = pg, pg.words
        self.model = pg.model
        self.task: asyncio.Task[None] | None = None
        style = {"description_width": "initial"}
        self.controls: dict[str, Any] = {
            "data": w.Dropdown(options=list(DATASETS), value=pg.data, description=words["pg_data"]),
            "noise": w.SelectionSlider(options=self._numbers(NOISES, pg.noise), value=pg.noise,
                                       description=words["pg_noise"]),
            "test_size": w.SelectionSlider(options=self._numbers(SHARES, pg.test_size), value=pg.test_size,
                                           description=words["pg_test"], style=style),
            "activation": w.Dropdown(options=[(words[f"viz_act_{a}"], a) for a in ACTIVATIONS], value=pg.activation,
                                     description=words["pg_activation"], style=style),
            "lr": w.Dropdown(options=self._numbers(RATES, pg.lr), value=pg.lr, description=words["pg_lr"], style=style),
            "l2": w.Dropdown(options=self._numbers(PENALTIES, pg.l2), value=pg.l2, description=words["pg_l2"]),
            "batch_size": w.IntSlider(value=pg.batch_size or 0, min=0, max=max(100, pg.batch_size or 0), step=5,
                                      description=words["pg_batch"], style=style),
            "optimizer": w.Dropdown(options=list(OPTIMIZERS), value=pg.optimizer, description=words["pg_optimizer"],
                                    style=style),
        }
        for name, control in self.controls.items():
            control.observe(lambda change, name=name: self._changed(name, change["new"]), names="value")
        self.layers = w.HBox()
        self.play = w.ToggleButton(value=False, description=words["pg_play"])
        self.play.observe(lambda change: self._play(change["new"]), names="value")
        self.step = w.Button(description=words["pg_step"])
        self.step.on_click(lambda _: self.pg.train(1))
        self.reset = w.Button(description=words["pg_reset"])
        self.reset.on_click(lambda _: self._reset())
        # 1280 × 720, smaller if the output is narrower or the screen leaves less under the controls (the
        # picture and the neuron buttons fit on one projected screen), its shape kept
        self.image = w.Image(format="png", layout=w.Layout(width="auto", height="auto", max_width="100%",
                                                           max_height="calc(100vh - 330px)", object_fit="contain",
                                                           align_self="center", margin="0"))
        self.status = w.Label()
        self.sample = w.BoundedIntText(value=pg.sample, min=0, max=len(pg.X_train) - 1,
                                       description=words["pg_sample"])
        self.sample.observe(lambda change: self._pick(change["new"]), names="value")
        self.neurons = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.next_wrong = w.Button(description=words["pg_next_wrong"], layout=w.Layout(width="auto"))
        self.next_wrong.on_click(lambda _: self.pick_wrong())
        self.trace_button = w.Button(description=words["pg_trace"], layout=w.Layout(width="auto"))
        self.trace_button.on_click(lambda _: self.show_trace())
        self.path = w.Text(value="playground.json", layout=w.Layout(width="14em"))
        self.save = w.Button(description=words["pg_save"], layout=w.Layout(width="auto"))
        self.save.on_click(lambda _: self._save())
        self.folder = w.Text(value=words["pg_folder"], layout=w.Layout(width="10em"))
        self.export = w.Button(description=words["pg_export"], layout=w.Layout(width="auto"))
        self.export.on_click(lambda _: self._export())
        self.trace_out = w.VBox()
        self.box = w.VBox([
            w.HBox([self.play, self.step, self.reset, self.status]),
            w.HBox([w.VBox([self.controls[k] for k in ("data", "noise", "test_size")]),
                    w.VBox([self.controls[k] for k in ("activation", "lr", "l2")]),
                    w.VBox([self.controls[k] for k in ("batch_size", "optimizer")])]),
            self.layers,
            w.HBox([w.Label(words["pg_click"]), self.neurons]),
            w.HBox([self.sample, self.next_wrong, self.trace_button]),
            self.image,
            self.trace_out,
            w.HBox([self.folder, self.export, self.path, self.save]),
        ])
        self.follow()

    def _numbers(self, choices: tuple[float, ...], current: float) -> list[tuple[str, float]]:
        """A menu's or slider's choices, and the current value if it is another, labelled in the class's notation."""
        return [(self.pg.notation.number(v), v) for v in sorted({*choices, current})]

    def _changed(self, name: str, value: Any) -> None:
        if getattr(self.pg, name) != (None if name == "batch_size" and value == 0 else value):
            self.pg.set(**{name: None if name == "batch_size" and value == 0 else value})

    def follow(self) -> None:
        """Bring the controls, the layer buttons and the picture in line with the playground's settings."""
        import ipywidgets as w

        for name, control in self.controls.items():
            value = getattr(self.pg, name)
            control.value = 0 if name == "batch_size" and value is None else value
        words, hidden = self.pg.words, self.pg.hidden
        buttons = [w.Button(description="+ " + words["pg_layers"], layout=w.Layout(width="auto")),
                   w.Button(description="− " + words["pg_layers"], layout=w.Layout(width="auto"))]
        buttons[0].on_click(lambda _: self.pg.set(hidden=[*hidden, 2]) if len(hidden) < 6 else None)
        buttons[1].on_click(lambda _: self.pg.set(hidden=hidden[:-1]))
        for k in range(len(hidden)):
            plus, minus = w.Button(description=f"+ {k + 1}"), w.Button(description=f"− {k + 1}")
            plus.on_click(lambda _, k=k: self.pg.set(hidden=[*hidden[:k], min(hidden[k] + 1, 8), *hidden[k + 1:]]))
            minus.on_click(lambda _, k=k: self.pg.set(hidden=[*hidden[:k], max(hidden[k] - 1, 1), *hidden[k + 1:]]))
            for b in (plus, minus):
                b.layout = w.Layout(width="3.5em")
            buttons += [plus, minus]
        self.layers.children = buttons
        self.sample.value = self.pg.sample  # first: a smaller maximum would otherwise clamp the old value
        self.sample.max = len(self.pg.X_train) - 1
        if self.pg.model is not self.model:  # a new model: the old one's step-through is gone
            self.model = self.pg.model
            self.trace_out.children = []
        self._neuron_buttons()
        self.show_picture()

    def _neuron_buttons(self) -> None:
        """A column of buttons per layer, one per neuron, named as in the picture; and "J", the whole loss."""
        import ipywidgets as w

        from .network import neuron_names

        sizes = [self.pg.model.nin, *(layer.nout for layer in self.pg.model.layers)]
        self.neuron_buttons: dict[tuple[int, int] | None, Any] = {}
        row: list[Any] = []
        for layer, names in enumerate(neuron_names(sizes, self.pg.model.activations)[1:], start=1):
            for j, name in enumerate(names, start=1):
                button = w.Button(description=name, layout=w.Layout(width="auto"),
                                  tooltip=self.pg.words["pg_neuron"].format(k=layer, j=j))
                button.on_click(lambda _, key=(layer, j): self.click(key))
                self.neuron_buttons[(layer, j)] = button
                row.append(button)
            row.append(w.Label("│"))  # between layers, as the picture's columns
        whole = w.Button(description=self.pg.loss_name, layout=w.Layout(width="auto"))
        whole.on_click(lambda _: self.click(None))
        self.neuron_buttons[None] = whole
        self.neurons.children = [*row, whole]
        self._mark()

    def _mark(self) -> None:
        for key, button in self.neuron_buttons.items():
            button.button_style = "warning" if key == self.pg.neuron else ""

    def click(self, neuron: tuple[int, int] | None) -> None:
        """What clicking neuron ``(layer, j)`` does (None: "J"): select it (a second click on it selects the
        whole loss) and open the chosen sample's step-through for it."""
        self.pg.select(neuron=None if neuron == self.pg.neuron else neuron)
        self._mark()
        self.show_trace()

    def pick_wrong(self) -> None:
        """Choose the next training sample the model gets wrong (after the chosen one, from the start again)."""
        wrong = self.pg.misclassified()
        if not wrong:
            self.status.value = self.pg.words["pg_none_wrong"]
            return
        later = [i for i in wrong if i > self.pg.sample]
        self.sample.value = (later or wrong)[0]  # selects it, and re-opens an open step-through for it

    def _pick(self, sample: int) -> None:
        if sample != self.pg.sample:
            self.pg.select(sample=sample)
            if self.trace_out.children:
                self.show_trace()

    def show_picture(self) -> None:
        """Put the playground's current figure into the image widget, and its status line into the label."""
        self.image.value = self.pg.picture.png(LIVE_DPI, fast=True)
        self.status.value = self.pg.status()

    def show_trace(self) -> None:
        """Show the chosen sample's backward pass, step by step (``viz.player_widget``: the caption, the step
        diagram and the step's row), and under it the whole trace table, folded."""
        import ipywidgets as w

        from ..player import player_widget

        trace = self.pg.sample_trace()
        n = self.pg.notation
        table = w.Accordion([w.HTML(trace.to_html(notation=n, caption=True))], selected_index=None)
        table.set_title(0, self.pg.words["player_all_steps"])
        self.trace_out.children = [player_widget(trace, notation=n), table]

    def _export(self) -> None:
        paths = self.pg.export_exercise(self.folder.value)
        self.status.value = self.pg.words["pg_exported"].format(paths=", ".join(str(p) for p in paths))

    def _reset(self) -> None:
        self.pg.reset()
        self.follow()

    def _save(self) -> None:
        path = self.pg.save(self.path.value)
        self.status.value = self.pg.words["pg_saved"].format(path=path)

    def _play(self, on: bool) -> None:
        self.play.description = self.pg.words["pg_pause" if on else "pg_play"]
        if on and self.task is None:
            self.task = asyncio.get_event_loop().create_task(self.run())

    async def run(self) -> None:
        """Train ``CHUNK`` epochs and redraw, again and again, while Play is pressed (yielding in between)."""
        try:
            while self.play.value:
                self.pg.train(CHUNK)
                await asyncio.sleep(0.01)
        finally:
            self.task = None
