"""Any network exercise written out for a class: the students' answers file, the teacher's key and the
statement, graded by the real ``pizarra check-answers``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from autograd.text import Notation
from nn import MLP
from viz.classroom.exercises import NetworkExercise
from viz.classroom.statement import statement
from viz.classroom.worksheet import worksheet

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
