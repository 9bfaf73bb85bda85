"""Training through a recorded program (``engine="batched"``) gives scalar training's history and weights."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from autograd import DomainError, Value
from nn import MLP, TrainingDivergedError, batched, data, losses, optim, train


def run(engine: str, make: Callable[[], MLP], X: Any, y: Any, **options: Any) -> tuple[train.History, list[float]]:
    model = make()
    history = train.fit(model, X, y, quiet=True, engine=engine, **options)
    return history, [p.data for p in model.parameters()]


def assert_same(a: tuple[train.History, list[float]], b: tuple[train.History, list[float]], tol: float = 1e-9) -> None:
    (ha, pa), (hb, pb) = a, b
    da, db = ha.as_dict(), hb.as_dict()
    assert da.keys() == db.keys() and ha.stopped_early == hb.stopped_early and ha.epochs == hb.epochs
    for key in da:
        assert len(da[key]) == len(db[key]), key
        for u, v in zip(da[key], db[key]):
            assert (u is None) == (v is None), key
            if u is not None:
                assert v == pytest.approx(u, rel=tol, abs=tol), (key, da[key], db[key])
    np.testing.assert_allclose(pb, pa, rtol=tol, atol=tol)


def demo_options() -> dict[str, Any]:
    return {"loss": "hinge", "l2": 1e-4, "optimizer": optim.SGD(lr=optim.LinearDecay(1.0, 0.1, 100))}


def test_moons_demo_10_epochs_same_history_as_scalar() -> None:
    """micrograd's demo: 100 moons, MLP(2,[16,16,1]) ReLU, hinge + L2 1e-4, SGD with LinearDecay."""
    X, y = data.moons(100, noise=0.1, seed=0)

    def make() -> MLP:
        return MLP(2, [16, 16, 1], activation="relu", seed=0)

    scalar = run("scalar", make, X, y, epochs=10, **demo_options())
    batched_run = run("batched", make, X, y, epochs=10, **demo_options())
    assert_same(scalar, batched_run)
    assert_same(scalar, run("auto", make, X, y, epochs=10, **demo_options()))   # the default is batched
    assert scalar[0].loss[-1] < scalar[0].loss[0]


def test_moons_demo_stops_at_the_same_epoch_on_target_accuracy() -> None:
    X, y = data.moons(100, noise=0.1, seed=0)

    def make() -> MLP:
        return MLP(2, [16, 16, 1], activation="relu", seed=0)

    scalar = run("scalar", make, X, y, epochs=100, target_accuracy=1.0, **demo_options())
    assert scalar[0].stopped_early is not None and scalar[0].epochs < 100
    assert_same(scalar, run("batched", make, X, y, epochs=100, target_accuracy=1.0, **demo_options()), tol=1e-7)


CASES: dict[str, tuple[Callable[[], MLP], str, str]] = {
    "mse (N,)": (lambda: MLP(1, [5, 1], activation="tanh", seed=1), "mse", "regression"),
    "mse (N, 2)": (lambda: MLP(1, [5, 2], activation="sigmoid", seed=1), "mse", "regression2"),
    "hinge 0/1": (lambda: MLP(2, [6, 1], activation="relu", seed=2), "hinge", "binary"),
    "bce": (lambda: MLP(2, [6, 1], activation="tanh", output_activation="sigmoid", seed=3), "bce", "binary"),
    "bce soft": (lambda: MLP(2, [6, 1], activation="linear", output_activation="sigmoid", seed=3), "bce", "soft"),
    "bce logits": (lambda: MLP(2, [6, 1], activation="leaky_relu", seed=4), "bce_logits", "binary"),
    "cross_entropy": (lambda: MLP(2, [6, 3], activation="tanh", seed=5), "cross_entropy", "classes"),
    "cross_entropy one-hot": (lambda: MLP(2, [6, 3], activation="relu", seed=5), "cross_entropy", "onehot"),
    "softmax + mse": (lambda: MLP(2, [4, 3], output_activation="softmax", seed=6), "mse", "onehot"),
}


def dataset(kind: str) -> tuple[np.ndarray, np.ndarray]:
    if kind.startswith("regression"):
        X, t = data.regression_1d(23, seed=0)
        return X, t if kind == "regression" else np.column_stack([t, -0.5 * t])
    X, y = data.blobs(23, centers=3, std=0.6, seed=1) if kind in ("classes", "onehot") else data.moons(23, seed=2)
    if kind == "soft":
        return X, np.where(y == 1, 0.9, 0.2)
    return X, (np.eye(3)[y] if kind == "onehot" else y)


