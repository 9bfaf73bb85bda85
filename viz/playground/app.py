"""``viz.playground``: TensorFlow Playground in a notebook, plus the one thing it can't do — step through a backprop.

    pg = viz.playground(data="moons", hidden=[4, 4], activation="tanh", lr=0.03, notation="es")
    pg                     # the app: controls, live pictures, a sample's step-through
    pg.train(epochs=50)    # what Play does, in chunks; a one-line summary (epochs, losses, accuracy)
    pg.history             # loss and accuracy per epoch, train and test
    pg.snapshot("pg.png")  # the current picture, 1920 × 1080, for slides
    pg.select(sample=12, neuron=(1, 3))   # what clicking does: mark a sample and a neuron
    pg.sample_trace()      # that neuron's backward pass for that sample (the whole loss's without a neuron)
    pg.export_exercise("hojas")           # the current weights on that sample, as an exercise to grade

The model is an ``nn.MLP`` (two inputs, or 64 for the 8×8 digits), trained by :func:`nn.train.fit` through
the batched engine (``engine="auto"``); one optimizer is kept across chunks, so training 50 epochs at once or in five
chunks of 10 gives the same weights.  The pictures live in :mod:`viz.playground.figure`; the controls
in :mod:`viz.playground.controls`.
"""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import EllipsisType
from typing import Any, ParamSpec

import numpy as np

from autograd.text import NotationLike, as_notation
from nn.activations import ACTIVATIONS
from nn.settings import (
    BATCH_SIZE,
    FRACTION,
    NON_NEGATIVE_INT,
    NON_NEGATIVE_NUMBER,
    POSITIVE_INT,
    POSITIVE_NUMBER,
    Rule,
    SettingError,
    check,
    choice,
)

from ..errors import VizError
from ..words import WORDS
from .figure import PlaygroundFigure

__all__ = ["DATASETS", "OPTIMIZERS", "SETTINGS", "STILL_DPI", "Playground", "TrainSummary", "playground"]

#: The data sets, as TensorFlow Playground's, and the 8×8 digits when scikit-learn is installed: name → ``nn.data``
#: maker of ``(n, noise, seed)`` (the digits are always all 1,797 images, without noise).
DATASETS: dict[str, Callable[[int, float, int], tuple[np.ndarray, np.ndarray]]] = {}
#: The resolution of the still picture a saved notebook shows: 100 dpi is 1280 × 720.
STILL_DPI = 100
#: The optimizers by name (``nn.optim`` classes).
OPTIMIZERS = ("SGD", "Momentum", "Adam")
#: The most hidden layers, and neurons in one, that the picture has room for.
MAX_LAYERS, MAX_NEURONS = 6, 8

P = ParamSpec("P")


def _hidden_ok(x: Any) -> bool:
    return (isinstance(x, (list, tuple)) and len(x) <= MAX_LAYERS
            and all(POSITIVE_INT.ok(k) and k <= MAX_NEURONS for k in x))


#: Each setting of the playground and what it accepts (:mod:`nn.settings`' rules), checked when the playground
#: is made and on every :meth:`Playground.set`: a wrong one is refused with a message that names it.
SETTINGS: dict[str, Rule] = {
    "data": Rule("one of the data sets moons, circles, xor, spiral, blobs (digits with scikit-learn)",
                 lambda x: isinstance(x, str) and x in _datasets()),
    "noise": NON_NEGATIVE_NUMBER,
    "test_size": FRACTION,
    "n": Rule("an int ≥ 10 (the number of points)", lambda x: POSITIVE_INT.ok(x) and x >= 10),
    "hidden": Rule(f"a list of at most {MAX_LAYERS} hidden layer sizes, each an int from 1 to {MAX_NEURONS}",
                   _hidden_ok),
    "activation": choice([a for a in ACTIVATIONS if a != "softmax"]),
    "lr": POSITIVE_NUMBER,
    "l2": NON_NEGATIVE_NUMBER,
    "batch_size": BATCH_SIZE,
    "optimizer": choice(OPTIMIZERS),
    "seed": NON_NEGATIVE_INT,
}


