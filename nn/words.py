"""The words of ``nn``'s errors a class can meet — a weight matrix of the wrong shape, an unknown activation or
loss, a model file that cannot be read — in every language.

:class:`NNError` is raised with a key of :data:`WORDS` and its fields; ``str(error)`` is English, and
``error.message("es")`` is Spanish, so the ``pizarra`` command and the grader write it in the class's
language.  A field that is itself words (where the problem is: ``from_weights, layer 2``) is a
:class:`Phrase`, written in the same language.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from autograd.errors import PizarraError
from autograd.text import WordTable

__all__ = ["WORDS", "NNError", "NNTypeError", "Phrase", "guess"]

WORDS = WordTable(
    en={
        "at_layer": "{where}, layer {i}",
        "model_file": "model file {path!r}",
        "entry_rc": "{what} row {r}, column {c}",
        "entry_j": "{what} entry {j}",
        "of": "{what}: {part}",
        "unknown_activation": "{where}: unknown activation {name!r}; choose one of {names}{guess}",
        "softmax_neuron": "softmax acts on a whole layer's outputs, not on one neuron; choose one of {names} for a "
                          "neuron",
        "activation_and_nonlin": "{where}: give activation= or nonlin= (micrograd's name: True is relu, False is "
                                 "linear), not both; got activation={activation!r} and nonlin={nonlin!r}",
        "unknown_loss": "unknown loss {name!r}; choose one of {names}{guess}",
        "did_you_mean": " (did you mean {name}?)",
        "empty_batch": "{name}: empty batch (no predictions)",
        "batch_targets": "{name}: {n} prediction(s) but {m} target(s)",
        "outputs_targets": "half_squared_error: {n} output(s) but {m} target value(s)",
        "one_output": "{name}: expects one output per sample, got {n}; use cross_entropy for several classes",
        "binary_label": "{name}: targets must be in [0, 1] (class 0 or 1), got {y!r}",
        "two_logits": "cross_entropy: needs at least 2 logits per sample, got {c}; use "
                      "binary_cross_entropy_with_logits for one output",
        "class_target": "cross_entropy: a target must be a class index in 0..{last}, got {y!r}",
        "class_index": "cross_entropy: class index must be in 0..{last}, got {y!r}",
        "class_vector": "cross_entropy: a target vector must be {c} probabilities summing to 1, got {y!r}",
        "hinge_label": "hinge: labels must be -1 or +1, got {y!r} (map class 0 to -1)",
        "biases_per_matrix": "from_weights: need one bias vector per weight matrix, got {n} matrices and {m} bias "
                             "vectors",
        "activations_per_layer": "from_weights: got {n} activations for {m} layers",
        "columns": "{where}: W{i} has shape {rows}×{cols} but layer {prev_i} has {prev} outputs, so W{i} needs "
                   "{prev} columns",
        "matrix_ndim": "{what} must be a {expected} matrix (2-D), got an array of shape {shape}",
        "matrix_shape": "{what}: expected shape {expected}, got {rows}×{cols}",
        "matrix_rows": "{what} must be a {expected} matrix: a list of rows, each a list of numbers; got {got}",
        "matrix_row": "{what} must be a {expected} matrix: a list of rows, each a list of numbers; row {r} is {got}",
        "ragged": "{what} must be rectangular (every row the same length): row 1 has length {first}, row {r} has "
                  "length {n}",
        "vector_ndim": "{what} must be a list of numbers (1-D), got an array of shape {shape}",
        "vector": "{what} must be a list of numbers, got {got}",
        "vector_shape": "{what}: expected shape ({expected},), got ({n},)",
        "number": "{what} must be a number, got {got}",
        "real": "{what} must be a real number, got {got}",
        "finite": "{what} must be finite, got {got}",
        "huge": "{what} must be finite, got an integer too large for a float",
        "samples_table": "{what}: X must be a table of numbers, one sample per row ({problem})",
        "samples_numbers": "{what}: X must hold numbers only (not strings, bools or None), got {got} of {dtype}",
        "samples_empty": "{what}: empty dataset (no samples)",
        "samples_shape": "{what}: expects samples as rows of {nin} number(s), so X must have shape (N, {nin}); "
                         "got {shape}",
        "samples_finite": "{what}: X row {r}, column {c} must be finite, got {got}",
        "file_missing": "{where} does not exist",
        "file_too_deep": "{where} is not a pizarra model (its JSON is nested too deeply)",
        "file_json": "{where} is not valid JSON ({detail})",
        "file_format": "{where} is not a pizarra model (expected \"format\": \"{format}\")",
        "file_version": "{where} has version {version!r}; this pizarra reads version {expected}",
        "file_nin": "{where}: \"nin\" must be a positive int, got {got}",
        "file_layers": "{where}: \"layers\" must be a non-empty list",
        "file_layer_keys": "{where}: expected the keys activation, weights, biases",
        "file_mismatch": "{where} holds a {saved} network but the model is {model}; nothing was changed",
        "file_too_large": "{where} is {size}, more than the {limit} a model file may hold; nothing was read "
                          "(pass a larger max_bytes if the file is right)",
        "file_not_regular": "{where} is a {kind}, not a regular file; nothing was read",
        "kind_folder": "folder",
        "kind_device": "device",
        "kind_pipe": "pipe (FIFO)",
        "kind_socket": "socket",
        "kind_special": "special file",
        "file_key_twice": "{where}: the key {name!r} is given twice",
        "file_unknown_key": "{where}: unknown key {name!r}{guess}; the keys are {keys}",
        "model_to_save": "save: the model for {path!r}",
        "save_refused": "{error}; the file was not written",
    },
    es={
        "at_layer": "{where}, capa {i}",
        "model_file": "archivo de modelo {path!r}",
        "entry_rc": "{what} fila {r}, columna {c}",
        "entry_j": "{what} entrada {j}",
        "of": "{what}: {part}",
        "unknown_activation": "{where}: activación desconocida {name!r}; las activaciones son {names}{guess}",
        "softmax_neuron": "softmax actúa sobre todas las salidas de una capa, no sobre una neurona; para una "
                          "neurona las activaciones son {names}",
        "activation_and_nonlin": "{where}: pasar activation= o nonlin= (el nombre de micrograd: True es relu, False "
                                 "es linear), no los dos; se recibió activation={activation!r} y nonlin={nonlin!r}",
        "unknown_loss": "función de costo desconocida {name!r}; las funciones de costo son {names}{guess}",
        "did_you_mean": " (¿quisiste decir {name}?)",
        "empty_batch": "{name}: lote vacío (sin predicciones)",
        "batch_targets": "{name}: {n} predicción(es) pero {m} objetivo(s)",
        "outputs_targets": "half_squared_error: {n} salida(s) pero {m} valor(es) objetivo",
        "one_output": "{name}: espera una salida por muestra, se recibieron {n}; para varias clases se usa "
                      "cross_entropy",
        "binary_label": "{name}: los objetivos deben estar en [0, 1] (clase 0 o 1), se recibió {y!r}",
        "two_logits": "cross_entropy: necesita al menos 2 logits por muestra, se recibieron {c}; para una salida se "
                      "usa binary_cross_entropy_with_logits",
        "class_target": "cross_entropy: un objetivo debe ser el índice de una clase en 0..{last}, se recibió {y!r}",
        "class_index": "cross_entropy: el índice de clase debe estar en 0..{last}, se recibió {y!r}",
        "class_vector": "cross_entropy: un vector objetivo debe tener {c} probabilidades que sumen 1, se recibió "
                        "{y!r}",
        "hinge_label": "hinge: las etiquetas deben ser -1 o +1, se recibió {y!r} (la clase 0 va como -1)",
        "biases_per_matrix": "from_weights: hace falta un vector de sesgos por matriz de pesos, se recibieron {n} "
                             "matrices y {m} vectores de sesgos",
        "activations_per_layer": "from_weights: se recibieron {n} activaciones para {m} capas",
        "columns": "{where}: W{i} tiene forma {rows}×{cols} pero la capa {prev_i} tiene {prev} salidas, así que "
                   "W{i} necesita {prev} columnas",
        "matrix_ndim": "{what} debe ser una matriz {expected} (2-D), se recibió un arreglo de forma {shape}",
        "matrix_shape": "{what}: se esperaba la forma {expected}, se recibió {rows}×{cols}",
        "matrix_rows": "{what} debe ser una matriz {expected}: una lista de filas, cada una una lista de números; "
                       "se recibió {got}",
        "matrix_row": "{what} debe ser una matriz {expected}: una lista de filas, cada una una lista de números; "
                      "la fila {r} es {got}",
        "ragged": "{what} debe ser rectangular (todas las filas del mismo largo): la fila 1 tiene largo {first}, "
                  "la fila {r} tiene largo {n}",
        "vector_ndim": "{what} debe ser una lista de números (1-D), se recibió un arreglo de forma {shape}",
        "vector": "{what} debe ser una lista de números, se recibió {got}",
        "vector_shape": "{what}: se esperaba la forma ({expected},), se recibió ({n},)",
        "number": "{what} debe ser un número, se recibió {got}",
        "real": "{what} debe ser un número real, se recibió {got}",
        "finite": "{what} debe ser finito, se recibió {got}",
        "huge": "{what} debe ser finito, se recibió un entero demasiado grande para un float",
        "samples_table": "{what}: X debe ser una tabla de números, una muestra por fila ({problem})",
        "samples_numbers": "{what}: X debe tener solo números (no textos, booleanos ni None), se recibió {got} de "
                           "{dtype}",
        "samples_empty": "{what}: conjunto de datos vacío (sin muestras)",
        "samples_shape": "{what}: las muestras van en filas de {nin} número(s), así que X debe tener forma "
                         "(N, {nin}); se recibió {shape}",
        "samples_finite": "{what}: X fila {r}, columna {c} debe ser finito, se recibió {got}",
        "file_missing": "{where} no existe",
        "file_too_deep": "{where} no es un modelo de pizarra (su JSON anida demasiados niveles)",
        "file_json": "{where} no es JSON válido ({detail})",
        "file_format": "{where} no es un modelo de pizarra (se esperaba \"format\": \"{format}\")",
        "file_version": "{where} tiene la versión {version!r}; este pizarra lee la versión {expected}",
        "file_nin": "{where}: \"nin\" debe ser un entero positivo, se recibió {got}",
        "file_layers": "{where}: \"layers\" debe ser una lista no vacía",
        "file_layer_keys": "{where}: se esperaban las claves 'activation', 'weights', 'biases'",
        "file_mismatch": "{where} tiene una red {saved} pero el modelo es {model}; no se cambió nada",
        "file_too_large": "{where} ocupa {size}, más que los {limit} que puede ocupar un archivo de modelo; no se "
                          "leyó nada (pasar un max_bytes mayor si el archivo está bien)",
        "file_not_regular": "{where} es un {kind}, no un archivo común; no se leyó nada",
        "kind_folder": "carpeta",
        "kind_device": "dispositivo",
        "kind_pipe": "tubo (FIFO)",
        "kind_socket": "socket",
        "kind_special": "archivo especial",
        "file_key_twice": "{where}: la clave {name!r} aparece dos veces",
        "file_unknown_key": "{where}: clave desconocida {name!r}{guess}; las claves son {keys}",
        "model_to_save": "save: el modelo para {path!r}",
        "save_refused": "{error}; no se escribió el archivo",
    },
)


def _written(value: Any, lang: str) -> Any:
    """A field in ``lang``: a :class:`Phrase` (or anything with ``message(lang)``) written in it, else as is."""
    return value.message(lang) if callable(getattr(value, "message", None)) else value


class Phrase:
    """Words that are a field of a message (where the problem is: ``from_weights, layer 2``), in any language.

    ``str(phrase)`` is English, so a phrase can stand wherever a ``what: str`` is expected.
    """

    def __init__(self, key: str, **fields: Any) -> None:
        self.key, self.fields = key, fields

    def message(self, lang: str = "en") -> str:
        """The phrase in ``lang``."""
        return WORDS(lang)[self.key].format(**{k: _written(v, lang) for k, v in self.fields.items()})

    def __str__(self) -> str:
        return self.message("en")

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, {self.fields!r})"


class NNError(PizarraError, ValueError):
    """A problem with what a user gave ``nn`` (a matrix, a name, a model file), written in any language.

    ``NNError(key=…, **fields)`` is ``WORDS[lang][key]`` with the fields; ``NNError(text)`` keeps ``text`` as it
    is (in every language).  ``str(error)`` is English.
    """

    def __init__(self, text: str = "", *, key: str = "", **fields: Any) -> None:
        self.key, self.fields, self._text = key, fields, text
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        if not self.key:
            return self._text
        return WORDS(lang)[self.key].format(**{k: _written(v, lang) for k, v in self.fields.items()})


class NNTypeError(PizarraError, TypeError):
    """An argument of ``nn`` of the wrong type (a seed that is not one, a sample that is not a sequence)."""


def guess(name: object, names: Sequence[str]) -> Phrase | str:
    """`` (did you mean relu?)`` for a near miss of one of ``names``, else nothing."""
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6) if isinstance(name, str) else []
    return Phrase("did_you_mean", name=close[0]) if close else ""
