"""Grading a class's files at once, and a student's report: counts that do not depend on an answer's shape,
reasons cut in the table (whole in the files), a transposed matrix said once, no float noise (issue 16)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import yaml

from autograd import Value

# The seed-000 exercise (a 2-3-1 sigmoid network, x = (1.8, −3.4), y = 5), as test_answers writes it once.
from tests.course import B1, B2, W1, W2, X, Y
from viz.classroom.answers import NetworkExercise, check_answers, grade_files
from viz.classroom.summary import REASON_WIDTH


def exercise() -> NetworkExercise:
    return NetworkExercise([W1, W2], [B1, B2], ["sigmoid", "sigmoid"], X, Y)


def correct(name: str) -> np.ndarray:
    """The engine's own answer (every entry right), to build claims from."""
    report = check_answers(exercise(), {name: None})
    return np.array([e.correct for e in report[name].entries]).reshape(report[name].shape)


def answers_file(tmp_path: Path, name: str, answers: dict[str, object], weights: object = None) -> Path:
    data = {"network": {"weights": weights or [W1, W2], "biases": [B1, B2], "activations": ["sigmoid", "sigmoid"]},
            "input": X, "target": Y, "loss": "mse", "answers": answers}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_entry_total_is_the_keys_whatever_shape_a_matrix_has(tmp_path: Path) -> None:
    dw1 = correct("dJ/dW1")
    key = answers_file(tmp_path, "clave.yaml", {"J": None, "dJ/dW1": [[None] * 2] * 3})
    files = [answers_file(tmp_path, "ana.yaml", {"J": 10.02, "dJ/dW1": dw1.tolist()}),
             answers_file(tmp_path, "beto.yaml", {"J": 10.02, "dJ/dW1": dw1.T.tolist()}),          # 2×3
             answers_file(tmp_path, "carla.yaml", {"J": 10.02, "dJ/dW1": dw1[:2].tolist()}),       # 2×2
             answers_file(tmp_path, "dani.yaml", {"J": 10.02, "dJ/dW1": 0.5})]                     # one number
    _, rows = grade_files(files, key).rows()
    assert [(r[4], r[5]) for r in rows] == [("7", "7"), ("1", "7"), ("1", "7"), ("1", "7")]
    report = check_answers(exercise(), {"J": 10.02, "dJ/dW1": dw1.T.tolist()})
    assert report.entry_counts() == (1, 7) and "(1 of 7 entries)" in report.to_text()


def test_a_transposed_matrix_is_said_once() -> None:
    dw1 = correct("dJ/dW1")
    for lang in ("en", "es"):
        text = check_answers(exercise(), {"dJ/dW1": dw1.T.tolist()}, notation=lang).to_text()
        notes = [line for line in text.splitlines() if line.strip().startswith("dJ/dW1:")]
        assert len(notes) == 1, notes
        assert ("transposed" if lang == "en" else "traspuesta") in notes[0]
    # a matrix of the transposed shape that is not the right one transposed: the shapes, with the hint
    text = check_answers(exercise(), {"dJ/dW1": (dw1.T + 1).tolist()}).to_text()
    notes = [line for line in text.splitlines() if line.strip().startswith("dJ/dW1:")]
    assert len(notes) == 1 and "expected shape 3×2, got 2×3 (transposed?)" in notes[0]


def test_float_noise_shows_as_zero_in_a_students_report() -> None:
    db1 = correct("dJ/db1")
    noisy = np.nextafter(db1, np.inf)                       # a claim one float away: errors near 1e-16
    report = check_answers(exercise(), {"dJ/db1": noisy.tolist()}, notation="es")
    assert report.passed and all(0 < e.abs_error < 1e-15 for e in report["dJ/db1"].entries)
    text = report.to_text().replace("\u2212", "-")
    assert "e-1" not in text and "e-2" not in text, text
    rows = [line.split() for line in text.splitlines() if line.startswith("dJ/db1[")]
    assert len(rows) == 3 and all(row[3:5] == ["0", "0"] for row in rows), rows
    # a correct value that is noise itself (0.1 + 0.2 − 0.3), among numbers near 1: 0, and no error
    x, y = Value(0.1, label="x"), Value(0.2, label="y")
    loss = x + y - 0.3
    loss.label = "L"
    assert 0 < loss.data < 1e-16
    row = next(line.split() for line in check_answers(loss, {"L": 0, "x": 0.1, "dL/dx": 1}).to_text().splitlines()
               if line.startswith("L "))
    assert row[1:5] == ["0", "0", "0", "0"], row
    # a real difference, however small next to 1, is still written
    off = check_answers(exercise(), {"dJ/db1": (db1 + 1e-9).tolist()}, notation="es").to_text().replace("\u2212", "-")
    assert "e-09" in off or "e-9" in off, off


def test_a_long_reason_is_cut_in_the_table_and_whole_in_the_files(tmp_path: Path) -> None:
    key = answers_file(tmp_path, "clave.yaml", {"J": None})
    changed = answers_file(tmp_path, "carla.yaml", {"J": 0}, weights=[[[0, 0]] * 3, [[0] * 3]])
    summary = grade_files([answers_file(tmp_path, "ana.yaml", {"J": 10.02}), changed], key, notation="es")
    reason = summary.rows()[1][1][8]
    assert len(reason) > 2 * REASON_WIDTH                    # the whole reason, in the CSV's rows
    table = summary.to_text()
    row = next(line for line in table.splitlines() if "carla.yaml" in line)
    cell = row.split("sin corregir: ", 1)[1].rstrip()
    assert cell.endswith("…") and len(cell) <= REASON_WIDTH and reason not in table, row
    written = summary.write(tmp_path / "notas")
    csv_rows = list(csv.reader(io.StringIO(written[1].read_text(encoding="utf-8"))))
    assert csv_rows[2][8] == reason
    markdown = written[0].read_text(encoding="utf-8")
    assert "…" in markdown and " ".join(reason.split())[-30:].replace("_", "\\_") in markdown