@dataclass(frozen=True)
class TrainSummary:
    """What :meth:`Playground.train` returns: where training stands after it, small enough that a notebook
    cell ending in ``pg.train(50)`` echoes one line (its :attr:`status`, in the playground's language), not
    the whole history (that stays in :attr:`Playground.history`).

    ``epochs`` is the epochs trained since the last reset (this call's included), ``loss``/``test_loss`` the
    last epoch's costs and ``test_accuracy`` its accuracy on the test set, from 0 to 1.
    """

    epochs: int
    loss: float
    test_loss: float
    test_accuracy: float
    status: str

    def __repr__(self) -> str:
        return self.status


def _datasets() -> dict[str, Callable[[int, float, int], tuple[np.ndarray, np.ndarray]]]:
    if not DATASETS:
        from nn import data

        DATASETS.update({
            "moons": lambda n, noise, seed: data.moons(n, noise=noise, seed=seed),
            "circles": lambda n, noise, seed: data.circles(n, noise=noise, seed=seed),
            "xor": lambda n, noise, seed: data.xor(n, noise=noise, seed=seed),
            "spiral": lambda n, noise, seed: data.spiral(n, classes=3, noise=noise, seed=seed),
            "blobs": lambda n, noise, seed: data.blobs(n, centers=3, std=max(noise, 1e-3) * 5, seed=seed),
        })
        if importlib.util.find_spec("sklearn") is not None:  # the digits ship with scikit-learn (the digits extra)
            DATASETS["digits"] = lambda n, noise, seed: data.digits()
    return DATASETS


