"""A playground whose training diverges says so in its status line and stays usable (issue 17).

Linear layers at lr=10 on the moons blow up within a few epochs: training stops at the first epoch that is
not finite, the weights are those after the last finished epoch, the status line says what happened and what
to do (a tenth of the rate, or Reset), and a step-through of a sample still works.  A new rate, or Reset,
clears the message, and training goes on.
"""

from __future__ import annotations

import math

import pytest

import viz


@pytest.mark.parametrize("data", ["moons", "circles", "xor", "spiral", "blobs"])
def test_a_diverging_playground_keeps_its_last_finished_epoch_and_says_what_to_do(data: str) -> None:
    pg = viz.playground(data=data, hidden=[8, 8], activation="linear", lr=10, seed=3)
    summary = pg.train(30)
    assert 1 <= pg.epoch < 30 and all(len(v) == pg.epoch for v in pg.history.values())
    assert all(math.isfinite(p.data) for p in pg.model.parameters())
    assert all(math.isfinite(v) for v in pg.history["loss"])
    assert repr(summary) == pg.status()
    assert pg.status() == (f"training diverged at epoch {pg.epoch + 1}: the weights are back after epoch {pg.epoch}; "
                           "lower the learning rate, from 10 to 1, or press Reset")
    assert len(pg.sample_trace()) > 0  # the model can still be stepped through


def test_a_smaller_rate_or_reset_clears_the_message_and_training_goes_on() -> None:
    pg = viz.playground(data="moons", hidden=[8, 8], activation="linear", lr=10, seed=3, notation="es")
    pg.train(30)
    assert pg.status().startswith("el entrenamiento divergió en la época ")
    assert "bajar la tasa de aprendizaje, de 10 a 1, o pulsar Reiniciar" in pg.status()
    pg.set(lr=0.01)
    assert pg.status().startswith("época ")
    pg.reset()
    epochs = pg.train(5)
    assert pg.epoch == 5 and epochs.epochs == 5 and math.isfinite(epochs.loss)
