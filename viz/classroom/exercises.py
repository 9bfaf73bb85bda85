"""Exercises to grade: a network with the course's matrices (:class:`NetworkExercise`) or a formula with
the values of its variables (:class:`FormulaExercise`); :func:`solve` gives either's right answers, and
:func:`exercise_difference` says where two exercises differ.

The network is built by ``nn`` (:meth:`nn.MLP.from_weights`, which validates the matrices with
:mod:`nn.arrays`) and run by ``nn`` (:meth:`nn.MLP.forward_layers`, which hands back each layer's
``z`` and ``a``): the grader computes nothing of its own.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from autograd.text import MINUS, NotationLike, as_notation
from autograd.trace import Trace, trace_backward
from autograd.value import Value, finite_float
from nn import losses
from nn.arrays import _is_array, as_numbers
from nn.layers import MLP

from ..errors import VizError
from .errors import ClaimError
from .formula import Formula
from .loss_names import name_loss_nodes
from .names import entry_suffix, parameter_groups
from .solution import Solution

if TYPE_CHECKING:
    import numpy as np

__all__ = ["EXERCISE_TOL", "Exercise", "FormulaExercise", "NetworkExercise", "differs", "exercise_difference",
           "output_name", "solve"]

#: A number of two exercises (weights, biases, input, target, variables, tolerance) is the same when it
#: agrees to this, relative (absolute below 1): a sheet prints its given numbers in full (tenths, at most
#: 12 significant digits), so a copy is exact and any edit is caught.
EXERCISE_TOL = 1e-9


def _target(target: Any) -> float | list[float]:
    """The target: one number, or one per output (several outputs)."""
    if isinstance(target, (list, tuple)) or _is_array(target):
        return as_numbers(target.reshape(-1) if _is_array(target) else target, "target")
    return finite_float(target, "target", VizError, VizError)


def _whole(n: object) -> bool:
    """Whether ``n`` is a whole number (a Python or numpy integer, not a bool)."""
    return isinstance(n, numbers.Integral) and not isinstance(n, bool)


def _rounded(x: float, decimals: int) -> float:
    """``x`` rounded to ``decimals`` places as numpy's ``round`` does it (``x·10ᵈ`` to the nearest whole number,
    halves to even, divided by ``10ᵈ``; the sign of a zero kept), so a rounded exercise has the numbers it had
    when it was rounded with numpy."""
    scale = 10.0 ** decimals
    y = x * scale
    whole = float(round(y)) if math.isfinite(y) else y
    return math.copysign(whole / scale, y)


class NetworkExercise:
    """A course exercise on a network: the matrices ``W⁽ˡ⁾`` (``k×n``) and ``b⁽ˡ⁾``, an input, a target, a loss.

    ``weights``, ``biases`` and ``activations`` are those of :meth:`nn.MLP.from_weights` (a ValueError
    names the layer and the entry that is wrong).  ``loss`` is a name of :data:`nn.losses.LOSSES`
    (``mse`` is ``½(ŷ − y)²`` for one sample).  Nothing is shared with the caller: every :meth:`solve`
    builds a fresh network.

    The numbers are kept as lists of floats (:attr:`weight_rows`, :attr:`bias_numbers`, :attr:`input_numbers`,
    :attr:`target`): grading and writing the sheet need no numpy.  :attr:`weights`, :attr:`biases` and
    :attr:`x` are the same numbers as numpy arrays.
    """

    def __init__(self, weights: Sequence[Any], biases: Sequence[Any], activations: str | Sequence[str],
                 x: Any, target: Any, loss: str = "mse") -> None:
        model = MLP.from_weights(weights, biases, activations)
        #: ``W⁽ˡ⁾`` of each layer as a list of rows (``k×n``: a row per neuron), checked by ``nn``.
        self.weight_rows: list[list[list[float]]] = [layer.weight_rows() for layer in model.layers]
        #: ``b⁽ˡ⁾`` of each layer as a list of ``k`` numbers.
        self.bias_numbers: list[list[float]] = [layer.bias_numbers() for layer in model.layers]
        self.activations = model.activations
        #: The input ``x`` as a list of numbers.
        self.input_numbers: list[float] = as_numbers(x.reshape(-1) if _is_array(x) else x, "input")
        if len(self.input_numbers) != model.nin:
            raise ClaimError("input_columns", "input", n=model.nin, got=len(self.input_numbers))
        self.target = _target(target)
        losses.get(loss)
        if loss == "cross_entropy" and self.activations[-1] == "softmax":
            raise VizError("loss cross_entropy takes logits: make the last layer linear (it applies softmax itself)")
        self.loss = loss

    @property
    def weights(self) -> list[np.ndarray]:
        """The matrices ``W⁽ˡ⁾`` as new numpy arrays (``k×n``); :attr:`weight_rows` are the same as lists."""
        import numpy as np

        return [np.array(W, dtype=float) for W in self.weight_rows]

    @property
    def biases(self) -> list[np.ndarray]:
        """The vectors ``b⁽ˡ⁾`` as new numpy arrays; :attr:`bias_numbers` are the same as lists."""
        import numpy as np

        return [np.array(b, dtype=float) for b in self.bias_numbers]

    @property
    def x(self) -> np.ndarray:
        """The input as a new numpy array; :attr:`input_numbers` is the same as a list."""
        import numpy as np

        return np.array(self.input_numbers, dtype=float)

    @classmethod
    def from_model(cls, model: MLP, x: Any, target: Any, loss: str = "mse") -> NetworkExercise:
        """The exercise of ``model``'s current weights (copied) on one sample."""
        return cls([layer.weight_rows() for layer in model.layers], [layer.bias_numbers() for layer in model.layers],
                   model.activations, x, target, loss)

    def rounded(self, decimals: int = 2) -> NetworkExercise:
        """A copy with the weights, biases and input rounded to ``decimals`` places: numbers a class can work
        by hand (a trained network's weights have 16 digits).  Its answers are those of the rounded numbers."""
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 12:
            raise VizError(f"rounded: decimals must be a whole number from 0 to 12, got {decimals!r}")
        return NetworkExercise([[[_rounded(w, decimals) for w in row] for row in W] for W in self.weight_rows],
                               [[_rounded(b, decimals) for b in bs] for bs in self.bias_numbers], self.activations,
                               [_rounded(x, decimals) for x in self.input_numbers], self.target, self.loss)

    def model(self) -> MLP:
        """A fresh network with these weights."""
        return MLP.from_weights(self.weight_rows, self.bias_numbers, self.activations)

    def solve(self) -> Solution:
        """Build the graph (input, layers, loss) with ``nn``, run backward, and name every quantity.

        The names are the course's: ``x``; per layer ``l`` the parameters ``Wl`` and ``bl`` (grouped by
        the labels ``nn`` gave them), ``zl`` and ``yl`` (also ``al``); ``y_hat`` and the loss ``J``.  The
        loss's own nodes are named as the course writes them (``ŷ − y``, see :mod:`viz.classroom.loss_names`,
        then ``(ŷ − y)²`` from the op table, as :func:`autograd.names.node_names` names every graph).
        """
        net = self.model()
        xs = [Value(v, label=f"x[{i}]") for i, v in enumerate(self.input_numbers, start=1)]
        quantities: list[tuple[str, Sequence[Value], tuple[int, ...]]] = [("x", xs, (len(xs),))]
        aliases: dict[str, str] = {}
        layers = net.forward_layers(xs)
        for li, (layer, values) in enumerate(zip(net.layers, layers), start=1):
            _name_layer(li, layer.activation, values, single_output=li == len(net.layers) and layer.nout == 1)
            quantities += [*parameter_groups(layer.parameters()), (f"z{li}", values.z, (layer.nout,)),
                           (f"y{li}", values.a, (layer.nout,))]
            aliases[f"a{li}"] = f"y{li}"
        out = layers[-1].a
        quantities.append(("y_hat", out, () if len(out) == 1 else (len(out),)))
        if len(net.layers) == 1:
            aliases.update({"W": "W1", "b": "b1", "z": "z1"})
        loss = losses.get(self.loss)
        J = loss(out[0], self.target) if len(out) == 1 else loss([out], [self.target])  # one sample
        J.label = "J"
        name_loss_nodes(J, out, self.target if isinstance(self.target, list) else [self.target])
        return Solution(J, quantities, aliases, "J", layers=[(values.z, values.a) for values in layers])

    def neuron_trace(self, layer: int, row: int, *, notation: NotationLike = None, **old: object) -> Trace:
        """The backward pass inside one neuron, ``row`` of ``layer`` (both from 1), as the loss ``J`` drives it.

        The neuron is taken out of the solved network on its own: its inputs become leaves holding the
        values they have on this sample (named as in :meth:`solve`: ``x[i]``, ``y1[i]``…), then its
        weights and bias, ``(Wl·…)[j]``, ``zl[j]`` and its activation ``yl[j]``.  The pass is seeded
        with ``∂J/∂yl[j]`` from the whole network's backward (``∂J/∂zl[j]`` in a softmax layer, whose
        outputs mix every ``z``), so every gradient it shows is ``∂J/∂…``: the weights' and the bias's
        are the network's own, the inputs' are the share that flows back through this neuron.  ``notation``
        is the trace's, as in :func:`~autograd.trace.trace_backward`.
        """
        nota = as_notation(notation, old, where="NetworkExercise.neuron_trace")
        solution = self.solve()
        layers = len(self.weight_rows)
        if not _whole(layer) or not 1 <= layer <= layers:
            raise VizError(f"neuron_trace: layer must be 1 to {layers}, got {layer!r}")
        W, b = self.weight_rows[layer - 1], self.bias_numbers[layer - 1]
        if not _whole(row) or not 1 <= row <= len(W):
            raise VizError(f"neuron_trace: layer {layer} has neurons 1 to {len(W)}, got {row!r}")
        z, a = solution.layers[layer - 1]
        activation = self.activations[layer - 1]
        alone = "linear" if activation == "softmax" else activation
        seed = (z if activation == "softmax" else a)[row - 1].grad
        inputs = z[row - 1].parents[0].parents[:len(W[0])]  # z = w·x + b, and w·x is dot(x, w)
        neuron = MLP.from_weights([W[row - 1:row]], [b[row - 1:row]], alone)
        neuron.layers[0].neurons[0].label_parameters(layer, row)
        values = neuron.forward_layers([Value(x.data, label=x.label) for x in inputs])[0]
        _name_layer(layer, alone, values, first=row, single_output=layer == layers and len(W) == 1)
        return trace_backward(values.a[0], seed, of=solution.root_name, notation=nota)

    # --- what a student computes ----------------------------------------------------------------------

    def forward_names(self) -> list[str]:
        """The forward values a student computes, in order: ``z1, y1, …, zN, y_hat, J`` (``z, y_hat, J`` for
        one layer, whose ``W``, ``b`` and ``z`` need no layer number)."""
        layers = len(self.weight_rows)
        if layers == 1:
            return ["z", "y_hat", "J"]
        names = []
        for layer in range(1, layers + 1):
            names += [f"z{layer}", f"y{layer}"] if layer < layers else [f"z{layer}"]
        return [*names, "y_hat", "J"]

    def gradient_names(self) -> list[str]:
        """The gradients a student computes: every parameter from the output layer down (``dJ/dWN, dJ/dbN, …,
        dJ/db1``); for one layer ``dJ/dz, dJ/dW, dJ/db, dJ/dx``."""
        layers = len(self.weight_rows)
        if layers == 1:
            return ["dJ/dz", "dJ/dW", "dJ/db", "dJ/dx"]
        return [n for layer in range(layers, 0, -1) for n in (f"dJ/dW{layer}", f"dJ/db{layer}")]

    def answer_names(self) -> list[str]:
        """Every answer of the exercise: :meth:`forward_names`, then :meth:`gradient_names`."""
        return [*self.forward_names(), *self.gradient_names()]

    def key_names(self) -> list[str]:
        """Every value of a key: the answers plus the intermediate gradients (``dJ/dy_hat``, ``dJ/dzl``, ``dJ/dyl``)."""
        layers = len(self.weight_rows)
        if layers == 1:
            return [*self.forward_names(), "dJ/dy_hat", *self.gradient_names()]
        extra = ["dJ/dy_hat"]
        for layer in range(layers, 0, -1):
            extra += [f"dJ/dz{layer}", f"dJ/dW{layer}", f"dJ/db{layer}"]
            extra += [f"dJ/dy{layer - 1}"] if layer > 1 else ["dJ/dx"]
        return [*self.forward_names(), *extra]

    def to_dict(self) -> dict[str, Any]:
        """The exercise in the answer-file format (without ``answers``); a class index is written whole (``2``)."""
        target = self.target
        if self.loss == "cross_entropy" and isinstance(target, float) and target.is_integer():
            target = int(target)
        return {"network": {"weights": [[list(row) for row in W] for W in self.weight_rows],
                            "biases": [list(b) for b in self.bias_numbers], "activations": list(self.activations)},
                "input": list(self.input_numbers), "target": target, "loss": self.loss}

    def sizes(self) -> list[int]:
        """``[inputs, neurons of layer 1, …]``."""
        return [len(self.weight_rows[0][0]), *(len(W) for W in self.weight_rows)]

    def __repr__(self) -> str:
        return f"NetworkExercise(sizes={self.sizes()}, activations={self.activations}, loss={self.loss!r})"


