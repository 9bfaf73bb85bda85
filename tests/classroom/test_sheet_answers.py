"""A student's answers to a sheet given as a mapping (the browser page): the answers file written for them
(:meth:`Worksheet.answers_text`) and their grading (:func:`check_sheet_answers`), the same as the command's;
the exercise's numbers as lists, and rounded as numpy rounds them.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
import pytest
import yaml

from nn import MLP
from viz.classroom.answers import AnswerFileError, check_sheet_answers, load_answers, parse_answers
from viz.classroom.exercises import NetworkExercise
from viz.classroom.worksheet import worksheet


def test_the_answers_text_is_the_file_the_command_grades_the_same_way(tmp_path: Path) -> None:
    sheet = worksheet("two-layer", 5, notation="es", loss="mse")
    sol = sheet.solution()
    dW2 = sol.value("dJ/dW2")
    answers = {"z1": sol.value("z1"), "∂J/∂W^(2)": [[-x for x in row] for row in dW2], "J": "0,5",
               "dJ/db1": [None] * len(sol.value("dJ/db1")), "dJ/dy1": sol.value("dJ/dy1")}
    text = sheet.answers_text(answers)
    data = yaml.safe_load(text)
    assert data == sheet.answers_data(answers)  # what reading the file gives
    assert list(data["answers"]) == [*sheet.answer_names(), "dJ/dy1"]  # the sheet's names, then one not asked
    assert data["answers"]["dJ/dW2"] == [[-x for x in row] for row in dW2]  # under the sheet's own name
    assert data["answers"]["J"] == 0.5 and data["answers"]["y_hat"] is None
    assert data["answers"]["dJ/dW1"] == [[None] * len(row) for row in sol.value("dJ/dW1")]  # blank, in its shape
    path = tmp_path / "respuestas_red_5.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_sheet_answers(sheet, answers)
    from_file = load_answers(path).check()
    assert report.to_text() == from_file.to_text()
    assert report.to_markdown(notation="en") == from_file.to_markdown(notation="en")
    assert [c.name for c in report.right] == ["z1"] and report.not_asked == ("dJ/dy1",)
    assert [s.key for s in report["dJ/dW2"].slips] == ["sign"]
    assert "Corregido contra la hoja red 5, reconstruida a partir de su semilla." in report.to_text()
    assert "Graded against sheet network 5" in check_sheet_answers(sheet, answers, notation="en").to_text()


def test_no_answers_is_the_blank_template_and_grades_every_answer_blank() -> None:
    sheet = worksheet("neuron", 8, notation="en")
    assert sheet.answers_text() == sheet.answers_text({}) == sheet.answers_template()
    assert sheet.answers_text({"dJ/dW": None}) == sheet.answers_template()
    report = check_sheet_answers(sheet, {})
    assert not report.right and len(report.wrong) == len(sheet.answer_names())
    assert report.to_text() == parse_answers(yaml.safe_load(sheet.answers_template()), "r.yaml").check().to_text()


def test_bad_answers_are_refused_naming_them() -> None:
    sheet = worksheet("two-layer", 1, notation="es")
    with pytest.raises(ValueError, match="dJ/dq"):
        sheet.answers_text({"dJ/dq": 1.0})
    with pytest.raises(ValueError, match="answer 'J'"):
        check_sheet_answers(sheet, {"J": "abc"})
    with pytest.raises(ValueError, match=r"answer 'dJ/dW2'"):
        sheet.answers_data({"dJ/dW2": [[1.0, 2.0], [3.0]]})
    with pytest.raises(AnswerFileError, match="dJ/dW1"):
        sheet.answers_text({"dJ/dW1": 1.0, "∂J/∂W^(1)": 2.0})


def test_solution_values_are_floats_and_nested_lists() -> None:
    sheet = worksheet("two-layer", 17, notation="en", sizes=(3, 2))
    sol = sheet.solution()
    assert isinstance(sol.value("J"), float)
    W1 = sol.value("dJ/dW1")
    assert isinstance(W1, list) and [len(row) for row in W1] == [3, 3] and all(isinstance(x, float) for x in W1[0])
    numbers, shape = sol.numbers("dJ/dW1")
    assert shape == (2, 3) and numbers == [x for row in W1 for x in row]
    assert sol.value("dJ/dW1[2,3]") == W1[1][2]
    ex = sheet.exercise
    assert ex.weight_rows[0] == ex.weights[0].tolist() and ex.bias_numbers[1] == ex.biases[1].tolist()
    assert ex.input_numbers == ex.x.tolist() and isinstance(ex.weights[0], np.ndarray)


def test_rounded_exercises_have_numpy_s_rounding() -> None:
    rng = random.Random(7)
    net = MLP(3, [4, 2], seed=3)
    x = [rng.uniform(-3, 3) for _ in range(3)]
    ex = NetworkExercise.from_model(net, x, [0.0, 1.0])
    # numbers where numpy (x·10ᵈ, then to even) and Python's round(x, d) (the exact decimal) part ways: 2.15 → 2.2
    halves = NetworkExercise([[[0.125, -0.375, 2.15]]], [[-1.0665]], "tanh", [-0.0004, -2.45, 1.0000000000005], 1.0)
    assert halves.rounded(1).weight_rows == [[[0.1, -0.4, 2.2]]] and halves.rounded(3).bias_numbers == [[-1.066]]
    for exercise in (ex, halves):
        for decimals in (0, 1, 2, 3, 12):
            mine = exercise.rounded(decimals)
            for got, want in [*zip(mine.weight_rows, exercise.weights), *zip(mine.bias_numbers, exercise.biases),
                              (mine.input_numbers, exercise.x)]:
                expected = np.round(want, decimals).tolist()
                assert got == expected
                flat = np.ravel(got).tolist()
                assert [math.copysign(1, v) for v in flat] == [math.copysign(1, v) for v in np.ravel(expected)]


def test_the_report_keeps_the_sheets_own_notation() -> None:
    from autograd.text import Notation
    from viz.classroom.sheet_answers import check_sheet_answers
    from viz.classroom.worksheet import worksheet

    sheet = worksheet("neuron", seed=17, notation=Notation("es", decimal=".", precision=3))
    report = check_sheet_answers(sheet, {})
    assert report.notation == Notation("es", decimal=".", precision=3)
