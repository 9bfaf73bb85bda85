"""Save and load an :class:`~nn.layers.MLP` as JSON: architecture, activations and weights.

The file looks like::

    {"format": "pizarra-mlp", "version": 1, "nin": 2,
     "layers": [{"activation": "sigmoid", "weights": [[0.1, -0.5], ...], "biases": [0.1, ...]}, ...]}

with ``weights`` in the course's ``k×n`` layout.  Floats are written with ``repr``, so a loaded
network is bit-for-bit the saved one.  Writes are atomic (:func:`autograd.files.write_atomic`), and
loading validates everything before touching any model: a corrupted or mismatched file raises
:class:`ModelFileError` and the model in memory stays as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from autograd.files import write_atomic

from . import activations as act
from .layers import MLP

__all__ = ["FORMAT", "VERSION", "ModelFileError", "load", "load_into", "save", "to_dict"]

FORMAT = "pizarra-mlp"
VERSION = 1


class ModelFileError(ValueError):
    """A model file is unreadable, corrupted, or does not match the network it is loaded into."""


def to_dict(model: MLP) -> dict[str, Any]:
    """The JSON-ready description of ``model``."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "nin": model.nin,
        "layers": [{"activation": layer.activation, "weights": layer.weight_matrix().tolist(),
                    "biases": layer.bias_vector().tolist()} for layer in model.layers],
    }


def save(model: MLP, path: str | Path) -> Path:
    """Write ``model`` to ``path`` as JSON (atomically); returns the path."""
    return write_atomic(path, json.dumps(to_dict(model), indent=1) + "\n")


def _read(path: str | Path) -> tuple[int, list[tuple[str, np.ndarray, np.ndarray]]]:
    """Parse and validate a model file: ``nin`` and ``(activation, W, b)`` per layer."""
    where = f"model file {str(path)!r}"
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFileError(f"{where} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(f"{where} is not valid JSON ({error})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ModelFileError(f"{where} is not a pizarra model (expected \"format\": \"{FORMAT}\")")
    if doc.get("version") != VERSION:
        raise ModelFileError(f"{where} has version {doc.get('version')!r}; this pizarra reads version {VERSION}")
    nin, layers = doc.get("nin"), doc.get("layers")
    if isinstance(nin, bool) or not isinstance(nin, int) or nin < 1:
        raise ModelFileError(f"{where}: \"nin\" must be a positive int, got {nin!r}")
    if not isinstance(layers, list) or not layers:
        raise ModelFileError(f"{where}: \"layers\" must be a non-empty list")
    parsed = []
    width = nin
    for i, layer in enumerate(layers, start=1):
        if not isinstance(layer, dict) or set(layer) != {"activation", "weights", "biases"}:
            raise ModelFileError(f"{where}, layer {i}: expected the keys activation, weights, biases")
        name = layer["activation"]
        if name not in act.ACTIVATIONS:
            raise ModelFileError(f"{where}, layer {i}: unknown activation {name!r}; "
                                 f"choose one of {', '.join(act.ACTIVATIONS)}")
        try:
            W = np.array(layer["weights"], dtype=float)
            b = np.array(layer["biases"], dtype=float)
        except (TypeError, ValueError):
            raise ModelFileError(
                f"{where}, layer {i}: weights and biases must be rectangular lists of numbers") from None
        if W.ndim != 2 or W.shape[1] != width or W.shape[0] < 1:
            raise ModelFileError(f"{where}, layer {i}: weights must be a k×{width} matrix, got shape {W.shape}")
        if b.shape != (W.shape[0],):
            raise ModelFileError(f"{where}, layer {i}: biases must have {W.shape[0]} entries, got shape {b.shape}")
        if not (np.isfinite(W).all() and np.isfinite(b).all()):
            raise ModelFileError(f"{where}, layer {i}: weights and biases must be finite")
        parsed.append((name, W, b))
        width = W.shape[0]
    return nin, parsed


def load(path: str | Path) -> MLP:
    """A new network from a file written by :func:`save`; raises :class:`ModelFileError` if it is invalid."""
    _, layers = _read(path)
    return MLP.from_weights([W for _, W, _ in layers], [b for _, _, b in layers], [a for a, _, _ in layers])


def load_into(model: MLP, path: str | Path) -> None:
    """Copy a file's weights into ``model``, whose architecture must match; on error ``model`` is untouched."""
    nin, layers = _read(path)
    saved = [nin, *(W.shape[0] for _, W, _ in layers)]
    if saved != model.sizes or [a for a, _, _ in layers] != model.activations:
        raise ModelFileError(
            f"model file {str(path)!r} holds a {_describe(saved, [a for a, _, _ in layers])} network but the model is "
            f"{_describe(model.sizes, model.activations)}; nothing was changed")
    for layer, (_, W, b) in zip(model.layers, layers):
        layer.set_weights(W, b)


def _describe(sizes: list[int], activations: list[str]) -> str:
    return " → ".join([str(sizes[0]), *(f"{n} {a}" for n, a in zip(sizes[1:], activations))])