def output_name(li: int, j: int, activation: str, *, single_output: bool = False) -> str:
    """The course's name of neuron ``j``'s output in layer ``li`` (both from 1): ``y2[j]``, or ``z2[j]`` for a
    linear layer (its outputs are its ``z``), or ``ŷ`` for a network's one output (``single_output``).

    >>> output_name(1, 2, "tanh"), output_name(3, 1, "linear"), output_name(3, 1, "sigmoid", single_output=True)
    ('y1[2]', 'z3[1]', 'ŷ')
    """
    if single_output:
        return "ŷ"
    return f"z{li}[{j}]" if activation == "linear" else f"y{li}[{j}]"


def _name_layer(li: int, activation: str, values: Any, first: int = 1, *, single_output: bool = False) -> None:
    """Label layer ``li``'s nodes (``nn.layers.LayerValues``, neurons from ``first``) as the course writes
    them: ``(W2·y1)[j]``, ``z2[j]`` and the outputs (:func:`output_name`)."""
    previous = "x" if li == 1 else f"y{li - 1}"
    for j, (wx, z) in enumerate(zip(values.wx, values.z), start=first):
        wx.label = f"(W{li}·{previous})[{j}]"
        z.label = f"z{li}[{j}]"
    for j, a in enumerate(values.a, start=first):
        a.label = output_name(li, j, activation, single_output=single_output)


