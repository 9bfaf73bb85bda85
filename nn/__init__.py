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
* :mod:`~nn.labels`: the parameter labels ``W1[2,1]``, ``b1[2]``, written and parsed;
* :mod:`~nn.arrays`: the one validator of weight matrices, vectors and datasets;
* :mod:`~nn.init`: weight initializers;  :mod:`~nn.activations`: activations by name;
* :mod:`~nn.losses`: loss functions;  :mod:`~nn.optim`: optimizers and learning-rate schedules;
* :mod:`~nn.data`: toy datasets;  :mod:`~nn.train`: the training loop, predictions and accuracy;
* :mod:`~nn.batched`: training through a recorded program (``fit``'s default engine);
* :mod:`~nn.serialize`: save/load as JSON;  :mod:`~nn.torch_bridge`: the same network in PyTorch.
"""

from . import activations, arrays, batched, data, init, labels, losses, optim, serialize, train
from .layers import MLP, Layer, LayerValues, Neuron
from .module import Module
from .serialize import ModelFileError
from .torch_bridge import to_torch
from .train import History, TrainingDivergedError

__all__ = [
    "MLP", "History", "Layer", "LayerValues", "ModelFileError", "Module", "Neuron", "TrainingDivergedError",
    "activations", "arrays", "batched", "data", "init", "labels", "losses", "optim", "serialize", "to_torch", "train",
]
