"""Which box (a graphviz cluster) each node of a graph diagram is drawn in, and the boxes themselves.

:func:`viz.draw` groups nodes by the ``clusters`` it is given, or else by neuron: the nodes that
compute one neuron of an ``nn`` model — found from its parameters' labels (``W1[2,1]``, ``b1[2]``,
read by :mod:`nn.labels`) — in a box per neuron, inside a box per layer.  ``nn`` is imported only when
a drawing needs it, so ``import viz`` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import graphviz

from autograd.value import Value

from .dot import html_text, label
from .errors import VizTypeError

__all__ = ["Path", "cluster_paths", "emit_nodes", "neurons"]

#: A node's boxes, outermost first: ``("layer 1", "neuron 2")``; ``()`` for none.
Path = tuple[str, ...]
# A neuron's nodes: its weighted sum (these ops), then one activation (one of nn's element-wise
# activations, each an op of the same name) that ends it.
_LINEAR = frozenset({"add", "mul", "dot", "sum"})


def cluster_paths(order: Sequence[Value], clusters: Mapping[Value, str] | None,
                  w: Mapping[str, str]) -> dict[Value, Path]:
    """Which (nested) cluster each node is drawn in: ``clusters`` (``{value: "layer 1/neuron 2"}``) if
    given, else each neuron's nodes (:func:`neurons`) inside their layer's box, in ``w``'s words."""
    if clusters is not None:
        paths: dict[Value, Path] = {}
        for v, text in clusters.items():
            if not isinstance(v, Value):
                raise VizTypeError(f"draw: clusters keys must be Values, got {type(v).__name__}")
            path = tuple(part.strip() for part in str(text).split("/") if part.strip())
            if path:
                paths[v] = path
        return paths
    return {v: _neuron_path(key, w) for v, key in neurons(order).items()}


def neurons(order: Sequence[Value]) -> dict[Value, tuple[int, int]]:
    """``(layer, neuron)`` of each node that computes one neuron, from labels like ``W1[2,1]``, ``b1[2]``.

    A node belongs to neuron ``(l, j)`` when the parameters of the deepest layer it depends on all
    belong to that neuron, it is a weighted-sum op (``+``, ``*``, ``dot``, ``sum``) or an activation,
    and one of its parents is such a parameter or a weighted-sum node of the neuron: the cluster
    grows from the parameters and stops after the activation.  Labels are read by
    :func:`nn.labels.parse_parameter_label`; the activations are nn's element-wise ones.
    """
    if not any(v.op is None and v.label.endswith("]") for v in order):
        return {}  # no leaf is labelled like a parameter (W1[2,1], b1[2]): no need to load nn at all
    from nn.activations import ELEMENTWISE
    from nn.labels import parse_parameter_label

    activations = frozenset(ELEMENTWISE) - {"linear"}  # linear adds no node
    top: dict[Value, frozenset[tuple[int, int]]] = {}
    neuron: dict[Value, tuple[int, int]] = {}
    open_: set[Value] = set()
    for v in order:
        if v.op is None:
            parameter = parse_parameter_label(v.label) if v.label else None
            if parameter is not None:
                key = (parameter.layer, parameter.row)
                top[v] = frozenset([key])
                neuron[v] = key
                open_.add(v)
            else:
                top[v] = frozenset()
            continue
        keys: frozenset[tuple[int, int]] = frozenset().union(*(top[p] for p in v.parents))
        if keys:
            deepest = max(layer for layer, _ in keys)
            keys = frozenset(k for k in keys if k[0] == deepest)
        top[v] = keys
        name = v.op.name
        if len(keys) == 1 and (name in _LINEAR or name in activations):
            (key,) = keys
            if any(p in open_ and neuron.get(p) == key for p in v.parents):
                neuron[v] = key
                if name in _LINEAR:
                    open_.add(v)
    return neuron


def _neuron_path(key: tuple[int, int], w: Mapping[str, str]) -> Path:
    layer, j = key
    inner = w["viz_neuron"].format(j=j)
    return (w["viz_layer"].format(l=layer), inner) if layer else (inner,)


def _distinct_paths(paths: Iterable[Path]) -> list[Path]:
    """Every cluster path and its prefixes, in order of first appearance."""
    seen: dict[Path, None] = {}
    for path in paths:
        for i in range(1, len(path) + 1):
            seen.setdefault(path[:i], None)
    return list(seen)


def emit_nodes(g: graphviz.Digraph, nodes: Sequence[tuple[Path, str, dict[str, str]]]) -> None:
    """Write the node statements ``(path, name, attrs)`` into ``g``, nesting each in the ``subgraph cluster_…``
    blocks of its path (ids ``cluster_0``, ``cluster_1``, … in order of first appearance)."""
    paths_in_order = _distinct_paths(path for path, _, _ in nodes)
    cluster_ids = {path: f"cluster_{i}" for i, path in enumerate(paths_in_order)}
    by_path: dict[Path, list[tuple[str, dict[str, str]]]] = {}
    for path, name, attrs in nodes:
        by_path.setdefault(path, []).append((name, attrs))

    def fill(graph: graphviz.Digraph, prefix: Path) -> None:
        for name, attrs in by_path.get(prefix, []):
            graph.node(name, **attrs)
        for path in paths_in_order:
            if len(path) == len(prefix) + 1 and path[:-1] == prefix:
                cid = cluster_ids[path]
                with graph.subgraph(name=cid) as sub:
                    sub.attr(id=cid, label=label(html_text(path[-1])), style="rounded,dashed" if prefix
                             else "rounded", color="gray50", fontname="Helvetica", fontsize="11")
                    fill(sub, path)

    fill(g, ())