class FormulaExercise:
    """A formula (read by :mod:`viz.classroom.formula`, never ``eval``-ed) and the values of its variables.

    The result is the loss, called by the formula's last name (``L = …``), else ``L`` (or ``J``); every
    variable is a leaf labelled by its name, every assigned name labels its node.
    """

    def __init__(self, expression: str, variables: Mapping[str, Any]) -> None:
        if not isinstance(variables, Mapping):
            raise VizError(f"variables: expected a mapping NAME: VALUE, got {variables!r}")
        self.expression = Formula(expression)
        self.variables = {str(k): finite_float(v, f"variable {k}", VizError, VizError)
                          for k, v in variables.items()}
        self.expression.build(self.variables)  # unknown, missing or out-of-domain values fail here

    def solve(self) -> Solution:
        """Build the formula's graph and run backward."""
        root = self.expression.build(self.variables)
        if not root.requires_grad:
            raise VizError(f"{self.expression.text!r} has no variables: there is nothing to differentiate")
        # the formula's own name for its result (``L = …``), else the first of these it leaves free
        name = self.expression.result_name or next(n for n in ("L", "J", "loss", "L_") if n not in self.variables)
        root.label = name
        return Solution(root, root_name=name)

    def to_dict(self) -> dict[str, Any]:
        """The exercise in the answer-file format (without ``answers``)."""
        return {"expression": self.expression.text, "variables": dict(self.variables)}

    def __repr__(self) -> str:
        return f"FormulaExercise({self.expression.text!r}, {self.variables})"


