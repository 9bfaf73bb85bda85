"""The grader names the slip: each usual mistake is computed by the engine on a changed graph and matched
against a wrong answer.  The cases are the seeds' own exercises (../shared/seeds): their wrong numbers where
the seed has them (seed 000's z⁽¹⁾ in place of ∂J/∂y⁽¹⁾), otherwise the wrong number a changed graph
gives, computed here independently with numpy."""

from __future__ import annotations

import numpy as np
import pytest

from autograd import Value, functional
from tests import course
from tests.course import numpy_backprop, sigma
from viz.classroom.answers import FormulaExercise, NetworkExercise, check_answers
from viz.classroom.changed_graphs import copy_graph, relinked
from viz.classroom.slips import SLIP_RTOL, graph_slips, matching_slips
from viz.classroom.worksheet import worksheet

# Seed 000: the 2-3-1 sigmoid network, x = (1.8, −3.4), y = 5, J = ½(ŷ − y)², as arrays.
W1, B1, W2, B2, X = (np.array(a) for a in (course.W1, course.B1, course.W2, course.B2, course.X))
Y = course.Y


def seed000() -> NetworkExercise:
    return NetworkExercise([W1.tolist(), W2.tolist()], [B1.tolist(), B2.tolist()], ["sigmoid", "sigmoid"],
                           X.tolist(), Y)


def keys(report_slips: tuple) -> list[tuple[str, object]]:  # type: ignore[type-arg]
    return [(s.key, s.where) for s in report_slips]


# --- seed 000: z⁽¹⁾ where ∂J/∂y⁽¹⁾ belongs, with the seed's own numbers -------------------------------------

SEED000_DB1 = [0.21, 0.14, 0.20]
SEED000_DW1 = [[0.378, -0.714], [0.252, -0.476], [0.36, -0.68]]


def test_seed000s_own_wrong_numbers_are_z_used_where_dJ_dy1_belongs() -> None:
    report = check_answers(seed000(), {"dJ/db1": SEED000_DB1, "dJ/dW1": SEED000_DW1, "dJ/db2": -1.115})
    assert [c.name for c in report.wrong] == ["dJ/db1", "dJ/dW1"]
    assert keys(report["dJ/db1"].slips) == [("z_for_da", ("layer", 1))]
    assert keys(report["dJ/dW1"].slips) == [("z_for_da", ("layer", 1))]
    f = numpy_backprop()
    slip = report["dJ/db1"].slips[0]
    got = [slip.grads[e.node] for e in report["dJ/db1"].entries]
    np.testing.assert_allclose(got, f["z1"] * f["y1"] * (1 - f["y1"]), rtol=1e-12)   # z1 ⊙ σ'(z1)
    text = report.to_text()
    assert "dJ/db1: this looks like a usual slip: z used where ∂J/∂a belongs" in text and "(layer 1)" in text
    assert "with it the engine gives 0.2111, 0.134, 0.1995" in text
    spanish = report.to_text(notation="es")
    assert "dJ/db1: parece un error habitual: se usó z donde va ∂J/∂a" in spanish and "(capa 1)" in spanish
    assert "con ese error el motor da 0,2111, 0,134, 0,1995" in spanish


def test_the_slip_tolerance_covers_the_seeds_rounding_and_no_more() -> None:
    # The seed rounds σ'(z1) to 0.045 before multiplying: its 0.14 is 4.5 % above z1·σ'(z1) = 0.134.
    assert abs(0.14 - 0.134) / 0.134 < SLIP_RTOL
    far = [round(v * 1.2, 3) for v in SEED000_DB1]          # 20 % off: not that slip
    assert check_answers(seed000(), {"dJ/db1": far})["dJ/db1"].slips == ()


# --- the other slips, on the seeds' exercises: the wrong numbers a changed graph gives ----------------------

def test_the_sign_flipped_on_seed_004s_relu_neuron() -> None:
    values = {"w1": 4, "w2": 2, "w3": -5, "x1": 1, "x2": 0, "x3": 2, "b": 7, "y": 5}
    neuron = FormulaExercise("0.5*(relu(w1*x1 + w2*x2 + w3*x3 + b) - y)**2", values)
    # y − ŷ for ŷ − y: dz = 4 instead of −4, so dW = dz·xᵀ = (4, 0, 8), db = 4
    report = check_answers(neuron, {"dL/dw": [4, 0, 8], "dL/db": 4, "dL/dx": [-16, -8, 20]}, notation="es")
    assert keys(report["dL/dw"].slips) == [("sign", None)] and keys(report["dL/db"].slips) == [("sign", None)]
    assert report["dL/dx"].ok
    assert "dL/dw: parece un error habitual: el signo cambiado; con ese error el motor da 4, 8" in report.to_text()