OPTIMIZERS: dict[str, Callable[[], optim.Optimizer]] = {
    "sgd": lambda: optim.SGD(lr=optim.StepDecay(0.2, 0.5, 3)),
    "momentum": lambda: optim.Momentum(lr=0.05),
    "adam": lambda: optim.Adam(lr=0.02),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("batch_size", [None, 5])
@pytest.mark.parametrize("opt", sorted(OPTIMIZERS))
def test_every_loss_optimizer_and_batch_size_trains_as_scalar(case: str, batch_size: int | None, opt: str) -> None:
    make, loss, kind = CASES[case]
    X, y = dataset(kind)
    X_te, y_te = X[::2] + 0.1, y[::2]
    options = {"loss": loss, "epochs": 4, "batch_size": batch_size, "l2": 0.01, "X_test": X_te, "y_test": y_te,
               "seed": 3}
    scalar = run("scalar", make, X, y, optimizer=OPTIMIZERS[opt](), **options)
    assert_same(scalar, run("batched", make, X, y, optimizer=OPTIMIZERS[opt](), **options))
    assert len(scalar[0].test_loss) == 4


def test_callbacks_see_the_same_histories_and_stop_at_the_same_epoch() -> None:
    X, y = data.xor(20, seed=0)
    seen: dict[str, list[tuple[int, float]]] = {"scalar": [], "batched": []}

    def make() -> MLP:
        return MLP(2, [4, 1], seed=0)

    for engine in seen:
        def cb(epoch: int, history: train.History, engine: str = engine) -> bool:
            seen[engine].append((epoch, history.loss[-1]))
            return epoch == 3

        h, _ = run(engine, make, X, y, loss="hinge", epochs=10, callbacks=[cb])
        assert h.epochs == 3 and h.stopped_early == "a callback stopped training at epoch 3"
    assert [e for e, _ in seen["batched"]] == [1, 2, 3]
    np.testing.assert_allclose([v for _, v in seen["batched"]], [v for _, v in seen["scalar"]], rtol=1e-12)


def test_the_progress_bar_shows_the_same_loss_and_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    X, y = data.moons(30, seed=0)
    shown = {}
    for engine in ("scalar", "batched"):
        train.fit(MLP(2, [4, 1], seed=1), X, y, epochs=2, engine=engine)
        err = capsys.readouterr().err
        assert "fit: 100%" in err and "2/2" in err
        shown[engine] = err[err.rindex("loss="):].split("]")[0]
    assert shown["scalar"] == shown["batched"] and "acc=" in shown["batched"]


def mean_abs(predictions: Any, targets: Any) -> Value:
    """A loss of one's own: not recorded by ``auto``."""
    terms = [abs(p - t) for p, t in zip(predictions, targets)]
    return sum(terms[1:], terms[0]) / len(terms)


def test_auto_trains_scalar_where_batched_cannot_and_batched_says_why() -> None:
    X, t = data.regression_1d(12, seed=0)

    def make() -> MLP:
        return MLP(1, [3, 1], seed=0)

    assert batched.why_scalar(losses.mse, t.tolist()) is None
    assert "not one of nn.losses.LOSSES" in str(batched.why_scalar(mean_abs, t.tolist()))
    assert_same(run("scalar", make, X, t, loss=mean_abs, epochs=3), run("auto", make, X, t, loss=mean_abs, epochs=3))
    with pytest.raises(ValueError, match=r"engine='batched' cannot give the scalar result here: the loss mean_abs"):
        run("batched", make, X, t, loss=mean_abs, epochs=3)
    soft = np.linspace(0.0, 1.0, batched.MAX_PROGRAMS + 1)
    X = np.linspace(-1.0, 1.0, len(soft)).reshape(-1, 1)

    def sig() -> MLP:
        return MLP(1, [2, 1], output_activation="sigmoid", seed=0)

    with pytest.raises(ValueError, match=rf"y has {len(soft)} distinct targets.*at most {batched.MAX_PROGRAMS}"):
        run("batched", sig, X, soft, loss="bce", epochs=1)
    assert_same(run("scalar", sig, X, soft, loss="bce", epochs=2), run("auto", sig, X, soft, loss="bce", epochs=2))
    with pytest.raises(ValueError, match=r"engine must be one of 'auto', 'batched', 'scalar', got 'fast'"):
        run("fast", make, X, soft, epochs=1)


def test_bad_targets_and_divergence_raise_as_in_scalar_training() -> None:
    X, t = data.regression_1d(10, seed=0)

    def make() -> MLP:
        return MLP(1, [1], activation="linear", seed=0)

    epochs = {}
    for engine in ("scalar", "batched"):
        with pytest.raises(TrainingDivergedError, match=r"epoch (\d+) of 50") as info:
            run(engine, make, X, t * 1e150, loss="mse", optimizer=optim.SGD(lr=1e150), epochs=50)
        epochs[engine] = info.value.epoch
        with pytest.raises(losses.LabelError, match="half_squared_error: a target must be finite, got inf"):
            run(engine, make, X, np.where(t > 0, np.inf, t), loss="mse", epochs=1)
        with pytest.raises(ValueError, match=r"1 output\(s\) but 2 target value\(s\)"):
            run(engine, make, X, np.column_stack([t, t]), loss="mse", epochs=1)
        with pytest.raises(losses.LabelError, match=r"got 0\.5"):
            run(engine, lambda: MLP(1, [2, 1], seed=0), X, np.full(10, 0.5), loss="hinge", epochs=1)
        with pytest.raises(DomainError, match="log"):  # a saturated sigmoid: log(0) in binary cross-entropy
            run(engine, lambda: MLP.from_weights([[[1e4]]], [[0.0]], activations="sigmoid"), X * 10 + 20,
                np.zeros(10), loss="bce", epochs=1)
    assert epochs["scalar"] == epochs["batched"]


def test_an_error_in_a_batched_run_names_the_row_of_X() -> None:
    """The samples of class 0 are rows 2 and 3 of X; the program of class 0 fails on its second row."""
    X, y = np.array([[1.0], [1.0], [-1.0], [1.0]]), [1, 1, 0, 0]
    with pytest.raises(DomainError, match=r"^log needs a > 0; got a=0\.0 at row 3 of X$"):
        run("batched", lambda: MLP.from_weights([[[1e4]]], [[0.0]], activations="sigmoid"), X, y, loss="bce",
            epochs=1)


def test_recorded_outputs_are_the_models() -> None:
    X, _ = data.blobs(15, centers=3, seed=0)
    model = MLP(2, [5, 3], activation="tanh", output_activation="softmax", seed=0)
    recorded = batched.RecordedLoss(model, losses.mse, X, np.eye(3)[[0] * 15].tolist())
    np.testing.assert_allclose(recorded.outputs(X), train.outputs(model, X), rtol=1e-12, atol=1e-15)
    model1 = MLP(2, [3, 1], seed=0)
    recorded1 = batched.RecordedLoss(model1, losses.hinge, X, [1] * 15)
    np.testing.assert_allclose(recorded1.outputs(X), train.outputs(model1, X), rtol=1e-12, atol=1e-15)


def test_a_digits_shaped_epoch_trains_as_scalar() -> None:
    """MLP(64,[32,10]) with softmax cross-entropy (from logits) on 8×8 images, 10 classes (random data)."""
    rng = np.random.default_rng(0)
    X, y = rng.uniform(0.0, 16.0, (40, 64)) / 16.0, np.arange(40) % 10

    def make() -> MLP:
        return MLP(64, [32, 10], activation="relu", init="he", seed=0)

    options = {"loss": "cross_entropy", "epochs": 2, "optimizer": optim.SGD(lr=0.1)}
    assert_same(run("scalar", make, X, y, **options), run("batched", make, X, y, **options))


def test_a_fit_records_each_program_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two classes and the outputs (for the accuracy): three recordings for 5 epochs of 4 mini-batches."""
    recorded: list[Value] = []
    record = batched.record

    def counting(root: Value, inputs: Any) -> Any:
        recorded.append(root)
        return record(root, inputs)

    monkeypatch.setattr(batched, "record", counting)
    X, y = data.moons(40, seed=0)
    train.fit(MLP(2, [4, 1], seed=0), X, y, epochs=5, batch_size=10, quiet=True)
    assert len(recorded) == 3


def test_a_test_set_with_a_class_the_training_set_lacks() -> None:
    X, y = data.blobs(30, centers=3, std=0.5, seed=0)
    train_rows = y < 2

    def make() -> MLP:
        return MLP(2, [5, 3], activation="tanh", seed=1)

    options = {"loss": "cross_entropy", "epochs": 3, "X_test": X[~train_rows], "y_test": y[~train_rows]}
    scalar = run("scalar", make, X[train_rows], y[train_rows], **options)
    assert_same(scalar, run("batched", make, X[train_rows], y[train_rows], **options))
    assert scalar[0].test_accuracy[-1] is not None
