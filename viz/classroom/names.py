"""Answer names: how a student writes a quantity (``dJ/dW1[2,1]``, ``∂J/∂z^(1)``, ``ŷ``), and the table
that finds the graph nodes behind each name.

A :class:`NameTable` is built once per solved exercise (:class:`~viz.classroom.solution.Solution`):
the quantities the exercise names (``x``, ``W1``, ``z1``, …), every labelled node of the graph by
its label, and the vectors and matrices those labels form.  Parameters are grouped by the labels
``nn`` gave them (:mod:`nn.labels`: ``W1[2,1]`` is an entry of the matrix ``W1``), never by a
pattern of this module's own.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from autograd.backprop import topological_order
from autograd.trace import is_constant
from autograd.value import Value
from nn.labels import parse_parameter_label

from .errors import ClaimError

__all__ = ["LOSS_ALIASES", "NameTable", "Quantity", "Resolved", "entry_suffix", "nested", "normalize_name",
           "parameter_groups", "shape_text"]

#: The other names of the loss: ``dL/dW1`` is ``dJ/dW1``.
LOSS_ALIASES = ("J", "L", "loss", "ℒ", "ℓ")

_LAYER = re.compile(r"\^?\{?\((\d+)\)\}?")
_INDEX = re.compile(r"^(?P<base>.+?)\[(?P<i>\d+)(?:,(?P<j>\d+))?\]$")
_GRAD = re.compile(r"^(?:grad:|d/d|d(?P<of>[^/]+)/d)(?P<wrt>.+)$")
# A label that is an expression (``w*x + b``, ``ŷ − y``, ``(W1·x)[2]``), not a name: found, but not listed
# among the names to check, and never part of a vector.
_EXPRESSION = re.compile(r"[\s+\-−*/^·()²³|√]")
# Labels of a formula's variables that form a vector: x[1], x[2], … or x1, x2, …
_NUMBERED = (re.compile(r"^(?P<base>.+)\[(?P<n>\d+)\]$"), re.compile(r"^(?P<base>.*[^\d\]])(?P<n>\d+)$"))


def normalize_name(name: str) -> str:
    """The canonical spelling of a name: no spaces, ``∂``→``d``, ``ŷ``→``y_hat``, ``z^(1)``→``z1``."""
    text = "".join(name.split()).replace("∂", "d").replace("−", "-")
    text = text.replace("ŷ", "y_hat").replace("\\hat{y}", "y_hat").replace("yhat", "y_hat")
    return _LAYER.sub(r"\1", text)


def entry_suffix(shape: tuple[int, ...], flat: int) -> str:
    """``[2,1]`` for entry ``flat`` of a matrix, ``[3]`` of a vector, ``""`` of a scalar or size-1 array.

    Indices are 1-based, as in the parameter labels of :mod:`nn.labels`: entry ``[2,1]`` of ``W1`` is
    the weight labelled ``W1[2,1]``.
    """
    if math.prod(shape) == 1:
        return ""
    index = []
    for n in reversed(shape):  # row by row: the last index runs fastest
        flat, i = divmod(flat, n)
        index.append(i)
    return "[" + ",".join(str(i + 1) for i in reversed(index)) + "]"


def nested(numbers: Sequence[Any], shape: tuple[int, ...]) -> Any:
    """``numbers`` (row by row) in ``shape``, as nested lists: the number itself for the shape ``()``.

    >>> nested([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], (2, 3)), nested([7.0], ())
    ([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], 7.0)
    """
    if not shape:
        return numbers[0]
    items: list[Any] = list(numbers)
    for n in reversed(shape[1:]):  # group the innermost axis first
        items = [items[i:i + n] for i in range(0, len(items), n)]
    return items


def shape_text(shape: tuple[int, ...]) -> str:
    """``3×2`` for a shape, ``a single number`` for a scalar."""
    return "×".join(map(str, shape)) if shape else "a single number"


def parameter_groups(nodes: Iterable[Value]) -> list[tuple[str, list[Value], tuple[int, ...]]]:
    """The network parameters among ``nodes``, grouped by their :mod:`nn.labels` labels.

    ``W1[i,j]`` labels form the ``k×n`` matrix ``W1``, ``b1[i]`` (or a lone neuron's ``w[j]``) the
    vector ``b1`` (``w``): ``(name, entries row by row, shape)``, in the order the groups are first
    met.  A group with a missing entry is left out (its entries keep their own names).
    """
    groups: dict[str, dict[tuple[int, ...], Value]] = {}
    for v in nodes:
        parameter = parse_parameter_label(v.label) if v.label else None
        if parameter is not None:
            index = (parameter.row,) if parameter.col is None else (parameter.row, parameter.col)
            groups.setdefault(v.label.partition("[")[0], {})[index] = v
    found = []
    for name, members in groups.items():
        ndims = {len(index) for index in members}
        if len(ndims) != 1:  # W1[2] beside W1[2,1]: not one matrix
            continue
        shape = tuple(max(index[axis] for index in members) for axis in range(ndims.pop()))
        order = list(itertools.product(*(range(1, n + 1) for n in shape)))  # 1-based, row by row
        if set(order) == set(members):
            found.append((name, [members[at] for at in order], shape))
    return found


@dataclass(frozen=True)
class Quantity:
    """A named quantity: its graph nodes (row by row) and shape; ``auto`` when it is a single labelled
    node found in the graph (not listed when it is part of a vector)."""

    name: str
    nodes: tuple[Value, ...]
    shape: tuple[int, ...]
    auto: bool = False


class Resolved(NamedTuple):
    """What a name stands for: its canonical spelling, the nodes, their shape, and whether it asks for
    the gradient of the loss (``dJ/dW1``) rather than the value (``W1``)."""

    name: str
    nodes: tuple[Value, ...]
    shape: tuple[int, ...]
    gradient: bool


class NameTable:
    """Every checkable quantity of the graph under ``root`` by name, and the aliases of the names.

    A label that is an expression (``w*x + b``, ``ŷ − y``) can be checked but is not listed among the names.

    Args:
        root: the loss.
        root_name: its name in gradient names (``J`` in ``dJ/dW1``).
        quantities: the exercise's own ``(name, nodes, shape)``, listed first.
        aliases: other names of those (``a1`` for ``y1``).
    """

    def __init__(self, root: Value, root_name: str,
                 quantities: Sequence[tuple[str, Sequence[Value], tuple[int, ...]]] = (),
                 aliases: Mapping[str, str] | None = None) -> None:
        self.root = root
        self.root_name = root_name
        self._quantities: dict[str, Quantity] = {}
        self._aliases: dict[str, str] = {}
        for name, nodes, shape in quantities:
            self._add(name, nodes, shape)
        self._add_labels()
        self._add(root_name, [root], ())
        for alias in LOSS_ALIASES:
            self._alias(alias, root_name)
        for alias, name in (aliases or {}).items():
            self._alias(alias, name)

    def _add(self, name: str, nodes: Sequence[Value], shape: tuple[int, ...], auto: bool = False) -> None:
        key = normalize_name(name)
        if key not in self._quantities and key not in self._aliases:
            self._quantities[key] = Quantity(name, tuple(nodes), shape, auto)

    def _alias(self, alias: str, name: str) -> None:
        key, target = normalize_name(alias), normalize_name(name)
        if key not in self._quantities and key not in self._aliases and target in self._quantities:
            self._aliases[key] = target

    def _add_labels(self) -> None:
        """Every labelled node by its label; parameters as their matrices and vectors (:func:`parameter_groups`);
        other labels ``w1, w2, …`` or ``w[1], w[2], …`` as the vector ``w``."""
        labelled = [v for v in topological_order(self.root, only_requiring_grad=False)
                    if v.label and not is_constant(v)]
        numbered: dict[str, dict[int, Value]] = {}
        for v in labelled:
            self._add(v.label, [v], (), auto=True)
            if parse_parameter_label(v.label) is not None or _EXPRESSION.search(v.label):
                continue
            for pattern in _NUMBERED:
                match = pattern.match(v.label)
                if match:
                    numbered.setdefault(match["base"], {})[int(match["n"])] = v
                    break
        for name, nodes, shape in parameter_groups(labelled):
            if math.prod(shape) > 1:
                self._add(name, nodes, shape)
        for base, members in numbered.items():
            if sorted(members) == list(range(1, len(members) + 1)) and len(members) > 1:
                self._add(base, [members[i] for i in sorted(members)], (len(members),))

    def listing(self) -> tuple[list[str], list[str]]:
        """``(values, gradients)``: the names that can be checked (entries ``NAME[i]``/``NAME[i,j]`` too)."""
        covered = {id(v) for q in self._quantities.values() if q.shape for v in q.nodes}
        shown = [q for q in self._quantities.values()
                 if (not q.auto or id(q.nodes[0]) not in covered) and not _EXPRESSION.search(q.name)]
        values = [q.name for q in shown]
        grads = [f"d{self.root_name}/d{q.name}" for q in shown
                 if all(v.requires_grad for v in q.nodes) and q.nodes[0] is not self.root]
        return values, grads

    def unknown(self, name: str, why: ClaimError | None = None) -> ClaimError:
        """The error for a name that cannot be checked (``why``, else "not a value or gradient of this exercise"),
        listing every name that can, and the one meant when ``name`` is a near miss of it."""
        values, grads = self.listing()
        close = difflib.get_close_matches(name, [*values, *grads], n=1, cutoff=0.75) if why is None else []
        return ClaimError("unknown_name", "", name=name, reason=why or ClaimError("not_here", ""),
                          guess=ClaimError("guess", "", guess=close[0]) if close else "",
                          values=", ".join(values), grads=", ".join(grads))

    def resolve(self, name: str) -> Resolved:
        """What a claim's name stands for, or a ValueError listing the valid names."""
        if not isinstance(name, str) or not name.strip():
            raise ClaimError("name_string", "", value=name)
        key = normalize_name(name)
        grad = _GRAD.match(key)
        if grad:
            of = grad["of"]
            if of is not None and of not in {normalize_name(a) for a in (self.root_name, *LOSS_ALIASES)}:
                raise self.unknown(name, ClaimError("derivative_of", "", of=of, root=self.root_name))
            key = grad["wrt"]
        found = self._lookup(key)
        if found is None:
            raise self.unknown(name)
        label, nodes, shape = found
        if grad:
            if nodes[0] is self.root:
                raise self.unknown(name, ClaimError("by_itself", "", root=self.root_name))
            if any(not v.requires_grad for v in nodes):
                raise self.unknown(name, ClaimError("constant", "", label=label))
            label = f"d{self.root_name}/d{label}"
        return Resolved(label, nodes, shape, bool(grad))

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
            wanted = ", ".join(f"1..{n}" for n in q.shape) if q.shape else ClaimError("single", "")
            shown = shape_text(q.shape) if q.shape else ClaimError("scalar", "")
            raise ClaimError("index", "", entry=key, name=q.name, shape=shown, wanted=wanted)
        flat = 0
        for i, n in zip(index, shape):  # row by row
            flat = flat * n + i - 1
        return f"{q.name}{entry_suffix(q.shape, flat)}", (q.nodes[flat],), ()
