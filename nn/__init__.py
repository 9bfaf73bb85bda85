"""nn: neurons, layers and MLPs made of :class:`autograd.Value`, with losses, optimizers, toy data,
a training loop, save/load and a bridge to PyTorch.

    >>> from nn import MLP, losses
    >>> net = MLP.from_weights([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
    ...                        [[0.1, 0.5, 0.8], [0.7]], activations="sigmoid")
    >>> J = losses.mse(net([1.8, -3.4]), 5.0)      # ½(ŷ − y)²
    >>> J.backward()
    >>> net.layers[0].grad_matrix().shape           # dJ/dW1, k×n like W1
    (3, 2)

One file each:

* :mod:`~nn.module`: ``Module``, the tree of parts that own parameters;
* :mod:`~nn.layers`: ``Neuron``, ``Layer``, ``MLP`` and ``LayerValues`` (the ``z`` and ``a`` nodes of a layer);
* :mod:`~nn.layer_inputs`: what a layer is given, read (one sample, a weight matrix and its biases);
* :mod:`~nn.labels`: the parameter labels ``W1[2,1]``, ``b1[2]``, written and parsed;
* :mod:`~nn.arrays`: the one validator of weight matrices, vectors and datasets;
* :mod:`~nn.init`: weight initializers;  :mod:`~nn.activations`: activations by name;
* :mod:`~nn.losses`: loss functions;  :mod:`~nn.optim`: optimizers and learning-rate schedules;
* :mod:`~nn.data`: toy datasets;  :mod:`~nn.train`: the training loop, predictions and accuracy;
* :mod:`~nn.batched`: training through a recorded program (``fit``'s default engine);
* :mod:`~nn.serialize`: save/load as JSON;  :mod:`~nn.torch_bridge`: the same network in PyTorch.

Importing ``nn`` is light and needs no numpy: the network, its parameters, losses, optimizers and files
are imported with it; the modules that work on numpy arrays (:mod:`~nn.data`, :mod:`~nn.train`,
:mod:`~nn.batched`) are imported the first time one of their names is used (``nn.train``,
``nn.History``, …), so a network built from lists runs where there is no numpy (the browser page).
The few methods that return arrays (``weight_matrix()``, ``predict_array()``, …) import numpy when called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import activations, arrays, init, labels, losses, optim, serialize
from .layers import MLP, Layer, LayerValues, Neuron
from .module import Module
from .serialize import ModelFileError
from .torch_bridge import to_torch

#: The modules imported on first use (PEP 562), and where each of the other public names lives.
_MODULES = ("batched", "data", "train")
_WHERE = {"History": "train", "TrainingDivergedError": "train"}

__all__ = [
    "MLP", "History", "Layer", "LayerValues", "ModelFileError", "Module", "Neuron", "TrainingDivergedError",
    "activations", "arrays", "batched", "data", "init", "labels", "losses", "optim", "serialize", "to_torch", "train",
]

if TYPE_CHECKING:
    from . import batched, data, train
    from .train import History, TrainingDivergedError


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f".{name}", __name__)  # the import binds it here too
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'nn' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next use is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES, *_WHERE})
