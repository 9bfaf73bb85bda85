"""The training loop: ``fit`` a model to ``(X, y)``, and ``predict`` / ``accuracy`` / ``evaluate`` it.

``fit`` runs full-batch gradient descent (``batch_size=None``) or shuffled mini-batches, shows a tqdm
progress bar (``quiet=True`` hides it) and records, per epoch, the training loss (the mean of the
batch losses, each measured before its update), the training accuracy after the epoch and, given a
test set, the test loss and accuracy.

It computes through the model's loss recorded once and run on whole batches (``engine="batched"``, see
:mod:`nn.batched`) or sample by sample with the scalar engine (``engine="scalar"``, a graph per batch whose
every node can be inspected); both give the same history and weights, to rounding.  The default
``engine="auto"`` is batched, except for a loss of your own or a classification loss with more than
:data:`nn.batched.MAX_PROGRAMS` distinct targets, which train scalar (:func:`nn.batched.why_scalar` says why).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from autograd import AutogradError, NonFiniteError, Value, no_grad
from autograd.bulk import read_data, write_data
from autograd.text import format_number

from . import losses
from .arrays import as_samples
from .batched import ENGINES, RecordedLoss, why_scalar
from .layers import MLP
from .optim import SGD, Optimizer
from .settings import BATCH_SIZE, BOOL, NON_NEGATIVE_INT, NON_NEGATIVE_NUMBER, POSITIVE_INT, Rule, check, choice
from .words import NNError

__all__ = [
    "History", "TrainingDivergedError", "accuracy", "evaluate", "fit", "outputs", "predict", "predicted_classes",
    "target_classes",
]

_CLASSIFICATION = (losses.hinge, losses.binary_cross_entropy, losses.binary_cross_entropy_with_logits,
                   losses.cross_entropy)


class TrainingDivergedError(NonFiniteError):
    """Training diverged: a loss, a gradient or a weight stopped being finite (or left an op's domain).

    ``epoch`` and ``batch`` say where (1-based).  The model (and the optimizer's state) is back where it was
    after the last epoch that finished, ``history`` holds the epochs up to it, ``loss`` is that epoch's loss
    (None if none finished) and ``lr`` the learning rate that diverged: the message suggests a tenth of it.
    """

    def __init__(self, message: str, epoch: int, batch: int, history: History | None = None,
                 loss: float | None = None, lr: float | None = None) -> None:
        super().__init__(message)
        self.epoch = epoch
        self.batch = batch
        self.history = history if history is not None else History()
        self.loss = loss
        self.lr = lr


@dataclass
class History:
    """What :func:`fit` measured, one entry per epoch (accuracies are None for regression losses)."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float | None] = field(default_factory=list)
    test_loss: list[float | None] = field(default_factory=list)
    test_accuracy: list[float | None] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    stopped_early: str | None = None

    @property
    def epochs(self) -> int:
        """How many epochs ran."""
        return len(self.loss)

    def as_dict(self) -> dict[str, list[Any]]:
        """The per-epoch lists by name (for pandas, JSON or plots)."""
        return {"loss": list(self.loss), "accuracy": list(self.accuracy), "test_loss": list(self.test_loss),
                "test_accuracy": list(self.test_accuracy), "lr": list(self.lr)}


Callback = Callable[[int, History], Any]


def _inputs(model: MLP, X: Any, name: str) -> list[list[float]]:
    return as_samples(X, model.nin, name).tolist()  # type: ignore[no-any-return]


def _labels(y: Any, n: int, name: str) -> np.ndarray:
    t = np.asarray(y)
    if t.size == 0:
        raise NNError(f"{name}: empty dataset (no labels)")
    if len(t) != n:
        raise NNError(f"{name}: X has {n} samples but y has {len(t)} labels")
    return t


def _squeeze(out: list[Value]) -> Value | list[Value]:
    return out[0] if len(out) == 1 else out


def _targets(loss_fn: Callable[..., Value], y: np.ndarray) -> list[Any]:
    """Targets as Python numbers; 0/1 labels become −1/+1 for the hinge loss."""
    if loss_fn is losses.hinge and y.ndim == 1 and np.isin(y, (0, 1)).all():
        y = 2 * y - 1
    return y.tolist()  # type: ignore[no-any-return]


def outputs(model: MLP, X: Any) -> np.ndarray:
    """The model's raw outputs for every row of ``X`` (computed by the engine, no graph), shape ``(N, nout)``."""
    rows = _inputs(model, X, "outputs")
    with no_grad():
        return np.array([[v.data for v in model.forward(x)] for x in rows])


def predicted_classes(outputs: Any, output_activation: str = "linear") -> np.ndarray:
    """The class each row of a model's outputs (shape ``(N, nout)``) predicts, as ints.

    Several outputs: the argmax of each row.  One output (shape ``(N, 1)`` or ``(N,)``): class 1 where
    the output is above the threshold, 0.5 after a ``sigmoid`` (a probability) and 0 otherwise (a
    score or a logit), else class 0.  ``output_activation`` is the last layer's
    (``model.activations[-1]``).
    """
    out = np.asarray(outputs, dtype=float)
    if out.ndim == 1:
        out = out.reshape(-1, 1)
    if out.ndim != 2:
        raise NNError(f"predicted_classes: outputs must have shape (N, nout), got {out.shape}")
    if out.shape[1] > 1:
        return np.asarray(out.argmax(axis=1))
    threshold = 0.5 if output_activation == "sigmoid" else 0.0
    return (out[:, 0] > threshold).astype(int)


def target_classes(y: Any, nout: int) -> np.ndarray:
    """Labels ``y`` as the classes :func:`predicted_classes` gives: with one output (``nout=1``) binary labels
    may be 0/1 or −1/+1, and every label above 0 is class 1; with several, ``y`` holds the class indices, or one
    probability vector (one-hot, say) per row whose largest entry is the class."""
    t = np.asarray(y)
    if nout == 1:
        return (t > 0).astype(int)
    return np.asarray(t.argmax(axis=1)) if t.ndim == 2 else t


def predict(model: MLP, X: Any) -> np.ndarray:
    """Class labels (:func:`predicted_classes` of the model's outputs): the argmax for several outputs; for
    one output, 1 above the threshold (0.5 after a sigmoid, else 0) and 0 below."""
    return predicted_classes(outputs(model, X), model.activations[-1])


def accuracy(model: MLP, X: Any, y: Any) -> float:
    """The fraction of rows of ``X`` whose predicted class is ``y`` (binary labels may be 0/1 or −1/+1)."""
    return _accuracy(model, outputs(model, X), y)


def _accuracy(model: MLP, out: np.ndarray, y: Any) -> float:
    pred = predicted_classes(out, model.activations[-1])
    return float(np.mean(pred == target_classes(_labels(y, len(pred), "accuracy"), model.nout)))


def evaluate(model: MLP, X: Any, y: Any, loss: str | Callable[..., Value] = "mse") -> float:
    """The loss of ``model`` on ``(X, y)`` (no graph is built)."""
    loss_fn = losses.get(loss)
    rows = _inputs(model, X, "evaluate")
    targets = _targets(loss_fn, _labels(y, len(rows), "evaluate"))
    with no_grad():
        return loss_fn([_squeeze(model.forward(x)) for x in rows], targets).data


def fit(model: MLP, X: Any, y: Any, *, loss: str | Callable[..., Value] = "hinge", optimizer: Optimizer | None = None,
        epochs: int = 100, batch_size: int | None = None, l2: float = 0.0, X_test: Any = None, y_test: Any = None,
        target_accuracy: float | None = None, callbacks: Sequence[Callback] = (), quiet: bool = False,
        seed: int = 0, engine: str = "auto") -> History:
    """Train ``model`` on ``(X, y)`` with gradient descent; returns the :class:`History`.

    Args:
        model: the network to train (updated in place).
        X, y: samples as rows (shape ``(N, nin)``) and their targets.
        loss: a name from :data:`nn.losses.LOSSES` or a function ``loss(predictions, targets)``.
        optimizer: default ``SGD(lr=0.1)``; its parameters are set to the model's.
        epochs: passes over the data.
        batch_size: None for full batch, else shuffled mini-batches of this size (seeded by ``seed``).
        l2: λ of the course's penalty ``λ/(2m)·Σw²`` over the weights (not biases), m = batch size.
        X_test, y_test: an optional test set, evaluated after every epoch.
        target_accuracy: stop once the training accuracy after an epoch reaches it.
        callbacks: functions ``cb(epoch, history)`` called after every epoch (1-based); one
            returning True stops training.
        quiet: hide the progress bar.
        engine: ``"batched"`` records the loss once and runs it on whole batches (:mod:`nn.batched`);
            ``"scalar"`` builds the scalar graph of every batch; ``"auto"`` is batched unless
            :func:`nn.batched.why_scalar` gives a reason (a loss of your own, too many distinct targets).

    Raises:
        TrainingDivergedError: a loss, a gradient or a weight stopped being finite (or left an op's domain)
            after an update: the model and the optimizer are back after the last finished epoch, the error's
            ``history`` holds the epochs up to it, and the message names the epoch and a smaller learning rate.
        ValueError: ``engine="batched"`` where it cannot give the scalar result (the message says why).
    """
    loss_fn = losses.get(loss)
    rows = _inputs(model, X, "fit")
    targets = _targets(loss_fn, _labels(y, len(rows), "fit"))
    has_test = X_test is not None or y_test is not None
    if has_test and (X_test is None or y_test is None):
        raise NNError("fit: give both X_test and y_test, or neither")
    if has_test:
        _labels(y_test, len(_inputs(model, X_test, "fit (test set)")), "fit (test set)")
    epochs = check("fit", "epochs", epochs, POSITIVE_INT)
    batch_size = check("fit", "batch_size", batch_size, BATCH_SIZE)
    l2 = check("fit", "l2", l2, NON_NEGATIVE_NUMBER)
    seed = check("fit", "seed", seed, NON_NEGATIVE_INT)
    check("fit", "quiet", quiet, BOOL)
    check("fit", "engine", engine, choice(ENGINES))
    if target_accuracy is not None:
        check("fit", "target_accuracy", target_accuracy, Rule("a number from 0 to 1", lambda a: 0 <= a <= 1
                                                              and NON_NEGATIVE_NUMBER.ok(a)))
    classify = loss_fn in _CLASSIFICATION
    if target_accuracy is not None and not classify:
        raise NNError(f"fit: target_accuracy needs a classification loss, not {getattr(loss_fn, '__name__', loss)}")
    reason = None if engine == "scalar" else why_scalar(loss_fn, targets)
    if engine == "batched" and reason is not None:
        raise NNError(f"fit: engine='batched' cannot give the scalar result here: {reason}; use engine='scalar'")
    recorded = None if engine == "scalar" or reason is not None else RecordedLoss(model, loss_fn, np.array(rows),
                                                                                   targets)
    opt = optimizer if optimizer is not None else SGD(lr=0.1)
    params = model.parameters()
    opt.attach(params)
    weights = model.weights()
    rng = np.random.default_rng(seed)
    n = len(rows)
    size = n if batch_size is None else min(batch_size, n)
    history = History()

    bar = tqdm(total=epochs, desc="fit", unit="epoch", disable=quiet, leave=True)
    updated = False  # before the first update a failure is the data's or the model's, not a divergence
    for epoch in range(1, epochs + 1):
        order = list(range(n)) if batch_size is None else rng.permutation(n).tolist()
        total, lr = 0.0, opt.current_lr()
        start_weights, start_state = read_data(params), opt.state()
        batch = 0
        try:
            for batch, start in enumerate(range(0, n, size), start=1):  # noqa: B007 (the error says which batch)
                idx = order[start:start + size]
                model.zero_grad()
                if recorded is None:
                    J = loss_fn([_squeeze(model.forward(rows[i])) for i in idx], [targets[i] for i in idx])
                    if l2:
                        J = J + losses.l2(weights, l2, len(idx))
                    J.backward()
                    value = J.data
                else:
                    value = recorded.step(np.asarray(idx, dtype=np.intp))
                    if l2:
                        penalty = losses.l2(weights, l2, len(idx))
                        penalty.backward()
                        value += penalty.data
                updated = True
                try:
                    opt.step()
                except NonFiniteError as error:  # a Value refuses data that is not finite
                    raise NonFiniteError(f"the update made a weight infinite or NaN ({error}; the loss was "
                                         f"{format_number(value, 6)})") from error
                total += value * len(idx)
            measured = _measure(model, recorded, rows, y, classify, has_test, X_test, y_test, loss_fn)
        except (AutogradError, FloatingPointError) as error:
            if not updated:
                raise
            write_data(params, start_weights)
            opt.restore(start_state)
            bar.close()
            raise _diverged(error, epoch, epochs, batch, history, lr) from error
        history.loss.append(total / n)
        history.lr.append(lr)
        history.accuracy.append(measured[0])
        if has_test:
            history.test_loss.append(measured[1])
            history.test_accuracy.append(measured[2])
        if not quiet:
            shown = {"loss": format_number(history.loss[-1])}
            if classify:
                shown["acc"] = f"{history.accuracy[-1]:.1%}"
            bar.set_postfix(shown, refresh=False)
        bar.update(1)
        stop = any([cb(epoch, history) is True for cb in callbacks])
        acc = history.accuracy[-1]
        if target_accuracy is not None and acc is not None and acc >= target_accuracy:
            history.stopped_early = f"target accuracy {target_accuracy:g} reached at epoch {epoch}"
            break
        if stop:
            history.stopped_early = f"a callback stopped training at epoch {epoch}"
            break
    bar.close()
    return history


def _measure(model: MLP, recorded: RecordedLoss | None, rows: list[list[float]], y: Any, classify: bool,
             has_test: bool, X_test: Any, y_test: Any, loss_fn: Callable[..., Value]
             ) -> tuple[float | None, float | None, float | None]:
    """After an epoch: the training accuracy, and the test loss and accuracy (None where not measured)."""
    if recorded is None:
        acc = accuracy(model, rows, y) if classify else None
        if not has_test:
            return acc, None, None
        return acc, evaluate(model, X_test, y_test, loss_fn), accuracy(model, X_test, y_test) if classify else None
    acc = _accuracy(model, recorded.outputs(recorded.X), y) if classify else None
    if not has_test:
        return acc, None, None
    X_te = as_samples(X_test, model.nin, "fit (test set)")
    return (acc, recorded.loss(X_te, _targets(loss_fn, np.asarray(y_test))),
            _accuracy(model, recorded.outputs(X_te), y_test) if classify else None)


def _diverged(error: BaseException, epoch: int, epochs: int, batch: int, history: History, lr: float
              ) -> TrainingDivergedError:
    """The error of a training that diverged at ``epoch``, once the model is back after the epoch before."""
    last = history.loss[-1] if history.loss else None
    kept = (f"the model is back at its weights after epoch {epoch - 1}, and the history keeps epochs 1–{epoch - 1}"
            if epoch > 1 else "the model is back at its weights from before training, and the history is empty")
    before = f" (the last finished epoch's loss was {format_number(last, 6)})" if last is not None else ""
    return TrainingDivergedError(
        f"fit: training diverged at epoch {epoch} of {epochs}, batch {batch}: {error}{before}; {kept}. "
        f"Lower the learning rate, from {format_number(lr)} to {format_number(lr / 10)}, and train again",
        epoch, batch, history, last, lr)
