"""What :func:`viz.network` draws, read and computed before any drawing: the layers and one sample's values.

* :func:`read_layers` reads the layers — ``W`` (``k×n``), ``b``, the activation, and the gradients
  ``∂J/∂W``, ``∂J/∂b`` when asked — from a model (:mod:`viz.model`) or from plain lists (or numpy arrays),
  each checked by :mod:`nn.arrays` into lists of floats, and checks that each layer takes as many inputs as
  the one before has neurons.  Nothing here needs numpy: an ``nn`` model is read through its lists
  (``weight_rows()``, …), so the picture is drawn where there is no numpy (the browser page).
* :func:`run_sample` runs one input sample through a copy of those layers (:meth:`nn.MLP.from_weights`,
  then :meth:`nn.MLP.forward_layers`, which hands back the graph's own ``z`` and ``a`` nodes) and, given a
  target, its loss and ``backward()``: every forward and backward value of the picture is read from that
  graph, none is computed here.  The caller's model is never touched (its gradients stay as they are).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import VizError
from ..model import Model, member

__all__ = ["Layer", "Sample", "read_layers", "run_sample"]


@dataclass(frozen=True)
class Layer:
    """One layer as the picture draws it: ``weights`` ``k×n`` (row ``j`` = neuron ``j``), ``biases`` (``k``), the
    activation's name (``""`` when not given) and, when known, ``∂J/∂W`` and ``∂J/∂b``."""

    weights: list[list[float]]
    biases: list[float]
    activation: str
    weight_grads: list[list[float]] | None
    bias_grads: list[float] | None

    @property
    def nout(self) -> int:
        """``k``, the number of neurons."""
        return len(self.weights)

    @property
    def nin(self) -> int:
        """``n``, the number of inputs."""
        return len(self.weights[0])


@dataclass(frozen=True)
class Sample:
    """One sample's values, read from the graph :func:`run_sample` built.

    Attributes:
        x: the input (``n`` numbers).
        z, a: per layer, each neuron's ``z = W·x + b`` and output ``a``.
        y: the target, or None (forward pass only).
        loss: ``J`` for this sample, or None without a target.
        dx: ``∂J/∂x`` per input (None without a target).
        dz, da: per layer, ``∂J/∂z`` and ``∂J/∂a`` (None without a target).
    """

    x: list[float]
    z: list[list[float]]
    a: list[list[float]]
    y: list[float] | None = None
    loss: float | None = None
    dx: list[float] | None = None
    dz: list[list[float]] | None = None
    da: list[list[float]] | None = None


def _activation(name: str | None, what: str) -> str:
    """An activation name checked against ``nn``'s (``None``, not given, is drawn as ``""``)."""
    if name is None:
        return ""
    from nn.activations import check

    return check(name, f"network: {what}")


def read_layers(model: Model | None, weights: Sequence[Any] | None, biases: Sequence[Any] | None,
                activations: Sequence[str | None] | None, grads: Sequence[Any] | None,
                bias_grads: Sequence[Any] | None, show_grads: bool) -> list[Layer]:
    """The layers of ``model`` (when given) or of the lists, checked, with their gradients if ``show_grads``."""
    layers = _from_model(model, show_grads) if model is not None else _from_lists(
        weights, biases, activations, grads, bias_grads, show_grads)
    for li in range(1, len(layers)):
        k_prev, n = layers[li - 1].nout, layers[li].nin
        if n != k_prev:
            raise VizError(f"network: layer {li + 1} takes {n} inputs but layer {li} has {k_prev} neurons "
                           f"(W{li + 1} must be k×{k_prev})")
    return layers


#: The members of :class:`viz.model.ModelLayer` that give arrays, each with the one giving the same numbers as
#: lists, read instead when the layer has it (an ``nn.Layer`` does: no numpy is needed to draw it).
_AS_LISTS = {"weight_matrix": "weight_rows", "bias_vector": "bias_numbers", "grad_matrix": "grad_rows",
             "bias_grad": "bias_grad_numbers"}


def _read(layer: Any, name: str, where: str) -> tuple[Any, str]:
    """``layer.name()`` (or its list twin of :data:`_AS_LISTS`, when the layer has one), and how messages name it."""
    name = _AS_LISTS[name] if callable(getattr(layer, _AS_LISTS[name], None)) else name
    return member(layer, name, where, call=True), f"{where}: {name}()"


