"""The target in a network exercise's loss: ``ŷ − y``, not ``ŷ − 5``, so a chain-rule explanation reads like
the course.

The loss subtracts each output's target, a number; that node is labelled ``ŷ − y`` (``ŷ − y[k]`` with several
outputs).  Every other node of the loss is named as any graph's nodes are, by
:func:`autograd.names.node_names` from the op table: ``(ŷ − y)²``, ``ln(1 − ŷ)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd.backprop import topological_order
from autograd.names import is_constant
from autograd.ops import OPS
from autograd.value import Value

__all__ = ["name_loss_nodes"]


def name_loss_nodes(root: Value, outputs: Sequence[Value], targets: Sequence[float]) -> None:
    """Label each unlabelled ``output − target`` node between the ``outputs`` and the loss ``root``.

    ``targets[k]`` is output ``k``'s target: it is called ``y`` (``y[k]`` for several outputs) where the
    loss writes ``output − target``; the output is called by its label.
    """
    target_name = {id(out): ("y" if len(outputs) == 1 else f"y[{k}]") for k, out in enumerate(outputs, start=1)}
    wanted = dict(zip(map(id, outputs), targets))
    for node in topological_order(root, only_requiring_grad=False):
        if node.label or node is root or node.op is not OPS["sub"]:
            continue
        output, target = node.parents
        if (id(output) in wanted and output.label and is_constant(target)
                and target.data == wanted[id(output)]):
            node.label = f"{output.label} − {target_name[id(output)]}"
