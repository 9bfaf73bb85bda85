"""``Neuron``, ``Layer`` and ``MLP``, made of :class:`~autograd.Value` parameters.

A neuron computes ``act(w·x + b)``: ``w·x`` is one ``dot`` node (parents ``x₁..xₙ, w₁..wₙ``), ``+ b``
one ``add`` node and the activation one more node (none for ``linear``).

**The course's matrix notation.**  Layer ``l`` with ``n`` inputs and ``k`` neurons has a weight matrix
``W⁽ˡ⁾ ∈ R^{k×n}`` (row ``i`` = the weights of neuron ``i``) and a bias vector ``b⁽ˡ⁾ ∈ R^k``.  The
two conventions of the notes are both available from :meth:`Layer.weight_matrix` and
:meth:`Layer.grad_matrix`:

* samples as columns (the default, ``convention="columns"``): ``z = W·x + b``, ``W`` is ``k×n`` and
  ``dJ/dW = (dJ/dz)·xᵀ`` is ``k×n`` too;
* samples as rows (``convention="rows"``): ``S = X·W + b`` with ``W`` of shape ``n×k`` (the
  transpose) and ``dW = Xᵀ·dS``, also ``n×k``.

**Names.**  :meth:`Module.named_parameters` gives dotted 0-based paths, ``layers.0.neurons.2.w.1``;
each parameter Value also gets a short course-style ``label`` with 1-based indices, shown by
diagrams and traces: ``W1[3,2]`` is that same weight (layer 1, neuron 3, input 2) and ``b1[3]`` its
neuron's bias (the scheme is :mod:`nn.labels`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from autograd import Value
from autograd.functional import dot, softmax

from . import activations as act
from . import labels
from .arrays import as_samples
from .init import Seed, initialize, make_rng
from .module import Module

__all__ = ["MLP", "Layer", "Neuron"]

Input = Sequence[Value | float] | np.ndarray


def _as_inputs(x: Input, nin: int, where: str) -> list[Any]:
    """``x`` as a list of numbers/Values of length ``nin``, or a ValueError naming ``where``."""
    if isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise ValueError(f"{where} expects one sample (a 1-D sequence of {nin} numbers), "
                             f"got an array of shape {x.shape}")
        x = x.tolist()
    elif isinstance(x, (Value, int, float, str)) or not isinstance(x, Sequence):
        raise TypeError(f"{where} expects a sequence of {nin} numbers, got {x!r}")
    if len(x) != nin:
        raise ValueError(f"{where} expects {nin} input(s), got {len(x)}: {list(x)!r}")
    return list(x)


class Neuron(Module):
    """One neuron: ``act(w·x + b)`` with ``nin`` weights ``w`` and a bias ``b``.

    Args:
        nin: number of inputs.
        activation: one of ``linear``, ``relu``, ``leaky_relu``, ``tanh``, ``sigmoid``.
        weights: the initial weights (default: drawn by ``init`` from ``seed``).
        bias: the initial bias (default 0).
        init, seed: initializer name (see :mod:`nn.init`) and seed, used when ``weights`` is None.
    """

    def __init__(self, nin: int, activation: str = "linear", *, weights: Sequence[float] | None = None,
                 bias: float = 0.0, init: str = "uniform", seed: Seed = 0) -> None:
        self.activation = activation
        self._act = act.elementwise(activation)
        self._linear = activation == "linear"
        if weights is None:
            weights = initialize(init, nin, 1, make_rng(seed))[0]
        if len(weights) != nin:
            raise ValueError(f"Neuron: expected {nin} weight(s), got {len(weights)}")
        self.w = [Value(float(wi)) for wi in weights]
        self.b = Value(float(bias))
        self.label_parameters()

    @property
    def nin(self) -> int:
        """Number of inputs."""
        return len(self.w)

    def label_parameters(self, layer: int | None = None, row: int | None = None) -> None:
        """Set the labels of :mod:`nn.labels`: ``W1[3,2]``/``b1[3]`` for ``layer=1, row=3``; ``W[3,2]``/``b[3]``
        for ``row=3`` alone; ``w[2]``/``b`` for a lone neuron (neither)."""
        for j, w in enumerate(self.w, start=1):
            w.label = labels.weight_label(layer, row, j)
        self.b.label = labels.bias_label(layer, row)

    def __call__(self, x: Sequence[Value | float]) -> Value:
        """``act(w·x + b)``; plain numbers in ``x`` become constants."""
        z = dot(x, self.w) + self.b
        return z if self._linear else self._act(z)

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [*((f"w.{j}", w) for j, w in enumerate(self.w)), ("b", self.b)]

    def __repr__(self) -> str:
        return f"Neuron({self.nin}, {self.activation!r})"


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs: ``y = act(W·x + b)`` with ``W`` of shape ``nout×nin``.

    ``activation="softmax"`` makes the neurons linear and applies softmax to the layer's outputs.
    ``index`` (1-based, set by :class:`MLP`) goes into the parameter labels: ``W2[1,3]``, ``b2[1]``.
    """

    def __init__(self, nin: int, nout: int, activation: str = "linear", *, init: str = "uniform",
                 seed: Seed = 0, index: int | None = None) -> None:
        act.check(activation, "Layer")
        if nin < 1 or nout < 1:
            raise ValueError(f"Layer: needs nin ≥ 1 and nout ≥ 1, got nin={nin}, nout={nout}")
        self.activation = activation
        self.index = index
        neuron_act = "linear" if activation == "softmax" else activation
        weights = initialize(init, nin, nout, make_rng(seed))
        self.neurons = [Neuron(nin, neuron_act, weights=row) for row in weights]
        self._label()

    def _label(self) -> None:
        for i, n in enumerate(self.neurons, start=1):
            n.label_parameters(self.index, i)

    @property
    def nin(self) -> int:
        """Number of inputs ``n``."""
        return self.neurons[0].nin

    @property
    def nout(self) -> int:
        """Number of neurons ``k``."""
        return len(self.neurons)

    def __call__(self, x: Input) -> list[Value]:
        """The layer's outputs for one sample ``x`` (``nin`` numbers or Values)."""
        xs = _as_inputs(x, self.nin, f"layer {self.index or ''}".rstrip())
        out = [n(xs) for n in self.neurons]
        return softmax(out) if self.activation == "softmax" else out

    def children(self) -> list[tuple[str, Module]]:
        return [(f"neurons.{i}", n) for i, n in enumerate(self.neurons)]

    # --- the course's matrices -----------------------------------------------------------------------

    def weight_matrix(self, convention: str = "columns") -> np.ndarray:
        """``W`` as a numpy array: ``k×n`` (samples as columns, ``z = W·x + b``) or ``n×k`` (``"rows"``)."""
        return _oriented(np.array([[w.data for w in n.w] for n in self.neurons]), convention)

    def grad_matrix(self, convention: str = "columns") -> np.ndarray:
        """``dJ/dW`` after ``backward()``, in the same shape as :meth:`weight_matrix`."""
        return _oriented(np.array([[w.grad for w in n.w] for n in self.neurons]), convention)

    def bias_vector(self) -> np.ndarray:
        """``b`` as a numpy array of shape ``(k,)``."""
        return np.array([n.b.data for n in self.neurons])

    def bias_grad(self) -> np.ndarray:
        """``dJ/db`` after ``backward()``, shape ``(k,)``."""
        return np.array([n.b.grad for n in self.neurons])

    def set_weights(self, W: Any, b: Any) -> None:
        """Overwrite ``W`` (``k×n``, samples-as-columns) and ``b`` (``k`` numbers) after checking their shapes."""
        Wm, bv = _check_layer_arrays(W, b, f"layer {self.index or ''}".rstrip(), self.nout, self.nin)
        for n, row, bi in zip(self.neurons, Wm.tolist(), bv.tolist()):
            for w, value in zip(n.w, row):
                w.data = value
            n.b.data = bi

    def __repr__(self) -> str:
        return f"Layer({self.nin}, {self.nout}, {self.activation!r})"


