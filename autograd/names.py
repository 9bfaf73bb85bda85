"""One name per node: what every view of a graph calls each of its nodes.

The step tables and their captions read :func:`node_names`, and so does every picture of a graph, so a
node has the same name wherever it is shown.  The rule, for a node of the graph under
``root``:

* a labelled node is called by its label, and a constant (:func:`is_constant`) by its number;
* the root, unlabelled, by the name its captions give it: ``L``;
* any other node by its own expression in the class's notation, written from the op table
  (:meth:`autograd.ops.Op.write`: ``w1·x1``, ``ŷ − 5``, ``(ŷ − 5)²``, ``ReLU(z)``), when that has at
  most :data:`SHORT_NAME` characters;
* a longer one by a short name in forward order, ``u₁``, ``u₂``, …, and what it stands for is written
  once, in :attr:`NodeNames.definitions` (``u₁ = w1·x1 + w2·x2``): the step tables end with that line
  and the diagram's footer shows it (:meth:`NodeNames.where`).

    >>> from autograd import Value
    >>> x1, w1, x2, w2 = (Value(v, label=n) for v, n in ((1.0, "x1"), (4.0, "w1"), (0.0, "x2"), (2.0, "w2")))
    >>> L = (w1 * x1 + w2 * x2 - 5) ** 2
    >>> names = node_names(L)
    >>> [names[v] for v in (L, L.parents[0], L.parents[0].parents[0])]
    ['L', 'u₁ − 5', 'u₁']
    >>> sorted(set(names.values()) - {"x1", "w1", "x2", "w2", "2", "5"})
    ['L', 'u₁', 'u₁ − 5', 'w1·x1', 'w2·x2']
    >>> names.where()
    'where u₁ = w1·x1 + w2·x2'

Names come in topological order, which is deterministic, so the same graph gets the same names
whichever view asks.
"""

from __future__ import annotations

from .backprop import topological_order
from .op_row import ATOM, NEGATION
from .text import WORDS, NotationLike, as_notation
from .value import Value

__all__ = ["SHORT_NAME", "NodeNames", "is_constant", "node_names"]

#: An unlabelled node is named by its own expression when that has at most this many characters.
SHORT_NAME = 12
#: The root's name when it has no label, as its captions write it (``∂L/∂w``).
ROOT_NAME = "L"


def is_constant(v: Value) -> bool:
    """True for a plain number an op wrapped (an unlabelled leaf that needs no gradient).

    A constant is named by its number (each use of a number is a constant of its own, see
    :mod:`autograd.constants`; one given a label is named by it).
    """
    return v.is_leaf and not v.requires_grad and not v.label


class NodeNames(dict[Value, str]):
    """The name of every node of a graph (a ``dict`` from node to name), and what the ``u₁`` names stand for.

    Attributes:
        definitions: ``{"u₁": "w1·x1 + w2·x2", …}``, in forward order: each short name of a long
            unlabelled node and its expression, written over its parents' names.
    """

    def __init__(self) -> None:
        super().__init__()
        self.definitions: dict[str, str] = {}

    def where(self, *, notation: NotationLike = None, **old: object) -> str | None:
        """The definitions as one line, ``where u₁ = w1·x1 + w2·x2; u₂ = …`` (``donde …`` in Spanish), or None."""
        nota = as_notation(notation, old, where="NodeNames.where")
        if not self.definitions:
            return None
        terms = "; ".join(f"{name} = {text}" for name, text in self.definitions.items())
        return nota.words(WORDS)["names_where"].format(definitions=terms)


def node_names(root: Value, *, notation: NotationLike = None, of: str | None = None, **old: object) -> NodeNames:
    """A name for every node ``root`` depends on: the same names wherever the graph is shown.

    Constants are written as ``notation`` (a :class:`~autograd.text.Notation` or a language code) says (and so
    are the expressions that use them).  ``of`` is what the gradients are of in a pass seeded with another
    loss's gradient (:func:`~autograd.trace.trace_backward`'s ``of``): then the root is not that loss, and an
    unlabelled root is named like any other node; otherwise it is ``L``.  See the module's docstring for
    the rule.
    """
    number = as_notation(notation, old, where="node_names").number
    order = topological_order(root, only_requiring_grad=False)
    labels = {v.label for v in order if v.label}
    names = NodeNames()
    binding: dict[Value, int] = {}
    taken = set(labels)
    count = 0
    for v in order:
        if v.label:
            names[v], binding[v] = v.label, _label_binding(v.label)
        elif is_constant(v):
            text = number(v.data)
            names[v], binding[v] = text, NEGATION if text[:1] in "-−" else ATOM
        elif v is root and of is None:
            names[v], binding[v] = ROOT_NAME, ATOM
        elif v.op is None:  # an unlabelled leaf that needs a gradient: nothing to write it from
            count, names[v] = _next_short(count, taken)
            binding[v] = ATOM
        else:
            text = v.op.write([(names[p], binding[p]) for p in v.parents])
            if len(text) <= SHORT_NAME and text not in taken:
                names[v], binding[v] = text, v.op.precedence
            else:
                count, names[v] = _next_short(count, taken)
                names.definitions[names[v]] = text
                binding[v] = ATOM
        taken.add(names[v])
    return names


def _label_binding(label: str) -> int:
    """How tightly a label binds as an operand: a name (``W1[2,1]``, ``(ŷ − y)²``) is an atom, a label with a
    space outside its parentheses (``ŷ − y``) is put in parentheses wherever it is an operand."""
    depth = 0
    for ch in label:
        depth += (ch in "([{") - (ch in ")]}")
        if depth == 0 and ch.isspace():
            return 0
    return ATOM


def _next_short(count: int, taken: set[str]) -> tuple[int, str]:
    """The next ``uₖ`` not taken by a label: the count used and the name."""
    while True:
        count += 1
        name = "u" + str(count).translate(_SUBSCRIPTS)
        if name not in taken:
            return count, name


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
