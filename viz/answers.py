"""The answer checker: a student's numbers against the engine's, entry by entry.

    >>> from viz.answers import NetworkExercise, check_answers
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
``None`` (not answered).  A claim may carry its own tolerance: ``{"value": 0.52, "atol": 0.01}``.
A vector may be given as a row or as a column; a matrix must have the right shape.

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
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from autograd.errors import AutogradError
from autograd.functional import softmax
from autograd.graph import topological_order
from autograd.text import check_lang, format_number, parse_number, render_table, words
from autograd.trace import Step, Trace, is_constant, trace_backward
from autograd.value import Value, finite_float
from nn import losses
from nn.layers import MLP

from .expression import Expression

__all__ = [
    "DEFAULT_ATOL", "DEFAULT_RTOL", "AnswerCheck", "AnswerEntry", "AnswerFile", "AnswerFileError", "AnswerReport",
    "Chain", "ChainPath", "Exercise", "FormulaExercise", "NetworkExercise", "Solution", "check_answers",
    "load_answers", "normalize_name", "parse_answers", "solve",
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
        w = words(lang)
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
            headers = trace.headers(lang)[:6]
            rows = [trace.row_of(s, lang, precision, decimal)[:6] for s in path.steps]
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
    """A formula (read by :mod:`viz.expression`, never ``eval``-ed) and the values of its variables.

    The result is the loss, called ``L`` (or ``J``); every variable is a leaf labelled by its name.
    """

    def __init__(self, expression: str, variables: Mapping[str, Any]) -> None:
        if not isinstance(variables, Mapping):
            raise ValueError(f"variables: expected a mapping NAME: VALUE, got {variables!r}")
        self.expression = Expression(expression)
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
        claimed = _array(value, f"answer {name!r}", blanks=True)
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
        w = words(lang)

        def num(x: float) -> str:
            return format_number(x, precision, decimal)

        md = fmt == "markdown"
        title = w["answers_title"].format(right=len(self.right), total=len(self.checks))
        rule = w["answers_rule"].format(rtol=format_number(self.rtol, 6, decimal),
                                        atol=format_number(self.atol, 6, decimal))
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
        out = [f"## {title}" if md else title, rule, render_table(headers, rows, fmt)]
        notes = []
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

class AnswerFileError(ValueError):
    """An answer file that cannot be read or is malformed; the message names the file and the entry."""


class _UniqueKeyLoader(yaml.SafeLoader):  # type: ignore[misc]
    """``yaml.SafeLoader`` that refuses a key given twice (usually a copy-paste slip)."""


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    keys: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice",
                                                    key_node.start_mark)
        keys.add(key)
    return dict(loader.construct_mapping(node, deep=deep))


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)

_KEYS = {"network", "expression", "variables", "input", "target", "loss", "answers", "tolerance",
         "title", "kind", "seed", "lang"}


@dataclass(frozen=True)
class AnswerFile:
    """A parsed answer file: the exercise, the claims, and the file's tolerance."""

    source: str
    exercise: Exercise
    answers: dict[str, Any]
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL

    def check(self, *, rtol: float | None = None, atol: float | None = None, lang: str = "en", decimal: str = ".",
              precision: int = 4) -> AnswerReport:
        """Check the answers (``rtol``/``atol`` override the file's)."""
        return check_answers(self.exercise, self.answers, rtol=self.rtol if rtol is None else rtol,
                             atol=self.atol if atol is None else atol, lang=lang, decimal=decimal,
                             precision=precision)


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
    exercise: Exercise
    if ("network" in data) == ("expression" in data):
        raise AnswerFileError(f"{source}: give exactly one of 'network' (with input, target, loss) or "
                              "'expression' (with variables)")
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
            exercise = NetworkExercise(net["weights"], net["biases"], activations, _list(data["input"], fail),
                                       data["target"], loss)
        except (ValueError, TypeError, ArithmeticError, AutogradError) as error:
            raise fail("network", error) from None
    else:
        for key in ("input", "target", "loss"):
            if key in data:
                raise fail(key, "belongs with 'network'; a formula has its numbers in 'variables'")
        if not isinstance(data["expression"], str):
            raise fail("expression", f"expected the formula as a string, got {data['expression']!r}")
        try:
            exercise = FormulaExercise(data["expression"], data.get("variables") or {})
        except (ValueError, ArithmeticError, AutogradError) as error:
            raise fail("expression", error) from None

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
    try:
        solution = exercise.solve()
    except (ValueError, ArithmeticError, AutogradError) as error:
        raise fail("network" if "network" in data else "expression", error) from None
    for name, claim in answers.items():
        try:
            if not isinstance(name, str):
                raise ValueError(f"an answer name must be a string, got {name!r}")
            value, _, _ = _claim_parts(name, claim, rtol, atol)
            solution.resolve(name)
            _array(value, "value", blanks=True)
        except ValueError as error:
            raise fail(f"answers: {name}", error) from None
    return AnswerFile(source, exercise, {str(k): v for k, v in answers.items()}, rtol, atol)


def _list(value: Any, fail: Any) -> list[Any]:
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return [value]
    if not isinstance(value, list):
        raise fail("input", f"expected a list of numbers, got {value!r}")
    return value


def load_answers(path: str | Path) -> AnswerFile:
    """Read and validate an answer file (``.json`` as JSON, anything else as YAML; never evaluated)."""
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    try:
        # JSON, or YAML through a SafeLoader: plain data only, never objects
        data = json.loads(text) if file.suffix.lower() == ".json" else yaml.load(text, Loader=_UniqueKeyLoader)
    except json.JSONDecodeError as error:
        raise AnswerFileError(f"{file}: not valid JSON: {error}") from None
    except yaml.YAMLError as error:
        raise AnswerFileError(f"{file}: not valid YAML: {error}") from None
    return parse_answers(data, str(file))