def test_the_half_dropped_as_in_seed_001s_mse() -> None:
    # Seed 001 writes δ = 2(x − y)θ'(s): the loss without its ½.  On seed 000's network every gradient doubles.
    f = numpy_backprop()
    dz2 = 2 * (f["y_hat"] - Y) * f["y_hat"] * (1 - f["y_hat"])
    claims = {"dJ/dW2": np.round(np.outer(dz2, f["y1"]), 3).tolist(), "dJ/db2": round(float(dz2[0]), 3)}
    report = check_answers(seed000(), claims)
    assert keys(report["dJ/dW2"].slips) == [("half", None)] and keys(report["dJ/db2"].slips) == [("half", None)]
    assert "the ½ of ½(ŷ − y)² dropped (a factor 2)" in report.to_text()


def test_sigma_prime_taken_twice() -> None:
    f = numpy_backprop()
    twice = (f["y_hat"] - Y) * (f["y_hat"] * (1 - f["y_hat"])) ** 2                  # dJ/dz2 with σ'(z2)²
    report = check_answers(seed000(), {"dJ/dz2": round(float(twice[0]), 4), "dJ/db2": round(float(twice[0]), 4)})
    assert keys(report["dJ/dz2"].slips) == [("twice", ("layer", 2))]
    assert "σ′ taken twice (layer 2)" in report.to_text()
    assert "σ′ aplicada dos veces (capa 2)" in report.to_text(notation="es")
    dz1 = f["dJ/dy1"] * (f["y1"] * (1 - f["y1"])) ** 2                          # ... and in layer 1
    report = check_answers(seed000(), {"dJ/db1": np.round(dz1, 4).tolist()})
    assert keys(report["dJ/db1"].slips) == [("twice", ("layer", 1))]
    both = (W2.T @ twice) * (f["y1"] * (1 - f["y1"])) ** 2                   # ... and in both layers
    report = check_answers(seed000(), {"dJ/db1": np.round(both, 5).tolist()})
    assert keys(report["dJ/db1"].slips) == [("twice", ("layers", 2))]
    assert "(in every layer)" in report.to_text()


def test_sigma_prime_of_a_instead_of_z() -> None:
    f = numpy_backprop()
    at_a = f["dJ/dy1"] * sigma(f["y1"]) * (1 - sigma(f["y1"]))                  # σ'(y1) where σ'(z1) belongs
    report = check_answers(seed000(), {"dJ/db1": np.round(at_a, 4).tolist()})
    # σ'(ŷ) for σ'(z2) as well changes ∂J/∂b1 by only 6 %: that slip fits too, less well, and is not shown
    assert keys(report["dJ/db1"].slips) == [("at_a", ("layer", 1)), ("at_a", ("layers", 2))]
    text = report.to_text()
    assert "σ′ evaluated at a = σ(z) instead of at z (layer 1)" in text and "(in every layer)" not in text


def test_a_matrix_transposed_as_in_seed_001s_rows_layout() -> None:
    # Seed 001 writes dW = Xᵀ·dS (samples as rows): an n×k matrix where the course's W is k×n.
    f = numpy_backprop()
    dW1 = np.outer(f["dJ/dz1"], X)
    report = check_answers(seed000(), {"dJ/dW1": np.round(dW1.T, 4).tolist()}, notation="es")
    check = report["dJ/dW1"]
    assert check.problem and keys(check.slips) == [("transposed", None)]
    text = report.to_text()
    assert "dJ/dW1: es la matriz correcta, traspuesta: dJ/dW1 tiene la forma del parámetro" in text
    assert "forma incorrecta" not in text  # said once: the transposed note alone
    # a square W1 (2 inputs, 2 hidden) transposed has the right shape and wrong entries
    sheet = worksheet("two-layer", 3, sizes=(2, 2), activation="sigmoid", output_activation="sigmoid", loss="mse")
    right = np.asarray(sheet.solution().value("dJ/dW1"))
    report = check_answers(sheet.exercise, {"dJ/dW1": np.round(right.T, 5).tolist()})
    assert not report["dJ/dW1"].problem and keys(report["dJ/dW1"].slips) == [("transposed", None)]
    assert "the matrix transposed (entry [i,j] holds the one of [j,i])" in report.to_text()