def _from_model(model: Model, show_grads: bool) -> list[Layer]:
    from nn.arrays import as_number_rows, as_numbers

    layers = []
    for li, layer in enumerate(member(model, "layers", "network: the model"), start=1):
        where = f"network: layer {li} of the model"
        W = as_number_rows(*_read(layer, "weight_matrix", where))
        k, n = len(W), len(W[0])
        b = as_numbers(*_read(layer, "bias_vector", where), length=k)
        gW = gb = None
        if show_grads:
            gW = as_number_rows(*_read(layer, "grad_matrix", where), rows=k, cols=n)
            gb = as_numbers(*_read(layer, "bias_grad", where), length=k)
        layers.append(Layer(W, b, _activation(member(layer, "activation", where), f"layer {li}"), gW, gb))
    if not layers:
        raise VizError("network: the model has no layers")
    return layers


def _from_lists(weights: Sequence[Any] | None, biases: Sequence[Any] | None,
                activations: Sequence[str | None] | None, grads: Sequence[Any] | None,
                bias_grads: Sequence[Any] | None, show_grads: bool) -> list[Layer]:
    from nn.arrays import as_number_rows, as_numbers

    if weights is None or len(weights) == 0:
        raise VizError("network: give a model, or weights=[W1, W2, …] (one k×n matrix per layer)")
    count = len(weights)
    for what, seq in (("biases", biases), ("activations", activations), ("grads", grads),
                      ("bias_grads", bias_grads)):
        if seq is not None and len(seq) != count:
            raise VizError(f"network: {len(seq)} {what} for {count} layers of weights")
    if show_grads and grads is None and bias_grads is None:
        raise VizError("network: show=NetworkShow(grads=True) needs grads=[dW1, …] (and bias_grads=), a model, "
                       "or a sample with its target (x=, y=)")
    layers = []
    for i, Wx in enumerate(weights):
        W = as_number_rows(Wx, f"network: weights[{i}]")
        k, n = len(W), len(W[0])
        b = as_numbers(biases[i], f"network: biases[{i}]", length=k) if biases is not None else [0.0] * k
        gW = (as_number_rows(grads[i], f"network: grads[{i}]", rows=k, cols=n)
              if show_grads and grads is not None else None)
        gb = (as_numbers(bias_grads[i], f"network: bias_grads[{i}]", length=k)
              if show_grads and bias_grads is not None else None)
        act = _activation(activations[i], f"activations[{i}]") if activations is not None else ""
        layers.append(Layer(W, b, act, gW, gb))
    return layers


def run_sample(layers: Sequence[Layer], x: Any, y: Any = None,
               loss: str | Callable[[Any, Any], Any] = "mse") -> tuple[Sample, list[Layer]]:
    """Run the input ``x`` through a copy of ``layers``; with a target ``y``, also its loss and ``backward()``.

    ``loss`` is a name of :data:`nn.losses.LOSSES` (``"mse"``: ``J = ½(ŷ − y)²`` for one sample) or a
    function ``(predictions, targets) → Value``, called with the outputs of this one sample as a batch of
    one.  Returns the sample's values and the layers, with this sample's ``∂J/∂W`` and ``∂J/∂b`` when
    ``y`` is given (else the layers as they were).
    """
    from autograd import Value
    from nn import MLP, losses
    from nn.arrays import as_numbers, is_array

    net = MLP.from_weights([layer.weights for layer in layers], [layer.biases for layer in layers],
                           [layer.activation or "linear" for layer in layers])
    values = as_numbers(x.ravel() if is_array(x) else x, "network: x")
    if len(values) != net.nin:
        raise VizError(f"network: x has {len(values)} numbers but the network takes {net.nin} inputs")
    xs = [Value(v) for v in values]
    forward = net.forward_layers(xs)
    z = [[v.data for v in lv.z] for lv in forward]
    a = [[v.data for v in lv.a] for lv in forward]
    if y is None:
        return Sample(values, z, a), list(layers)
    out = forward[-1].a
    ys = as_numbers([y] if isinstance(y, numbers.Real) else y, "network: y")
    # one sample: a batch of one prediction (the list of the outputs) and one target (a number, a class index
    # for cross_entropy, or one number per output)
    J = losses.get(loss)([out], [ys[0] if len(ys) == 1 else ys])
    J.backward()
    sample = Sample(values, z, a, ys, J.data, [v.grad for v in xs],
                    [[v.grad for v in lv.z] for lv in forward], [[v.grad for v in lv.a] for lv in forward])
    graded = [replace(layer, weight_grads=net_layer.grad_rows(), bias_grads=net_layer.bias_grad_numbers())
              for layer, net_layer in zip(layers, net.layers)]
    return sample, graded
