"""The answer checker: the course's hand solutions (seed 000 two-layer network, seed 004 ReLU neuron)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from autograd import Value
from autograd.text import Notation, format_number
from nn import MLP
from tests.course import B1, B2, W1, W2, X, Y, numpy_backprop  # seed 000: the 2-3-1 sigmoid network
from viz.classroom.answers import (
    DEFAULT_ATOL,
    DEFAULT_RTOL,
    EXERCISE_TOL,
    MAX_DEPTH,
    MAX_ITEMS,
    AnswerFileError,
    ExerciseChangedError,
    FormulaExercise,
    NetworkExercise,
    check_answers,
    grade_files,
    load_answers,
    load_key,
    normalize_name,
    parse_answers,
    solve,
)
from viz.classroom.worksheet import worksheet
from viz.cli import main
from viz.demo import relu_neuron

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


def test_engine_agrees_with_an_independent_computation() -> None:
    sol = seed000().solve()
    ref = numpy_backprop()
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
    ref = numpy_backprop()
    assert [e.correct for e in report["dJ/db1"].entries] == pytest.approx(ref["dJ/db1"])


def test_seed000_slip_is_z1_instead_of_dJ_dy1() -> None:
    # The document multiplies σ'(z1) by z1 = (1.98, 3.02, 2.172) instead of ∂J/∂y1: that is its 0.21, 0.14, 0.20.
    ref = numpy_backprop()
    np.testing.assert_allclose(ref["z1"] * ref["sigma'(z1)"], WRONG_CLAIMS["dJ/db1"], atol=0.01)  # σ' rounded
    assert not np.allclose(ref["dJ/db1"], WRONG_CLAIMS["dJ/db1"], atol=0.05)


def test_chain_of_factors_for_a_wrong_gradient() -> None:
    report = check_answers(seed000(), {"dJ/dW1[1,1]": 0.378})
    (chain,) = report["dJ/dW1[1,1]"].chains
    assert chain.n_paths == 1
    (path,) = chain.paths
    assert path.product == pytest.approx(chain.total)
    assert chain.total == pytest.approx(numpy_backprop()["dJ/dW1"][0, 0])
    names = [(s.node_name, s.parent_name) for s in path.steps]
    assert names[0][0] == "J" and names[-1][1] == "W1[1,1]"
    assert ("y1[1]", "z1[1]") in names and ("ŷ", "z2[1]") in names
    text = report.to_text()
    dy1 = format_number(numpy_backprop()["dJ/dy1"][0], 4)            # the upstream ∂J/∂y1[1] = 0.4468
    sig = format_number(numpy_backprop()["sigma'(z1)"][0], 4)         # σ'(z1[1]) = 0.1066
    assert "σ(a)·(1 − σ(a))" in text and f"= {sig}" in text
    assert dy1 in text and "= −0.4" in text                                 # the weight W2[1,1] on the way down
    assert "1.8" in text and "WRONG" in text


def test_right_gradient_has_no_chain_and_blank_is_wrong_without_chain() -> None:
    report = check_answers(seed000(), {"dJ/db2": -1.115, "dJ/db1": None})
    assert report["dJ/db2"].ok and report["dJ/db2"].chains == ()
    assert not report["dJ/db1"].ok and not report["dJ/db1"].problem  # a bare null blanks the whole vector
    assert len(report["dJ/db1"].entries) == 3 and all(e.blank for e in report["dJ/db1"].entries)
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
    correct = float(numpy_backprop()["dJ/dW1"][0, 0])   # 0.0857
    assert (DEFAULT_RTOL, DEFAULT_ATOL) == (0.01, 0.002)
    assert check_answers(seed000(), {"dJ/dW1[1,1]": round(correct, 3)}).passed
    assert not check_answers(seed000(), {"dJ/dW1[1,1]": correct + 0.003}).passed
    assert check_answers(seed000(), {"dJ/dW1[1,1]": {"value": correct + 0.003, "atol": 0.01}}).passed
    assert check_answers(seed000(), {"dJ/dW1[1,1]": correct + 0.003}, atol=0.01).passed
    assert not check_answers(seed000(), {"J": 10.02}, rtol=0, atol=1e-4).passed


def test_names_shapes_and_number_forms() -> None:
    ex = seed000()
    ref = numpy_backprop()
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
    report = check_answers(seed000(), {"y_hat": 0.522, "dJ/db1": [0.21, 0.14, 0.20]}, notation="es")
    md = report.to_markdown()
    assert md.startswith("## Revisión: 1 de 2 respuestas correctas")
    assert "| y\\_hat | 0,522 | 0,5226 |" in md and "MAL" in md and "bien" in md
    assert "dJ/db1: 3 de 3 entradas mal" in md and "camino 1 de 1" in md
    assert "0.5226" not in md
    assert "0.5226" in report.to_text(notation=Notation("en", decimal="."))


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
    ("answers: [1, 2\n", "not valid YAML: while parsing a flow sequence, expected ',' or ']', but got "
                         "'<stream end>' (line 2, column 1)"),
    ("answers: {[1]: 2}\n", "not valid YAML: a key must be a name, not a list or a mapping (line 1, column 11)"),
    ("? [1, 2]\n: 3\n", "a key must be a name"),
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
    assert err.startswith("pizarra check-answers: error:") and "a.yaml" in err and "no exercise" in err
    for content in ("answers: [1, 2\n", "answers: {[1]: 2}\n", "\xff"):
        path.write_bytes(content.encode("latin-1"))
        assert main(["check-answers", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err and "a.yaml" in err
    bad_json = tmp_path / "b.json"
    bad_json.write_text("{", encoding="utf-8")
    assert main(["check-answers", str(bad_json)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_parse_answers_in_memory() -> None:
    parsed = parse_answers(seed000_file({"y_hat": "0,522"}), "inline")
    assert parsed.source == "inline" and parsed.check().passed
    assert math.isclose(parsed.rtol, DEFAULT_RTOL)


# --- a grader bound to its exercise: the seeded sheet, a teacher's key, or (said aloud) the file itself ------

def sheet_answers(kind: str = "two-layer", seed: int = 17, lang: str = "es", digits: int = 3,
                  **options: object) -> dict[str, object]:
    """A worksheet's answers file with every blank filled from the engine, rounded like a student would."""
    sheet = worksheet(kind, seed, notation=lang, **options)  # type: ignore[arg-type]
    data = yaml.safe_load(sheet.answers_template())
    sol = sheet.solution()
    for name in data["answers"]:
        data["answers"][name] = np.round(np.asarray(sol.value(name), dtype=float), digits).tolist()
    return data


