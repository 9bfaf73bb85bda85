"""What the pictures read from an ``nn`` model, and the one way they reach ``nn``.

**The one way.**  A picture that shows a model reads it only through the members listed in
:class:`Model` (and :class:`ModelLayer` for each of its layers) — :class:`nn.MLP` and :class:`nn.Layer`
have them, and so does any object with the same members, which is how the tests draw a model made
by hand.  These Protocols are the type hints of :func:`viz.network` and :mod:`viz.plots`; a member a
picture needs and the object lacks is a TypeError naming it (:func:`member`).  Everything else the
pictures need from ``nn`` — its array validators (:mod:`nn.arrays`), its parameter labels
(:mod:`nn.labels`), its activation names (:mod:`nn.activations`), its classification threshold
(:func:`nn.train.predicted_classes`) — is one of ``nn``'s public functions, imported inside the
function that uses it, so that ``import viz`` does not load ``nn``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from .errors import VizTypeError

__all__ = ["History", "Model", "ModelLayer", "member"]


class ModelLayer(Protocol):
    """One layer as the pictures read it: the course's ``k×n`` matrix ``W``, the bias, their gradients.

    A layer that also has ``weight_rows()``, ``bias_numbers()``, ``grad_rows()`` and ``bias_grad_numbers()``
    (the same numbers as lists, as :class:`nn.Layer` has) is read by :func:`viz.network` through those, so
    that drawing it needs no numpy.
    """

    @property
    def activation(self) -> str:
        """The activation's name, one of :data:`nn.activations.ACTIVATIONS`."""

    def weight_matrix(self) -> Any:
        """``W``, ``k×n``: row ``j`` holds neuron ``j``'s weights."""

    def bias_vector(self) -> Any:
        """``b``, ``k`` numbers."""

    def grad_matrix(self) -> Any:
        """``∂L/∂W``, ``k×n``."""

    def bias_grad(self) -> Any:
        """``∂L/∂b``, ``k`` numbers."""


class Model(Protocol):
    """A model as the pictures read it (:class:`nn.MLP` is one).

    :func:`viz.network` reads ``layers``; :func:`viz.plots.plot_decision_boundary` reads ``nout``,
    ``activations`` and ``predict_array``.
    """

    @property
    def layers(self) -> Sequence[ModelLayer]:
        """The layers, from the input to the output."""

    @property
    def nout(self) -> int:
        """How many outputs."""

    @property
    def activations(self) -> Sequence[str]:
        """Each layer's activation name."""

    def predict_array(self, X: Any) -> Any:
        """The outputs for the rows of ``X``, shape ``(N, nout)``, with numpy (no graph)."""


class History(Protocol):
    """A training history as :func:`viz.plots.plot_history` reads it (:class:`nn.train.History` is one)."""

    def as_dict(self) -> dict[str, list[Any]]:
        """The per-epoch lists by name: ``loss``, ``accuracy``, ``test_loss``, ``test_accuracy``."""


def member(obj: object, name: str, what: str, *, call: bool = False) -> Any:
    """``obj.name`` (called, with ``call=True``), or a TypeError (a VizTypeError) saying that ``what`` lacks it.

        >>> member(object(), "layers", "network: the model")
        Traceback (most recent call last):
        ...
        viz.errors.VizTypeError: network: the model has no layers
    """
    value = getattr(obj, name, None)
    if call:
        if not callable(value):
            raise VizTypeError(f"{what} has no {name}() method")
        return value()
    if value is None:
        raise VizTypeError(f"{what} has no {name}")
    return value
