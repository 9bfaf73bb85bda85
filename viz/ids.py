"""The ids of a drawing: every DOT (and SVG) element of :func:`viz.draw` and :func:`viz.draw_step` gets one.

They come from the topological order (``n0``, ``n1``, …, op nodes ``n3_op``, edges ``e_n1_n3_op_0``), never
from ``id()``, so the same graph gives the same ids, and the player and the slides can find a step's nodes
and edges in the SVG (:func:`step_ids`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from autograd.backprop import topological_order
from autograd.trace import Step, is_constant
from autograd.value import Value

from .errors import VizError

__all__ = ["StepIds", "draw_ids", "edge_id", "op_id", "step_ids"]


def draw_ids(root: Value) -> dict[Value, str]:
    """The DOT (and SVG) id of each value node of ``draw(root)``: ``n0``, ``n1``, … in topological order.

    Constants are left out (written inside their op node, or with ``constants="nodes"`` one small node
    per use, ``n3_c1``).  The op node that produced a value
    with id ``n3`` is :func:`op_id` ``("n3")`` = ``"n3_op"``; an edge is named by :func:`edge_id`.
    """
    return _ids(topological_order(root, only_requiring_grad=False), root)


def _ids(order: Iterable[Value], root: Value) -> dict[Value, str]:
    ids: dict[Value, str] = {}
    for v in order:
        if not is_constant(v) or v is root:
            ids[v] = f"n{len(ids)}"
    return ids


def op_id(node_id: str) -> str:
    """The id of the op node drawn before the value node ``node_id``."""
    return f"{node_id}_op"


def edge_id(tail: str, head: str, position: int | None = None) -> str:
    """The id of the edge ``tail → head``; edges into an op node carry the parent's ``position``."""
    return f"e_{tail}_{head}" if position is None else f"e_{tail}_{head}_{position}"


@dataclass(frozen=True)
class StepIds:
    """The SVG ids ``draw_step(step)`` marks for one step of a trace.

    ``node`` is the node being processed, ``op`` its op node, ``parent`` the node receiving the
    contribution and ``edges`` the two edges the contribution travels back along
    (op → node, then parent → op).
    """

    node: str
    op: str
    parent: str
    edges: tuple[str, str]

    def all(self) -> tuple[str, ...]:
        """Every id above, nodes first."""
        return (self.node, self.op, self.parent, *self.edges)


def step_ids(step: Step, ids: Mapping[Value, str]) -> StepIds:
    """Where ``step`` is in a drawing whose ids are ``ids`` (from :func:`draw_ids` of the same root)."""
    try:
        node, parent = ids[step.node], ids[step.parent]
    except KeyError:
        raise VizError(f"step {step.index + 1} (node {step.node_name!r} → {step.parent_name!r}) "
                       "is not in this graph: draw the root the trace was made from") from None
    op = op_id(node)
    return StepIds(node, op, parent, (edge_id(op, node), edge_id(parent, op, step.position)))
