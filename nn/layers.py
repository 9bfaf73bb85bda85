"""``Neuron``, ``Layer`` and ``MLP``, made of :class:`~autograd.Value` parameters.

A neuron computes ``act(w·x + b)``: ``w·x`` is one ``dot`` node (parents ``x₁..xₙ, w₁..wₙ``), ``+ b``
one ``add`` node and the activation one more node (none for ``linear``).

**The course's matrix notation.**  Layer ``l`` with ``n`` inputs and ``k`` neurons has a weight matrix
``W⁽ˡ⁾ ∈ R^{k×n}`` (row ``i`` = the weights of neuron ``i``) and a bias vector ``b⁽ˡ⁾ ∈ R^k``.  The
two conventions of the notes are both available from :meth:`Layer.weight_matrix` and
:meth:`Layer.grad_matrix` (numpy arrays), and from :meth:`Layer.weight_rows` and :meth:`Layer.grad_rows`
(the same numbers as lists of rows, which need no numpy):

* samples as columns (the default, ``convention="columns"``): ``z = W·x + b``, ``W`` is ``k×n`` and
  ``dJ/dW = (dJ/dz)·xᵀ`` is ``k×n`` too;
* samples as rows (``convention="rows"``): ``S = X·W + b`` with ``W`` of shape ``n×k`` (the
  transpose) and ``dW = Xᵀ·dS``, also ``n×k``.

**Names.**  :meth:`Module.named_parameters` gives dotted 0-based paths, ``layers.0.neurons.2.w.1``;
each parameter Value also gets a short course-style ``label`` with 1-based indices, shown by
diagrams and traces: ``W1[3,2]`` is that same weight (layer 1, neuron 3, input 2) and ``b1[3]`` its
neuron's bias (the scheme is :mod:`nn.labels`).

**Inside a layer.**  :meth:`Layer.forward_values` and :meth:`MLP.forward_layers` return, per layer,
the very nodes the forward pass builds (a :class:`LayerValues`): ``wx`` (each neuron's ``w·x``),
``z`` (``w·x + b``) and ``a`` (the activation's outputs), so nobody has to walk ``parents``.

**micrograd's signatures.**  ``Neuron(nin)``, ``Layer(nin, nout)`` and ``MLP(nin, nouts)`` build what
micrograd's do: a neuron or layer is ReLU unless told otherwise (``nonlin=False``, micrograd's name, is
``activation="linear"``); calling a layer or a network of one output neuron gives the Value itself, several
give a list (``forward`` always gives a list); an input can be any iterable of ``nin`` numbers (a list, an
array, a ``map``), but one of the wrong length is refused, where micrograd's ``zip`` would cut it short.
Without ``seed=`` the weights come from Python's ``random`` module, in micrograd's order (neuron by
neuron, ``w₁..wₙ``, biases 0), so ``random.seed(1337)`` gives micrograd's own demo weights (:mod:`nn.init`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from autograd import Value
from autograd.functional import dot, softmax

from . import activations as act
from . import labels
from .arrays import as_samples
from .init import RandomSource, Seed, initialize, make_rng
from .layer_inputs import Input, as_inputs, layer_arrays, oriented
from .module import Module
from .settings import BOOL, POSITIVE_INT, check, check_sizes
from .words import NNError, Phrase

if TYPE_CHECKING:

    import numpy as np

__all__ = ["MLP", "Layer", "LayerValues", "Neuron"]

def _activation(where: str, activation: str | None, nonlin: bool | None) -> str:
    """The activation named by ``activation`` or by micrograd's ``nonlin`` (True: ``relu``, False: ``linear``);
    ``relu``, micrograd's default, when neither is given.  Giving both is an error naming both."""
    if nonlin is None:
        return "relu" if activation is None else activation
    check(where, "nonlin", nonlin, BOOL)
    if activation is not None:
        raise NNError(key="activation_and_nonlin", where=where, activation=activation, nonlin=nonlin)
    return "relu" if nonlin else "linear"


