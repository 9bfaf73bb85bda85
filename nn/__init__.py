"""nn: neurons, layers and MLPs made of :class:`autograd.Value`, with losses, optimizers, toy data,
a training loop, save/load and a bridge to PyTorch.

    >>> from nn import MLP, losses
    >>> net = MLP.from_weights([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
    ...                        [[0.1, 0.5, 0.8], [0.7]], activations="sigmoid")
    >>> J = losses.mse(net([1.8, -3.4]), 5.0)      # ½(ŷ − y)²
    >>> J.backward()
    >>> net.layers[0].grad_matrix().shape           # dJ/dW1, k×n like W1
    (3, 2)

One file each: :mod:`~nn.module` (``Module``), :mod:`~nn.layers` (``Neuron``, ``Layer``, ``MLP``),
:mod:`~nn.labels`, :mod:`~nn.arrays`, :mod:`~nn.init`, :mod:`~nn.activations`, :mod:`~nn.losses`,
:mod:`~nn.optim`, :mod:`~nn.data`, :mod:`~nn.train`, :mod:`~nn.serialize`, :mod:`~nn.torch_bridge`.
"""

from . import activations, arrays, data, init, labels, losses, optim, serialize, train
from .layers import MLP, Layer, Neuron
from .module import Module
from .serialize import ModelFileError
from .torch_bridge import to_torch
from .train import History, TrainingDivergedError

__all__ = [
    "MLP", "History", "Layer", "ModelFileError", "Module", "Neuron", "TrainingDivergedError", "activations",
    "arrays", "data", "init", "labels", "losses", "optim", "serialize", "to_torch", "train",
]
