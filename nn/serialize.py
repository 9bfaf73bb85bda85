"""Save and load an :class:`~nn.layers.MLP` as JSON: architecture, activations and weights.

The file looks like::

    {"format": "pizarra-mlp", "version": 1, "nin": 2,
     "layers": [{"activation": "sigmoid", "weights": [[0.1, -0.5], ...], "biases": [0.1, ...]}, ...]}

with ``weights`` in the course's ``k×n`` layout.  Floats are written with ``repr``, so a loaded
network is bit-for-bit the saved one.  Writes are atomic (:func:`autograd.files.write_atomic`), and
loading validates everything (each weight by :mod:`nn.arrays`) before touching any model: a
corrupted or mismatched file raises :class:`ModelFileError` and the model in memory stays as it was.

Saving checks the model by the very rules loading applies, before the target is touched: a model with a
NaN weight is refused, and the good file already there stays as it was.  A file is read only up to
:data:`MAX_BYTES` (``max_bytes=`` raises it), and only if it is a regular file; a key that is unknown or
given twice, at any level, is refused (with the nearest known key when one is close).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from autograd.files import FileTooLargeError, NotAFileError, read_bounded, write_atomic

from . import activations as act
from .arrays import as_number_rows, as_numbers, describe
from .layers import MLP
from .words import NNError, Phrase, guess

__all__ = ["FORMAT", "MAX_BYTES", "VERSION", "ModelFileError", "load", "load_into", "save", "to_dict"]

FORMAT = "pizarra-mlp"
VERSION = 1
#: The largest model file read by default (64 MB: about four million weights); ``max_bytes=`` raises it.
MAX_BYTES = 64 << 20
_KEYS = ("format", "version", "nin", "layers")
_LAYER_KEYS = ("activation", "weights", "biases")


class ModelFileError(NNError):
    """A model file is unreadable, corrupted, or does not match the network it is loaded into (its message in
    any language: :class:`~nn.words.NNError`)."""


def to_dict(model: MLP) -> dict[str, Any]:
    """The JSON-ready description of ``model``."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "nin": model.nin,
        "layers": [{"activation": layer.activation, "weights": layer.weight_rows(),
                    "biases": layer.bias_numbers()} for layer in model.layers],
    }


def save(model: MLP, path: str | Path) -> Path:
    """Write ``model`` to ``path`` as JSON (atomically); returns the path.

    The model is first checked by the rules :func:`load` applies: a model that could not be loaded back (a
    weight that is NaN or infinite) raises :class:`ModelFileError`, and ``path`` is left as it was.
    """
    doc = to_dict(model)
    try:
        _validate(doc, Phrase("model_to_save", path=str(path)))
    except ModelFileError as error:
        raise ModelFileError(key="save_refused", error=error) from None
    return write_atomic(path, json.dumps(doc, indent=1, allow_nan=False) + "\n")


class _GivenTwice(ValueError):
    """A key given twice in one JSON object (``json`` would silently keep the last one)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused (:class:`_GivenTwice`) when a key is given twice."""
    doc: dict[str, Any] = {}
    for key, value in pairs:
        if key in doc:
            raise _GivenTwice(key)
        doc[key] = value
    return doc


def _unknown_keys(found: dict[str, Any], known: tuple[str, ...], where: Phrase) -> None:
    unknown = [str(k) for k in found if k not in known]
    if unknown:
        raise ModelFileError(key="file_unknown_key", where=where, name=unknown[0], guess=guess(unknown[0], known),
                             keys=", ".join(known))


def _read(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[int, list[tuple[str, list[list[float]], list[float]]]]:
    """Parse and validate a model file: ``nin`` and ``(activation, W, b)`` per layer."""
    where = Phrase("model_file", path=str(path))
    try:
        doc = json.loads(read_bounded(path, max_bytes).decode("utf-8"), object_pairs_hook=_unique_keys)
    except FileNotFoundError:
        raise ModelFileError(key="file_missing", where=where) from None
    except FileTooLargeError as error:
        raise ModelFileError(key="file_too_large", where=where, size=error.size_text,
                             limit=error.limit_text) from None
    except NotAFileError as error:
        raise ModelFileError(key="file_not_regular", where=where, kind=Phrase(f"kind_{error.kind}")) from None
    except _GivenTwice as twice:
        raise ModelFileError(key="file_key_twice", where=where, name=twice.args[0]) from None
    except RecursionError:  # json reads nested lists recursively: [[[[…]]]] a thousand deep is not a model
        raise ModelFileError(key="file_too_deep", where=where) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:  # ValueError: bad JSON, or an int too long
        raise ModelFileError(key="file_json", where=where, detail=error) from None
    return _validate(doc, where)


def _validate(doc: Any, where: Phrase) -> tuple[int, list[tuple[str, list[list[float]], list[float]]]]:
    """The rules every model file obeys (loading and saving both apply them): ``nin`` and each layer."""
    if isinstance(doc, dict):
        _unknown_keys(doc, _KEYS, where)
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
        if isinstance(layer, dict):
            _unknown_keys(layer, _LAYER_KEYS, at)
        if not isinstance(layer, dict) or set(layer) != set(_LAYER_KEYS):
            raise ModelFileError(key="file_layer_keys", where=at)
        name = layer["activation"]
        if not isinstance(name, str) or name not in act.ACTIVATIONS:
            raise ModelFileError(key="unknown_activation", where=at, name=name, guess=guess(name, act.ACTIVATIONS),
                                 names=", ".join(act.ACTIVATIONS))
        W = as_number_rows(layer["weights"], Phrase("of", what=at, part="weights"), cols=width,
                           error=ModelFileError)
        b = as_numbers(layer["biases"], Phrase("of", what=at, part="biases"), length=len(W), error=ModelFileError)
        parsed.append((name, W, b))
        width = len(W)
    return nin, parsed


def load(path: str | Path, *, max_bytes: int = MAX_BYTES) -> MLP:
    """A new network from a file written by :func:`save`; raises :class:`ModelFileError` if it is invalid.

    A file larger than ``max_bytes`` (default :data:`MAX_BYTES`), or one that is not a regular file, is
    refused before it is read.
    """
    _, layers = _read(path, max_bytes)
    return MLP.from_weights([W for _, W, _ in layers], [b for _, _, b in layers], [a for a, _, _ in layers])


def load_into(model: MLP, path: str | Path, *, max_bytes: int = MAX_BYTES) -> None:
    """Copy a file's weights into ``model``, whose architecture must match; on error ``model`` is untouched."""
    nin, layers = _read(path, max_bytes)
    saved = [nin, *(len(W) for _, W, _ in layers)]
    if saved != model.sizes or [a for a, _, _ in layers] != model.activations:
        raise ModelFileError(key="file_mismatch", where=Phrase("model_file", path=str(path)),
                             saved=_describe(saved, [a for a, _, _ in layers]),
                             model=_describe(model.sizes, model.activations))
    for layer, (_, W, b) in zip(model.layers, layers):
        layer.set_weights(W, b)


def _describe(sizes: list[int], activations: list[str]) -> str:
    return " → ".join([str(sizes[0]), *(f"{n} {a}" for n, a in zip(sizes[1:], activations))])
