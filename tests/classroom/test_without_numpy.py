"""The browser page's classroom path runs without numpy, matplotlib and PyYAML (issue 19), with the results the
command gives: a seeded sheet (its names, statement, file names, answers file) and the grading of a student's
answers, with the slips named, are the same as ``pizarra worksheet`` and ``pizarra check-answers`` give.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.without_numpy import run_without
from viz.classroom.documents import tex_array
from viz.classroom.worksheet import worksheet

# (kind, seed, lang, options): each sheet's loss is ½(ŷ − y)², so a doubled gradient is the lost ½
SHEETS = [("two-layer", 3, "es", {}), ("neuron", 4, "en", {"loss": "mse"}),
          ("two-layer", 17, "es", {"activation": "sigmoid", "output_activation": "linear"})]

# A student's answers, made from the engine's numbers the way the page receives them: rounded by hand,
# one gradient with its sign flipped, one doubled (the ½ lost), one left blank, one written with a decimal
# comma, and a two-layer sheet's dJ/dW1 written transposed.
STUDENT = """
def student(sheet):
    sol = sheet.solution()
    names = sheet.answer_names()
    grads = sheet.gradient_names()
    def rounded(value, scale=1.0):
        if isinstance(value, list):
            return [rounded(v, scale) for v in value]
        return round(scale * value, 3)
    answers = {name: rounded(sol.value(name)) for name in names}
    flipped, doubled = grads[0], grads[1]          # dJ/dW2 and dJ/db2 (dJ/dz and dJ/dW for a neuron)
    answers[flipped] = rounded(sol.value(flipped), -1.0)
    answers[doubled] = rounded(sol.value(doubled), 2.0)
    answers[names[1]] = None                        # blank
    answers["J"] = str(answers["J"]).replace(".", ",")
    if sheet.kind == "two-layer":
        W1 = sol.value("dJ/dW1")
        answers["dJ/dW1"] = [[round(row[j], 3) for row in W1] for j in range(len(W1[0]))]
    return answers, flipped, doubled
"""


def _sheet_results() -> dict[str, dict[str, object]]:
    """Every sheet's results as the page reads them, computed where numpy, matplotlib and PyYAML cannot be
    imported (and checked there not to be loaded)."""
    code = STUDENT + f"""
import json, sys
from viz.classroom.worksheet import worksheet
from viz.classroom.sheet_answers import check_sheet_answers

results = {{}}
for kind, seed, lang, options in {SHEETS!r}:
    sheet = worksheet(kind, seed, notation=lang, **options)
    answers, flipped, doubled = student(sheet)
    report = check_sheet_answers(sheet, answers)
    results[f"{{kind}} {{seed}}"] = {{
        "answer_names": sheet.answer_names(), "forward_names": sheet.forward_names(),
        "gradient_names": sheet.gradient_names(), "exercise_names": sheet.exercise.answer_names(),
        "statement": sheet.statement_markdown(), "filenames": sheet.filenames(),
        "template": sheet.answers_template(), "filled": sheet.answers_text(answers),
        "text_es": report.to_text(notation="es"), "text_en": report.to_text(notation="en"),
        "markdown": report.to_markdown(),
        "right": [c.name for c in report.right], "wrong": [c.name for c in report.wrong],
        "slips": {{c.name: [s.key for s in c.slips] for c in report.checks if c.slips}},
        "flipped": flipped, "doubled": doubled, "loss": sheet.exercise.loss,
    }}
