"""The answer checker: the course's hand solutions (seed 000 two-layer network, seed 004 ReLU neuron)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from autograd import Value
from autograd.text import format_number
from nn import MLP
from viz.answers import (
    DEFAULT_ATOL,
    DEFAULT_RTOL,
    AnswerFileError,
    FormulaExercise,
    NetworkExercise,
    check_answers,
    load_answers,
    normalize_name,
    parse_answers,
    solve,
)
from viz.cli import main
from viz.examples import relu_neuron

# The seed-000 exercise: a 2-3-1 sigmoid network, x = (1.8, −3.4), y = 5, J = ½(ŷ − y)².
W1 = [[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]]
B1 = [0.1, 0.5, 0.8]
W2 = [[-0.4, 0.2, -0.5]]
B2 = [0.7]
X = [1.8, -3.4]
Y = 5.0

# The hand solution's numbers, as the document writes them.
RIGHT_CLAIMS = {
    "z1": [1.98, 3.02, 2.172],
    "y1": [0.879, 0.953, 0.898],
    "z2": 0.09,
    "y_hat": 0.522,
    "J": 10.02,
    "dJ/dy_hat": -4.478,
    "dJ/dW2": [[-0.980, -1.062, -1.001]],
    "dJ/db2": -1.115,
    "dJ/dy1": [0.446, -0.223, 0.558],
}
WRONG_CLAIMS = {
    "dJ/dW1": [[0.378, -0.714], [0.252, -0.476], [0.36, -0.68]],
    "dJ/db1": [0.21, 0.14, 0.20],
}


def seed000() -> NetworkExercise:
    return NetworkExercise([W1, W2], [B1, B2], ["sigmoid", "sigmoid"], X, Y)


def independent_seed000() -> dict[str, np.ndarray]:
    """The exercise done with numpy and the textbook formulas (σ' = σ(1 − σ)), not with the engine."""
    x, w1, b1, w2, b2 = (np.array(a) for a in (X, W1, B1, W2, B2))
    s = lambda z: 1 / (1 + np.exp(-z))
    z1 = w1 @ x + b1
    y1 = s(z1)
    z2 = w2 @ y1 + b2
    yh = s(z2)
    d2 = (yh - Y) * yh * (1 - yh)
    dy1 = w2.T @ d2
    d1 = dy1 * y1 * (1 - y1)
    return {"z1": z1, "y1": y1, "z2": z2, "y_hat": yh, "J": 0.5 * (yh - Y) ** 2, "dJ/dW2": np.outer(d2, y1),
            "dJ/db2": d2, "dJ/dy1": dy1, "dJ/dW1": np.outer(d1, x), "dJ/db1": d1, "sigma'(z1)": y1 * (1 - y1)}


def test_engine_agrees_with_an_independent_computation() -> None:
    sol = seed000().solve()
    ref = independent_seed000()
    for name in ("z1", "y1", "z2", "y_hat", "J", "dJ/dW2", "dJ/db2", "dJ/dy1", "dJ/dW1", "dJ/db1"):
        np.testing.assert_allclose(np.ravel(sol.value(name)), np.ravel(ref[name]), rtol=1e-12, err_msg=name)
    # and the numbers of the document that are right really are, to its rounding
    assert sol.value("y_hat") == pytest.approx(0.522, abs=6e-4)
    assert sol.value("J") == pytest.approx(10.02, abs=5e-3)
    np.testing.assert_allclose(sol.value("dJ/dy1"), [0.446, -0.223, 0.558], atol=1e-3)  # the sign is right too


def test_seed000_right_answers_accepted_wrong_ones_flagged() -> None:
    report = check_answers(seed000(), {**RIGHT_CLAIMS, **WRONG_CLAIMS})
    assert [c.name for c in report.right] == list(RIGHT_CLAIMS)
    assert [c.name for c in report.wrong] == list(WRONG_CLAIMS)
    assert not report.passed
    assert len(report["dJ/dW1"].wrong) == 6 and len(report["dJ/db1"].wrong) == 3
    ref = independent_seed000()
    assert [e.correct for e in report["dJ/db1"].entries] == pytest.approx(ref["dJ/db1"])


def test_seed000_slip_is_z1_instead_of_dJ_dy1() -> None:
    # The document multiplies σ'(z1) by z1 = (1.98, 3.02, 2.172) instead of ∂J/∂y1: that is its 0.21, 0.14, 0.20.
    ref = independent_seed000()
    np.testing.assert_allclose(ref["z1"] * ref["sigma'(z1)"], WRONG_CLAIMS["dJ/db1"], atol=0.01)  # σ' rounded
    assert not np.allclose(ref["dJ/db1"], WRONG_CLAIMS["dJ/db1"], atol=0.05)


def test_chain_of_factors_for_a_wrong_gradient() -> None:
    report = check_answers(seed000(), {"dJ/dW1[1,1]": 0.378})
    (chain,) = report["dJ/dW1[1,1]"].chains
    assert chain.n_paths == 1
    (path,) = chain.paths
    assert path.product == pytest.approx(chain.total)
    assert chain.total == pytest.approx(independent_seed000()["dJ/dW1"][0, 0])
    names = [(s.node_name, s.parent_name) for s in path.steps]
    assert names[0][0] == "J" and names[-1][1] == "W1[1,1]"
    assert ("y1[1]", "z1[1]") in names and ("ŷ", "z2[1]") in names
    text = report.to_text()
    dy1 = format_number(independent_seed000()["dJ/dy1"][0], 4)            # the upstream ∂J/∂y1[1] = 0.4468
    sig = format_number(independent_seed000()["sigma'(z1)"][0], 4)         # σ'(z1[1]) = 0.1066
    assert "σ(a)·(1 − σ(a))" in text and f"= {sig}" in text
    assert dy1 in text and "= -0.4" in text                                 # the weight W2[1,1] on the way down
    assert "1.8" in text and "WRONG" in text


def test_right_gradient_has_no_chain_and_blank_is_wrong_without_chain() -> None:
    report = check_answers(seed000(), {"dJ/db2": -1.115, "dJ/db1": None})
    assert report["dJ/db2"].ok and report["dJ/db2"].chains == ()
    assert not report["dJ/db1"].ok and all(e.blank for e in report["dJ/db1"].entries)
    assert report["dJ/db1"].chains == ()


def test_seed004_formula_exercise() -> None:
    ex = FormulaExercise("0.5*(relu(w1*x1 + w2*x2 + w3*x3 + b) - y)**2",
                         {"w1": 4, "w2": 2, "w3": -5, "x1": 1, "x2": 0, "x3": 2, "b": 7, "y": 5})
    report = check_answers(ex, {"L": 8, "dL/dw": [-4, 0, -8], "dL/db": -4, "dL/dx": [-16, -8, 20]})
    assert report.passed, report.to_text()
    wrong = check_answers(ex, {"dL/dw": [-4, 0, 8]})
    assert [e.name for e in wrong["dL/dw"].wrong] == ["dL/dw[3]"]
    text = wrong.to_text()
    assert "1 if a > 0 else 0" in text and "ReLU" in text


def test_seed004_hand_built_graph_by_labels() -> None:
    loss, nodes = relu_neuron()
    claims = {"ŷ": 1, "z": 1, "L": 8, "d/dz": -4, "grad:b": -4, "dL/dw": [-4, 0, -8], "dL/dx": [-16, -8, 20]}
    assert check_answers(loss, claims).passed
    assert check_answers(loss, claims).passed  # gradients are reset, not accumulated
    assert nodes["w1"].grad == -4


def test_several_paths_are_listed_and_summed() -> None:
    x, y = Value(3.0, label="x"), Value(2.0, label="y")
    f = x * x + x * y
    f.label = "f"
    report = check_answers(f, {"df/dx": 1.0})
    (chain,) = report["df/dx"].chains
    assert chain.n_paths == 3 and len(chain.paths) == 3
    assert sum(p.product for p in chain.paths) == pytest.approx(chain.total) == pytest.approx(2 * 3 + 2)
    assert "sum over the 3 paths" in report.to_text()
    capped = check_answers(f, {"df/dx": 1.0}, max_paths=1)["df/dx"].chains[0]
    assert len(capped.paths) == 1 and "2 more paths" in capped.render()


def test_tolerance_default_and_per_claim() -> None:
    correct = float(independent_seed000()["dJ/dW1"][0, 0])   # 0.0857
    assert (DEFAULT_RTOL, DEFAULT_ATOL) == (0.01, 0.002)
    assert check_answers(seed000(), {"dJ/dW1[1,1]": round(correct, 3)}).passed
    assert not check_answers(seed000(), {"dJ/dW1[1,1]": correct + 0.003}).passed
    assert check_answers(seed000(), {"dJ/dW1[1,1]": {"value": correct + 0.003, "atol": 0.01}}).passed
    assert check_answers(seed000(), {"dJ/dW1[1,1]": correct + 0.003}, atol=0.01).passed
    assert not check_answers(seed000(), {"J": 10.02}, rtol=0, atol=1e-4).passed


def test_names_shapes_and_number_forms() -> None:
    ex = seed000()
    ref = independent_seed000()
    claims = {"∂J/∂W^(1)": ref["dJ/dW1"].tolist(), "grad:b1": [[v] for v in ref["dJ/db1"]],  # a column vector
              "a1": ref["y1"], "yhat": "0,5226", "W1[3,2]": 0.02, "dJ/dW2[1,3]": float(ref["dJ/dW2"][0, 2]),
              "loss": ref["J"].item(), "x": X}
    assert check_answers(ex, claims).passed
    assert normalize_name(" ∂J / ∂z^{(2)} ") == "dJ/dz2"


def test_wrong_shape_is_reported_not_raised() -> None:
    transposed = np.array(WRONG_CLAIMS["dJ/dW1"]).T.tolist()
    report = check_answers(seed000(), {"dJ/dW1": transposed})
    check = report["dJ/dW1"]
    assert not check.ok and "expected shape 3×2, got 2×3 (transposed?)" in check.problem
    assert "wrong shape" in report.to_text()


@pytest.mark.parametrize(("name", "needle"), [
    ("dJ/dW3", "Names that can be checked: x, W1, b1, z1, y1, W2, b2, z2, y2, y_hat, J"),
    ("dz1/dW1", "only derivatives of the loss J"),
    ("W1[4,1]", "index out of range; W1 has shape 3×2"),
    ("dJ/dJ", "by itself"),
])
def test_bad_names(name: str, needle: str) -> None:
    with pytest.raises(ValueError) as error:
        check_answers(seed000(), {name: 1.0})
    assert needle in str(error.value)


def test_bad_claims() -> None:
    with pytest.raises(ValueError, match="expected a number, got 'abc'"):
        check_answers(seed000(), {"J": "abc"})
    with pytest.raises(ValueError, match="rows of different lengths"):
        check_answers(seed000(), {"dJ/dW1": [[1, 2], [3]]})
    with pytest.raises(ValueError, match="expected a number, got True"):
        check_answers(seed000(), {"J": True})
    with pytest.raises(ValueError, match="non-empty mapping"):
        check_answers(seed000(), {})
    x, c = Value(2.0, label="x"), Value(3.0, label="c", requires_grad=False)
    with pytest.raises(ValueError, match="gradient of c, which is a constant"):
        check_answers(x * c, {"d/dc": 1})


def test_spanish_markdown_report() -> None:
    report = check_answers(seed000(), {"y_hat": 0.522, "dJ/db1": [0.21, 0.14, 0.20]}, lang="es", decimal=",")
    md = report.to_markdown()
    assert md.startswith("## Revisión: 1 de 2 respuestas correctas")
    assert "| y\\_hat | 0,522 | 0,5226 |" in md and "MAL" in md and "bien" in md
    assert "dJ/db1: 3 de 3 entradas mal" in md and "camino 1 de 1" in md
    assert "0.5226" not in md
    assert "0.5226" in report.to_text(lang="en", decimal=".")


def test_from_model_copies_and_multi_output() -> None:
    net = MLP(2, [3, 2], activation="tanh", seed=1)
    ex = NetworkExercise.from_model(net, [0.5, -1.0], 1, "cross_entropy")
    sol = solve(ex)
    assert all(p.grad == 0 for p in net.parameters())  # the caller's model is untouched
    assert np.shape(sol.value("y_hat")) == (2,) and np.shape(sol.value("dJ/dW2")) == (2, 3)
    with pytest.raises(ValueError, match="takes logits"):
        NetworkExercise([[[1.0, 2.0]], [[1.0], [2.0]]], [[0.0], [0.0, 0.0]], ["tanh", "softmax"], [1, 1], 0,
                        "cross_entropy")


# --- answer files and the command -------------------------------------------------------------------

def seed000_file(answers: dict[str, object]) -> dict[str, object]:
    return {"network": {"weights": [W1, W2], "biases": [B1, B2], "activations": ["sigmoid", "sigmoid"]},
            "input": X, "target": Y, "loss": "mse", "answers": answers}


def write_yaml(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


SEED000_YAML = """\
network:
  weights: [[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]]
  biases: [[0.1, 0.5, 0.8], [0.7]]
  activations: [sigmoid, sigmoid]
input: [1.8, -3.4]
target: 5
loss: mse
answers:
  y_hat: 0.522
  J: 10.02
  dJ/dW2: [[-0.980, -1.062, -1.001]]
  dJ/db2: {value: -1.115, atol: 0.005}
  "dJ/dW1[1,1]": %s
tolerance: {rtol: 0.01, atol: 0.002}
"""


def test_file_and_command_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_yaml(tmp_path, SEED000_YAML % "0.0857", "good.yaml")
    bad = write_yaml(tmp_path, SEED000_YAML % "0.378", "bad.yaml")
    assert load_answers(good).check().passed
    assert main(["check-answers", str(good)]) == 0
    assert "Answer check: 5 of 5 answers right" in capsys.readouterr().out
    assert main(["check-answers", str(bad), "--lang", "es", "--format", "markdown"]) == 1
    out = capsys.readouterr().out
    assert "| dJ/dW1[1,1] | 0,378 | 0,08574 |" in out and "σ(a)·(1 − σ(a))" in out
    assert main(["check-answers", str(bad), "--atol", "1"]) == 0
    capsys.readouterr()
    js = tmp_path / "a.json"
    js.write_text(json.dumps(seed000_file({"J": 10.02})), encoding="utf-8")
    assert main(["check-answers", str(js)]) == 0
    capsys.readouterr()
    assert main(["check-answers", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml" in capsys.readouterr().err


def test_formula_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_yaml(tmp_path, 'expression: "0.5*(relu(w*x + b) - y)**2"\nvariables: {w: 4, x: 1, b: 7, y: 5}\n'
                                'answers:\n  L: 18\n  dL/dw: "6"\n  d/db: 6\n')
    assert main(["check-answers", str(path)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(("content", "needle"), [
    ("- 1\n- 2\n", "expected a mapping"),
    ("network: {weights: [[[1]]], biases: [[0]]}\ninput: [1]\ntarget: 1\nanswers: {J: 1}\nextra: 1\n",
     "extra: unknown key"),
    ("network: {weights: [[[1]]], biases: [[0]]}\ninput: [1]\nanswers: {J: 1}\n", "target: missing"),
    ("network: {weights: [[[1, 2]]], biases: [[0]]}\ninput: [1]\ntarget: 1\nanswers: {J: 1}\n",
     "network: input: W1 has 2 columns"),
    ("network: {weights: [[[1]]], biases: [[0]], activations: [swish]}\ninput: [1]\ntarget: 1\nanswers: {J: 1}\n",
     "unknown activation 'swish'"),
    ("network: {weights: [[[1]]], biases: [[0]]}\ninput: [1]\ntarget: 1\nanswers: {dJ/dW9: 1}\n",
     "answers: dJ/dW9: 'dJ/dW9' is not a value"),
    ("network: {weights: [[[1]]], biases: [[0]]}\ninput: [1]\ntarget: 1\nanswers: {J: 1, J: 2}\n",
     "given twice"),
    ("network: {weights: [[[1]]], biases: [[0]]}\ninput: [1]\ntarget: 1\nanswers: {J: [1, x]}\n",
     "expected a number, got 'x'"),
    ("network: {weights: [[[1]]], biases: [[0]]}\ninput: [1]\ntarget: 1\nloss: l1\nanswers: {J: 1}\n",
     "unknown loss 'l1'"),
    ("network: {weights: [[[1]]], biases: [[0]]}\ninput: [1]\ntarget: 1\nanswers: {}\n", "answers: expected"),
    ("expression: 'x*'\nvariables: {x: 1}\nanswers: {L: 1}\n", "expression:"),
    ("expression: 'x*w'\nvariables: {x: 1}\nanswers: {L: 1}\n", "expression:"),
    ("expression: 'x'\nvariables: {x: 1}\nnetwork: {}\nanswers: {L: 1}\n", "exactly one of"),
    ("network: {weights: [[[1]]], biases: [[0]]}\ninput: [1]\ntarget: 1\nanswers: {J: 1}\ntolerance: {rtol: -1}\n",
     "tolerance"),
    ("answers: [1, 2\n", "not valid YAML"),
    ("network: !!python/object:os.system {}\n", "not valid YAML"),
])
def test_malformed_files(tmp_path: Path, content: str, needle: str) -> None:
    path = write_yaml(tmp_path, content)
    with pytest.raises(AnswerFileError) as error:
        load_answers(path)
    assert str(path) in str(error.value) and needle in str(error.value)


def test_malformed_file_exit_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_yaml(tmp_path, "answers: {J: 1}\n")
    assert main(["check-answers", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pizarra check-answers: error:") and "a.yaml" in err
    bad_json = tmp_path / "b.json"
    bad_json.write_text("{", encoding="utf-8")
    assert main(["check-answers", str(bad_json)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_parse_answers_in_memory() -> None:
    parsed = parse_answers(seed000_file({"y_hat": "0,522"}), "inline")
    assert parsed.source == "inline" and parsed.check().passed
    assert math.isclose(parsed.rtol, DEFAULT_RTOL)


@pytest.mark.parametrize("module", ["viz.answers", "viz.worksheet"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
