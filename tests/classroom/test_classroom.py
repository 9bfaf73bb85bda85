"""The classroom's layout holds: one job per module, the network run by nn, one Notation shared by the
Python API and the ``pizarra`` command, Markdown that shows names as written, and a CLI that loads only
what each subcommand needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from autograd import Value
from autograd.text import Notation, markdown_escape
from nn import MLP, losses
from nn.labels import bias_label, weight_label
from viz.classroom.answers import FormulaExercise, NetworkExercise, check_answers, load_answers
from viz.classroom.worksheet import worksheet
from viz.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED000 = dict(weights=[[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
               biases=[[0.1, 0.5, 0.8], [0.7]], activations=["sigmoid", "sigmoid"], x=[1.8, -3.4], target=5)


# The classroom's word table is data, one module by design (every word of the classroom in one place): its length
# is the number of its words, not of its jobs.
@pytest.mark.parametrize("path", sorted(p for p in [*(ROOT / "viz" / "classroom").glob("*.py"),
                                                    *(ROOT / "viz" / "cli").glob("*.py")]
                                        if p != ROOT / "viz" / "classroom" / "words.py"), ids=lambda p: p.name)
def test_no_classroom_module_is_over_450_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 450, f"{path.name} has {lines} lines: split it by job"


# --- one forward (nn's), one validator (nn.arrays), one label scheme (nn.labels) -----------------------

@pytest.mark.parametrize("activations", [["sigmoid", "sigmoid"], ["leaky_relu", "linear"], ["tanh", "softmax"]])
def test_the_solution_reads_z_and_y_from_nn_forward_layers(activations: list[str]) -> None:
    weights, biases = SEED000["weights"], SEED000["biases"]
    if activations[-1] == "softmax":  # two outputs, so the softmax is not trivially 1
        weights, biases = [weights[0], [[-0.4, 0.2, -0.5], [0.3, 0.1, 0.9]]], [biases[0], [0.7, -0.2]]
    target = [1, 0] if activations[-1] == "softmax" else 1
    solution = NetworkExercise(weights, biases, activations, SEED000["x"], target).solve()
    layers = MLP.from_weights(weights, biases, activations).forward_layers(SEED000["x"])
    for li, values in enumerate(layers, start=1):
        np.testing.assert_allclose(np.ravel(solution.value(f"z{li}")), [z.data for z in values.z], rtol=1e-15)
        np.testing.assert_allclose(np.ravel(solution.value(f"y{li}")), [a.data for a in values.a], rtol=1e-15)
    assert [z.label for z in solution.nodes("z1")] == ["z1[1]", "z1[2]", "z1[3]"]
    if activations[-1] == "softmax":
        assert sum(np.ravel(solution.value("y_hat"))) == pytest.approx(1.0)


def test_parameter_entries_are_named_by_nn_labels() -> None:
    solution = NetworkExercise(**SEED000).solve()  # type: ignore[arg-type]
    for layer, (k, n) in ((1, (3, 2)), (2, (1, 3))):
        for i in range(1, k + 1):
            assert solution.nodes(f"b{layer}[{i}]")[0].label == bias_label(layer, i)
            for j in range(1, n + 1):
                (node,) = solution.nodes(f"W{layer}[{i},{j}]")
                assert node.label == weight_label(layer, i, j)


def test_a_loss_built_with_nn_answers_to_its_weight_matrices() -> None:
    net = MLP.from_weights(SEED000["weights"], SEED000["biases"], SEED000["activations"])
    loss = losses.mse(net(SEED000["x"]), 5.0)
    loss.backward()
    grads = [layer.grad_matrix() for layer in net.layers]
    report = check_answers(loss, {"dL/dW1": grads[0], "dL/dW2": grads[1].tolist(), "dL/db1": net.layers[0].bias_grad()})
    assert report.passed, report.to_text()
    assert report["dL/dW1"].shape == (3, 2)


def test_parameter_groups_read_nn_labels_and_skip_incomplete_ones() -> None:
    from viz.classroom.names import parameter_groups

    labels = ["W1[1,1]", "W1[1,2]", "W1[2,1]", "W1[2,2]", "b1[1]", "b1[2]", "W2[1]", "W2[1,1]", "W3[1,1]",
              "W3[2,2]", "w[1]", "w[2]", "x1", "b"]
    nodes = {label: Value(1.0, label=label) for label in labels}
    groups = {name: (shape, [v.label for v in members]) for name, members, shape in parameter_groups(nodes.values())}
    assert groups == {"W1": ((2, 2), ["W1[1,1]", "W1[1,2]", "W1[2,1]", "W1[2,2]"]),
                      "b1": ((2,), ["b1[1]", "b1[2]"]), "w": ((2,), ["w[1]", "w[2]"])}


def test_the_network_is_validated_by_nn_arrays() -> None:
    with pytest.raises(ValueError, match=r"W1 row 1, column 2 must be a real number, got True \(bool\)"):
        NetworkExercise([[[0.1, True]]], [[0.0]], "sigmoid", [1, 2], 1)
    with pytest.raises(ValueError, match="W2 needs 3 columns"):
        NetworkExercise([SEED000["weights"][0], [[1.0, 2.0]]], SEED000["biases"], "sigmoid", [1, 2], 1)
    with pytest.raises(ValueError, match="input: W1 has 2 columns"):
        NetworkExercise(**{**SEED000, "x": [1.0]})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"target must be a real number, got '5' \(str\)"):
        NetworkExercise(**{**SEED000, "target": "5"})  # type: ignore[arg-type]


# --- one Notation ------------------------------------------------------------------------------------

def test_lang_es_implies_the_decimal_comma_in_the_api() -> None:
    report = check_answers(NetworkExercise(**SEED000), {"y_hat": 0.5}, notation="es")  # type: ignore[arg-type]
    assert "0,5226" in report.to_text() and "0.5226" not in report.to_text()
    assert "0.5226" in report.to_text(notation=Notation("es", decimal="."))
    english = check_answers(NetworkExercise(**SEED000), {"y_hat": 0.5})  # type: ignore[arg-type]
    assert "0.5226" in english.to_text() and "0,5226" in english.to_text(notation="es")  # a language brings its mark
    two = english.to_text(notation=Notation(precision=2))
    assert "0.52" in two and "0.5226" not in two
    chain = check_answers(FormulaExercise("x*w", {"x": 0.5, "w": 2}), {"dL/dx": 1}).checks[0].chains[0]
    assert "= 2:" in chain.render() and "(0,5)" not in chain.render(notation="es")
    assert "0,5" in check_answers(FormulaExercise("x*w", {"x": 0.5, "w": 2}), {"dL/dw": 1}, notation="es").to_text()


def _filled(tmp_path: Path, lang: str) -> Path:
    sheet = worksheet("neuron", 4, notation=lang)
    data = yaml.safe_load(sheet.answers_template())
    data["answers"] = {name: np.round(np.asarray(sheet.solution().value(name)), 3).tolist()
                       for name in data["answers"]}
    data["answers"]["J"] += 1  # one wrong answer: its chain rule is printed too
    path = tmp_path / f"{lang}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("file_lang", "argv", "notation", "comma"), [
    ("en", ["--lang", "es"], "es", True),
    ("es", [], None, True),  # the file's own language, and its mark
    ("es", ["--lang", "es", "--decimal", "."], Notation("es", "."), False),
    ("en", ["--precision", "6"], Notation(precision=6), False),
])
def test_check_answers_prints_what_the_api_gives(tmp_path: Path, capsys: pytest.CaptureFixture[str], file_lang: str,
                                                 argv: list[str], notation: Notation | str | None, comma: bool) -> None:
    path = _filled(tmp_path, file_lang)
    assert main(["check-answers", str(path), *argv]) == 1
    expected = load_answers(path).check(notation=notation).to_text()
    assert capsys.readouterr().out == expected + "\n"
    assert ("0," in expected) == comma


@pytest.mark.parametrize("argv", [[], ["--lang", "es"], ["--lang", "es", "--decimal", "."]])
def test_worksheet_command_and_function_share_their_defaults(capsys: pytest.CaptureFixture[str],
                                                              argv: list[str]) -> None:
    assert main(["worksheet", "--seed", "3", *argv]) == 0
    options = dict(zip(argv[::2], argv[1::2]))
    sheet = worksheet(seed=3, notation=Notation(options.get("--lang", "en"), decimal=options.get("--decimal")))
    assert capsys.readouterr().out == sheet.statement_markdown()
    assert worksheet().lang == "en" and worksheet(notation="es").decimal == ","


# --- Markdown shows names as written ------------------------------------------------------------------

def test_markdown_escape_is_the_table_cells_escaping() -> None:
    assert markdown_escape("x_1*y `z` a|b <i>&") == r"x\_1\*y \`z\` a\|b &lt;i&gt;&amp;"
    assert markdown_escape("$W_1$ | 2") == r"$W_1$ \| 2" and markdown_escape("a\r\nb\nc") == "a b c"


def test_markdown_report_escapes_names_and_paths(tmp_path: Path) -> None:
    exercise = FormulaExercise("x_1*w_1 + x_2*w_2", {"x_1": 1, "w_1": 2, "x_2": 3, "w_2": 4})
    report = check_answers(exercise, {"dL/dx_1": 5, "dL/dw_2": [1, 2]})
    md = report.to_markdown()
    assert "dL/dx\\_1 = 2:" in md and "dL/dx_1 = 2" not in md           # the chain's heading
    assert "- dL/dw\\_2: wrong shape" in md                              # a note
    assert "dL/dx_1 = 2:" in report.to_text()                           # plain text is left alone
    key = tmp_path / "clave_1_b.yaml"
    key.write_text(json.dumps({"expression": exercise.expression.text, "variables": exercise.variables,
                               "answers": {"L": None, "dL/dx_1": None}}), encoding="utf-8")
    mine = tmp_path / "r.json"
    mine.write_text(json.dumps({"answers": {"L": 14, "d/dw_1": 1}}), encoding="utf-8")
    from viz.classroom.answers import load_key

    md = load_answers(mine).check(load_key(key)).to_markdown()
    assert f"{markdown_escape(str(key))}." in md and "clave\\_1\\_b.yaml" in md
    assert "counted as blank: dL/dx\\_1" in md and "not graded: d/dw\\_1" in md


# --- the command loads only what a subcommand needs -----------------------------------------------------

def _modules_after(code: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env,
                          check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_pizarra_draw_loads_no_nn_yaml_or_matplotlib(tmp_path: Path) -> None:
    target = tmp_path / "g.dot"
    loaded = _modules_after(f"from viz.cli import main\n"
                            f"assert main(['draw', 'x*y', 'x=1', 'y=2', '-o', {str(target)!r}]) == 0")
    assert target.read_text(encoding="utf-8").startswith("digraph")
    assert not loaded & {"nn", "yaml", "matplotlib"}, sorted(loaded & {"nn", "yaml", "matplotlib"})


def test_pizarra_worksheet_loads_the_classroom_only_when_it_runs(tmp_path: Path) -> None:
    assert not _modules_after("import viz.cli, viz.classroom.kinds") & {"nn", "yaml", "matplotlib"}
    loaded = _modules_after(f"from viz.cli import main\nmain(['worksheet', '-o', {str(tmp_path)!r}])")
    assert "nn" in loaded and not loaded & {"yaml", "matplotlib"}  # the answers file is written as JSON-in-YAML


def test_a_plain_value_still_works_as_an_exercise() -> None:
    x, y = Value(2.0, label="x_1"), Value(3.0, label="y")
    f = x * y
    assert check_answers(f, {"dL/dx_1": 3.0, "L": 6.0}).passed