def _one_or_list(out: list[Value]) -> Value | list[Value]:
    """micrograd's rule for calling a layer or a network: the Value itself for one output, else the list."""
    return out[0] if len(out) == 1 else out


class LayerValues(NamedTuple):
    """The nodes one layer adds to the graph for one sample, one entry per neuron (in neuron order).

    Attributes:
        z: the weighted input ``z = w·x + b`` of each neuron (an ``add`` node).
        a: the layer's outputs: ``act(z)`` for ``relu``, ``leaky_relu``, ``tanh`` and ``sigmoid``; the
            ``z`` nodes themselves for ``linear``; the softmax of all the ``z`` for ``softmax``.
        wx: the ``w·x`` of each neuron (a ``dot`` node, the first parent of ``z``).

    They are the nodes of the graph the network's output depends on: after ``backward()`` their
    ``grad`` is ``dJ/dz``, ``dJ/da``.
    """

    z: list[Value]
    a: list[Value]
    wx: list[Value]


class Neuron(Module):
    """One neuron: ``act(w·x + b)`` with ``nin`` weights ``w`` and a bias ``b``.

    Args:
        nin: number of inputs.
        activation: one of ``linear``, ``relu``, ``leaky_relu``, ``tanh``, ``sigmoid``; ``relu`` by default,
            as micrograd's ``Neuron(nin)``.
        nonlin: micrograd's name for it: ``True`` is ``relu``, ``False`` is ``linear`` (not together with
            ``activation``).
        weights: the initial weights (default: drawn by ``init``).
        bias: the initial bias (default 0).
        init, seed: initializer name (see :mod:`nn.init`) and seed, used when ``weights`` is None; without a
            seed the weights come from Python's ``random`` module, like micrograd's.
    """

    def __init__(self, nin: int, activation: str | None = None, *, nonlin: bool | None = None,
                 weights: Sequence[float] | None = None, bias: float = 0.0, init: str = "uniform",
                 seed: Seed = None) -> None:
        nin = check("Neuron", "nin", nin, POSITIVE_INT)
        activation = _activation("Neuron", activation, nonlin)
        act.elementwise(activation)  # a ValueError names the valid ones (softmax is a layer's)
        self.activation = activation
        if weights is None:
            weights = initialize(init, nin, 1, make_rng(seed))[0]
        if len(weights) != nin:
            raise NNError(f"Neuron: expected {nin} weight(s), got {len(weights)}")
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

    def __call__(self, x: Input) -> Value:
        """``act(w·x + b)`` for ``nin`` numbers or Values (any iterable); plain numbers become constants."""
        return _forward([self], self.activation, as_inputs(x, self.nin, "Neuron")).a[0]

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [*((f"w.{j}", w) for j, w in enumerate(self.w)), ("b", self.b)]

    def own_values(self) -> list[Value]:
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"Neuron({self.nin}, {self.activation!r})"


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs: ``y = act(W·x + b)`` with ``W`` of shape ``nout×nin``.

    ``activation`` is ``relu`` by default, as micrograd's ``Layer(nin, nout)``; ``nonlin=True``/``False``
    (micrograd's name) is ``relu``/``linear``.  ``activation="softmax"`` makes the neurons linear and applies
    softmax to the layer's outputs.  Without ``seed`` the weights come from Python's ``random`` module.
    ``index`` (1-based, set by :class:`MLP`) goes into the parameter labels: ``W2[1,3]``, ``b2[1]``.
    :meth:`from_weights` builds a layer from the course's ``W`` and ``b``.

    Calling a layer of one neuron gives its output Value, a layer of several the list (as :class:`MLP`);
    :meth:`forward` always gives the list.
    """

    def __init__(self, nin: int, nout: int, activation: str | None = None, *, nonlin: bool | None = None,
                 init: str = "uniform", seed: Seed = None, index: int | None = None) -> None:
        activation = act.check(_activation("Layer", activation, nonlin), "Layer")
        nin, nout = check("Layer", "nin", nin, POSITIVE_INT), check("Layer", "nout", nout, POSITIVE_INT)
        self._build(activation, index, initialize(init, nin, nout, make_rng(seed)), [0.0] * nout)

    @classmethod
    def _drawn(cls, nin: int, nout: int, activation: str, init: str, rng: RandomSource, index: int) -> Layer:
        """A layer of checked sizes and activation whose weights ``init`` draws from ``rng`` (an MLP's one stream)."""
        layer = cls.__new__(cls)
        layer._build(activation, index, initialize(init, nin, nout, rng), [0.0] * nout)
        return layer

    def _build(self, activation: str, index: int | None, weights: list[list[float]], biases: list[float]) -> None:
        """Make the neurons from checked rows of ``W`` and entries of ``b``, and label their parameters."""
        self.activation = activation
        self.index = index
        neuron_act = "linear" if activation == "softmax" else activation
        self.neurons = [Neuron(len(row), neuron_act, weights=row, bias=bi) for row, bi in zip(weights, biases)]
        for i, n in enumerate(self.neurons, start=1):
            n.label_parameters(index, i)

    @classmethod
    def from_weights(cls, W: Any, b: Any, activation: str = "sigmoid", *, index: int | None = 1) -> Layer:
        """A layer from the course's matrix ``W`` (``k×n``, row ``i`` = the weights of neuron ``i``) and bias ``b``
        (``k`` numbers), with copies of their values.

        The conventions of :meth:`MLP.from_weights`, whose layers are built here: a 1-D ``W`` is one
        neuron's row, a scalar ``b`` its bias, and ``Layer.from_weights(W, b)`` equals
        ``MLP.from_weights([W], [b]).layers[0]`` (``index=1`` labels the parameters ``W1[i,j]``,
        ``b1[i]``; ``index=None`` gives ``W[i,j]``, ``b[i]``).  Every entry must be a real, finite
        number (not a bool, not a string); a ValueError names the first one that is not, or the shape.
        """
        return cls._from_arrays(W, b, activation, index, "Layer.from_weights")

    @classmethod
    def _from_arrays(cls, W: Any, b: Any, activation: str, index: int | None, where: str | Phrase) -> Layer:
        Wm, bv = layer_arrays(W, b, where, index)
        layer = cls.__new__(cls)
        layer._build(act.check(activation, where), index, Wm, bv)
        return layer

    @property
    def _where(self) -> str:
        return f"layer {self.index or ''}".rstrip()

    @property
    def nin(self) -> int:
        """Number of inputs ``n``."""
        return self.neurons[0].nin

    @property
    def nout(self) -> int:
        """Number of neurons ``k``."""
        return len(self.neurons)

    def __call__(self, x: Input) -> Value | list[Value]:
        """The output Value for one sample ``x`` (``nin`` numbers or Values), or the list of them when the layer
        has several neurons (micrograd's rule, as :meth:`MLP.__call__`)."""
        return _one_or_list(self.forward(x))

    def forward(self, x: Input) -> list[Value]:
        """The layer's outputs for one sample ``x``, always as a list."""
        return self.forward_values(x).a

    def forward_values(self, x: Input) -> LayerValues:
        """The layer's nodes for one sample ``x``: ``z``, ``a`` and ``w·x`` of every neuron (:class:`LayerValues`).

        ``layer.forward_values(x).a`` is ``layer(x)``; ``z`` and ``wx`` are nodes of the same graph.
        """
        return self._values(as_inputs(x, self.nin, self._where))

    def _values(self, xs: list[Any]) -> LayerValues:
        """:func:`_forward` of this layer's neurons (``xs`` already checked)."""
        return _forward(self.neurons, self.activation, xs)

    def children(self) -> list[tuple[str, Module]]:
        return [(f"neurons.{i}", n) for i, n in enumerate(self.neurons)]

    def parameters(self) -> list[Value]:
        # Module's walk (own parameters, then each child's: the neurons), without building the children's names:
        # a training step asks for them (zero_grad).
        found = list(self.own_values())
        for n in self.neurons:
            found += n.own_values()  # a neuron has no parts
        return found

    # --- the course's matrices -----------------------------------------------------------------------

    def weight_rows(self, convention: str = "columns") -> list[list[float]]:
        """``W`` as a list of rows: ``k×n`` (samples as columns, ``z = W·x + b``) or ``n×k`` (``"rows"``)."""
        return oriented([[w.data for w in n.w] for n in self.neurons], convention)

    def grad_rows(self, convention: str = "columns") -> list[list[float]]:
        """``dJ/dW`` after ``backward()`` as a list of rows, in the same shape as :meth:`weight_rows`."""
        return oriented([[float(w.grad) for w in n.w] for n in self.neurons], convention)

    def bias_numbers(self) -> list[float]:
        """``b`` as a list of ``k`` numbers."""
        return [n.b.data for n in self.neurons]

    def bias_grad_numbers(self) -> list[float]:
        """``dJ/db`` after ``backward()`` as a list of ``k`` numbers."""
        return [float(n.b.grad) for n in self.neurons]

    def weight_matrix(self, convention: str = "columns") -> np.ndarray:
        """:meth:`weight_rows` as a numpy array: ``k×n`` (samples as columns) or ``n×k`` (``"rows"``)."""
        import numpy as np

        return np.array(self.weight_rows(convention))

    def grad_matrix(self, convention: str = "columns") -> np.ndarray:
        """:meth:`grad_rows` as a numpy array, in the same shape as :meth:`weight_matrix`."""
        import numpy as np

        return np.array(self.grad_rows(convention))

    def bias_vector(self) -> np.ndarray:
        """``b`` as a numpy array of shape ``(k,)``."""
        import numpy as np

        return np.array(self.bias_numbers())

    def bias_grad(self) -> np.ndarray:
        """``dJ/db`` after ``backward()``, a numpy array of shape ``(k,)``."""
        import numpy as np

        return np.array(self.bias_grad_numbers())

    def set_weights(self, W: Any, b: Any) -> None:
        """Overwrite ``W`` (``k×n``, samples-as-columns) and ``b`` (``k`` numbers) after checking their shapes."""
        Wm, bv = layer_arrays(W, b, self._where, self.index, self.nout, self.nin)
        for n, row, bi in zip(self.neurons, Wm, bv):
            for w, value in zip(n.w, row):
                w.data = value
            n.b.data = bi

    def __repr__(self) -> str:
        return f"Layer({self.nin}, {self.nout}, {self.activation!r})"


def _forward(neurons: Sequence[Neuron], activation: str, x: Sequence[Any]) -> LayerValues:
    """The one forward pass, of a layer or of a lone neuron: ``w·x`` (a ``dot`` node) and ``z = w·x + b`` per
    neuron, then the activation (none for ``linear``, one node per neuron, or the softmax of all the ``z``)."""
    wx = [dot(x, n.w) for n in neurons]
    z = [s + n.b for s, n in zip(wx, neurons)]
    if activation == "linear":
        a = z
    elif activation == "softmax":
        a = softmax(z)
    else:
        f = act.ELEMENTWISE[activation]
        a = [f(v) for v in z]
    return LayerValues(z, a, wx)


class MLP(Module):
    """A multilayer perceptron: layers of neurons, each layer feeding the next.

    ``MLP(2, [16, 16, 1])`` is micrograd's demo network: two ReLU hidden layers of 16 (``activation``)
    and a linear output (``output_activation``).  Weights come from ``init`` (``uniform`` = U(−1, 1) like
    micrograd, ``uniform01``, ``xavier``/``glorot``, ``he``), drawn layer by layer from one stream:
    ``seed``'s own, or without a seed Python's ``random`` module, so ``random.seed(1337)`` then
    ``MLP(2, [16, 16, 1])`` has micrograd 0.1.0's weights; biases start at 0.

    Calling the network on one sample returns a Value when the last layer has one neuron, else a
    list of Values (:meth:`forward` always gives the list).
    """

    def __init__(self, nin: int, sizes: Sequence[int], activation: str = "relu",
                 output_activation: str = "linear", *, init: str = "uniform", seed: Seed = None) -> None:
        nin = check("MLP", "nin", nin, POSITIVE_INT)
        sizes = check_sizes("MLP", "sizes", sizes)
        act.check(activation, "MLP (hidden layers)")
        act.check(output_activation, "MLP (output layer)")
        if activation == "softmax":
            raise NNError("MLP: softmax is an output activation; pass output_activation='softmax'")
        rng = make_rng(seed)
        dims = [nin, *sizes]
        acts = [activation] * (len(sizes) - 1) + [output_activation]
        self.layers = [Layer._drawn(a, b, f, init, rng, i + 1)
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
            raise NNError(key="biases_per_matrix", n=len(weights), m=len(biases))
        acts = [activations] * len(weights) if isinstance(activations, str) else list(activations)
        if len(acts) != len(weights):
            raise NNError(key="activations_per_layer", n=len(acts), m=len(weights))
        layers: list[Layer] = []
        for i, (W, b, f) in enumerate(zip(weights, biases, acts), start=1):
            where = Phrase("at_layer", where="from_weights", i=i)
            layer = Layer._from_arrays(W, b, f, i, where)
            if layers and layer.nin != layers[-1].nout:
                prev = layers[-1].nout
                raise NNError(key="columns", where=where, i=i, rows=layer.nout, cols=layer.nin, prev_i=i - 1,
                              prev=prev)
            layers.append(layer)
        net = cls.__new__(cls)
        net.layers = layers
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
        return self.forward_layers(x)[-1].a

    def forward_layers(self, x: Input) -> list[LayerValues]:
        """Every layer's nodes for one sample ``x``, first layer first (see :class:`LayerValues`).

        The graph is the one :meth:`forward` and calling the network build (``forward_layers(x)[-1].a``
        is ``forward(x)``), so after ``backward()`` on a loss of ``forward_layers(x)[-1].a`` the nodes hold
        ``dJ/dz`` and ``dJ/da`` of every layer.
        """
        h: list[Any] = as_inputs(x, self.nin, "MLP")
        values: list[LayerValues] = []
        for layer in self.layers:
            values.append(layer._values(h))
            h = values[-1].a
        return values

    def __call__(self, x: Input) -> Value | list[Value]:
        """The output Value for one sample (a list of Values when the network has several outputs)."""
        return _one_or_list(self.forward(x))

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
        return self.predict_layers(X)[-1]

    def predict_layers(self, X: Any) -> list[np.ndarray]:
        """Every layer's outputs for many samples at once (numpy, as :meth:`predict_array`): ``(N, nout)`` each."""
        import numpy as np

        A = as_samples(X, self.nin, "MLP.predict_array")
        outputs = []
        for layer in self.layers:
            Z = A @ layer.weight_matrix().T + layer.bias_vector()
            if layer.activation == "softmax":
                A = np.array([act.softmax_row(row) for row in Z.tolist()], dtype=float).reshape(Z.shape)
            else:
                A = np.frompyfunc(act.float_forward(layer.activation), 1, 1)(Z).astype(float)
            outputs.append(A)
        return outputs

    def save(self, path: str | Path) -> Path:
        """Write the architecture and weights as JSON (atomically); see :mod:`nn.serialize`."""
        from .serialize import save

        return save(self, path)

    @classmethod
    def load(cls, path: str | Path, *, max_bytes: int | None = None) -> MLP:
        """A new network read from a file written by :meth:`save` (validated; at most ``max_bytes``, 64 MB by
        default)."""
        from .serialize import MAX_BYTES, load

        return load(path, max_bytes=MAX_BYTES if max_bytes is None else max_bytes)

    def load_weights(self, path: str | Path, *, max_bytes: int | None = None) -> None:
        """Replace this network's weights with a file's; on any error the network is left untouched."""
        from .serialize import MAX_BYTES, load_into

        load_into(self, path, max_bytes=MAX_BYTES if max_bytes is None else max_bytes)

    def __repr__(self) -> str:
        arrows = " → ".join(f"{layer.nout} {layer.activation}" for layer in self.layers)
        return f"MLP({self.nin} → {arrows}; {self.num_parameters()} parameters)"
