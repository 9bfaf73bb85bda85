"""Random MLPs for the properties that hold two engines to the same numbers: the recorded programs of
``autograd.batch`` (tests/autograd/test_batch_nn.py) and ``nn``'s batched training
(tests/nn/test_batched_property.py)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from nn.activations import ACTIVATIONS, ELEMENTWISE

__all__ = ["HIDDEN", "LOSSES", "mlps"]

#: The activations of a hidden layer (softmax is an output's only).
HIDDEN = sorted(ELEMENTWISE)
#: Every loss of ``nn.losses`` a network is trained with.
LOSSES = ["mse", "hinge", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy"]


@st.composite
def mlps(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A loss, and the settings of an MLP that fits it (``MLP(**spec)``): 1–3 inputs, up to two hidden layers
    of 1–4, 2–3 classes for cross-entropy, 1–2 outputs for mse, one otherwise; binary cross-entropy's output
    is sigmoid."""
    loss = draw(st.sampled_from(LOSSES))
    nin = draw(st.integers(1, 3))
    hidden = draw(st.lists(st.integers(1, 4), max_size=2))
    nout = draw(st.integers(2, 3)) if loss == "cross_entropy" else 1 if loss != "mse" else draw(st.integers(1, 2))
    output = "sigmoid" if loss == "binary_cross_entropy" else draw(st.sampled_from(sorted(ACTIVATIONS)))
    spec = {"nin": nin, "sizes": [*hidden, nout], "activation": draw(st.sampled_from(HIDDEN)),
            "output_activation": output, "init": draw(st.sampled_from(["uniform", "xavier", "he"])),
            "seed": draw(st.integers(0, 1000))}
    return loss, spec
