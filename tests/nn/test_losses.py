"""Losses: values against numpy formulas, gradcheck of each, stability, label-domain errors."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from autograd import Value, gradcheck
from nn import losses


def softplus(z: float) -> float:
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def test_mse_half_and_mean_forms() -> None:
    assert losses.mse(Value(0.5), 5.0).data == pytest.approx(0.5 * 4.5**2)
    assert losses.half_squared_error(Value(0.5), 5.0).data == pytest.approx(0.5 * 4.5**2)
    preds, ys = [1.0, 2.0, 4.0], [0.0, 2.5, 1.0]
    expected = float(np.sum((np.array(preds) - ys) ** 2) / (2 * 3))
    assert losses.mse([Value(p) for p in preds], ys).data == pytest.approx(expected, abs=1e-15)
    # one sample with two outputs: ½·Σₖ
    two = losses.mse([[Value(1.0), Value(3.0)]], [[0.0, 1.0]])
    assert two.data == pytest.approx(0.5 * (1 + 4))
    with pytest.raises(ValueError, match="2 output"):
        losses.half_squared_error([Value(1.0), Value(2.0)], [1.0])


def test_binary_cross_entropy_values() -> None:
    p, y = [0.2, 0.9, 0.6], [0, 1, 0.3]
    expected = -np.mean([yi * math.log(pi) + (1 - yi) * math.log(1 - pi) for pi, yi in zip(p, y)])
    assert losses.binary_cross_entropy([Value(v) for v in p], y).data == pytest.approx(expected, abs=1e-15)


def test_binary_cross_entropy_with_logits_values_and_stability() -> None:
    z, y = [-2.0, 0.3, 4.0], [0, 1, 1]
    expected = np.mean([-(yi * math.log(1 / (1 + math.exp(-zi))) + (1 - yi) * math.log(1 - 1 / (1 + math.exp(-zi))))
                        for zi, yi in zip(z, y)])
    assert losses.binary_cross_entropy_with_logits([Value(v) for v in z], y).data == pytest.approx(expected, 1e-14)
    # huge logits: no overflow, no log(0)
    assert losses.binary_cross_entropy_with_logits(Value(800.0), 0).data == pytest.approx(800.0)
    assert losses.binary_cross_entropy_with_logits(Value(800.0), 1).data == pytest.approx(0.0, abs=1e-300)
    big = Value(-750.0)
    loss = losses.binary_cross_entropy_with_logits(big, 1)
    loss.backward()
    assert loss.data == pytest.approx(750.0) and big.grad == pytest.approx(-1.0)


def test_cross_entropy_values_and_stability() -> None:
    z = np.array([[2.0, -1.0, 0.5], [0.1, 0.2, 0.3]])
    t = [0, 2]
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    expected = -np.mean([logp[0, 0], logp[1, 2]])
    logits = [[Value(v) for v in row] for row in z.tolist()]
    assert losses.cross_entropy(logits, t).data == pytest.approx(expected, abs=1e-15)
    one_hot = losses.cross_entropy(logits, [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    assert one_hot.data == pytest.approx(expected, abs=1e-15)
    huge = [[Value(1000.0), Value(0.0)]]
    assert losses.cross_entropy(huge, [1]).data == pytest.approx(1000.0)


def test_hinge_values() -> None:
    s, y = [0.5, -2.0, 3.0], [1, 1, -1]
    expected = np.mean([max(0.0, 1 - yi * si) for si, yi in zip(s, y)])
    assert losses.hinge([Value(v) for v in s], y).data == pytest.approx(expected)


def test_l2_term() -> None:
    ws = [Value(1.0), Value(-2.0), Value(3.0)]
    reg = losses.l2(ws, lam=0.5, m=4)
    assert reg.data == pytest.approx(0.5 / 8 * 14)
    reg.backward()
    assert [w.grad for w in ws] == pytest.approx([0.5 / 4 * w.data for w in ws])
    assert reg.op is not None and reg.op.name == "mul"
    with pytest.raises(ValueError, match="no parameters"):
        losses.l2([], 0.1)
    with pytest.raises(ValueError, match="m"):
        losses.l2(ws, 0.1, m=0)


LossCase = tuple[str, Callable[..., Value], int, list[object]]
CASES: list[LossCase] = [
    ("mse", lambda a, b, c: losses.mse([a, b, c], [0.3, -1.0, 2.0]), 3, [0.1, -0.4, 1.2]),
    ("bce", lambda a, b, c: losses.binary_cross_entropy([a, b, c], [0, 1, 0.25]), 3, [0.2, 0.7, 0.4]),
    ("bce_logits", lambda a, b, c: losses.binary_cross_entropy_with_logits([a, b, c], [0, 1, 0.25]), 3,
     [-1.5, 0.3, 2.0]),
    ("cross_entropy", lambda a, b, c: losses.cross_entropy([[a, b, c]], [1]), 3, [0.5, -0.2, 1.1]),
    ("cross_entropy_soft", lambda a, b, c: losses.cross_entropy([[a, b, c]], [[0.2, 0.5, 0.3]]), 3,
     [0.5, -0.2, 1.1]),
    ("hinge", lambda a, b, c: losses.hinge([a, b, c], [1, -1, 1]), 3, [0.4, 0.2, -0.8]),
    ("l2", lambda a, b, c: losses.l2([a, b, c], 0.3, 2), 3, [0.4, 0.2, -0.8]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_loss_passes_gradcheck(case: LossCase) -> None:
    _, f, _, point = case
    report = gradcheck(f, point, atol=1e-7, rtol=1e-6)
    assert report.passed, str(report)
    assert any(abs(e.analytic) > 1e-3 for e in report.entries)


def test_label_domain_errors() -> None:
    with pytest.raises(losses.LabelError, match=r"hinge: labels must be -1 or \+1, got 0.5"):
        losses.hinge([Value(0.1)], [0.5])
    with pytest.raises(losses.LabelError, match=r"binary_cross_entropy: targets must be in \[0, 1\].*got 3"):
        losses.binary_cross_entropy([Value(0.5)], [3])
    with pytest.raises(losses.LabelError, match="with_logits: targets must be in"):
        losses.binary_cross_entropy_with_logits([Value(0.5)], [-1])
    with pytest.raises(losses.LabelError, match=r"class index must be in 0..2, got 3"):
        losses.cross_entropy([[Value(0.0), Value(1.0), Value(2.0)]], [3])
    with pytest.raises(losses.LabelError, match="class index"):
        losses.cross_entropy([[Value(0.0), Value(1.0)]], [True])
    with pytest.raises(losses.LabelError, match="summing to 1"):
        losses.cross_entropy([[Value(0.0), Value(1.0)]], [[0.5, 0.6]])
    with pytest.raises(losses.LabelError, match="must be a real number"):
        losses.mse([Value(0.0)], ["a"])
    with pytest.raises(losses.LabelError, match="finite"):
        losses.mse([Value(0.0)], [float("nan")])


def test_batch_shape_errors() -> None:
    with pytest.raises(ValueError, match="empty batch"):
        losses.mse([], [])
    with pytest.raises(ValueError, match=r"2 prediction\(s\) but 1 target"):
        losses.hinge([Value(1.0), Value(2.0)], [1])
    with pytest.raises(ValueError, match="one output per sample"):
        losses.hinge([[Value(1.0), Value(2.0)]], [1])
    with pytest.raises(ValueError, match="at least 2 logits"):
        losses.cross_entropy([[Value(1.0)]], [0])


def test_get_by_name() -> None:
    assert losses.get("hinge") is losses.hinge
    assert losses.get("bce_logits") is losses.binary_cross_entropy_with_logits
    assert losses.get(losses.mse) is losses.mse
    with pytest.raises(ValueError, match="unknown loss 'l1'; choose one of mse, binary_cross_entropy"):
        losses.get("l1")


def test_softplus_reference_helper_is_the_bce_term() -> None:
    z = 1.7
    assert losses.binary_cross_entropy_with_logits(Value(z), 0).data == pytest.approx(softplus(z), abs=1e-15)


def _leaves(ps: list[Value | list[Value]]) -> list[Value]:
    return [v for row in ps for v in (row if isinstance(row, list) else [row])]


# Each loss on a batch of one and of several: value, gradients and graph size, as computed before the
# mean of the batch became one helper (the numbers must not move).  The size counts every use of a number
# as a constant of its own, as a walk of the whole graph shows it (since issue 18).
UNCHANGED = [
    ("mse", [0.3], [1.0], 0.24499999999999997, [-0.7], 7),
    ("mse", [0.3, -0.2, 1.5], [1.0, 0.0, 2.0], 0.12999999999999998,
     [-0.2333333333333333, -0.06666666666666667, -0.16666666666666666], 24),
    ("mse", [[0.3, 0.1], [0.5, -1.0]], [[1.0, 0.0], [0.2, 0.4]], 0.6375, [-0.35, 0.05, 0.15, -0.7], 29),
    ("binary_cross_entropy", [0.3], [1.0], 1.2039728043259361, [-3.3333333333333335], 3),
    ("binary_cross_entropy", [0.3, 0.8, 0.6], [1, 0, 0.25], 1.2094450572023836,
     [-1.1111111111111112, 1.666666666666667, 0.4861111111111111], 22),
    ("binary_cross_entropy_with_logits", [0.3], [1], 0.5543552444685271, [-0.42555748318834097], 5),
    ("binary_cross_entropy_with_logits", [0.3, -2.0, 4.0], [1, 0, 0.5], 0.899811061143103,
     [-0.14185249439611364, 0.03973430734070585, 0.16067126334596946], 15),
    ("cross_entropy", [[0.3, -0.2, 1.0]], [2], 0.5865523010014776,
     [0.27622147179547596, 0.1675367915149046, -0.4437582633103805], 12),
    ("cross_entropy", [[0.3, -0.2, 1.0], [2.0, 0.0, -1.0]], [0, [0.2, 0.3, 0.5]], 1.7781991602788816,
     [-0.361889264102262, 0.0837683957574523, 0.27812086834480976, 0.32189736724066975, -0.09290240030770275,
      -0.22899496693296698], 33),
    ("hinge", [0.3], [1], 0.7, [-1.0], 6),
    ("hinge", [0.3, -2.0, 0.5], [1, -1, -1], 0.7333333333333334,
     [-0.3333333333333333, 0.0, 0.3333333333333333], 21),
]


@pytest.mark.parametrize(("name", "preds", "targets", "value", "grads", "nodes"), UNCHANGED)
def test_losses_are_numerically_unchanged(name: str, preds: list[object], targets: list[object], value: float,
                                          grads: list[float], nodes: int) -> None:
    from autograd import topological_order

    ps = [[Value(v) for v in p] if isinstance(p, list) else Value(p) for p in preds]  # type: ignore[union-attr]
    J = losses.get(name)(ps, targets)
    J.backward()
    assert J.data == pytest.approx(value, rel=1e-12, abs=1e-15)
    assert [v.grad for v in _leaves(ps)] == pytest.approx(grads, rel=1e-12, abs=1e-15)
    assert len(topological_order(J, only_requiring_grad=False)) == nodes  # a batch of one adds no mean node
