"""The bridge to PyTorch: ``to_torch(model)`` builds the same network as a ``torch.nn.Sequential``.

Each layer becomes a ``torch.nn.Linear`` in float64 (``weight`` is the course's ``k×n`` matrix
``W``, ``bias`` is ``b``) followed by its activation module, so the same inputs give the same outputs
and the same gradients.  PyTorch is imported only when this is called (``pip install 'pizarra[torch]'``).
"""

from __future__ import annotations

from typing import Any

from . import activations as act
from .layers import MLP

__all__ = ["to_torch"]


def _activation_module(nn: Any, name: str) -> Any:
    modules = {
        "relu": lambda: nn.ReLU(),
        "leaky_relu": lambda: nn.LeakyReLU(act.LEAKY_SLOPE),
        "tanh": lambda: nn.Tanh(),
        "sigmoid": lambda: nn.Sigmoid(),
        "softmax": lambda: nn.Softmax(dim=-1),
    }
    return modules[name]() if name in modules else None


def to_torch(model: MLP) -> Any:
    """A ``torch.nn.Sequential`` (float64) with ``model``'s architecture and a copy of its weights."""
    try:
        import torch
    except ImportError:
        raise ImportError("to_torch needs PyTorch: pip install 'pizarra[torch]' (or pip install torch)") from None
    modules: list[Any] = []
    for layer in model.layers:
        linear = torch.nn.Linear(layer.nin, layer.nout, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(layer.weight_matrix(), dtype=torch.float64))
            linear.bias.copy_(torch.tensor(layer.bias_vector(), dtype=torch.float64))
        modules.append(linear)
        activation = _activation_module(torch.nn, layer.activation)
        if activation is not None:
            modules.append(activation)
    return torch.nn.Sequential(*modules)
