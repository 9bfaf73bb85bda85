"""The training loop: micrograd's demo to 100%, history, mini-batches, callbacks, divergence, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd import NonFiniteError
from nn import MLP, TrainingDivergedError, data, losses, optim, train


def test_micrograd_demo_reaches_full_training_accuracy() -> None:
    """MLP(2,[16,16,1]) ReLU/linear, 100 moons, hinge + L2, full-batch SGD with lr = 1 − 0.9·k/100."""
    X, y = data.moons(100, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], activation="relu", seed=0)
    history = train.fit(model, X, y, loss="hinge", l2=1e-4, epochs=100, target_accuracy=1.0, quiet=True,
                        optimizer=optim.SGD(lr=optim.LinearDecay(1.0, 0.1, 100)))
    assert train.accuracy(model, X, y) == 1.0
    assert history.accuracy[-1] == 1.0 and history.epochs < 100
    assert history.stopped_early is not None and "target accuracy" in history.stopped_early
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert history.lr[:2] == [1.0, pytest.approx(0.991)]


def test_history_with_a_test_set_and_mini_batches() -> None:
    X, y = data.blobs(60, centers=3, std=0.4, seed=1)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, test_size=0.25, seed=0)

    def run() -> train.History:
        model = MLP(2, [8, 3], activation="tanh", seed=2)
        return train.fit(model, X_tr, y_tr, loss="cross_entropy", optimizer=optim.Adam(lr=0.05), epochs=6,
                         batch_size=10, X_test=X_te, y_test=y_te, quiet=True, seed=5)

    h = run()
    assert h.epochs == 6 and len(h.accuracy) == len(h.test_loss) == len(h.test_accuracy) == len(h.lr) == 6
    assert h.loss[-1] < h.loss[0]
    assert all(a is not None and 0.0 <= a <= 1.0 for a in h.accuracy + h.test_accuracy)
    assert h.as_dict() == run().as_dict()  # seeded shuffling: the same run gives the same numbers


def test_full_batch_loss_is_the_loss_before_the_update() -> None:
    X, t = data.regression_1d(20, seed=0)
    model = MLP(1, [4, 1], activation="tanh", seed=0)
    before = train.evaluate(model, X, t, "mse")
    h = train.fit(model, X, t, loss="mse", optimizer=optim.SGD(lr=0.1), epochs=3, quiet=True)
    assert h.loss[0] == pytest.approx(before, abs=1e-15)
    assert h.accuracy == [None, None, None]
    assert h.loss[2] < h.loss[0]


def test_hinge_accepts_0_1_or_signed_labels_and_l2_changes_the_loss() -> None:
    X, y = data.moons(30, seed=0)

    def first_loss(labels: np.ndarray, l2: float) -> float:
        model = MLP(2, [4, 1], seed=3)
        return train.fit(model, X, labels, loss="hinge", epochs=1, l2=l2, quiet=True).loss[0]

    assert first_loss(y, 0.0) == first_loss(2 * y - 1, 0.0)
    model = MLP(2, [4, 1], seed=3)
    extra = losses.l2(model.weights(), 0.5, 30).data
    assert first_loss(y, 0.5) == pytest.approx(first_loss(y, 0.0) + extra, abs=1e-12)


def test_callbacks_see_every_epoch_and_can_stop() -> None:
    X, y = data.xor(20, seed=0)
    seen: list[int] = []

    def cb(epoch: int, history: train.History) -> bool:
        seen.append(epoch)
        assert history.epochs == epoch
        return epoch == 3

    h = train.fit(MLP(2, [4, 1], seed=0), X, y, loss="hinge", epochs=10, callbacks=[cb], quiet=True)
    assert seen == [1, 2, 3] and h.epochs == 3 and h.stopped_early is not None


def test_predict_and_accuracy() -> None:
    net = MLP.from_weights([[[1.0, 0.0]]], [[0.0]], activations="linear")
    X = np.array([[2.0, 0.0], [-1.0, 5.0], [0.5, 1.0]])
    np.testing.assert_array_equal(train.predict(net, X), [1, 0, 1])
    assert train.accuracy(net, X, [1, 0, 0]) == pytest.approx(2 / 3)
    assert train.accuracy(net, X, [1, -1, 1]) == 1.0
    sig = MLP.from_weights([[[1.0, 0.0]]], [[-0.2]], activations="sigmoid")   # σ(z) > 0.5 ⇔ z > 0
    np.testing.assert_array_equal(train.predict(sig, X), [1, 0, 1])
    multi = MLP.from_weights([np.eye(2)], [[0.0, 0.0]], activations="linear")
    np.testing.assert_array_equal(train.predict(multi, X), [0, 1, 1])
    np.testing.assert_allclose(train.outputs(multi, X), X)


def test_classes_from_outputs_and_from_labels() -> None:
    scores = np.array([[0.3], [-0.1], [0.0], [0.7]])
    np.testing.assert_array_equal(train.predicted_classes(scores), [1, 0, 0, 1])              # scores: above 0
    np.testing.assert_array_equal(train.predicted_classes(scores, "tanh"), [1, 0, 0, 1])
    np.testing.assert_array_equal(train.predicted_classes(scores, "sigmoid"), [0, 0, 0, 1])   # probabilities: > 0.5
    np.testing.assert_array_equal(train.predicted_classes([0.3, 0.6], "sigmoid"), [0, 1])     # (N,) is one output
    np.testing.assert_array_equal(train.predicted_classes([[0.1, 0.7, 0.2], [3.0, 1.0, 2.0]]), [1, 0])  # argmax
    assert train.predicted_classes(scores).dtype.kind == "i"
    with pytest.raises(ValueError, match=r"outputs must have shape \(N, nout\), got \(1, 2, 2\)"):
        train.predicted_classes(np.zeros((1, 2, 2)))
    np.testing.assert_array_equal(train.target_classes([1, -1, 0, 1], 1), [1, 0, 0, 1])        # ±1 or 0/1
    np.testing.assert_array_equal(train.target_classes([2, 0, 1], 3), [2, 0, 1])
    np.testing.assert_array_equal(train.target_classes([[0, 0, 1], [0.8, 0.2, 0.0]], 3), [2, 0])  # one-hot, soft
    X = data.moons(40, seed=1)[0]
    net = MLP(2, [4, 1], output_activation="sigmoid", seed=5)
    np.testing.assert_array_equal(train.predict(net, X),
                                  train.predicted_classes(net.predict_array(X), net.activations[-1]))


def test_divergence_in_the_forward_pass_names_the_epoch() -> None:
    X, t = data.regression_1d(10, seed=0)
    model = MLP(1, [1], activation="linear", seed=0)
    snapshots: list[list[float]] = []
    with pytest.raises(TrainingDivergedError, match=r"epoch (\d+) of 50") as info:
        train.fit(model, X, t * 1e150, loss="mse", optimizer=optim.SGD(lr=1e150), epochs=50, quiet=True,
                  callbacks=[lambda e, h: snapshots.append([p.data for p in model.parameters()])])
    assert info.value.epoch >= 2 and f"epoch {info.value.epoch} of 50" in str(info.value)
    assert all(math.isfinite(p.data) for p in model.parameters())
    assert [p.data for p in model.parameters()] == snapshots[-1]


def test_divergence_in_the_update_keeps_the_last_finite_weights() -> None:
    X, t = data.regression_1d(10, seed=0)
    model = MLP(1, [1], activation="linear", seed=0)
    before = [p.data for p in model.parameters()]
    message = r"epoch 1 of 5, batch 1: the update made a weight infinite or NaN \(Value: data \(label 'W1\[1,1\]'\)"
    with pytest.raises(TrainingDivergedError, match=message) as info:
        train.fit(model, X, t + 100.0, loss="mse", optimizer=optim.SGD(lr=1e307), epochs=5, quiet=True)
    assert info.value.epoch == 1
    assert [p.data for p in model.parameters()] == before


@pytest.mark.parametrize("engine", ["batched", "scalar"])
def test_a_diverging_training_rolls_back_to_its_last_finished_epoch_on_either_engine(engine: str) -> None:
    """Linear layers at lr=10 on the moons blow up within a few epochs (the playground's case): the error names the
    epoch and a smaller rate, the model is the one after the last finished epoch, the history stops there."""
    X, y = data.moons(100, seed=0)
    model = MLP(2, [8, 8, 1], activation="linear", seed=3)
    after: list[list[float]] = []
    with pytest.raises(TrainingDivergedError) as info:
        train.fit(model, X, y, loss="hinge", optimizer=optim.SGD(lr=10.0), epochs=30, quiet=True, engine=engine,
                  callbacks=[lambda e, h: after.append([p.data for p in model.parameters()])])
    error = info.value
    assert error.epoch >= 2 and len(error.history.loss) == error.epoch - 1 == len(after)
    assert [p.data for p in model.parameters()] == after[-1]
    assert all(math.isfinite(v) for v in error.history.loss) and error.loss == error.history.loss[-1]
    assert f"diverged at epoch {error.epoch} of 30" in str(error)
    assert "Lower the learning rate, from 10 to 1," in str(error) and error.lr == 10.0
    # the model is the last finished epoch's: its loss is that epoch's, finite
    assert math.isfinite(train.evaluate(model, X, y, "hinge"))


def test_an_optimizers_state_is_rolled_back_with_the_weights() -> None:
    X, t = data.regression_1d(10, seed=0)
    model = MLP(1, [1], activation="linear", seed=0)
    adam = optim.Momentum(lr=1e150)
    with pytest.raises(TrainingDivergedError) as info:
        train.fit(model, X, t * 1e150, loss="mse", optimizer=adam, epochs=50, quiet=True)
    assert adam.steps == info.value.epoch - 1  # full batch: one step per finished epoch
    assert all(math.isfinite(v) for v in adam.velocity)


def test_a_failure_before_any_update_is_not_called_a_divergence() -> None:
    model = MLP(1, [1], activation="linear", seed=0)
    model.layers[0].neurons[0].w[0].data = 1e200
    with pytest.raises(NonFiniteError) as info:
        train.fit(model, [[1e200]], [0.0], loss="mse", epochs=3, quiet=True)
    assert not isinstance(info.value, TrainingDivergedError)


def test_bad_input() -> None:
    model = MLP(2, [3, 1], seed=0)
    X, y = data.moons(10, seed=0)
    with pytest.raises(ValueError, match="empty dataset"):
        train.fit(model, np.zeros((0, 2)), [], quiet=True)
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\); got \(10, 3\)"):
        train.fit(model, np.zeros((10, 3)), y, quiet=True)
    with pytest.raises(ValueError, match="10 samples but y has 9"):
        train.fit(model, X, y[:9], quiet=True)
    with pytest.raises(ValueError, match="unknown loss 'squared'"):
        train.fit(model, X, y, loss="squared", quiet=True)
    with pytest.raises(losses.LabelError, match=r"got 0\.5"):
        train.fit(model, X, np.full(10, 0.5), loss="hinge", quiet=True)
    with pytest.raises(losses.LabelError, match="got 3"):
        train.fit(MLP(2, [3, 1], output_activation="sigmoid"), X, np.full(10, 3), loss="bce", quiet=True)
    with pytest.raises(ValueError, match="epochs"):
        train.fit(model, X, y, epochs=0, quiet=True)
    with pytest.raises(ValueError, match="batch_size"):
        train.fit(model, X, y, batch_size=0, quiet=True)
    with pytest.raises(ValueError, match="both X_test and y_test"):
        train.fit(model, X, y, X_test=X, quiet=True)
    with pytest.raises(ValueError, match="classification loss"):
        train.fit(model, X, y, loss="mse", target_accuracy=0.9, quiet=True)
    with pytest.raises(ValueError, match="fit: X row 1, column 1 must be finite, got nan"):
        train.fit(model, np.full((10, 2), np.nan), y, quiet=True)
