"""The answer checker: a student's numbers against the engine's, entry by entry.

    >>> from viz.classroom.answers import NetworkExercise, check_answers
    >>> ex = NetworkExercise([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
    ...                      [[0.1, 0.5, 0.8], [0.7]], ["sigmoid", "sigmoid"], x=[1.8, -3.4], target=5)
    >>> report = check_answers(ex, {"y_hat": 0.522, "J": 10.02, "dJ/db2": -1.115, "dJ/db1": [0.21, 0.14, 0.20]})
    >>> [(c.name, c.ok) for c in report.checks]
    [('y_hat', True), ('J', True), ('dJ/db2', True), ('dJ/db1', False)]

**What is checked.**  ``target`` is a graph root (a :class:`~autograd.Value`, the loss), a
:class:`NetworkExercise` (the course's matrices, an input, a target and a loss name) or a
:class:`FormulaExercise` (a formula and the values of its variables).  The checker builds the graph,
runs :func:`~autograd.trace_backward` once, and reads every correct number from the graph.

**Names** (spaces are ignored; ``∂`` may stand for ``d``, ``ŷ`` for ``y_hat``, ``z^(1)`` for ``z1``):

* forward values of a network, course notation (layers counted from 1): ``x`` (the input), ``W1``
  (the ``k×n`` weight matrix), ``b1``, ``z1`` (the pre-activations ``W1·x + b1``), ``y1`` or ``a1``
  (the layer's outputs), ``y_hat`` (the network's output), ``J`` (the loss; also ``L`` or ``loss``).
  A one-layer network also answers to ``W``, ``b`` and ``z``.
* one entry: ``W1[2,1]`` (row 2, column 1, 1-based), ``b1[3]``, ``z1[1]``.
* gradients of the loss: ``dJ/dW1`` (a whole matrix, same shape as ``W1``), ``dJ/dW1[2,1]``,
  ``dJ/db2``, ``dJ/dz1``, ``dJ/dy1``, ``dJ/dx``; ``dL/d…``, ``d/dNAME`` and ``grad:NAME`` mean the same.
* any other graph: every labelled node by its label (``x``, ``w``, ``z``), ``d/dx`` or ``grad:x`` for
  its gradient; labels ``w1, w2, w3`` (or ``w[1], w[2], w[3]``) also form the vector ``w``.

An unknown name raises a ValueError listing every name that can be checked.

**Claims** are numbers, nested lists or numpy arrays, strings such as ``"0,522"`` (decimal comma) or
``None`` (not answered: a whole vector or matrix, or one entry of it).  A claim may carry its own
tolerance: ``{"value": 0.52, "atol": 0.01}``.  A vector may be given as a row or as a column; a matrix
must have the right shape.

**Tolerance.**  An entry is right when ``|claimed − correct| ≤ atol + rtol·|correct|``.  The default
``rtol = 0.01`` and ``atol = 0.002`` accept answers rounded to three decimals by hand (intermediate
values rounded too), and reject a wrong sign or factor.

**Explanations.**  For every wrong (not blank) gradient entry the report shows where the right value comes
from: each path in the graph from the loss down to that node, one row per chain-rule step with
the upstream gradient ``∂J/∂node`` and the local derivative (formula from the op table and value),
the product along the path, and the sum over the paths.  All of it is read from the trace.

Answer files (YAML or JSON) are read by :func:`load_answers`; ``pizarra check-answers FILE`` prints
the report.  The format::

    network:                      # or  expression: "0.5*(relu(w*x + b) - y)**2"
      weights: [[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]]
      biases: [[0.1, 0.5, 0.8], [0.7]]      #  with  variables: {w: 4, x: 1, b: 7, y: 5}
      activations: [sigmoid, sigmoid]
    input: [1.8, -3.4]
    target: 5
    loss: mse                     # ½(ŷ − y)²; any name of nn.losses.LOSSES
    answers:
      y_hat: 0.522
      dJ/dW2: [[-0.980, -1.062, -1.001]]
      dJ/db2: {value: -1.115, atol: 0.01}
    tolerance: {rtol: 0.01, atol: 0.002}   # optional

**What a file is graded against** (:meth:`AnswerFile.check`, ``pizarra check-answers``):

* a file written by :func:`viz.classroom.worksheet.worksheet` also carries ``kind``, ``seed``, ``lang`` (and the
  ``options`` the sheet was drawn with): it is graded against that sheet, rebuilt from the seed;
* a hand-made exercise is graded against a teacher's **key** (:func:`load_key`, ``--key clave.yaml``):
  an answers file of the same shape, with the exercise (written out, or the ``kind`` and ``seed`` of
  a sheet) and the answers to grade, each left ``null`` (the engine computes it) or filled in (then
  it must agree with the engine); the key's ``tolerance`` and per-answer tolerances apply;
* without a key, a hand-made file is graded against the exercise written in it, and the report says so.

Against a sheet or a key, a file whose network, input, target, loss or tolerance differ (beyond
:data:`EXERCISE_TOL`) is refused with :class:`ExerciseChangedError` naming the field; an answer with no
line in the file is graded as blank; a name not asked is not graded.  :func:`grade_files` grades many
files into a :class:`GradeSummary` (a row per file; text, Markdown or CSV).  Any malformed file
(wrong types, nesting deeper than :data:`MAX_DEPTH`, an unknown kind, a bad seed) is an
:class:`AnswerFileError` naming the entry.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from autograd.backprop import topological_order
from autograd.errors import AutogradError
from autograd.files import write_atomic
from autograd.functional import softmax
from autograd.text import LANGS, check_lang, format_number, parse_number, render_table
from autograd.trace import Step, Trace, is_constant, trace_backward
from autograd.value import Value, finite_float
from nn import losses
from nn.layers import MLP

from .formula import Formula
from .words import WORDS

if TYPE_CHECKING:
    from .worksheet import Worksheet

__all__ = [
    "DEFAULT_ATOL", "DEFAULT_RTOL", "EXERCISE_TOL", "MAX_DEPTH", "MAX_ITEMS", "AnswerCheck", "AnswerEntry",
    "AnswerFile", "AnswerFileError", "AnswerReport", "Chain", "ChainPath", "Exercise", "ExerciseChangedError",
    "FormulaExercise", "GradeSummary", "GradedFile", "NetworkExercise", "Solution", "check_answers", "grade_files",
    "load_answers", "load_key", "normalize_name", "parse_answers", "solve",
]

#: Default relative tolerance of :func:`check_answers`.
DEFAULT_RTOL = 1e-2
#: Default absolute tolerance: two units in the third decimal, for answers rounded by hand.
DEFAULT_ATOL = 2e-3
#: At most this many paths are listed when explaining one gradient (their sum always uses all).
MAX_PATHS = 8

_LOSS_ALIASES = ("J", "L", "loss", "ℒ", "ℓ")


# --- names ----------------------------------------------------------------------------------------

_LAYER = re.compile(r"\^?\{?\((\d+)\)\}?")
_INDEX = re.compile(r"^(?P<base>.+?)\[(?P<i>\d+)(?:,(?P<j>\d+))?\]$")
_GRAD = re.compile(r"^(?:grad:|d/d|d(?P<of>[^/]+)/d)(?P<wrt>.+)$")
_NUMBERED = (re.compile(r"^(?P<base>.+)\[(?P<n>\d+)\]$"), re.compile(r"^(?P<base>.*[^\d\]])(?P<n>\d+)$"))


def normalize_name(name: str) -> str:
    """The canonical spelling of a name: no spaces, ``∂``→``d``, ``ŷ``→``y_hat``, ``z^(1)``→``z1``."""
    text = "".join(name.split()).replace("∂", "d").replace("−", "-")
    text = text.replace("ŷ", "y_hat").replace("\\hat{y}", "y_hat").replace("yhat", "y_hat")
    return _LAYER.sub(r"\1", text)


@dataclass(frozen=True)
class _Quantity:
    name: str
    nodes: tuple[Value, ...]
    shape: tuple[int, ...]
    auto: bool = False  # a single labelled node found in the graph (not listed when part of a vector)


def _entry_suffix(shape: tuple[int, ...], flat: int) -> str:
    """``[2,1]`` for entry ``flat`` of a matrix, ``[3]`` of a vector, ``""`` of a scalar or size-1 array."""
    if math.prod(shape) == 1:
        return ""
    index = np.unravel_index(flat, shape)
    return "[" + ",".join(str(int(i) + 1) for i in index) + "]"


def _shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape)) if shape else "a single number"


# --- the solution: a graph after backward, every quantity by name ---------------------------------

class Solution:
    """A loss graph after one backward pass, with every checkable quantity by name.

    Attributes:
        root: the loss.
        root_name: its name in gradient names (``J`` in ``dJ/dW1``).
        trace: the backward pass, step by step (:func:`~autograd.trace_backward`).
    """

    def __init__(self, root: Value, quantities: Sequence[tuple[str, Sequence[Value], tuple[int, ...]]] = (),
                 aliases: Mapping[str, str] | None = None, root_name: str | None = None) -> None:
        if not isinstance(root, Value):
            raise TypeError(f"check_answers: expected a Value, a NetworkExercise or a FormulaExercise, got {root!r}")
        self.root = root
        self.root_name = root_name or root.label or "L"
        self._quantities: dict[str, _Quantity] = {}
        self._aliases: dict[str, str] = {}
        for name, nodes, shape in quantities:
            self._add(name, nodes, shape)
        self._add_labels()
        self._add(self.root_name, [root], ())
        for alias in _LOSS_ALIASES:
            self._alias(alias, self.root_name)
        for alias, name in (aliases or {}).items():
            self._alias(alias, name)
        root.zero_grad()
        self.trace: Trace = trace_backward(root)

    def _add(self, name: str, nodes: Sequence[Value], shape: tuple[int, ...], auto: bool = False) -> None:
        key = normalize_name(name)
        if key not in self._quantities and key not in self._aliases:
            self._quantities[key] = _Quantity(name, tuple(nodes), shape, auto)

    def _alias(self, alias: str, name: str) -> None:
        key, target = normalize_name(alias), normalize_name(name)
        if key not in self._quantities and key not in self._aliases and target in self._quantities:
            self._aliases[key] = target

    def _add_labels(self) -> None:
        """Every labelled node by its label, and labels ``w1, w2, …`` / ``w[1], w[2], …`` as the vector ``w``."""
        groups: dict[str, dict[int, Value]] = {}
        for v in topological_order(self.root, only_requiring_grad=False):
            if not v.label or is_constant(v):
                continue
            self._add(v.label, [v], (), auto=True)
            for pattern in _NUMBERED:  # x[1], x[2] or x1, x2: members of a vector x
                match = pattern.match(v.label)
                if match:
                    groups.setdefault(match["base"], {})[int(match["n"])] = v
                    break
        for base, members in groups.items():
            if sorted(members) == list(range(1, len(members) + 1)) and len(members) > 1:
                self._add(base, [members[i] for i in sorted(members)], (len(members),))

    # --- looking names up -------------------------------------------------------------------------

    def names(self) -> tuple[list[str], list[str]]:
        """``(values, gradients)``: the names that can be checked (entries ``NAME[i]``/``NAME[i,j]`` too)."""
        covered = {id(v) for q in self._quantities.values() if q.shape for v in q.nodes}
        shown = [q for q in self._quantities.values()
                 if (not q.auto or id(q.nodes[0]) not in covered) and not q.name.startswith("(")]
        values = [q.name for q in shown]
        grads = [f"d{self.root_name}/d{q.name}" for q in shown
                 if all(v.requires_grad for v in q.nodes) and q.nodes[0] is not self.root]
        return values, grads

    def _unknown(self, name: str, why: str = "") -> ValueError:
        values, grads = self.names()
        reason = why or "is not a value or gradient of this exercise"
        return ValueError(f"{name!r} {reason}.  Names that can be checked: {', '.join(values)}; gradients: "
                          f"{', '.join(grads)} (also grad:NAME or d/dNAME); one entry as NAME[i] or NAME[i,j]")

    def resolve(self, name: str) -> tuple[str, tuple[Value, ...], tuple[int, ...], bool]:
        """``(canonical name, nodes, shape, is_gradient)`` for a claim name, or a ValueError listing the valid names."""
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"an answer name must be a non-empty string, got {name!r}")
        key = normalize_name(name)
        grad = _GRAD.match(key)
        if grad:
            of = grad["of"]
            if of is not None and of not in {normalize_name(a) for a in (self.root_name, *_LOSS_ALIASES)}:
                raise self._unknown(name, f"is a derivative of {of!r}; only derivatives of the loss "
                                          f"{self.root_name} can be checked")
            key = grad["wrt"]
        found = self._lookup(key)
        if found is None:
            raise self._unknown(name)
        label, nodes, shape = found
        if grad:
            if nodes[0] is self.root:
                raise self._unknown(name, f"is the derivative of {self.root_name} by itself (always 1)")
            constant = [v for v in nodes if not v.requires_grad]
            if constant:
                raise self._unknown(name, f"asks for the gradient of {label}, which is a constant (no gradient)")
            label = f"d{self.root_name}/d{label}"
        return label, nodes, shape, bool(grad)

    def _lookup(self, key: str) -> tuple[str, tuple[Value, ...], tuple[int, ...]] | None:
        key = self._aliases.get(key, key)
        q = self._quantities.get(key)
        if q is not None:
            return q.name, q.nodes, q.shape
        match = _INDEX.match(key)
        if not match:
            return None
        base = self._aliases.get(match["base"], match["base"])
        q = self._quantities.get(base)
        if q is None:
            return None
        index = (int(match["i"]),) if match["j"] is None else (int(match["i"]), int(match["j"]))
        shape = q.shape if len(q.shape) != 1 or len(index) != 2 else (q.shape[0], 1)
        if len(index) != len(shape) or not all(1 <= i <= n for i, n in zip(index, shape)):
            wanted = ", ".join(f"1..{n}" for n in q.shape) if q.shape else "none (it is a single number)"
            raise ValueError(f"{key!r}: index out of range; {q.name} has shape {_shape_text(q.shape)} "
                             f"(indices {wanted}, 1-based)")
        flat = int(np.ravel_multi_index(tuple(i - 1 for i in index), shape))
        return f"{q.name}{_entry_suffix(q.shape, flat)}", (q.nodes[flat],), ()

    def value(self, name: str) -> float | np.ndarray:
        """The correct number (or array, in the quantity's shape) for ``name``: a forward value or a gradient."""
        _, nodes, shape, is_grad = self.resolve(name)
        numbers_ = [v.grad if is_grad else v.data for v in nodes]
        return numbers_[0] if not shape else np.array(numbers_, dtype=float).reshape(shape)

    def nodes(self, name: str) -> tuple[Value, ...]:
        """The graph nodes behind a value name (flattened row by row)."""
        return self.resolve(name)[1]

    def explain(self, node: Value, name: str = "", max_paths: int = MAX_PATHS) -> Chain:
        """The chain rule for ``∂root/∂node``: the paths from the root down to ``node``, read from the trace."""
        into: dict[Value, list[Step]] = {}
        for s in self.trace:
            into.setdefault(s.parent, []).append(s)
        count: dict[Value, int] = {}
        for v in reversed(self.trace.order):
            count[v] = 1 if v is self.root else sum(count.get(s.node, 0) for s in into.get(v, []))
        paths: list[ChainPath] = []
        stack: list[tuple[Value, tuple[Step, ...]]] = [(node, ())]
        while stack and len(paths) < max_paths:
            current, below = stack.pop()
            if current is self.root:
                steps = tuple(reversed(below))
                product = self.trace.seed * math.prod(s.local for s in steps)
                paths.append(ChainPath(steps, product))
                continue
            for s in reversed(into.get(current, [])):
                stack.append((s.node, (*below, s)))
        label = name or self.trace.name_of(node)
        return Chain(label, node, node.grad, tuple(paths), count.get(node, 0), self)


@dataclass(frozen=True)
class ChainPath:
    """One path from the loss down to a node: its chain-rule steps (top down) and their product."""

    steps: tuple[Step, ...]
    product: float


@dataclass(frozen=True)
class Chain:
    """How ``∂root/∂node`` is built: every path's factors, and their sum (``total``, the engine's gradient)."""

    name: str
    node: Value
    total: float
    paths: tuple[ChainPath, ...]
    n_paths: int
    solution: Solution

    def render(self, lang: str = "en", precision: int = 4, decimal: str = ".", fmt: str = "text") -> str:
        """The paths as tables (one row per step: node, ∂J/∂node, op, parent, local derivative) and products."""
        w = WORDS(lang)
        trace = self.solution.trace
        def num(x: float) -> str:
            return format_number(x, precision, decimal)

        def paren(x: float) -> str:
            return f"({num(x)})" if x < 0 else num(x)

        md = fmt == "markdown"
        out = [w["answers_chain"].format(name=self.name, value=num(self.total))]
        if not self.paths:
            out.append(w["answers_no_path"])
        for i, path in enumerate(self.paths, start=1):
            headers = trace.headers(lang=lang)[:6]
            rows = [trace.row_of(s, lang=lang, decimal=decimal, precision=precision)[:6] for s in path.steps]
            factors = " · ".join([num(self.solution.trace.seed), *(paren(s.local) for s in path.steps)])
            out.append(("**" + w["answers_path"].format(i=i, n=self.n_paths) + "**") if md
                       else w["answers_path"].format(i=i, n=self.n_paths))
            out.append(render_table(headers, rows, fmt))
            out.append(w["answers_product"].format(factors=factors, value=num(path.product)))
        if self.n_paths > len(self.paths):
            out.append(w["answers_more_paths"].format(k=self.n_paths - len(self.paths)))
        if self.n_paths > 1:
            out.append(w["answers_sum"].format(n=self.n_paths, name=self.name, value=num(self.total)))
        return "\n\n".join(out) if md else "\n".join(out)


# --- exercises ------------------------------------------------------------------------------------

def _number(value: Any, where: str) -> float:
    """A finite float from a number or a numeric string (``"0,5"``, ``"−1"``); ValueError naming ``where``."""
    try:
        if isinstance(value, str):
            return parse_number(value, ",")
        return finite_float(value, where, ValueError, ValueError)
    except ValueError:
        raise ValueError(f"{where}: expected a number, got {value!r}") from None


def _array(value: Any, where: str, blanks: bool = False) -> np.ndarray:
    """Nested lists / numpy / numbers as a float array; ``None`` becomes NaN (a blank) when ``blanks``."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if value is None and blanks:
        return np.array(math.nan)
    if isinstance(value, (list, tuple)):
        parts = [_array(v, f"{where}[{i}]", blanks) for i, v in enumerate(value, start=1)]
        if not parts:
            raise ValueError(f"{where}: empty list")
        if len({p.shape for p in parts}) != 1:
            raise ValueError(f"{where}: rows of different lengths {[list(p.shape) for p in parts]}")
        return np.stack(parts)
    return np.array(_number(value, where))


class NetworkExercise:
    """A course exercise on a network: the matrices ``W⁽ˡ⁾`` (``k×n``) and ``b⁽ˡ⁾``, an input, a target, a loss.

    ``loss`` is a name of :data:`nn.losses.LOSSES` (``mse`` is ``½(ŷ − y)²`` for one sample).
    Nothing is shared with the caller: every :meth:`solve` builds a fresh network.
    """

    def __init__(self, weights: Sequence[Any], biases: Sequence[Any], activations: str | Sequence[str],
                 x: Sequence[Any] | np.ndarray, target: Any, loss: str = "mse") -> None:
        acts = [activations] * len(weights) if isinstance(activations, str) else list(activations)
        arrays = [_array(W, f"weights of layer {i}") for i, W in enumerate(weights, start=1)]
        self.weights = [W.reshape(1, -1) if W.ndim == 1 else W for W in arrays]
        self.biases = [_array(b, f"biases of layer {i}").reshape(-1) for i, b in enumerate(biases, start=1)]
        MLP.from_weights(self.weights, self.biases, acts)  # checks shapes and names, naming the layer
        self.activations = acts
        self.x = _array(x, "input").reshape(-1)
        if self.x.size != self.weights[0].shape[1]:
            raise ValueError(f"input: W1 has {self.weights[0].shape[1]} columns, so the input needs that many "
                             f"numbers, got {self.x.size}")
        self.target: float | list[float] = (_number(target, "target") if not isinstance(target, (list, tuple))
                                            else [_number(t, "target") for t in target])
        losses.get(loss)
        if loss == "cross_entropy" and acts[-1] == "softmax":
            raise ValueError("loss cross_entropy takes logits: make the last layer linear (it applies softmax itself)")
        self.loss = loss

    @classmethod
    def from_model(cls, model: MLP, x: Sequence[Any] | np.ndarray, target: Any, loss: str = "mse") -> NetworkExercise:
        """The exercise of ``model``'s current weights (copied) on one sample."""
        return cls([layer.weight_matrix() for layer in model.layers], [layer.bias_vector() for layer in model.layers],
                   model.activations, x, target, loss)

    def model(self) -> MLP:
        """A fresh network with these weights."""
        return MLP.from_weights(self.weights, self.biases, self.activations)

    def solve(self) -> Solution:
        """Build the graph (input, layers, loss), run backward, and name every quantity."""
        net = self.model()
        xs = [Value(float(v), label=f"x[{i}]") for i, v in enumerate(self.x.tolist(), start=1)]
        quantities: list[tuple[str, Sequence[Value], tuple[int, ...]]] = [("x", xs, (len(xs),))]
        aliases: dict[str, str] = {}
        h, previous = xs, "x"
        for li, layer in enumerate(net.layers, start=1):
            outs = [neuron(h) for neuron in layer.neurons]  # what MLP.forward does, keeping each z
            linear = layer.activation in ("linear", "softmax")
            zs = outs if linear else [o.parents[0] for o in outs]
            for j, z in enumerate(zs, start=1):
                z.parents[0].label = f"(W{li}·{previous})[{j}]"
                z.label = f"z{li}[{j}]"
            ys = softmax(outs) if layer.activation == "softmax" else outs
            for j, y in enumerate(ys, start=1):
                if not linear or layer.activation == "softmax":
                    y.label = f"y{li}[{j}]"
            k, n = layer.nout, layer.nin
            quantities += [(f"W{li}", [w for nr in layer.neurons for w in nr.w], (k, n)),
                           (f"b{li}", [nr.b for nr in layer.neurons], (k,)), (f"z{li}", zs, (k,)),
                           (f"y{li}", ys, (k,))]
            aliases[f"a{li}"] = f"y{li}"
            h, previous = ys, f"y{li}"
        if len(h) == 1:
            h[0].label = "ŷ"
            quantities.append(("y_hat", h, ()))
        else:
            quantities.append(("y_hat", h, (len(h),)))
        if len(net.layers) == 1:
            aliases.update({"W": "W1", "b": "b1", "z": "z1"})
        loss = losses.get(self.loss)
        J = loss(h[0], self.target) if len(h) == 1 else loss([h], [self.target])  # one sample, several outputs
        J.label = "J"
        return Solution(J, quantities, aliases, "J")

    def to_dict(self) -> dict[str, Any]:
        """The exercise in the answer-file format (without ``answers``)."""
        return {"network": {"weights": [W.tolist() for W in self.weights], "biases": [b.tolist() for b in self.biases],
                            "activations": list(self.activations)},
                "input": self.x.tolist(), "target": self.target, "loss": self.loss}

    def __repr__(self) -> str:
        sizes = [self.weights[0].shape[1], *(W.shape[0] for W in self.weights)]
        return f"NetworkExercise(sizes={sizes}, activations={self.activations}, loss={self.loss!r})"


class FormulaExercise:
    """A formula (read by :mod:`viz.classroom.formula`, never ``eval``-ed) and the values of its variables.

    The result is the loss, called ``L`` (or ``J``); every variable is a leaf labelled by its name.
    """

    def __init__(self, expression: str, variables: Mapping[str, Any]) -> None:
        if not isinstance(variables, Mapping):
            raise ValueError(f"variables: expected a mapping NAME: VALUE, got {variables!r}")
        self.expression = Formula(expression)
        self.variables = {str(k): _number(v, f"variable {k}") for k, v in variables.items()}
        self.expression.build(self.variables)  # unknown, missing or out-of-domain values fail here

    def solve(self) -> Solution:
        """Build the formula's graph and run backward."""
        root = self.expression.build(self.variables)
        if not root.requires_grad:
            raise ValueError(f"{self.expression.text!r} has no variables: there is nothing to differentiate")
        name = next(n for n in ("L", "J", "loss", "L_") if n not in self.variables)
        root.label = name
        return Solution(root, root_name=name)

    def to_dict(self) -> dict[str, Any]:
        """The exercise in the answer-file format (without ``answers``)."""
        return {"expression": self.expression.text, "variables": dict(self.variables)}

    def __repr__(self) -> str:
        return f"FormulaExercise({self.expression.text!r}, {self.variables})"


Exercise = NetworkExercise | FormulaExercise


def solve(target: Value | Exercise | Solution) -> Solution:
    """The :class:`Solution` of a graph root (its gradients are reset and recomputed) or of an exercise."""
    if isinstance(target, Solution):
        return target
    if isinstance(target, (NetworkExercise, FormulaExercise)):
        return target.solve()
    return Solution(target)


# --- checking -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AnswerEntry:
    """One number of one answer: claimed vs correct (``claimed`` is NaN when left blank)."""

    name: str
    claimed: float
    correct: float
    abs_error: float
    rel_error: float
    rtol: float
    atol: float
    ok: bool
    node: Value

    @property
    def tolerance(self) -> float:
        """``atol + rtol·|correct|``."""
        return self.atol + self.rtol * abs(self.correct)

    @property
    def blank(self) -> bool:
        """True when this entry was not answered."""
        return math.isnan(self.claimed)


@dataclass(frozen=True)
class AnswerCheck:
    """One answer (a number, vector or matrix), entry by entry; ``problem`` says why it could not be compared."""

    name: str
    gradient: bool
    shape: tuple[int, ...]
    entries: tuple[AnswerEntry, ...]
    chains: tuple[Chain, ...] = ()
    problem: str = ""

    @property
    def ok(self) -> bool:
        """True when every entry is right."""
        return not self.problem and all(e.ok for e in self.entries)

    @property
    def wrong(self) -> list[AnswerEntry]:
        """The wrong (or blank) entries."""
        return [e for e in self.entries if not e.ok]


def _claim_parts(name: str, claim: Any, rtol: float, atol: float) -> tuple[Any, float, float]:
    if isinstance(claim, Mapping):
        extra = set(claim) - {"value", "rtol", "atol"}
        if "value" not in claim or extra:
            raise ValueError(f"answer {name!r}: a mapping needs 'value' and may have 'rtol' and 'atol' "
                             f"(got keys {sorted(map(str, claim))})")
        rtol = _tolerance(claim.get("rtol", rtol), f"answer {name!r}: rtol")
        atol = _tolerance(claim.get("atol", atol), f"answer {name!r}: atol")
        claim = claim["value"]
    return claim, rtol, atol


def _tolerance(value: Any, where: str) -> float:
    number = _number(value, where)
    if number < 0:
        raise ValueError(f"{where}: must be ≥ 0, got {value!r}")
    return number


def _fit(claimed: np.ndarray, shape: tuple[int, ...]) -> np.ndarray | None:
    """``claimed`` in ``shape`` when it matches (a vector may be a row or a column), else None."""
    if claimed.shape == shape:
        return claimed
    if claimed.size == math.prod(shape) and np.squeeze(claimed).shape == np.squeeze(np.zeros(shape)).shape:
        return claimed.reshape(shape)
    return None


def check_answers(target: Value | Exercise | Solution, claims: Mapping[str, Any], *, rtol: float = DEFAULT_RTOL,
                  atol: float = DEFAULT_ATOL, lang: str = "en", decimal: str = ".", precision: int = 4,
                  max_paths: int = MAX_PATHS) -> AnswerReport:
    """Compare ``claims`` (name → number/list/array) with the engine's values; see the module docstring.

    A graph root's gradients are reset and recomputed by one backward pass.  ``lang``, ``decimal`` and
    ``precision`` are the report's defaults.  Raises ValueError for an unknown name or a claim that
    is not a number or an array of numbers.
    """
    check_lang(lang)
    rtol, atol = _tolerance(rtol, "rtol"), _tolerance(atol, "atol")
    if not isinstance(claims, Mapping) or not claims:
        raise ValueError(f"check_answers: claims must be a non-empty mapping name → number, got {claims!r}")
    solution = solve(target)
    checks = []
    for name, claim in claims.items():
        value, c_rtol, c_atol = _claim_parts(name, claim, rtol, atol)
        _, nodes, shape, is_grad = solution.resolve(name)
        # a bare null leaves the whole answer blank, whatever its shape
        claimed = np.full(shape, math.nan) if value is None else _array(value, f"answer {name!r}", blanks=True)
        fitted = _fit(claimed, shape)
        if fitted is None:
            hint = " (transposed?)" if len(shape) == 2 and claimed.shape == shape[::-1] else ""
            checks.append(AnswerCheck(name, is_grad, shape, (), problem=f"expected shape {_shape_text(shape)}, "
                                      f"got {_shape_text(claimed.shape)}{hint}"))
            continue
        entries = []
        for flat, (c, node) in enumerate(zip(fitted.reshape(-1).tolist(), nodes)):
            correct = node.grad if is_grad else node.data
            err = abs(c - correct)
            rel = err / abs(correct) if correct else (0.0 if err == 0 else math.inf)
            ok = bool(err <= c_atol + c_rtol * abs(correct))  # False for a blank (NaN)
            entries.append(AnswerEntry(f"{name}{_entry_suffix(shape, flat)}", c, correct, err, rel, c_rtol,
                                       c_atol, ok, node))
        chains = tuple(solution.explain(e.node, e.name, max_paths) for e in entries
                       if is_grad and not e.ok and not e.blank)
        checks.append(AnswerCheck(name, is_grad, shape, tuple(entries), chains))
    return AnswerReport(checks, rtol, atol, solution, lang, decimal, precision)


class AnswerReport:
    """The result of :func:`check_answers`: one :class:`AnswerCheck` per answer, and renderings for a class."""

    def __init__(self, checks: Sequence[AnswerCheck], rtol: float, atol: float, solution: Solution,
                 lang: str = "en", decimal: str = ".", precision: int = 4) -> None:
        self.checks = list(checks)
        self.rtol, self.atol = rtol, atol
        self.solution = solution
        self.lang, self.decimal, self.precision = lang, decimal, precision
        #: What the answers were graded against, as a word of :func:`autograd.text.words` and its fields
        #: (set by :meth:`AnswerFile.check`: the seeded sheet, a key, or the file's own exercise).
        self.basis: tuple[str, dict[str, Any]] | None = None
        #: Answers the sheet or key asks for that the file has no line for (graded as blank).
        self.missing: tuple[str, ...] = ()
        #: Names in the file that the sheet or key does not ask for (not graded).
        self.not_asked: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """True when every answer is right."""
        return all(c.ok for c in self.checks)

    @property
    def right(self) -> list[AnswerCheck]:
        """The answers that are right."""
        return [c for c in self.checks if c.ok]

    @property
    def wrong(self) -> list[AnswerCheck]:
        """The answers with a wrong or blank entry, or the wrong shape."""
        return [c for c in self.checks if not c.ok]

    def entry_counts(self) -> tuple[int, int]:
        """``(right, total)`` counted like the table's rows: one per entry, one for an answer of the wrong shape."""
        rows = [e.ok for c in self.checks for e in c.entries] + [False for c in self.checks if c.problem]
        return sum(rows), len(rows)

    def wrong_names(self, lang: str | None = None) -> list[str]:
        """The wrong or blank entries by name: a whole answer when all of it is wrong (``dJ/dW1``,
        ``dJ/db1 (blank)``), else its wrong entries (``dJ/dW1[2,1]``)."""
        w = WORDS(lang or self.lang)
        names = []
        for c in self.wrong:
            if c.problem:
                names.append(f"{c.name} ({w['summary_shape']})")
            elif all(e.blank for e in c.entries):
                names.append(f"{c.name} {w['answers_blank']}")
            elif len(c.entries) > 1 and len(c.wrong) == len(c.entries):
                names.append(c.name)
            else:
                names += [e.name + (f" {w['answers_blank']}" if e.blank else "") for e in c.wrong]
        return names

    def __getitem__(self, name: str) -> AnswerCheck:
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(f"no answer called {name!r} in this report; answers: {', '.join(c.name for c in self.checks)}")

    def __iter__(self) -> Iterator[AnswerCheck]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def __repr__(self) -> str:
        return f"AnswerReport({len(self.right)} of {len(self.checks)} right)"

    def _render(self, fmt: str, lang: str | None, precision: int | None, decimal: str | None) -> str:
        lang = lang or self.lang
        precision = precision or self.precision
        decimal = decimal or self.decimal
        w = WORDS(lang)

        def num(x: float) -> str:
            return format_number(x, precision, decimal)

        md = fmt == "markdown"
        right_entries, entries = self.entry_counts()
        title = w["answers_title"].format(right=len(self.right), total=len(self.checks),
                                          right_entries=right_entries, entries=entries)
        rule = w["answers_rule"].format(rtol=format_number(self.rtol, 6, decimal),
                                        atol=format_number(self.atol, 6, decimal))
        basis = [w[self.basis[0]].format(**self.basis[1])] if self.basis is not None else []
        headers = [w["answers_answer"], w["answers_claimed"], w["answers_correct"], w["abs_error"],
                   w["rel_error"], w["answers_tolerance"], w["result"]]
        rows = []
        for c in self.checks:
            if c.problem:
                rows.append([c.name, "", "", "", "", "", w["answers_wrong"]])
            for e in c.entries:
                result = w["answers_right"] if e.ok else w["answers_wrong"]
                claimed = w["answers_blank"] if e.blank else format_number(e.claimed, max(precision, 6), decimal)
                errors = ["", ""] if e.blank else [num(e.abs_error), num(e.rel_error)]
                rows.append([e.name, claimed, num(e.correct), *errors, num(e.tolerance), result])
        out = [f"## {title}" if md else title, *basis, rule, render_table(headers, rows, fmt)]
        notes = []
        if self.missing:
            notes.append(w["answers_missing"].format(names=", ".join(self.missing)))
        if self.not_asked:
            notes.append(w["answers_not_asked"].format(names=", ".join(self.not_asked)))
        for c in self.wrong:
            if c.problem:
                notes.append(f"{c.name}: {w['answers_shape'].format(problem=c.problem)}")
            elif len(c.entries) > 1:
                where = ", ".join(e.name[len(c.name):] for e in c.wrong)
                notes.append(w["answers_wrong_entries"].format(name=c.name, k=len(c.wrong), n=len(c.entries),
                                                               entries=where))
        if notes:
            out.append("\n".join(("- " if md else "  ") + n for n in notes))
        chains = [chain for c in self.checks for chain in c.chains]
        if chains:
            out.append(f"### {w['answers_chains']}" if md else w["answers_chains"])
            out += [chain.render(lang, precision, decimal, fmt) for chain in chains]
        if self.passed:
            out.append(w["answers_all_right"].format(n=len(self.checks)))
        return "\n\n".join(out)

    def to_text(self, lang: str | None = None, precision: int | None = None, decimal: str | None = None) -> str:
        """The report as aligned plain text."""
        return self._render("text", lang, precision, decimal)

    def to_markdown(self, lang: str | None = None, precision: int | None = None, decimal: str | None = None) -> str:
        """The report as Markdown (tables and headings)."""
        return self._render("markdown", lang, precision, decimal)

    def __str__(self) -> str:
        return self.to_text()


# --- answer files ---------------------------------------------------------------------------------

#: An answer file nests a few levels (a matrix inside a mapping); deeper is refused before anything recurses.
MAX_DEPTH = 32
#: At most this many values in one entry of a file (a YAML alias counts at every use).
MAX_ITEMS = 100_000
#: A number of the file's exercise (weights, biases, input, target, variables, tolerance) is the same as
#: the sheet's or the key's when it agrees to this, relative (absolute below 1): the sheet prints the
#: given numbers in full (tenths, at most 12 significant digits), so a copy is exact and any edit is caught.
EXERCISE_TOL = 1e-9


class AnswerFileError(ValueError):
    """An answer file that cannot be read, is malformed, or cannot be graded; the message names the file and entry."""


class ExerciseChangedError(AnswerFileError):
    """An answers file whose exercise is not the one it is graded against; ``field`` names what differs
    (``"network: weights W1[2,1]"``, ``"target y"``, ``"tolerance: atol"``, ...)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class _UniqueKeyLoader(yaml.SafeLoader):  # type: ignore[misc]
    """``yaml.SafeLoader`` that refuses a key given twice (usually a copy-paste slip)."""


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    keys: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(None, None, "a key must be a name, not a list or a mapping",
                                                    key_node.start_mark)
        if key in keys:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice",
                                                    key_node.start_mark)
        keys.add(key)
    return dict(loader.construct_mapping(node, deep=deep))


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)

_KEYS = {"network", "expression", "variables", "input", "target", "loss", "answers", "tolerance",
         "title", "kind", "seed", "lang", "options"}
_OPTIONS = ("activation", "output_activation", "loss", "sizes")
_CONTAINERS = (list, tuple, Mapping)


def _check_size(value: Any, where: str) -> None:
    """AnswerFileError when ``value`` nests deeper than :data:`MAX_DEPTH` or holds more than :data:`MAX_ITEMS`
    values.  Level by level, each container once per level: no recursion, and YAML aliases (even one
    that contains itself) cost nothing to look at."""
    levels: list[list[Any]] = []
    current = {id(value): value} if isinstance(value, _CONTAINERS) else {}
    while current:
        if len(levels) == MAX_DEPTH:
            raise AnswerFileError(f"{where}: nested more than {MAX_DEPTH} levels deep (an answer file needs a few: "
                                  "a matrix inside a mapping)")
        levels.append(list(current.values()))
        current = {id(child): child for container in levels[-1] for child in _children(container)
                   if isinstance(child, _CONTAINERS)}
    sizes: dict[int, int] = {}
    for level in reversed(levels):  # a container's children are one level down, already counted
        for container in level:
            sizes[id(container)] = size = 1 + sum(sizes.get(id(child), 1) for child in _children(container))
            if size > MAX_ITEMS:
                raise AnswerFileError(f"{where}: more than {MAX_ITEMS} values (counting every use of a YAML alias)")


def _children(container: Any) -> Iterator[Any]:
    return iter(container.values() if isinstance(container, Mapping) else container)


@dataclass(frozen=True)
class AnswerFile:
    """A parsed answer file: the exercise, the claims, the file's tolerance, and the sheet it comes from.

    Attributes:
        source: the file's name, for messages.
        exercise: the exercise the file writes out (``network``… or ``expression``…), or None when it
            gives only answers (graded against its sheet or a key).
        answers: name → claim, as written.
        rtol, atol: the file's ``tolerance`` (the defaults when it has none).
        kind, seed: the sheet of :func:`viz.classroom.worksheet.worksheet` the file was written for, if any.
        lang: the file's ``lang:`` (the report's language unless another is asked for), if any.
        sheet: that sheet, rebuilt from kind, seed and ``options`` (:attr:`~viz.classroom.worksheet.Worksheet.options`).
        given_tolerance: whether the file gives a ``tolerance`` of its own.
    """

    source: str
    exercise: Exercise | None
    answers: dict[str, Any]
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    kind: str | None = None
    seed: int | None = None
    lang: str | None = None
    sheet: Worksheet | None = None
    given_tolerance: bool = False

    def stated_exercise(self) -> Exercise | None:
        """The exercise this file stands for: the numbers it writes out, else the one its kind and seed draw."""
        if self.exercise is not None:
            return self.exercise
        return self.sheet.exercise if self.sheet is not None else None

    def check(self, key: AnswerFile | None = None, *, rtol: float | None = None, atol: float | None = None,
              lang: str | None = None, decimal: str | None = None, precision: int = 4) -> AnswerReport:
        """Grade the answers against the exercise they belong to:

        * with a ``key`` (another :class:`AnswerFile`, see :func:`load_key`): the key's exercise, its list of
          answers and its tolerance; the file's own exercise, if it writes one, must be the key's;
        * else, for a file written by :func:`viz.classroom.worksheet.worksheet` (``kind`` and ``seed``): the sheet
          rebuilt from its seed, its list of answers and the default tolerance;
        * else (a hand-made exercise): the exercise written in the file itself, and the report says so.

        Against a sheet or a key, an answer without a line in the file is graded as blank, a name that
        is not asked is not graded, and the file may not change the exercise, the tolerance or give an
        answer its own tolerance: :class:`ExerciseChangedError` names the field.  ``rtol``/``atol``
        override the tolerance; ``lang`` defaults to the file's ``lang:`` (else English), ``decimal``
        to the language's.
        """
        lang = lang or self.lang or "en"
        check_lang(lang)
        decimal = decimal or ("," if lang == "es" else ".")
        reference = self._reference(key, lang, decimal)
        if reference is None:
            if self.exercise is None:
                raise AnswerFileError(f"{self.source}: no exercise to grade against: give 'network' (with input, "
                                      "target, loss) or 'expression' (with variables), or a key (--key)")
            report = check_answers(self.exercise, self.answers, rtol=self.rtol if rtol is None else rtol,
                                   atol=self.atol if atol is None else atol, lang=lang, decimal=decimal,
                                   precision=precision)
            report.basis = ("answers_basis_own", {})
            return report
        solution = reference.exercise.solve()
        mine: dict[str, str] = {}
        not_asked = []
        for name in self.answers:
            try:
                canonical = solution.resolve(name)[0]
            except ValueError:
                not_asked.append(name)
                continue
            if canonical in mine:
                raise AnswerFileError(f"{self.source}: answers: {name}: the same answer as {mine[canonical]}, "
                                      "given twice")
            mine[canonical] = name
        asked = {solution.resolve(name)[0]: name for name in reference.names}
        claims: dict[str, Any] = {}
        for canonical, name in asked.items():
            claim = self.answers[mine[canonical]] if canonical in mine else None
            claim_rtol, claim_atol = reference.tolerances.get(canonical, (None, None))
            claims[name] = claim if claim_rtol is None else {"value": claim, "rtol": claim_rtol, "atol": claim_atol}
        report = check_answers(solution, claims, rtol=reference.rtol if rtol is None else rtol,
                               atol=reference.atol if atol is None else atol, lang=lang, decimal=decimal,
                               precision=precision)
        report.basis = reference.basis
        report.missing = tuple(name for canonical, name in asked.items() if canonical not in mine)
        report.not_asked = tuple(not_asked + [name for canonical, name in mine.items() if canonical not in asked])
        return report

    def _reference(self, key: AnswerFile | None, lang: str, decimal: str) -> _Reference | None:
        """What to grade against (None: the file's own exercise), after refusing a changed exercise."""
        if self.sheet is not None and self.exercise is not None:
            _same_exercise(self.source, self.exercise, self.sheet.exercise, self._sheet_label(), lang, decimal)
        if key is not None:
            reference = key._as_key(lang, decimal)
        elif self.sheet is not None:
            reference = _Reference(self.sheet.exercise, tuple(self.sheet.answer_names()), {}, DEFAULT_RTOL,
                                   DEFAULT_ATOL, ("answers_basis_sheet", self._sheet_fields()), self._sheet_label())
        else:
            return None
        mine = self.stated_exercise()
        if mine is not None and key is not None:
            _same_exercise(self.source, mine, reference.exercise, reference.label, lang, decimal)
        if self.given_tolerance:
            for field, found, expected in (("rtol", self.rtol, reference.rtol), ("atol", self.atol, reference.atol)):
                if _differs(found, expected):
                    raise _changed(self.source, f"tolerance: {field}", found, expected, reference.label, lang,
                                   decimal)
        for name, claim in self.answers.items():
            if isinstance(claim, Mapping):
                w = WORDS(lang)
                raise ExerciseChangedError(w["answers_own_tolerance"].format(
                    source=self.source, name=name, reference=w[reference.label[0]].format(**reference.label[1])),
                    f"answers: {name}")
        return reference

    def _sheet_fields(self) -> dict[str, Any]:
        return {"kind": self.kind, "seed": self.seed}

    def _sheet_label(self) -> tuple[str, dict[str, Any]]:
        return ("answers_ref_sheet", self._sheet_fields())

    def _as_key(self, lang: str, decimal: str) -> _Reference:
        """This file as a key: its exercise, the answers it asks for, its tolerances; its own numbers checked."""
        exercise = self.stated_exercise()
        if exercise is None:
            raise AnswerFileError(f"{self.source}: a key needs its exercise: 'network' (with input, target, loss) "
                                  "or 'expression' (with variables), or the kind and seed of a sheet")
        if self.sheet is not None and self.exercise is not None:
            _same_exercise(self.source, self.exercise, self.sheet.exercise, self._sheet_label(), lang, decimal)
        try:
            solution = exercise.solve()
            tolerances, filled = {}, {}
            for name, claim in self.answers.items():
                value, claim_rtol, claim_atol = _claim_parts(name, claim, self.rtol, self.atol)
                canonical = solution.resolve(name)[0]
                if isinstance(claim, Mapping):
                    tolerances[canonical] = (claim_rtol, claim_atol)
                if not np.all(np.isnan(_array(value, name, blanks=True))):
                    filled[name] = claim
            report = check_answers(solution, filled, rtol=self.rtol, atol=self.atol) if filled else None
        except ValueError as error:
            raise AnswerFileError(f"{self.source}: answers: {error}") from None
        for check in report or ():
            for entry in check.entries:
                if not entry.ok and not entry.blank:
                    raise AnswerFileError(WORDS(lang)["answers_key_wrong"].format(
                        source=self.source, name=entry.name, found=format_number(entry.claimed, 12, decimal),
                        expected=format_number(entry.correct, 6, decimal)))
            if check.problem:
                raise AnswerFileError(f"{self.source}: answers: {check.name}: {check.problem}")
        label = ("answers_ref_key", {"key": self.source})
        return _Reference(exercise, tuple(self.answers), tolerances, self.rtol, self.atol,
                          ("answers_basis_key", {"key": self.source}), label)


@dataclass(frozen=True)
class _Reference:
    """What a file is graded against: an exercise, the answers asked for (in order), the tolerances."""

    exercise: Exercise
    names: tuple[str, ...]
    tolerances: dict[str, tuple[float, float]]  # canonical name → the key's own (rtol, atol) for that answer
    rtol: float
    atol: float
    basis: tuple[str, dict[str, Any]]   # the report's line saying what it was graded against
    label: tuple[str, dict[str, Any]]   # how messages name it ("sheet two-layer 17", "key clave.yaml")


def _differs(found: float, expected: float) -> bool:
    return abs(found - expected) > EXERCISE_TOL * max(1.0, abs(expected))


def _changed(source: str, field: str, found: Any, expected: Any, label: tuple[str, dict[str, Any]], lang: str,
             decimal: str) -> ExerciseChangedError:
    w = WORDS(lang)

    def text(value: Any) -> str:
        if value is None:
            return w["answers_absent"]
        if isinstance(value, float):
            return format_number(value, 12, decimal)
        return str(value)

    reference = w[label[0]].format(**label[1])
    return ExerciseChangedError(w["answers_changed"].format(source=source, field=field, found=text(found),
                                                            expected=text(expected), reference=reference), field)


def _same_exercise(source: str, found: Exercise, expected: Exercise, label: tuple[str, dict[str, Any]], lang: str,
                   decimal: str) -> None:
    """ExerciseChangedError naming the first field where ``found`` is not ``expected``."""
    difference = _difference(found, expected)
    if difference is not None:
        raise _changed(source, *difference, label, lang, decimal)


def _difference(found: Exercise, expected: Exercise) -> tuple[str, Any, Any] | None:
    """``(field, found, expected)`` for the first difference between two exercises, or None."""
    if isinstance(found, NetworkExercise) != isinstance(expected, NetworkExercise):
        return ("network", _describe(found), _describe(expected)) if isinstance(expected, NetworkExercise) \
            else ("expression", _describe(found), _describe(expected))
    if isinstance(found, FormulaExercise) and isinstance(expected, FormulaExercise):
        if "".join(found.expression.text.split()) != "".join(expected.expression.text.split()):
            return "expression", found.expression.text, expected.expression.text
        for name in [*expected.variables, *(n for n in found.variables if n not in expected.variables)]:
            mine, theirs = found.variables.get(name), expected.variables.get(name)
            if mine is None or theirs is None or _differs(mine, theirs):
                return f"variables: {name}", mine, theirs
        return None
    assert isinstance(found, NetworkExercise) and isinstance(expected, NetworkExercise)
    if len(found.weights) != len(expected.weights):
        return "network: weights", _describe(found), _describe(expected)
    for i, (mine_w, mine_b, theirs_w, theirs_b) in enumerate(zip(found.weights, found.biases, expected.weights,
                                                               expected.biases), start=1):
        difference = (_array_difference("network: weights", f"W{i}", mine_w, theirs_w)
                      or _array_difference("network: biases", f"b{i}", mine_b, theirs_b))
        if difference:
            return difference
    if found.activations != expected.activations:
        return "network: activations", ", ".join(found.activations), ", ".join(expected.activations)
    difference = (_array_difference("input", "x", found.x, expected.x)
                  or _array_difference("target", "y", np.asarray(found.target, dtype=float),
                                       np.asarray(expected.target, dtype=float)))
    if difference:
        return difference
    return ("loss", found.loss, expected.loss) if found.loss != expected.loss else None


def _describe(exercise: Exercise) -> str:
    """A network by its sizes (``2-3-1``), a formula by its text."""
    if isinstance(exercise, NetworkExercise):
        return "-".join(map(str, [exercise.weights[0].shape[1], *(W.shape[0] for W in exercise.weights)]))
    return exercise.expression.text


def _array_difference(field: str, name: str, found: np.ndarray, expected: np.ndarray) -> tuple[str, Any, Any] | None:
    if found.shape != expected.shape:
        return f"{field} {name}", "×".join(map(str, found.shape)) or "1", "×".join(map(str, expected.shape)) or "1"
    for flat, (mine, theirs) in enumerate(zip(found.reshape(-1).tolist(), expected.reshape(-1).tolist())):
        if _differs(mine, theirs):
            return f"{field} {name}{_entry_suffix(expected.shape, flat)}", mine, theirs
    return None


def parse_answers(data: Any, source: str = "<answers>") -> AnswerFile:
    """Validate an answer file's content (already parsed from YAML/JSON); AnswerFileError names the bad entry."""
    def fail(where: str, problem: object) -> AnswerFileError:
        return AnswerFileError(f"{source}: {where}: {problem}")

    if not isinstance(data, Mapping):
        raise AnswerFileError(f"{source}: expected a mapping with 'network' (or 'expression') and 'answers', "
                              f"got {type(data).__name__}")
    unknown = sorted(str(k) for k in data if k not in _KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key; the keys are {', '.join(sorted(_KEYS))}")
    for key, value in data.items():
        _check_size(value, f"{source}: {key}")
    title = data.get("title", "")
    if isinstance(title, bool) or not isinstance(title, (str, int, float)):
        raise fail("title", f"expected text, got {title!r}")
    lang = data.get("lang")
    if lang is not None and lang not in LANGS:
        raise fail("lang", f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    exercise = _exercise(data, fail)
    sheet = _sheet(data, exercise, fail)

    tolerance = data.get("tolerance") or {}
    if not isinstance(tolerance, Mapping) or set(tolerance) - {"rtol", "atol"}:
        raise fail("tolerance", f"expected a mapping with rtol and/or atol, got {tolerance!r}")
    try:
        rtol = _tolerance(tolerance.get("rtol", DEFAULT_RTOL), "rtol")
        atol = _tolerance(tolerance.get("atol", DEFAULT_ATOL), "atol")
    except ValueError as error:
        raise fail("tolerance", error) from None

    answers = data.get("answers")
    if not isinstance(answers, Mapping) or not answers:
        raise fail("answers", "expected a mapping NAME: VALUE with at least one answer")
    stated = exercise if exercise is not None else sheet.exercise if sheet is not None else None
    try:
        solution = stated.solve() if stated is not None else None
    except (ValueError, ArithmeticError, AutogradError) as error:
        raise fail("network" if "network" in data else "expression", error) from None
    for name, claim in answers.items():
        try:
            if not isinstance(name, str):
                raise ValueError(f"an answer name must be a string, got {name!r}")
            value, _, _ = _claim_parts(name, claim, rtol, atol)
            if solution is not None:
                solution.resolve(name)
            _array(value, "value", blanks=True)
        except ValueError as error:
            raise fail(f"answers: {name}", error) from None
    return AnswerFile(source, exercise, {str(k): v for k, v in answers.items()}, rtol, atol,
                      sheet.kind if sheet else None, sheet.seed if sheet else None, lang, sheet,
                      bool(tolerance))


def _exercise(data: Mapping[str, Any], fail: Any) -> Exercise | None:
    """The exercise the file writes out (``network``… or ``expression``…), or None when it gives neither."""
    if "network" in data and "expression" in data:
        raise fail("network", "give exactly one of 'network' (with input, target, loss) or 'expression' "
                              "(with variables)")
    if "network" in data:
        net = data["network"]
        if not isinstance(net, Mapping) or set(net) - {"weights", "biases", "activations"} or "weights" not in net \
                or "biases" not in net:
            raise fail("network", "expected a mapping with weights, biases and (optionally) activations")
        for key in ("input", "target"):
            if key not in data:
                raise fail(key, "missing (a network exercise needs input and target)")
        if "variables" in data:
            raise fail("variables", "belongs with 'expression', not with 'network'")
        for key in ("weights", "biases"):
            if not isinstance(net[key], list) or not net[key]:
                raise fail(f"network: {key}", f"expected a list with one entry per layer, got {net[key]!r}")
        activations = net.get("activations", "sigmoid")
        if not isinstance(activations, (str, list)) or (isinstance(activations, list)
                                                        and not all(isinstance(a, str) for a in activations)):
            raise fail("network: activations", f"expected a name or a list of names, got {activations!r}")
        loss = data.get("loss", "mse")
        if not isinstance(loss, str):
            raise fail("loss", f"expected a loss name, got {loss!r}")
        try:
            return NetworkExercise(net["weights"], net["biases"], activations, _list(data["input"], fail),
                                   data["target"], loss)
        except (ValueError, TypeError, ArithmeticError, AutogradError) as error:
            raise fail("network", error) from None
    if "expression" in data:
        for key in ("input", "target", "loss"):
            if key in data:
                raise fail(key, "belongs with 'network'; a formula has its numbers in 'variables'")
        if not isinstance(data["expression"], str):
            raise fail("expression", f"expected the formula as a string, got {data['expression']!r}")
        try:
            return FormulaExercise(data["expression"], data.get("variables") or {})
        except (ValueError, ArithmeticError, AutogradError) as error:
            raise fail("expression", error) from None
    for key in ("input", "target", "loss", "variables"):
        if key in data:
            raise fail(key, "belongs with 'network' (or 'variables' with 'expression'), which is missing")
    return None


def _sheet(data: Mapping[str, Any], exercise: Exercise | None, fail: Any) -> Worksheet | None:
    """The sheet of ``kind``/``seed``/``options``, rebuilt; None for a hand-made exercise."""
    from .worksheet import KINDS, worksheet  # viz.classroom.worksheet builds on this module

    if "kind" not in data and "seed" not in data:
        if "options" in data:
            raise fail("options", "belongs with kind and seed, which are missing")
        return None
    for key in ("kind", "seed"):
        if key not in data:
            raise fail(key, "missing: kind and seed go together (they name the sheet the file was written for)")
    kind, seed = data["kind"], data["seed"]
    if not isinstance(kind, str) or kind not in KINDS:
        raise fail("kind", f"unknown kind {kind!r}; the kinds are {', '.join(KINDS)}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise fail("seed", f"expected a whole number, got {seed!r}")
    options = data.get("options", {})
    if not isinstance(options, Mapping) or set(options) - set(_OPTIONS):
        raise fail("options", f"expected a mapping with some of {', '.join(_OPTIONS)}, got {options!r}")
    try:
        given: dict[str, Any] = {k: tuple(v) if k == "sizes" else v for k, v in options.items()}
        sheet = worksheet(kind, seed, "en", **given)
    except (ValueError, TypeError) as error:
        raise fail("options", error) from None
    if "options" in data or not isinstance(exercise, NetworkExercise) or _difference(exercise, sheet.exercise) is None:
        return sheet
    # A file written before the answers file recorded the options: try those its network shows.
    acts = exercise.activations
    shown: dict[str, Any] = {"activation": acts[0], "output_activation": acts[-1] if len(acts) == 2 else None,
                             "loss": exercise.loss}
    names = [name for name, value in shown.items() if value is not None]
    for n in range(1, len(names) + 1):
        for subset in itertools.combinations(names, n):
            try:
                other = worksheet(kind, seed, "en", **{name: shown[name] for name in subset})
            except ValueError:
                continue
            if _difference(exercise, other.exercise) is None:
                return other
    return sheet


def _list(value: Any, fail: Any) -> list[Any]:
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return [value]
    if not isinstance(value, list):
        raise fail("input", f"expected a list of numbers, got {value!r}")
    return value


def load_answers(path: str | Path) -> AnswerFile:
    """Read and validate an answer file (``.json`` as JSON, anything else as YAML; never evaluated).

    Any problem (not UTF-8, not valid YAML/JSON, nested too deeply, a wrong type, a name that is not
    a quantity of the exercise) is an :class:`AnswerFileError` naming the file and the entry.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise AnswerFileError(f"{file}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    try:
        # JSON, or YAML through a SafeLoader: plain data only, never objects
        data = json.loads(text) if file.suffix.lower() == ".json" else yaml.load(text, Loader=_UniqueKeyLoader)
    except json.JSONDecodeError as error:
        raise AnswerFileError(f"{file}: not valid JSON: {error}") from None
    except yaml.YAMLError as error:
        raise AnswerFileError(f"{file}: not valid YAML: {_yaml_problem(error)}") from None
    except RecursionError:  # the readers recurse once per level: far past MAX_DEPTH
        raise AnswerFileError(f"{file}: nested too deeply to read (an answer file needs at most "
                              f"{MAX_DEPTH} levels)") from None
    return parse_answers(data, str(file))


def _yaml_problem(error: yaml.YAMLError) -> str:
    """A YAML error on one line: what went wrong and where (line and column, 1-based)."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return " ".join(str(error).split())
    what = ", ".join(part for part in (error.context, error.problem) if part)
    mark = error.problem_mark or error.context_mark
    return what + (f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else "")


def load_key(path: str | Path, lang: str | None = None) -> AnswerFile:
    """Read a teacher's key: an answers file of the same shape (see the module docstring).

    The key gives the exercise (written out, or the kind and seed of a sheet) and lists the answers
    to grade; their numbers may be left ``null`` (the engine computes them) or filled in, and then
    they must agree with the engine.  AnswerFileError (in ``lang``, else the key's ``lang:``) when
    the key cannot serve as one.
    """
    key = load_answers(path)
    lang = lang or key.lang or "en"
    key._as_key(lang, "," if lang == "es" else ".")
    return key


# --- grading many files ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GradedFile:
    """One file of :func:`grade_files`: its report, or why it could not be graded."""

    path: str
    report: AnswerReport | None
    error: str = ""
    lang: str | None = None

    @property
    def status(self) -> int:
        """0 all right, 1 some answer wrong or blank, 2 the file could not be graded."""
        return 2 if self.report is None else 0 if self.report.passed else 1


class GradeSummary:
    """The result of :func:`grade_files`: a row per file, as text, Markdown or CSV, and one exit status."""

    def __init__(self, files: Sequence[GradedFile], lang: str = "en") -> None:
        check_lang(lang)
        self.files = list(files)
        self.lang = lang

    @property
    def exit_status(self) -> int:
        """2 if any file could not be graded, else 1 if any has a wrong or blank answer, else 0."""
        return max((f.status for f in self.files), default=0)

    def __iter__(self) -> Iterator[GradedFile]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def __repr__(self) -> str:
        return f"GradeSummary({len(self.files)} files, exit status {self.exit_status})"

    def title(self, lang: str | None = None) -> str:
        """``Summary: 3 files; 1 all right, 1 with wrong answers, 1 not graded``."""
        statuses = [f.status for f in self.files]
        return WORDS(lang or self.lang)["summary_title"].format(n=len(statuses), right=statuses.count(0),
                                                                wrong=statuses.count(1), bad=statuses.count(2))

    def rows(self, lang: str | None = None) -> tuple[list[str], list[list[str]]]:
        """``(headers, rows)`` of the CSV: file, graded against, answers right, answers, entries right,
        entries, the wrong or blank entries (``; ``-separated), result, reason."""
        w = WORDS(lang or self.lang)
        headers = [w[k] for k in ("summary_file", "summary_against", "summary_answers_right", "summary_answers",
                                  "summary_entries_right", "summary_entries", "summary_wrong", "result",
                                  "summary_reason")]
        rows = []
        for f in self.files:
            if f.report is None:
                reason = f.error[len(f.path) + 2:] if f.error.startswith(f"{f.path}: ") else f.error
                rows.append([f.path, "", "", "", "", "", "", w["summary_not_graded"], reason])
                continue
            report = f.report
            right_entries, entries = report.entry_counts()
            result = w["summary_all_right"] if report.passed else w["summary_some_wrong"]
            rows.append([f.path, _against(report, w), str(len(report.right)), str(len(report.checks)),
                         str(right_entries), str(entries), "; ".join(report.wrong_names(lang or self.lang)), result,
                         ""])
        return headers, rows

    def _table(self, fmt: str, lang: str | None) -> str:
        headers, rows = self.rows(lang)
        short = [[r[0], r[1], f"{r[2]} / {r[3]}" if r[3] else "", f"{r[4]} / {r[5]}" if r[5] else "", r[6],
                  f"{r[7]}: {r[8]}" if r[8] else r[7]] for r in rows]
        table = render_table([headers[0], headers[1], headers[2], headers[4], headers[6], headers[7]], short, fmt)
        title = self.title(lang)
        return f"## {title}\n\n{table}" if fmt == "markdown" else f"{title}\n\n{table}"

    def to_text(self, lang: str | None = None) -> str:
        """The summary as an aligned plain-text table."""
        return self._table("text", lang)

    def to_markdown(self, lang: str | None = None) -> str:
        """The summary as Markdown: a heading and a table, a row per file."""
        return self._table("markdown", lang)

    def to_csv(self, lang: str | None = None) -> str:
        """The summary as CSV (comma-separated, a header row, numbers in their own columns)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        headers, rows = self.rows(lang)
        writer.writerow(headers)
        writer.writerows(rows)
        return out.getvalue()

    def write(self, path: str | Path, lang: str | None = None) -> list[Path]:
        """Write the summary atomically: ``PATH.md`` and ``PATH.csv``, or only the one ``PATH``'s suffix
        names when it ends in ``.md`` or ``.csv``.  Returns the paths written."""
        path = Path(path)
        suffix = path.suffix.lower()
        targets = [path] if suffix in (".md", ".csv") else [Path(f"{path}.md"), Path(f"{path}.csv")]
        return [write_atomic(t, self.to_csv(lang) if t.suffix.lower() == ".csv" else self.to_markdown(lang) + "\n")
                for t in targets]


def _against(report: AnswerReport, w: Mapping[str, str]) -> str:
    """The "graded against" cell: ``sheet two-layer 17``, ``key clave.yaml`` or ``its own numbers``."""
    if report.basis is None or report.basis[0] == "answers_basis_own":
        return w["summary_own"]
    label = "answers_ref_sheet" if report.basis[0] == "answers_basis_sheet" else "answers_ref_key"
    return w[label].format(**report.basis[1])


def grade_files(paths: Sequence[str | Path], key: str | Path | AnswerFile | None = None, *,
                rtol: float | None = None, atol: float | None = None, lang: str | None = None,
                decimal: str | None = None, precision: int = 4) -> GradeSummary:
    """Grade every answers file with :meth:`AnswerFile.check` (against ``key`` if given): a row per file.

    A file that cannot be read or graded gets its reason in the summary instead of stopping the rest;
    a key that cannot serve as one raises AnswerFileError (nothing could be graded).  Each report is in
    ``lang``, else the file's ``lang:``; the summary in ``lang``, else the key's, else the one all
    files share, else English.
    """
    if lang is not None:
        check_lang(lang)
    if key is not None and not isinstance(key, AnswerFile):
        key = load_key(key, lang)
    graded = []
    for path in paths:
        answers: AnswerFile | None = None
        try:
            answers = load_answers(path)
            report = answers.check(key, rtol=rtol, atol=atol, lang=lang, decimal=decimal, precision=precision)
            graded.append(GradedFile(str(path), report, lang=answers.lang))
        except (ValueError, ArithmeticError, AutogradError) as error:
            graded.append(GradedFile(str(path), None, str(error), answers.lang if answers else None))
        except OSError as error:
            graded.append(GradedFile(str(path), None, f"{path}: {error.strerror or error}"))
    langs = {f.lang for f in graded if f.lang}
    summary_lang = lang or (key.lang if key is not None else None) or (langs.pop() if len(langs) == 1 else "en")
    return GradeSummary(graded, summary_lang)