def test_the_diagonal_only_softmax_jacobian_of_seed_002() -> None:
    # Seed 002 takes ∂a/∂Z = a(1 − a), the diagonal only, for softmax and cross-entropy; on the class
    # example of seed 003, z = (5, 2, −1, 3) with class 2, that gives ∂J/∂zᵢ = −yᵢ(1 − aᵢ): (0, −0.958, 0, 0).
    zs = np.array([5.0, 2.0, -1.0, 3.0])
    a = np.exp(zs) / np.exp(zs).sum()
    onehot = np.array([0.0, 1.0, 0.0, 0.0])
    diagonal_only = (-onehot / a) * a * (1 - a)
    z = [Value(v, label=f"z{i}") for i, v in enumerate(zs.tolist(), start=1)]
    J = -functional.softmax(z)[1].log()
    J.label = "J"
    report = check_answers(J, {"dJ/dz": np.round(diagonal_only, 3).tolist()}, notation="es")
    assert [e.ok for e in report["dJ/dz"].entries] == [False, True, False, False]     # a₂ − 1 is right either way
    assert keys(report["dJ/dz"].slips) == [("softmax_diagonal", None)]
    np.testing.assert_allclose([e.correct for e in report["dJ/dz"].entries], a - onehot, rtol=1e-12)
    assert "solo la diagonal del jacobiano de softmax" in report.to_text()


def test_a_softmax_layer_of_a_network_is_named_by_its_layer() -> None:
    ex = NetworkExercise([[[5.0], [2.0], [-1.0], [3.0]]], [[0.0, 0.0, 0.0, 0.0]], ["softmax"], [1.0], [0, 1, 0, 0])
    sol = ex.solve()
    (slip,) = [s for s in graph_slips(sol) if s.key == "softmax_diagonal"]
    assert slip.where == ("layer", 1)
    zs = np.array([5.0, 2.0, -1.0, 3.0])
    a = np.exp(zs) / np.exp(zs).sum()
    upstream = a - np.array([0, 1, 0, 0])                                     # ∂J/∂a of ½‖a − y‖²
    np.testing.assert_allclose([slip.grads[z] for z in sol.nodes("z1")], upstream * a * (1 - a), rtol=1e-12)


# --- what is not a slip ----------------------------------------------------------------------------------

def test_a_wrong_answer_that_matches_no_slip_gets_only_its_chain_rule() -> None:
    report = check_answers(seed000(), {"dJ/db1": [0.5, -0.5, 0.5], "dJ/db2": 7.0})
    assert report["dJ/db1"].slips == () and report["dJ/db2"].slips == ()
    assert "usual slip" not in report.to_text() and report["dJ/db1"].chains


def test_blank_and_right_entries_are_not_diagnosed() -> None:
    f = numpy_backprop()
    report = check_answers(seed000(), {"dJ/db1": [round(float(-f["dJ/dz1"][0]), 4), None, float(f["dJ/dz1"][2])]})
    check = report["dJ/db1"]
    assert [e.ok for e in check.entries] == [False, False, True] and check.entries[1].blank
    assert keys(check.slips) == [("sign", None)]
    assert "the engine gives −0.04763\n" in report.to_text() + "\n"   # only the wrong, answered entry


def test_matching_needs_every_wrong_entry_and_a_slip_that_is_itself_wrong() -> None:
    sol = seed000().solve()
    (sign,) = [s for s in graph_slips(sol) if s.key == "sign"]
    node = sol.nodes("b2")[0]
    assert matching_slips([sign], [(node, 1.117, node.grad, 0.01, 0.002)]) == [sign]
    assert matching_slips([sign], [(node, 1.117, node.grad, 0.01, 0.002), (node, 3.0, node.grad, 0.01, 0.002)]) == []
    # a slip that gives the right number explains nothing, however close the claim is to it
    assert matching_slips([sign], [(node, sign.grads[node] * 1.03, sign.grads[node], 0.01, 0.002)]) == []


def test_the_exercise_keeps_its_own_gradients() -> None:
    sol = seed000().solve()
    before = {v: v.grad for v in sol.trace.order}
    graph_slips(sol)
    assert {v: v.grad for v in sol.trace.order} == before


def test_copy_graph_and_relinked() -> None:
    x = Value(0.3, label="x")
    y = (x * 2).tanh()
    z = y * y
    copies = copy_graph(z, lambda old, new, cs: relinked(new, [(cs[old.parents[0]], 5.0)]) if old is y else None)
    assert copies[z].data == z.data and copies[y].label == y.label == "" and copies[x].label == "x"
    copies[z].backward()
    assert copies[x].grad == pytest.approx(2 * y.data * 5.0 * 2) and x.grad == 0.0