Exercise = NetworkExercise | FormulaExercise


def solve(target: Value | Exercise | Solution) -> Solution:
    """The :class:`~viz.classroom.solution.Solution` of a graph root (its gradients are reset and recomputed)
    or of an exercise."""
    if isinstance(target, Solution):
        return target
    if isinstance(target, (NetworkExercise, FormulaExercise)):
        return target.solve()
    return Solution(target)


# --- two exercises compared --------------------------------------------------------------------------

def differs(found: float, expected: float) -> bool:
    """True when two numbers of an exercise are not the same (beyond :data:`EXERCISE_TOL`)."""
    return abs(found - expected) > EXERCISE_TOL * max(1.0, abs(expected))


def exercise_difference(found: Exercise, expected: Exercise) -> tuple[str, Any, Any] | None:
    """``(field, found, expected)`` for the first difference between two exercises, or None.

    The field is named as a file writes it: ``network: weights W1[2,1]``, ``input x[2]``, ``target y``,
    ``variables: w``, ``loss``.
    """
    if isinstance(found, NetworkExercise) != isinstance(expected, NetworkExercise):
        field = "network" if isinstance(expected, NetworkExercise) else "expression"
        return field, _describe(found), _describe(expected)
    if isinstance(found, FormulaExercise) and isinstance(expected, FormulaExercise):
        if _program(found.expression.text) != _program(expected.expression.text):
            return "expression", found.expression.text, expected.expression.text
        for name in [*expected.variables, *(n for n in found.variables if n not in expected.variables)]:
            mine, theirs = found.variables.get(name), expected.variables.get(name)
            if mine is None or theirs is None or differs(mine, theirs):
                return f"variables: {name}", mine, theirs
        return None
    assert isinstance(found, NetworkExercise) and isinstance(expected, NetworkExercise)
    if len(found.weight_rows) != len(expected.weight_rows):
        return "network: weights", _describe(found), _describe(expected)
    for i, (mine_w, mine_b, theirs_w, theirs_b) in enumerate(zip(found.weight_rows, found.bias_numbers,
                                                               expected.weight_rows, expected.bias_numbers), start=1):
        difference = (_array_difference("network: weights", f"W{i}", mine_w, theirs_w)
                      or _array_difference("network: biases", f"b{i}", mine_b, theirs_b))
        if difference:
            return difference
    if found.activations != expected.activations:
        return "network: activations", ", ".join(found.activations), ", ".join(expected.activations)
    difference = (_array_difference("input", "x", found.input_numbers, expected.input_numbers)
                  or _array_difference("target", "y", found.target, expected.target))
    if difference:
        return difference
    return ("loss", found.loss, expected.loss) if found.loss != expected.loss else None