def dump(tmp_path: Path, data: object, name: str = "r.yaml") -> Path:
    path = tmp_path / name
    text = json.dumps(data) if name.endswith(".json") else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def zeroed(data: dict[str, object]) -> dict[str, object]:
    """Issue 8's trick: every weight, bias and the target set to 0, and 0 answered everywhere."""
    net = data["network"]
    assert isinstance(net, dict)
    net["weights"] = [np.zeros_like(np.array(W)).tolist() for W in net["weights"]]
    net["biases"] = [np.zeros_like(np.array(b)).tolist() for b in net["biases"]]
    data["target"] = 0
    answers = data["answers"]
    assert isinstance(answers, dict)
    data["answers"] = {k: np.zeros_like(np.array(v, dtype=float)).tolist() for k, v in answers.items()}
    return data


def test_the_right_answers_pass_against_the_seeded_sheet(tmp_path: Path) -> None:
    data = sheet_answers("two-layer", 17, "es")
    parsed = parse_answers(data, "r.yaml")
    assert (parsed.kind, parsed.seed, parsed.lang) == ("two-layer", 17, "es")
    report = parsed.check()
    assert report.passed and not report.missing and not report.not_asked
    text = report.to_text()
    assert "Corregido contra la hoja red 17, reconstruida a partir de su semilla." in text
    assert "Graded against sheet network 17, rebuilt from its seed." in report.to_text(notation="en")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_zeroed_exercise_is_refused_not_graded_9_of_9(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       lang: str) -> None:
    data = zeroed(sheet_answers("neuron", 17, lang))
    with pytest.raises(ExerciseChangedError) as error:
        parse_answers(data, "r.yaml").check()
    assert error.value.field == "network: weights W1[1,1]"
    path = dump(tmp_path, data)
    assert main(["check-answers", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    expected = worksheet("neuron", 17).exercise.weights[0][0, 0]
    if lang == "es":
        assert f"network: weights W1[1,1] vale 0 en este archivo pero {format_number(expected, 4, ',')} en la " \
               "hoja neurona 17: el ejercicio fue modificado" in err
    else:
        assert f"network: weights W1[1,1] is 0 in this file but {format_number(expected, 4)} in the sheet " \
               "neuron 17: the exercise was changed" in err


def test_changing_only_the_target_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = sheet_answers("two-layer", 3, "en")
    data["target"] = float(np.asarray(data["target"])) + 1
    path = dump(tmp_path, data)
    assert main(["check-answers", str(path)]) == 2
    assert "target y is " in capsys.readouterr().err
    with pytest.raises(ExerciseChangedError) as error:
        load_answers(path).check(notation="es")
    assert error.value.field == "target y" and "vale" in str(error.value)


def _set(data: dict[str, object], path: tuple[object, ...], value: object) -> None:
    node: object = data
    for step in path[:-1]:
        node = node[step]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]


@pytest.mark.parametrize(("where", "value", "field"), [
    (("network", "weights", 1, 0, 2), 0.75, "network: weights W2[1,3]"),
    (("network", "biases", 0, 1), 0.05, "network: biases b1[2]"),
    (("network", "activations", 0), "relu", "network: activations"),
    (("input", 1), 9.0, "input x[2]"),
    (("loss",), "mse", "loss"),
    (("tolerance",), {"atol": 1000}, "tolerance: atol"),
    (("network", "weights", 1), [[0.1, 0.2]], "network: weights W2"),
])
def test_each_changed_field_is_named(where: tuple[object, ...], value: object, field: str) -> None:
    data = sheet_answers("two-layer", 17, "en", activation="tanh", output_activation="sigmoid", loss="bce",
                         sizes=(2, 3))
    _set(data, where, value)
    if where == ("network", "weights", 1):  # a layer of another shape: the biases and activations still fit
        _set(data, ("network", "weights", 0), [[0.1, 0.2], [0.3, 0.4]])
        _set(data, ("network", "biases", 0), [0.1, 0.2])
        _set(data, ("input",), [1.0, 2.0])
    with pytest.raises(ExerciseChangedError) as error:
        parse_answers(data, "r.yaml").check()
    assert error.value.field == (field if where != ("network", "weights", 1) else "network: weights W1")


def test_numbers_compare_with_the_printed_precision() -> None:
    data = sheet_answers("neuron", 4, "en")
    weights = np.array(data["network"]["weights"][0])  # type: ignore[index]
    data["network"]["weights"][0] = [[f"{w:.12f}".replace(".", ",") for w in weights[0]]]  # type: ignore[index]
    assert parse_answers(data).check().passed  # "-0,600000000000" is the sheet's -0.6
    data["network"]["weights"][0] = (weights + 100 * EXERCISE_TOL).tolist()  # type: ignore[index]
    with pytest.raises(ExerciseChangedError):
        parse_answers(data).check()


def test_an_answer_with_its_own_tolerance_is_refused_against_the_sheet() -> None:
    data = sheet_answers("neuron", 4, "es")
    data["answers"]["J"] = {"value": 123.0, "atol": 1000}  # type: ignore[index]
    with pytest.raises(ExerciseChangedError) as error:
        parse_answers(data, "r.yaml").check()
    assert error.value.field == "answers: J" and "su propia tolerancia" in str(error.value)
    with pytest.raises(ExerciseChangedError, match="its own tolerance"):
        parse_answers(data, "r.yaml").check(notation="en")


def test_a_missing_answer_line_counts_as_blank_and_the_header_counts_like_the_table() -> None:
    full = sheet_answers("neuron", 17, "en")
    assert parse_answers(full).check().passed
    data = sheet_answers("neuron", 17, "en")
    del data["answers"]["dJ/dW"]  # type: ignore[attr-defined]
    report = parse_answers(data).check()
    assert report.missing == ("dJ/dW",) and not report.passed
    assert [c.name for c in report.wrong] == ["dJ/dW"] and all(e.blank for e in report["dJ/dW"].entries)
    text = report.to_text()
    n_inputs = worksheet("neuron", 17).exercise.x.size
    table_rows = [line for line in text.split("──\n", 1)[1].split("\n\n")[0].splitlines()]
    right_rows = [r for r in table_rows if r.rstrip().endswith("right")]
    assert len(table_rows) == 4 + 2 * n_inputs + 1  # z, ŷ, J, dJ/dz, dJ/dW[1,·], dJ/db, dJ/dx[·]
    assert text.startswith(f"Answer check: 6 of 7 answers right ({len(right_rows)} of {len(table_rows)} entries)")
    assert "not in the file, counted as blank: dJ/dW" in text
    assert "no están en el archivo, cuentan como vacías: dJ/dW" in report.to_text(notation="es")
    assert report.entry_counts() == (len(table_rows) - n_inputs, len(table_rows))


def test_names_not_asked_are_not_graded_and_aliases_match() -> None:
    data = sheet_answers("two-layer", 17, "en")
    answers = data["answers"]
    assert isinstance(answers, dict)
    answers["ŷ"] = answers.pop("y_hat")        # another spelling of an asked answer still counts
    answers["x"] = [123, 456]                    # padding with a given number is not graded
    report = parse_answers(data).check()
    assert report.passed and report.not_asked == ("x",)
    assert len(report) == len(worksheet("two-layer", 17).answer_names())
    assert "not asked, not graded: x" in report.to_text()
    answers["yhat"] = answers["ŷ"]
    with pytest.raises(AnswerFileError, match="the same answer as ŷ, given twice"):
        parse_answers(data).check()


def test_a_file_with_only_kind_seed_and_answers_is_graded_against_its_sheet() -> None:
    data = sheet_answers("neuron", 5, "en")
    for key in ("network", "input", "target", "loss"):
        del data[key]
    assert parse_answers(data).check().passed


def test_a_sheet_from_before_the_options_were_recorded_is_still_read() -> None:
    data = sheet_answers("two-layer", 8, "en", activation="tanh", loss="mse")
    del data["options"]
    assert worksheet("two-layer", 8).exercise.to_dict()["network"] != data["network"]  # the options mattered
    parsed = parse_answers(data)  # they are inferred from the network the file shows
    assert parsed.sheet is not None and parsed.sheet.exercise.to_dict()["network"] == data["network"]
    assert parsed.check().passed
    data["network"]["biases"][0][0] += 1  # type: ignore[index]
    with pytest.raises(ExerciseChangedError):  # and a changed number is still caught
        parse_answers(data).check()


@pytest.mark.parametrize(("lang", "needle"), [
    ("en", "No key: graded against the exercise written in this file itself"),
    ("es", "Sin clave: corregido contra el ejercicio escrito en este mismo archivo"),
])
def test_hand_made_file_without_a_key_says_it_grades_its_own_numbers(tmp_path: Path, lang: str, needle: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = dump(tmp_path, {**seed000_file({"J": 10.02}), "lang": lang})
    assert needle in load_answers(path).check().to_text()
    assert main(["check-answers", str(path)]) == 0
    assert needle in capsys.readouterr().out
    # a worksheet file stripped of kind and seed is a hand-made one: it says so
    data = zeroed(sheet_answers("neuron", 17, lang))
    del data["kind"], data["seed"]
    assert needle in parse_answers(data).check().to_text()


# --- keys ----------------------------------------------------------------------------------------------

def test_key_with_blank_answers_grades_a_hand_made_exercise(tmp_path: Path) -> None:
    key = dump(tmp_path, {**seed000_file({"y_hat": None, "J": None, "dJ/dW1": [[None] * 2] * 3}),
                          "tolerance": {"atol": 0.01}}, "clave.yaml")
    ref = numpy_backprop()
    right = dump(tmp_path, seed000_file({"y_hat": 0.531, "J": 10.02, "dJ/dW1": np.round(ref["dJ/dW1"], 3).tolist()}))
    report = load_answers(right).check(load_key(key), notation="es")
    assert report.passed and report.atol == 0.01 and "Corregido contra la clave" in report.to_text()
    # the same answers without the key use the default tolerance, atol 0.002: ŷ = 0.531 is then wrong
    assert [c.name for c in load_answers(right).check().wrong] == ["y_hat"]


def test_key_refuses_a_changed_exercise_and_grades_a_file_with_only_answers(tmp_path: Path) -> None:
    key = load_key(dump(tmp_path, seed000_file({"J": None, "dJ/db2": None}), "clave.yaml"))
    changed = seed000_file({"J": 0.0, "dJ/db2": 0.0})
    changed["target"] = 0.5
    with pytest.raises(ExerciseChangedError) as error:
        parse_answers(changed, "r.yaml").check(key)
    assert error.value.field == "target y" and "in the key " in str(error.value)
    only_answers = parse_answers({"answers": {"J": 10.02}}, "r.yaml")
    report = only_answers.check(key)
    assert report.missing == ("dJ/db2",) and [c.name for c in report.right] == ["J"]
    with pytest.raises(AnswerFileError, match="no exercise to grade against"):
        only_answers.check()


def test_key_numbers_must_agree_with_the_engine(tmp_path: Path) -> None:
    path = dump(tmp_path, seed000_file({"J": 10.02, "dJ/db1": [0.21, 0.14, 0.20]}), "clave.yaml")
    with pytest.raises(AnswerFileError, match=r"the key's answer dJ/db1\[1\] is 0\.21, but the engine gives"):
        load_key(path)
    with pytest.raises(AnswerFileError, match=r"la respuesta dJ/db1\[1\] de la clave vale 0,21"):
        load_key(path, lang="es")


def test_key_per_answer_tolerance_and_a_key_without_exercise(tmp_path: Path) -> None:
    key = load_key(dump(tmp_path, seed000_file({"J": {"value": None, "atol": 0.5}, "y_hat": None}), "k.yaml"))
    report = parse_answers(seed000_file({"J": 10.3, "y_hat": 0.53})).check(key)
    assert report["J"].ok and not report["y_hat"].ok
    with pytest.raises(AnswerFileError, match="a key needs its exercise"):
        load_key(dump(tmp_path, {"answers": {"J": None}}, "empty_key.yaml"))


def test_a_sheets_answers_file_is_its_key_and_another_seed_is_refused(tmp_path: Path) -> None:
    key = dump(tmp_path, yaml.safe_load(worksheet("neuron", 17, notation="es").answers_template()), "clave.yaml")
    other = sheet_answers("neuron", 18, "es")
    with pytest.raises(ExerciseChangedError, match="en la clave "):
        parse_answers(other, "r.yaml").check(load_key(key))
    assert parse_answers(sheet_answers("neuron", 17, "es")).check(load_key(key)).passed


# --- many files ----------------------------------------------------------------------------------------

def test_grade_files_summary_rows_and_exit_status(tmp_path: Path) -> None:
    key = dump(tmp_path, seed000_file({"y_hat": None, "J": None, "dJ/db1": [None] * 3}), "clave.yaml")
    ref = numpy_backprop()
    right = dump(tmp_path, seed000_file({"y_hat": 0.522, "J": 10.02, "dJ/db1": np.round(ref["dJ/db1"], 4).tolist()}),
                 "ana.yaml")
    wrong = dump(tmp_path, seed000_file({"y_hat": 0.522, "dJ/db1": [float(ref["dJ/db1"][0]), 0.14, 0.20]}),
                 "beto.yaml")
    zero = seed000_file({"y_hat": 0, "J": 0, "dJ/db1": [0, 0, 0]})
    zero["network"]["weights"] = [[[0, 0]] * 3, [[0] * 3]]  # type: ignore[index]
    changed = dump(tmp_path, zero, "carla.yaml")
    summary = grade_files([right, wrong], key)
    assert [f.status for f in summary] == [0, 1] and summary.exit_status == 1
    assert grade_files([right], key).exit_status == 0
    summary = grade_files([right, wrong, changed, tmp_path / "nadie.yaml"], key, notation="es")
    assert [f.status for f in summary] == [0, 1, 2, 2] and summary.exit_status == 2
    headers, rows = summary.rows()
    assert headers[:4] == ["archivo", "corregido contra", "respuestas bien", "respuestas"]
    assert rows[0][1:7] == ["clave " + str(key), "3", "3", "5", "5", ""]
    assert rows[1][2:7] == ["1", "3", "2", "5", "J (vacío); dJ/db1[2]; dJ/db1[3]"]
    assert rows[2][7] == "sin corregir" and rows[2][8].startswith("network: weights W1[1,1] vale 0")
    assert rows[3][7] == "sin corregir" and "nadie.yaml" not in rows[3][8]
    assert summary.title() == "Resumen: 4 archivos; 1 todo bien, 1 con respuestas mal, 2 sin corregir"
    assert "Summary: 4 files; 1 all right, 1 with wrong answers, 2 not graded" in summary.to_text(notation="en")


def test_deeply_nested_files_are_answer_file_errors(tmp_path: Path) -> None:
    deep_yaml = write_yaml(tmp_path, "answers: {J: " + "[" * 1000 + "1" + "]" * 1000 + "}\n", "deep.yaml")
    deep_json = tmp_path / "deep.json"
    deep_json.write_text('{"answers": {"J": ' + "[" * 1000 + "1" + "]" * 1000 + "}}", encoding="utf-8")
    for path in (deep_yaml, deep_json):
        with pytest.raises(AnswerFileError, match="nested") as error:
            load_answers(path)
        assert str(path) in str(error.value)
    # below the readers' limit but past MAX_DEPTH: refused before anything recurses, naming the entry
    forty = write_yaml(tmp_path, "network: {weights: " + "[" * 40 + "1" + "]" * 40 + ", biases: [[0]]}\n", "40.yaml")
    with pytest.raises(AnswerFileError, match=f"network: nested more than {MAX_DEPTH} levels deep"):
        load_answers(forty)
    nested: object = 1.0
    for _ in range(5000):  # data built in Python (parse_answers) is checked without recursion too
        nested = [nested]
    with pytest.raises(AnswerFileError, match="answers: nested more than"):
        parse_answers({**seed000_file({}), "answers": {"J": nested}})


def test_self_referencing_and_exploding_yaml_aliases(tmp_path: Path) -> None:
    loop = write_yaml(tmp_path, "answers: &a {J: [*a]}\n", "loop.yaml")
    with pytest.raises(AnswerFileError, match="nested more than"):
        load_answers(loop)
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    bomb = write_yaml(tmp_path, "title: x\nanswers:\n" + "".join(f"  {line}\n" for line in lines), "bomb.yaml")
    with pytest.raises(AnswerFileError, match=f"answers: more than {MAX_ITEMS} values"):
        load_answers(bomb)


SEEDED = "kind: neuron\nseed: 4\n"


@pytest.mark.parametrize(("content", "needle"), [
    ("kind: neuron\nseed: abc\nanswers: {J: 1}\n", "seed: expected a whole number, got 'abc'"),
    ("kind: neuron\nseed: true\nanswers: {J: 1}\n", "seed: expected a whole number, got True"),
    ("kind: neuron\nseed: 1.5\nanswers: {J: 1}\n", "seed: expected a whole number, got 1.5"),
    ("kind: three-layer\nseed: 1\nanswers: {J: 1}\n", "kind: unknown kind 'three-layer'; the kinds are neuron"),
    ("kind: 5\nseed: 1\nanswers: {J: 1}\n", "kind: unknown kind 5"),
    ("kind: neuron\nanswers: {J: 1}\n", "seed: missing: kind and seed go together"),
    (SEEDED + "lang: fr\nanswers: {J: 1}\n", "lang: unknown language 'fr'"),
    (SEEDED + "options: [relu]\nanswers: {J: 1}\n", "options: expected a mapping"),
    (SEEDED + "options: {colour: red}\nanswers: {J: 1}\n", "options: expected a mapping with some of"),
    (SEEDED + "options: {activation: swish}\nanswers: {J: 1}\n", "options: worksheet: activation must be"),
    (SEEDED + "options: {sizes: 3}\nanswers: {J: 1}\n", "options:"),
    ("options: {activation: relu}\nanswers: {J: 1}\n", "options: belongs with kind and seed"),
    (SEEDED + "title: [1]\nanswers: {J: 1}\n", "title: expected text"),
    (SEEDED + "answers: {J: true}\n", "answers: J: expected a number, got True"),
    (SEEDED + "answers: {dJ/dW: [[1, abc]]}\n", "expected a number, got 'abc'"),
    (SEEDED + "answers: {dJ/dW9: 1}\n", "answers: dJ/dW9: 'dJ/dW9' is not a value"),
    (SEEDED + "answers: 3\n", "answers: expected a mapping"),
    (SEEDED + "target: 1\nanswers: {J: 1}\n", "target: belongs with 'network'"),
    ("network: {weights: [[[true]]], biases: [[0]]}\ninput: [1]\ntarget: 1\nanswers: {J: 1}\n",
     "network: W1[1][1]: expected a number, got True"),
    ("network: {weights: [[[1]]], biases: [[0]]}\ninput: [1]\ntarget: true\nanswers: {J: 1}\n",
     "network: target: expected a number, got True"),
    ("network: {weights: [[[1]]], biases: [[0]]}\ninput: true\ntarget: 1\nanswers: {J: 1}\n",
     "input: expected a list of numbers, got True"),
])
def test_malformed_sheet_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
                                needle: str) -> None:
    path = write_yaml(tmp_path, content)
    with pytest.raises(AnswerFileError) as error:
        load_answers(path)
    assert str(path) in str(error.value) and needle in str(error.value)
    assert main(["check-answers", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and needle in err and "Traceback" not in err


def test_readme_key_example_is_a_valid_key(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("# clave.yaml", 1)[1].split("\n", 1)[1].split("```", 1)[0]
    key = load_key(write_yaml(tmp_path, block, "clave.yaml"))
    assert list(key.answers) == ["y_hat", "J", "dJ/dW1", "dJ/db1"]
    report = parse_answers(seed000_file({"dJ/db1": [0.21, 0.14, 0.20]})).check(key)
    assert report.missing == ("y_hat", "J", "dJ/dW1") and report["dJ/db1"].entries[0].atol == 0.005


# --- names in the explanations ------------------------------------------------------------------------

def test_the_chain_rule_names_the_loss_nodes_as_the_course_writes_them() -> None:
    report = check_answers(seed000(), {"dJ/db1[1]": 0.21}, notation="es")
    (chain,) = report["dJ/db1[1]"].chains
    names = [(s.node_name, s.parent_name) for s in chain.paths[0].steps]
    assert names[:3] == [("J", "(ŷ − y)²"), ("(ŷ − y)²", "ŷ − y"), ("ŷ − y", "ŷ")]
    text = report.to_text()
    assert "(ŷ − y)²" in text and not any(word.startswith("n") and word[1:].isdigit() for word in text.split())


@pytest.mark.parametrize(("target", "first"), [(1, ["J", "ln(ŷ)", "ŷ"]), (0, ["J", "ln(1 − ŷ)", "1 − ŷ", "ŷ"])])
def test_cross_entropy_nodes_are_named_too(target: int, first: list[str]) -> None:
    sol = NetworkExercise([[[0.5, -0.2]]], [[0.1]], ["sigmoid"], x=[1.0, 2.0], target=target, loss="bce").solve()
    assert list(dict.fromkeys(s.node_name for s in sol.trace))[:len(first)] == first


def test_expression_labels_are_found_but_not_listed_as_names() -> None:
    sol = seed000().solve()
    assert sol.value("dJ/dŷ − y") == pytest.approx(sol.value("dJ/dy_hat"))
    values, grads = sol.names()
    assert "ŷ − y" not in values and "(ŷ − y)²" not in values and "dJ/dŷ − y" not in grads
    formula = FormulaExercise("0.5*(relu(w1*x1 + w2*x2) - y)**2", {"w1": 1, "x1": 2, "w2": 3, "x2": 4, "y": 5})
    values, _ = formula.solve().names()
    assert "w1*x1" not in values and "w1*x" not in values and "w" in values and "x" in values


def test_a_named_formula_is_graded_with_its_own_names() -> None:
    ex = FormulaExercise("z = w*x + b; yhat = relu(z); J = 0.5*(yhat - y)**2", {"w": 4, "x": 1, "b": 7, "y": 5})
    report = check_answers(ex, {"z": 11, "yhat": 11, "J": 18, "dJ/dz": 6, "dJ/dw": 7})
    assert [c.name for c in report.wrong] == ["dJ/dw"]
    (chain,) = report["dJ/dw"].chains
    assert [s.parent_name for s in chain.paths[0].steps] == ["(ŷ − y)²", "ŷ − y", "ŷ", "z", "w·x", "w"]
    assert ex.solve().root_name == "J" and report.solution.value("dL/dyhat") == 6.0


def test_a_named_formula_written_on_one_line_or_several_is_the_same_exercise() -> None:
    from viz.classroom.exercises import exercise_difference

    values = {"w": 2, "x": 3}
    one = FormulaExercise("z = w*x; L = z*z", values)
    assert exercise_difference(FormulaExercise("z = w*x\nL = z * z", values), one) is None
    assert exercise_difference(FormulaExercise("z = w*x; L = z*z*z", values), one) is not None