def _oriented(M: np.ndarray, convention: str) -> np.ndarray:
    if convention == "columns":
        return M
    if convention == "rows":
        return np.ascontiguousarray(M.T)
    raise ValueError(f"unknown convention {convention!r}; choose 'columns' (z = W·x + b) or 'rows' (S = X·W + b)")


def _check_layer_arrays(W: Any, b: Any, where: str, k: int | None = None,
                        n: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``W`` as a finite ``k×n`` float array and ``b`` as ``(k,)``; a ValueError says what is wrong."""
    try:
        Wm = np.array(W, dtype=float)
        bv = np.array(b, dtype=float).reshape(-1)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{where}: weights and biases must be numbers ({error})") from None
    if Wm.ndim == 1:  # a single neuron's row, e.g. W2 = (-0.4, 0.2, -0.5)
        Wm = Wm.reshape(1, -1)
    if Wm.ndim != 2 or Wm.size == 0:
        raise ValueError(f"{where}: the weight matrix must be 2-D (k×n), got shape {Wm.shape}")
    if k is not None and n is not None and Wm.shape != (k, n):
        raise ValueError(f"{where}: the weight matrix must have shape {k}×{n}, got {Wm.shape[0]}×{Wm.shape[1]}")
    if bv.shape != (Wm.shape[0],):
        raise ValueError(f"{where}: the bias must have {Wm.shape[0]} entries (one per row of W), got {bv.size}")
    if not (np.isfinite(Wm).all() and np.isfinite(bv).all()):
        raise ValueError(f"{where}: weights and biases must be finite numbers")
    return Wm, bv


class MLP(Module):
    """A multilayer perceptron: layers of neurons, each layer feeding the next.

    ``MLP(2, [16, 16, 1], activation="relu")`` is micrograd's demo network: two ReLU hidden layers
    of 16 and a linear output (``output_activation``).  Weights come from ``init`` (``uniform`` =
    U(−1, 1) like micrograd, ``uniform01``, ``xavier``/``glorot``, ``he``) with ``seed``; biases start at 0.

    Calling the network on one sample returns a Value when the last layer has one neuron, else a
    list of Values.
    """

    def __init__(self, nin: int, sizes: Sequence[int], activation: str = "relu",
                 output_activation: str = "linear", *, init: str = "uniform", seed: Seed = 0) -> None:
        if not sizes:
            raise ValueError("MLP: sizes must list at least one layer, e.g. [16, 16, 1]")
        act.check(activation, "MLP (hidden layers)")
        act.check(output_activation, "MLP (output layer)")
        if activation == "softmax":
            raise ValueError("MLP: softmax is an output activation; pass output_activation='softmax'")
        rng = make_rng(seed)
        dims = [nin, *sizes]
        acts = [activation] * (len(sizes) - 1) + [output_activation]
        self.layers = [Layer(a, b, f, init=init, seed=rng, index=i + 1)
                       for i, ((a, b), f) in enumerate(zip(itertools.pairwise(dims), acts))]

    @classmethod
    def from_weights(cls, weights: Sequence[Any], biases: Sequence[Any],
                     activations: str | Sequence[str] = "sigmoid") -> MLP:
        """Build a network from the course's matrices: ``W⁽ˡ⁾`` of shape ``k×n`` and ``b⁽ˡ⁾`` of length ``k``.

        ``activations`` is one name for every layer or one per layer.  A 1-D ``W`` is read as a single
        row (one neuron), a scalar ``b`` as a single bias.  Shapes are checked layer by layer: each
        ``W⁽ˡ⁺¹⁾`` must have as many columns as ``W⁽ˡ⁾`` has rows.
        """
        if len(weights) != len(biases) or not weights:
            raise ValueError(f"from_weights: need one bias vector per weight matrix, got {len(weights)} "
                             f"matrices and {len(biases)} bias vectors")
        acts = [activations] * len(weights) if isinstance(activations, str) else list(activations)
        if len(acts) != len(weights):
            raise ValueError(f"from_weights: got {len(acts)} activations for {len(weights)} layers")
        arrays: list[tuple[np.ndarray, np.ndarray]] = []
        for i, (W, b) in enumerate(zip(weights, biases), start=1):
            Wm, bv = _check_layer_arrays(W, b, f"from_weights, layer {i}")
            if arrays and Wm.shape[1] != arrays[-1][0].shape[0]:
                prev = arrays[-1][0].shape
                raise ValueError(f"from_weights, layer {i}: W{i} has shape {Wm.shape[0]}×{Wm.shape[1]} but layer "
                                 f"{i - 1} has {prev[0]} outputs, so W{i} needs {prev[0]} columns")
            arrays.append((Wm, bv))
        net = cls.__new__(cls)
        net.layers = []
        for i, ((Wm, bv), f) in enumerate(zip(arrays, acts), start=1):
            act.check(f, f"from_weights, layer {i}")
            layer = Layer(Wm.shape[1], Wm.shape[0], f, index=i)
            layer.set_weights(Wm, bv)
            net.layers.append(layer)
        return net

    @property
    def nin(self) -> int:
        """Number of inputs."""
        return self.layers[0].nin

    @property
    def nout(self) -> int:
        """Number of outputs."""
        return self.layers[-1].nout

    @property
    def sizes(self) -> list[int]:
        """``[nin, n₁, n₂, …]``: the width of the input and of every layer."""
        return [self.nin, *(layer.nout for layer in self.layers)]

    @property
    def activations(self) -> list[str]:
        """The activation of every layer."""
        return [layer.activation for layer in self.layers]

    def forward(self, x: Input) -> list[Value]:
        """The outputs for one sample ``x``, always as a list."""
        h: list[Any] = _as_inputs(x, self.nin, "MLP")
        for layer in self.layers:
            h = [n(h) for n in layer.neurons]
            if layer.activation == "softmax":
                h = softmax(h)
        return h

    def __call__(self, x: Input) -> Value | list[Value]:
        """The output Value for one sample (a list of Values when the network has several outputs)."""
        out = self.forward(x)
        return out[0] if len(out) == 1 else out

    def children(self) -> list[tuple[str, Module]]:
        return [(f"layers.{i}", layer) for i, layer in enumerate(self.layers)]

    def weights(self) -> list[Value]:
        """Only the weights (not the biases): what an L2 penalty ``λ/(2m)·Σw²`` sums over."""
        return [w for layer in self.layers for n in layer.neurons for w in n.w]

    def predict_array(self, X: Any) -> np.ndarray:
        """Outputs for many samples at once with numpy (samples as rows: ``A ← g(A·Wᵀ + b)``), shape ``(N, nout)``.

        No graph is built, so it is fast (decision-boundary plots evaluate thousands of points); the
        activations are the op table's own forwards.
        """
        A = as_samples(X, self.nin, "MLP.predict_array")
        for layer in self.layers:
            Z = A @ layer.weight_matrix().T + layer.bias_vector()
            if layer.activation == "softmax":
                A = np.array([act.softmax_row(row) for row in Z.tolist()], dtype=float).reshape(Z.shape)
            else:
                A = np.frompyfunc(act.float_forward(layer.activation), 1, 1)(Z).astype(float)
        return A

    def save(self, path: str | Path) -> Path:
        """Write the architecture and weights as JSON (atomically); see :mod:`nn.serialize`."""
        from .serialize import save

        return save(self, path)

    @classmethod
    def load(cls, path: str | Path) -> MLP:
        """A new network read from a file written by :meth:`save` (validated)."""
        from .serialize import load

        return load(path)

    def load_weights(self, path: str | Path) -> None:
        """Replace this network's weights with a file's; on any error the network is left untouched."""
        from .serialize import load_into

        load_into(self, path)

    def __repr__(self) -> str:
        arrows = " → ".join(f"{layer.nout} {layer.activation}" for layer in self.layers)
        return f"MLP({self.nin} → {arrows}; {self.num_parameters()} parameters)"