def _program(text: str) -> str:
    """A formula without its spacing, with ``;`` and new lines alike (``a = 1; b = 2`` is ``a = 1\nb = 2``) and
    ``−`` (U+2212) and ``-`` alike."""
    return "".join(text.replace(";", "\n").replace(MINUS, "-").split())


def _describe(exercise: Exercise) -> str:
    """A network by its sizes (``2-3-1``), a formula by its text."""
    if isinstance(exercise, NetworkExercise):
        return "-".join(map(str, exercise.sizes()))
    return exercise.expression.text


def _array_difference(field: str, name: str, found: Any, expected: Any) -> tuple[str, Any, Any] | None:
    """The first difference between two numbers, vectors or matrices (lists of rows) of an exercise."""
    (mine, shape), (theirs, expected_shape) = _flat(found), _flat(expected)
    if shape != expected_shape:
        return f"{field} {name}", "×".join(map(str, shape)) or "1", "×".join(map(str, expected_shape)) or "1"
    for flat, (a, b) in enumerate(zip(mine, theirs)):
        if differs(a, b):
            return f"{field} {name}{entry_suffix(expected_shape, flat)}", a, b
    return None


def _flat(value: float | Sequence[Any]) -> tuple[list[float], tuple[int, ...]]:
    """A number, a list of numbers or a list of rows (as an exercise keeps them): its numbers row by row and shape."""
    if not isinstance(value, Sequence):
        return [float(value)], ()
    if value and isinstance(value[0], Sequence):
        return [float(x) for row in value for x in row], (len(value), len(value[0]))
    return [float(x) for x in value], (len(value),)
