"""Any network exercise written out for a class: the students' answers file, the teacher's key and the
statement, graded by the real ``pizarra check-answers``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from autograd.text import Notation
from nn import MLP
from viz.classroom.answers import load_answers, load_key
from viz.classroom.exercises import NetworkExercise, exercise_difference
from viz.classroom.export import exercise_files, write_exercise
from viz.classroom.statement import statement
from viz.classroom.worksheet import worksheet
from viz.cli import main

X = [0.5, -1.0]


def exercise(sizes: list[int] | None = None, target: Any = 2, loss: str = "cross_entropy",
             activation: str = "tanh", seed: int = 0) -> NetworkExercise:
    """The exercise of a fresh MLP (its last layer linear) on one sample."""
    return NetworkExercise.from_model(MLP(2, sizes or [4, 4, 3], activation=activation, seed=seed), X, target,
                                      loss=loss)


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def copy_answers(students: Path, key: Path, out: Path, digits: int | None = None) -> dict[str, Any]:
    """The students' file with the key's answers written in (rounded like a student would, if ``digits``)."""
    data = read(students)
    for name, value in read(key)["answers"].items():
        data["answers"][name] = value if digits is None else np.round(np.asarray(value), digits).tolist()
    write(out, data)
    return data


# --- the names a network of any depth asks for ------------------------------------------------------------

def test_answer_names_of_one_layer_are_the_neurons_and_of_n_layers_numbered() -> None:
    assert exercise([3]).answer_names() == ["z", "y_hat", "J", "dJ/dz", "dJ/dW", "dJ/db", "dJ/dx"]
    assert exercise([4, 4, 3]).answer_names() == [
        "z1", "y1", "z2", "y2", "z3", "y_hat", "J", "dJ/dW3", "dJ/db3", "dJ/dW2", "dJ/db2", "dJ/dW1", "dJ/db1"]
    assert exercise([4, 4, 3]).key_names()[7:] == [
        "dJ/dy_hat", "dJ/dz3", "dJ/dW3", "dJ/db3", "dJ/dy2", "dJ/dz2", "dJ/dW2", "dJ/db2", "dJ/dy1", "dJ/dz1",
        "dJ/dW1", "dJ/db1", "dJ/dx"]


@pytest.mark.parametrize("kind", ["neuron", "two-layer"])
def test_a_sheet_asks_what_its_exercise_asks(kind: str) -> None:
    sheet = worksheet(kind, 17)
    assert sheet.answer_names() == sheet.exercise.answer_names()
    assert sheet.key_names() == sheet.exercise.key_names()
    assert sheet.forward_names() == sheet.exercise.forward_names()


# --- the statement ----------------------------------------------------------------------------------------

def md(ex: NetworkExercise, lang: str = "en") -> str:
    """The statement of ``ex`` as Markdown."""
    return statement(ex, "T", "a.yaml", "pizarra check-answers a.yaml", Notation(lang)).markdown()


def test_the_statement_of_any_network_asks_its_answers_and_writes_its_loss() -> None:
    deep = md(exercise([4, 4, 4, 3]))
    assert "with 2 inputs and layers of 4, 4, 4 and 3 neurons" in deep
    assert deep.count("$$\nW^{(") == 4  # a line per layer
    assert r"\frac{\partial J}{\partial W^{(4)}}" in deep and r"z^{(4)}, \hat{y}, J" in deep
    assert r"e^{\hat{y}_{y+1}}" in deep and "class $y$ is output $y + 1$" in deep
    bce = md(exercise([3, 1], 1, "binary_cross_entropy_with_logits"))
    assert r"\ln(1 + e^{\hat{y}}) - y\,\hat{y}" in bce and "class $y$" not in bce
    layer = md(exercise([3], 0, activation="relu"))
    assert "A layer of 3 neurons with 2 inputs computes" in layer and r"\frac{\partial J}{\partial x}" in layer
    mse = md(exercise([3, 2], [0.5, 1.0], "mse", "sigmoid"), "es")
    assert r"\sum_k (\hat{y}_k - y_k)^2" in mse and "la sigmoidea" in mse
    one_hot = md(exercise([3], [0.0, 1.0, 0.0]))
    assert r"J = -\sum_k y_k \ln" in one_hot and "class $y$" not in one_hot
    hinge = md(exercise([2, 1], -1, "hinge", "leaky_relu"), "es")
    assert r"\max(0, 1 - y\,\hat{y})" in hinge and r"\max(z, 0{,}01\,z)" in hinge and "la ReLU con fuga" in hinge
    sigmoid = md(NetworkExercise([[[0.5, -0.5]]], [[0.1]], "sigmoid", X, 1, "bce"))
    assert "A neuron with 2 inputs computes" in sigmoid and r"y \ln \hat{y} + (1 - y)" in sigmoid
    softmax = NetworkExercise.from_model(MLP(2, [3, 2], output_activation="softmax", seed=0), X, [1.0, 0.0])
    assert r"\mathrm{softmax}(z)_k = " in md(softmax)


# --- the files --------------------------------------------------------------------------------------------

def test_files_and_their_names_in_both_languages() -> None:
    ex = exercise()
    assert sorted(exercise_files(ex, "ej1")) == ["ej1.md", "ej1.yaml", "ej1_key.yaml"]
    assert sorted(exercise_files(ex, "ej1", notation="es")) == ["ej1.md", "ej1.yaml", "ej1_clave.yaml"]
    assert exercise_files(ex, "ej1", notation="es") == exercise_files(exercise(), "ej1", notation="es")  # deterministic


def test_the_students_file_asks_every_answer_blank_in_its_shape() -> None:
    ex = exercise()
    data = yaml.safe_load(exercise_files(ex, "ej1")["ej1.yaml"])
    assert list(data["answers"]) == ex.answer_names()
    solution = ex.solve()
    for name, blank in data["answers"].items():
        value = np.asarray(solution.value(name))
        assert blank is None if value.size == 1 else np.shape(blank) == value.shape
        assert blank is None or all(v is None for v in np.ravel(np.asarray(blank, dtype=object)))
    assert data["target"] == 2 and isinstance(data["target"], int)  # a class index is written whole
    assert data["network"]["weights"][0] == ex.weights[0].tolist()  # every given number in full


def test_the_key_holds_the_engines_numbers_in_full() -> None:
    ex = exercise()
    data = yaml.safe_load(exercise_files(ex, "ej1")["ej1_key.yaml"])
    solution = ex.solve()
    assert list(data["answers"]) == ex.answer_names()
    for name, value in data["answers"].items():
        assert np.array_equal(np.asarray(value), np.asarray(solution.value(name)).reshape(np.shape(value)))


def test_spanish_header_words_and_decimal_comma() -> None:
    ex = exercise()
    files = exercise_files(ex, "ej1", notation="es")
    loss = Notation("es").number(float(ex.solve().value("J")))
    assert "," in loss
    key_header = files["ej1_clave.yaml"].splitlines()[0]
    assert key_header.startswith("# Clave de «Una red 2-4-4-3»") and f"(J = {loss})" in key_header
    assert files["ej1.yaml"].startswith("# Respuestas de «Una red 2-4-4-3»: reemplazar cada null")
    assert "pizarra check-answers ej1.yaml --key ej1_clave.yaml" in files["ej1.yaml"]
    assert "0{,}5" in files["ej1.md"] and "Dada la observación" in files["ej1.md"]
    # a point when asked for, and English words by default
    pointed = exercise_files(ex, "ej1", notation=Notation("es", decimal="."))
    assert f"(J = {loss.replace(',', '.')})" in pointed["ej1_clave.yaml"]
    assert exercise_files(ex, "ej1")["ej1_key.yaml"].startswith('# Key to "A 2-4-4-3 network"')
    assert exercise_files(ex, "ej1", title="Examen 2")["ej1.yaml"].count("Examen 2") == 2  # header and title:


def test_the_exported_statement_names_its_files() -> None:
    text = exercise_files(exercise([4, 4, 4, 3]), "ej1")["ej1.md"]
    assert text.startswith("# A 2-4-4-4-3 network\n")
    assert "Write your answers in `ej1.yaml`; they are graded with `pizarra check-answers ej1.yaml --key " \
           "ej1_key.yaml`." in text


# --- through the grader -----------------------------------------------------------------------------------

def test_blank_file_fails_with_every_answer_blank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ex = exercise()
    write_exercise(ex, tmp_path, "ej1")
    for extra in ([], ["--key", str(tmp_path / "ej1_key.yaml")]):
        assert main(["check-answers", str(tmp_path / "ej1.yaml"), *extra]) == 1
        out = capsys.readouterr().out
        total = sum(np.asarray(ex.solve().value(n)).size for n in ex.answer_names())
        assert f"0 of {len(ex.answer_names())} answers right (0 of {total} entries)" in out
        rows = [line for line in out.splitlines() if re.match(r"^(z|y|J|dJ/)", line)]
        assert len(rows) == total and all("(blank)" in row for row in rows)


def test_the_keys_answers_in_the_students_file_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_exercise(exercise(), tmp_path, "ej1")
    filled = tmp_path / "filled.yaml"
    copy_answers(tmp_path / "ej1.yaml", tmp_path / "ej1_key.yaml", filled)
    assert main(["check-answers", str(filled)]) == 0
    assert "graded against the exercise written in this file" in capsys.readouterr().out


def test_graded_against_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_exercise(exercise(), tmp_path, "ej1")
    key = tmp_path / "ej1_key.yaml"
    filled = tmp_path / "filled.yaml"
    data = copy_answers(tmp_path / "ej1.yaml", key, filled, digits=3)  # a student's rounding
    assert main(["check-answers", str(filled), "--key", str(key)]) == 0
    out = capsys.readouterr().out
    assert f"Graded against the key {key}." in out and "13 of 13 answers right" in out
    data["answers"]["dJ/dW2"][1][2] += 0.5
    write(filled, data)
    assert main(["check-answers", str(filled), "--key", str(key)]) == 1
    out = capsys.readouterr().out
    assert "12 of 13 answers right" in out and "dJ/dW2: 1 of 16 entries wrong: [2,3]" in out
    assert re.search(r"^dJ/dW2\[2,3\] .* WRONG$", out, re.M)


def test_spanish_round_trip_through_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write_exercise(exercise(), tmp_path / "clase", "ej1", notation="es")
    assert [p.name for p in paths] == ["ej1.md", "ej1.yaml", "ej1_clave.yaml"]
    key = tmp_path / "clase" / "ej1_clave.yaml"
    assert load_key(key).lang == "es"
    filled = tmp_path / "filled.yaml"
    copy_answers(tmp_path / "clase" / "ej1.yaml", key, filled, digits=4)
    assert main(["check-answers", str(filled), "--key", str(key)]) == 0
    assert "Corregido contra la clave" in capsys.readouterr().out


@pytest.mark.parametrize(("sizes", "target", "loss", "activation"), [
    ([4, 4, 4, 3], 1, "cross_entropy", "tanh"),              # three hidden layers, a class index
    ([3], 0, "cross_entropy", "relu"),                       # one linear layer of logits
    ([5, 1], 1, "binary_cross_entropy_with_logits", "relu"),
    ([2, 3, 1], 0, "binary_cross_entropy_with_logits", "sigmoid"),
    ([8, 8, 8, 8, 8, 2], 1, "cross_entropy", "linear"),      # six layers of eight
    ([1], 0.5, "mse", "tanh"),
    ([3, 2], [0.5, -1.0], "mse", "sigmoid"),
])
def test_round_trips_for_the_playgrounds_losses(tmp_path: Path, capsys: pytest.CaptureFixture[str], sizes: list[int],
                                                target: Any, loss: str, activation: str) -> None:
    ex = exercise(sizes, target, loss, activation)
    write_exercise(ex, tmp_path, "ex")
    students, key = tmp_path / "ex.yaml", tmp_path / "ex_key.yaml"
    loaded = load_answers(students)  # the loader takes the loss and its target back
    assert loaded.exercise is not None and exercise_difference(loaded.exercise, ex) is None
    assert load_key(key).as_key(Notation("en")).names == tuple(ex.answer_names())
    assert main(["check-answers", str(students), "--key", str(key)]) == 1
    filled = tmp_path / "filled.yaml"
    copy_answers(students, key, filled, digits=4)
    assert main(["check-answers", str(filled), "--key", str(key)]) == 0
    assert main(["check-answers", str(filled)]) == 0
    capsys.readouterr()


def test_a_key_the_engine_disagrees_with_is_refused(tmp_path: Path) -> None:
    write_exercise(exercise(), tmp_path, "ej1")
    key = tmp_path / "ej1_key.yaml"
    data = read(key)
    data["answers"]["J"] += 1.0
    with pytest.raises(ValueError, match="J"):
        load_key(write(key, data))


# --- bad input --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("stem", ["", "a/b", "..", "hoja 1", "ej1.yaml", "a\\b", "x\ny"])
def test_a_bad_stem_is_named(stem: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(stem))):
        write_exercise(exercise(), tmp_path, stem)
    assert not list(tmp_path.iterdir())


def test_a_bad_directory_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError, match=re.escape(str(blocker))):
        write_exercise(exercise(), blocker, "ej1")
    with pytest.raises(OSError, match=re.escape(str(tmp_path / "ej1.md"))):  # a folder where a file goes
        (tmp_path / "ej1.md").mkdir()
        write_exercise(exercise(), tmp_path, "ej1")


def test_bad_titles_and_exercises_are_refused() -> None:
    with pytest.raises(ValueError, match="one line"):
        exercise_files(exercise(), "ej1", title="two\nlines")
    with pytest.raises(ValueError, match="NetworkExercise"):
        exercise_files(MLP(2, [3]), "ej1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang"):
        exercise_files(exercise(), "ej1", notation="fr")
