"""Save and load an :class:`~nn.layers.MLP` as JSON: architecture, activations and weights.

The file looks like::

    {"format": "pizarra-mlp", "version": 1, "nin": 2,
     "layers": [{"activation": "sigmoid", "weights": [[0.1, -0.5], ...], "biases": [0.1, ...]}, ...]}

with ``weights`` in the course's ``k×n`` layout.  Floats are written with ``repr``, so a loaded
network is bit-for-bit the saved one.  Writes are atomic (:func:`autograd.files.write_atomic`), and
loading validates everything (each weight by :mod:`nn.arrays`) before touching any model: a
corrupted or mismatched file raises :class:`ModelFileError` and the model in memory stays as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from autograd.files import write_atomic

from . import activations as act
from .arrays import as_matrix, as_vector, describe
from .layers import MLP
from .words import NNError, Phrase, guess

__all__ = ["FORMAT", "VERSION", "ModelFileError", "load", "load_into", "save", "to_dict"]

FORMAT = "pizarra-mlp"
VERSION = 1


class ModelFileError(NNError):
    """A model file is unreadable, corrupted, or does not match the network it is loaded into (its message in
    any language: :class:`~nn.words.NNError`)."""


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
    where = Phrase("model_file", path=str(path))
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFileError(key="file_missing", where=where) from None
    except RecursionError:  # json reads nested lists recursively: [[[[…]]]] a thousand deep is not a model
        raise ModelFileError(key="file_too_deep", where=where) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:  # ValueError: bad JSON, or an int too long
        raise ModelFileError(key="file_json", where=where, detail=error) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ModelFileError(key="file_format", where=where, format=FORMAT)
    version = doc.get("version")
    if type(version) is not int or version != VERSION:  # not `true` (== 1) nor 1.0
        raise ModelFileError(key="file_version", where=where, version=version, expected=VERSION)
    nin, layers = doc.get("nin"), doc.get("layers")
    if type(nin) is not int or nin < 1:
        raise ModelFileError(key="file_nin", where=where, got=describe(nin))
    if not isinstance(layers, list) or not layers:
        raise ModelFileError(key="file_layers", where=where)
    parsed = []
    width = nin
    for i, layer in enumerate(layers, start=1):
        at = Phrase("at_layer", where=where, i=i)
        if not isinstance(layer, dict) or set(layer) != {"activation", "weights", "biases"}:
            raise ModelFileError(key="file_layer_keys", where=at)
        name = layer["activation"]
        if not isinstance(name, str) or name not in act.ACTIVATIONS:
            raise ModelFileError(key="unknown_activation", where=at, name=name, guess=guess(name, act.ACTIVATIONS),
                                 names=", ".join(act.ACTIVATIONS))
        W = as_matrix(layer["weights"], Phrase("of", what=at, part="weights"), cols=width, error=ModelFileError)
        b = as_vector(layer["biases"], Phrase("of", what=at, part="biases"), length=W.shape[0], error=ModelFileError)
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
        raise ModelFileError(key="file_mismatch", where=Phrase("model_file", path=str(path)),
                             saved=_describe(saved, [a for a, _, _ in layers]),
                             model=_describe(model.sizes, model.activations))
    for layer, (_, W, b) in zip(model.layers, layers):
        layer.set_weights(W, b)


def _describe(sizes: list[int], activations: list[str]) -> str:
    return " → ".join([str(sizes[0]), *(f"{n} {a}" for n, a in zip(sizes[1:], activations))])