loaded = sorted(name for name in ("numpy", "matplotlib", "yaml") if name in sys.modules)
print(json.dumps({{"results": results, "loaded": loaded}}))
"""
    out = json.loads(run_without(code))
    assert out["loaded"] == []
    return out["results"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, object]]:
    return _sheet_results()


@pytest.mark.parametrize(("kind", "seed", "lang", "options"), SHEETS)
def test_a_sheet_without_numpy_is_the_command_s_sheet(results: dict[str, dict[str, object]], kind: str, seed: int,
                                                      lang: str, options: dict[str, str], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from viz.cli import main

    got = results[f"{kind} {seed}"]
    sheet = worksheet(kind, seed, notation=lang, **options)
    assert got["answer_names"] == sheet.answer_names() == got["exercise_names"]
    assert got["forward_names"] == sheet.forward_names() and got["gradient_names"] == sheet.gradient_names()
    assert got["filenames"] == sheet.filenames()
    assert got["template"] == sheet.answers_template()
    written = sheet.write(tmp_path / "sheet")  # the files pizarra worksheet writes
    files = {path.name: path.read_text(encoding="utf-8") for path in written}
    assert got["statement"] == files[f"{sheet.filenames()['statement']}.md"]
    assert got["template"] == files[f"{sheet.filenames()['answers']}.yaml"]
    flags = [part for name, value in options.items() for part in (f"--{name.replace('_', '-')}", value)]
    assert main(["worksheet", "--kind", kind, "--seed", str(seed), "--lang", lang, *flags]) == 0
    assert capsys.readouterr().out == got["statement"]
    for W, b in zip(sheet.exercise.weight_rows, sheet.exercise.bias_numbers):  # the given numbers, in full
        assert tex_array(W, sheet.notation, 12) in str(got["statement"])
        assert tex_array(b, sheet.notation, 12) in str(got["statement"])
    assert tex_array(sheet.exercise.input_numbers, sheet.notation, 12) in str(got["statement"])


@pytest.mark.parametrize(("kind", "seed", "lang", "options"), SHEETS)
def test_answers_graded_without_numpy_get_the_command_s_report(results: dict[str, dict[str, object]], kind: str,
                                                               seed: int, lang: str, options: dict[str, str],
                                                               tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from viz.classroom.loading import load_answers
    from viz.cli import main

    got = results[f"{kind} {seed}"]
    assert got["loss"] == "mse"
    path = tmp_path / f"{worksheet(kind, seed, notation=lang, **options).filenames()['answers']}.yaml"
    path.write_text(str(got["filled"]), encoding="utf-8")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["kind"] == kind and data["seed"] == seed and data["lang"] == lang
    assert main(["check-answers", str(path)]) == 1  # some answers are wrong
    assert capsys.readouterr().out == f"{got['text_es'] if lang == 'es' else got['text_en']}\n"
    report = load_answers(path).check()
    assert report.to_markdown() == got["markdown"]
    assert report.to_text(notation="es") == got["text_es"] and report.to_text(notation="en") == got["text_en"]
    # what the report says: the slips are named, the blank and the transposed matrix are seen
    flipped, doubled = str(got["flipped"]), str(got["doubled"])
    assert got["slips"][flipped] == ["sign"]  # type: ignore[index]
    assert "half" in got["slips"][doubled]  # type: ignore[index]
    assert f"{flipped}: parece un error habitual: el signo cambiado" in str(got["text_es"])
    assert f"{doubled}: parece un error habitual: se perdió el ½ de ½(ŷ − y)² (un factor 2)" in str(got["text_es"])
    assert f"{flipped}: this looks like a usual slip: the sign flipped" in str(got["text_en"])
    wrong = {flipped, doubled, sheet_names(got)[1], *(["dJ/dW1"] if kind == "two-layer" else [])}
    assert set(got["wrong"]) == wrong  # type: ignore[arg-type]
    assert set(got["right"]) == set(sheet_names(got)) - wrong  # type: ignore[arg-type]
    if kind == "two-layer":
        assert got["slips"]["dJ/dW1"] == ["transposed"]  # type: ignore[index]
        assert "dJ/dW1: es la matriz correcta, traspuesta" in str(got["text_es"])


def sheet_names(got: dict[str, object]) -> list[str]:
    return list(got["answer_names"])  # type: ignore[call-overload]