class Playground:
    """The playground's state — data, model, optimizer, history — and its pictures; :func:`playground` makes one.

    Every setting is an attribute (``data, noise, test_size, hidden, activation, lr, l2, batch_size,
    optimizer``); change them with :meth:`set`, which rebuilds the data and the model when the
    change needs it (data, noise, split, layers, activation) and otherwise lets training continue
    with the new value.  :attr:`sample` (a training sample's index) and :attr:`neuron` (``(layer, j)``
    from 1, or None) are what :meth:`select` marked; :meth:`sample_trace` and :meth:`export_exercise`
    use them.  In Jupyter the object shows as the app (:mod:`viz.playground.controls`), and where no
    widget runs as a still picture.

    ``data`` is one of :data:`DATASETS` (``n`` points with ``noise``, a ``test_size`` share held out),
    ``hidden`` the neurons per hidden layer, ``activation`` theirs; ``lr``, ``l2``, ``batch_size``
    (None: full batch) and ``optimizer`` (one of :data:`OPTIMIZERS`) how it trains; ``seed`` makes
    data and weights repeatable.  ``notation`` (a :class:`~autograd.text.Notation` or a language code,
    ``"es"``) gives the labels' language and the numbers' decimal mark and digits; the old keywords
    ``lang``, ``decimal`` and ``precision`` still work for one release, with a DeprecationWarning.
    """

    #: Settings whose change starts over with new data and a new model.
    RESETS = ("data", "noise", "test_size", "hidden", "activation", "n", "seed")

    def __init__(self, data: str = "moons", hidden: Sequence[int] = (4, 4), activation: str = "tanh",
                 lr: float = 0.03, l2: float = 0.0, seed: int = 0, *, noise: float = 0.1, test_size: float = 0.3,
                 n: int = 200, batch_size: int | None = None, optimizer: str = "SGD", notation: NotationLike = None,
                 **old: object) -> None:
        self.notation = as_notation(notation, old, where="Playground")
        self.words = WORDS(self.notation.lang)
        self.data, self.noise, self.test_size, self.n, self.seed = data, noise, test_size, n, seed
        self.hidden, self.activation = hidden, activation
        self.lr, self.l2, self.batch_size, self.optimizer = lr, l2, batch_size, optimizer
        self._check()
        self.app: Any = None  # the widgets, made on first display (viz.playground.controls)
        self.reset()

    # --- settings ---------------------------------------------------------------------------------

    def _check(self) -> None:
        """Every setting checked by :mod:`nn.settings`' rules (:data:`SETTINGS`); a message names the setting."""
        for name, rule in SETTINGS.items():
            setattr(self, name, check("playground", name, getattr(self, name), rule))
        self.hidden = list(self.hidden)

    def set(self, **settings: Any) -> None:
        """Change settings by name; starts over (new data and model) when one of :attr:`RESETS` changed."""
        unknown = set(settings) - {*self.RESETS, "lr", "l2", "batch_size", "optimizer"}
        if unknown:
            raise VizError(f"playground.set: no setting {', '.join(sorted(unknown))}")
        old = {name: getattr(self, name) for name in settings}
        for name, value in settings.items():
            setattr(self, name, value)
        try:
            self._check()
        except SettingError:
            for name, value in old.items():
                setattr(self, name, value)
            raise
        if any(name in self.RESETS and old[name] != getattr(self, name) for name in settings):
            self.reset()
        elif any(name in ("lr", "optimizer") for name in settings):
            self._opt = self._new_optimizer()
            self.diverged = ""
        if self.app is not None:
            self.app.follow()

    # --- data, model, training --------------------------------------------------------------------

    def reset(self) -> None:
        """New data (from the settings and the seed), a new model, an empty history; redraws."""
        import nn

        X, y = _datasets()[self.data](self.n, self.noise, self.seed)
        self.X_train, self.X_test, self.y_train, self.y_test = nn.data.train_test_split(
            X, y, test_size=self.test_size, seed=self.seed)
        self.classes = int(max(y.max(), 1)) + 1
        self.loss = "binary_cross_entropy_with_logits" if self.classes == 2 else "cross_entropy"
        out = 1 if self.classes == 2 else self.classes
        self.model = nn.MLP(X.shape[1], [*self.hidden, out], activation=self.activation, init="xavier",
                            seed=self.seed)
        self._opt = self._new_optimizer()
        self.diverged = ""  # the status line's message after a training that diverged
        self.history: dict[str, list[Any]] = {"loss": [], "accuracy": [], "test_loss": [], "test_accuracy": []}
        side = round(X.shape[1] ** 0.5)
        self.picture = PlaygroundFigure(self.model, self.X_train, self.y_train, self.X_test, self.y_test,
                                        self.classes, self.words, self.notation,
                                        image=(side, side) if X.shape[1] > 2 else None)
        self.sample: int = 0
        self.neuron: tuple[int, int] | None = None
        self.picture.select(self.sample, self.neuron)
        self.picture.update(self.history, self.status())

    def _new_optimizer(self) -> Any:
        import nn

        opt = getattr(nn.optim, self.optimizer)(lr=self.lr)
        opt.attach(self.model.parameters())
        # fit attaches its optimizer on every call; this one keeps its state (Adam's moments, the step
        # count) from one chunk of epochs to the next, as if it were one call.
        opt.attach = lambda params: None
        return opt

    @property
    def loss_name(self) -> str:
        """The loss's name in the step-through (``J``, as the worked solutions call it)."""
        return "J"

    @property
    def epoch(self) -> int:
        """How many epochs the model has trained since the last reset."""
        return len(self.history["loss"])

    def train(self, epochs: int = 50, *, redraw: bool = True) -> TrainSummary:
        """Train ``epochs`` more epochs (what Play does in chunks); returns a :class:`TrainSummary` (whose
        repr is the one-line :meth:`status`); the epoch by epoch numbers are in :attr:`history`.

        Full batch when ``batch_size`` is None, else shuffled mini-batches (each chunk seeded by the
        epoch it starts at); the L2 penalty ``λ/(2m)·Σw²`` when ``l2`` > 0.  Redraws the pictures after.
        """
        from nn.train import TrainingDivergedError, fit

        try:
            done = fit(self.model, self.X_train, self.y_train, loss=self.loss, optimizer=self._opt, epochs=epochs,
                       batch_size=self.batch_size, l2=self.l2, X_test=self.X_test, y_test=self.y_test, quiet=True,
                       seed=self.seed + self.epoch, engine="auto")
        except TrainingDivergedError as error:  # the model is back after its last finished epoch: say so, go on
            done = error.history
            self.diverged = self.words["pg_diverged"].format(
                epoch=self.epoch + error.epoch, kept=self.epoch + error.epoch - 1,
                lr=self.notation.number(error.lr or self.lr), smaller=self.notation.number((error.lr or self.lr) / 10))
        for name, values in self.history.items():
            values.extend(getattr(done, name))
        if redraw:
            self.redraw()
        h = self.history

        def last(name: str) -> float:
            return float(h[name][-1]) if h[name] else float("nan")

        return TrainSummary(self.epoch, last("loss"), last("test_loss"), last("test_accuracy"), self.status())

    def redraw(self) -> None:
        """Bring the pictures (and, in Jupyter, the app's image and status line) up to the current weights."""
        self.picture.update(self.history, self.status())
        if self.app is not None:
            self.app.show_picture()

    def select(self, sample: int | None = None, neuron: tuple[int, int] | EllipsisType | None = ...) -> None:
        """Mark training sample ``sample`` (kept when None) and neuron ``(layer, j)`` (layers from 1, the output
        layer last; ``j`` from 1; None: no neuron, the whole loss; ``...``: kept): what clicking in the app does."""
        if sample is not None:
            if isinstance(sample, bool) or not isinstance(sample, (int, np.integer)) or not (
                    0 <= sample < len(self.X_train)):
                raise IndexError(f"playground.select: sample must be 0 to {len(self.X_train) - 1}, got {sample!r}")
            self.sample = int(sample)
        if neuron is not ...:
            if neuron is not None:
                sizes = [layer.nout for layer in self.model.layers]
                if not (isinstance(neuron, tuple) and len(neuron) == 2 and all(
                        isinstance(k, (int, np.integer)) and not isinstance(k, bool) for k in neuron)
                        and 1 <= neuron[0] <= len(sizes) and 1 <= neuron[1] <= sizes[neuron[0] - 1]):
                    raise VizError(f"playground.select: neuron must be (layer, j) with layer 1 to {len(sizes)} "
                                   f"and j from 1 to that layer's size {sizes}, got {neuron!r}")
                neuron = (int(neuron[0]), int(neuron[1]))
            self.neuron = neuron
        self.picture.select(self.sample, self.neuron)
        self.redraw()

    def status(self) -> str:
        """One line: the epoch, the train and test loss and the test accuracy (in ``lang``); after a training
        that diverged, what happened and what to do (until the next reset or change of setting)."""
        if self.diverged:
            return self.diverged
        if not self.epoch:
            return self.words["pg_status"].format(epoch=0, loss="–", test_loss="–", accuracy="–")
        number = self.notation.number
        h = self.history
        return self.words["pg_status"].format(epoch=self.epoch, loss=number(h["loss"][-1]),
                                              test_loss=number(h["test_loss"][-1]),
                                              accuracy=number(h["test_accuracy"][-1]))

    # --- what no playground has --------------------------------------------------------------------

    def misclassified(self) -> list[int]:
        """The training samples the model gets wrong now, in order: the ones worth stepping through."""
        from nn.train import predicted_classes

        predicted = predicted_classes(self.model.predict_layers(self.X_train)[-1], self.model.activations[-1])
        return [int(i) for i in np.flatnonzero(predicted.astype(int) != self.y_train.astype(int))]

    def exercise(self, index: int | None = None) -> Any:
        """The current weights on training sample ``index`` (default: the selected one), as a course exercise:
        a :class:`viz.classroom.exercises.NetworkExercise` with the playground's loss (a copy: training on
        does not change it)."""
        from ..classroom.exercises import NetworkExercise

        if index is not None and index != self.sample:
            self.select(sample=index)
        return NetworkExercise.from_model(self.model, self.X_train[self.sample], int(self.y_train[self.sample]),
                                          loss=self.loss)

    def sample_trace(self, index: int | None = None, neuron: tuple[int, int] | EllipsisType | None = ...) -> Any:
        """A training sample's scalar graph through the network with the current weights, and its backward
        pass, named as the course writes it (``x[1]``, ``W1[2,1]``, ``z1[2]``, ``y1[2]``, ``J``).

        ``index`` and ``neuron`` select as :meth:`select` does (by default, what is selected).  Without a
        neuron it is the :class:`autograd.trace.Trace` of the sample's loss ``J``; with one, that
        neuron's own part of it (:meth:`~viz.classroom.exercises.NetworkExercise.neuron_trace`: seeded
        with ``∂J/∂`` its output, so every gradient it shows is ``∂J/∂…``).
        """
        from autograd import trace_backward

        if index is not None or neuron is not ...:
            self.select(sample=index, neuron=neuron)
        n = self.notation
        exercise = self.exercise()
        if self.neuron is not None:
            return exercise.neuron_trace(*self.neuron, notation=n)
        solution = exercise.solve()
        solution.root.zero_grad()
        return trace_backward(solution.root, notation=n)

    def export_exercise(self, directory: str | Path, index: int | None = None, *, stem: str | None = None,
                        decimals: int | None = 2) -> list[Path]:
        """Write :meth:`exercise` as files for the class into ``directory``: the statement, the students' answers
        file and the teacher's key, which ``pizarra check-answers`` grades
        (:func:`viz.classroom.export.write_exercise`).  The weights, biases and input are rounded to
        ``decimals`` places (None: in full), so the exercise can be worked by hand; the key is computed from
        the rounded numbers.  ``stem`` names the files (default: the data set, the epoch and the sample)."""
        from ..classroom.export import write_exercise

        exercise = self.exercise(index)
        if decimals is not None:
            exercise = exercise.rounded(decimals)
        name = stem or self.words["pg_stem"].format(data=self.data, epoch=self.epoch, sample=self.sample)
        n = self.notation
        paths: list[Path] = write_exercise(exercise, directory, name, notation=n)
        return paths

    def save(self, path: str | Path) -> Path:
        """Save the current weights with ``model.save`` (JSON, read back by ``nn.MLP.load``)."""
        return Path(self.model.save(path))

    def snapshot(self, path: str | Path | None = None, *, dpi: float | None = None) -> bytes:
        """The current picture as PNG bytes (1920 × 1080 by default), written to ``path`` if given."""
        from autograd.files import write_atomic

        png = self.picture.png(dpi)
        if path is not None:
            write_atomic(Path(path), png)
        return png

    # --- display ----------------------------------------------------------------------------------

    def widget(self) -> Any:
        """The app: an ``ipywidgets.VBox`` of the controls, the live picture and the step-through."""
        if self.app is None:
            from .controls import PlaygroundApp

            self.app = PlaygroundApp(self)
        return self.app.box

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        import base64

        bundle: dict[str, Any] = {}
        with contextlib.suppress(ImportError):  # no ipywidgets: the still picture alone
            bundle.update(self.widget()._repr_mimebundle_() or {})
        bundle["image/png"] = base64.b64encode(self.snapshot(dpi=STILL_DPI)).decode("ascii")
        bundle["text/plain"] = self.words["pg_still"]
        return bundle

    def __repr__(self) -> str:
        return (f"Playground(data={self.data!r}, hidden={self.hidden!r}, activation={self.activation!r}, "
                f"lr={self.lr!r}, epoch={self.epoch})")


def _same_parameters(make: Callable[P, Playground]) -> Callable[[Callable[..., Playground]], Callable[P, Playground]]:
    """Give the decorated function ``make``'s parameters: one list of them, for the type checker and for
    ``help()`` alike, so the function and the class cannot drift apart."""
    def use(function: Callable[..., Playground]) -> Callable[P, Playground]:
        function.__signature__ = inspect.signature(make).replace(  # type: ignore[attr-defined]
            return_annotation=Playground.__name__)
        return function
    return use


@_same_parameters(Playground)
def playground(*args: Any, **kwargs: Any) -> Playground:
    """A TensorFlow-Playground-like app for a notebook: ``Playground(...)``, with the same parameters (see
    :class:`Playground` and the module's example)."""
    old: dict[str, object] = {key: kwargs.pop(key) for key in ("lang", "decimal", "precision") if key in kwargs}
    if old:  # read here, so the DeprecationWarning points at the caller's line
        kwargs["notation"] = as_notation(kwargs.pop("notation", None), old, where="playground")
    return Playground(*args, **kwargs)
