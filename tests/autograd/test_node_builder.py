"""Every way of making a node writes every slot of ``Value``: they are listed once, in ``value._fill``."""

from __future__ import annotations

import pickle

import pytest

from autograd import Value, apply, no_grad, ops
from autograd.constants import shared_constant


def _every_kind_of_node() -> dict[str, Value]:
    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    with no_grad():
        bare = x * w
    return {
        "leaf": x,
        "binary": x * w,
        "unary": x.tanh(),
        "variadic": apply(ops.DOT, [x, w, 1.0, 2.0]),
        "under no_grad": bare,
        "by hand": Value(6.0, (x, w), "*"),
        "shared constant": shared_constant(0.125),
        "own constant": (x * 0.125).parents[1],
        "unpickled leaf": pickle.loads(pickle.dumps(Value(1.5, label="p"))),
    }


@pytest.mark.parametrize("kind", list(_every_kind_of_node()))
def test_every_slot_is_written(kind: str) -> None:
    node = _every_kind_of_node()[kind]
    missing = [name for name in Value.__slots__ if not hasattr(node, name)]
    assert not missing, f"a {kind} node leaves {missing} unset: write them in value._fill"
    assert node.grad == 0.0 and node._grad_value is None and isinstance(node.data, float)


def test_a_shared_constant_is_built_like_any_node_then_refuses_writes() -> None:
    c = shared_constant(0.375)
    assert type(c).__name__ == "_SharedConstant" and c.is_leaf and not c.requires_grad and c.label == ""
    with pytest.raises(AttributeError):
        c.grad = 1.0


def test_an_ops_result_records_its_parents_unless_under_no_grad() -> None:
    x = Value(2.0)
    y = x * 3.0
    assert y.op is ops.MUL and y.parents[0] is x and y.requires_grad
    with no_grad():
        z = x * 3.0
    assert z.is_leaf and z.parents == () and not z.requires_grad
