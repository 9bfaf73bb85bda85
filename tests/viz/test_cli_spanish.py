"""With ``--lang es`` the ``pizarra`` command speaks Spanish: each subcommand is run, right and wrong, and its
output fails on any word of a list of English words that have no business in a Spanish class."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from autograd.text import markdown_escape
from tests.course import run_cli
from viz.classroom.worksheet import worksheet

ENGLISH = ("wrote", "expected", "got", "given", "usage", "required", "invalid", "choose", "unknown", "allowed",
           "missing", "must", "cannot", "file", "line", "column", "right", "wrong", "blank", "step", "node",
           "parent", "derivative", "gradient", "gradients", "agree", "disagree", "the", "with", "and", "of", "is",
           "not", "sheet", "compute", "layer", "neuron", "shape", "slip", "looks", "engine", "graded", "summary",
           "answer", "write", "name", "names", "value", "values", "function", "too", "nested", "deep", "number",
           "formula", "expression", "give", "only", "twice", "before", "assigned", "command", "output", "key")
_WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)
# What is code, not prose, and stays as it is in any language: options (--output-activation), their choices
# ({neuron,two-layer}), the answers file's own keys (expression:, 'variables') and quoted values ('tahn').
_CODE = re.compile(r"--[\w-]+|\{[^{}\s]*\}|'[^'\n]*'|`[^`\n]*`|\b(?:answers|network|expression|variables|input|target|"
                   r"loss|tolerance|title|kind|seed|lang|options|weights|biases|activations)(?=:)")

NEURON = ["z = w1*x1 + w2*x2 + w3*x3 + b; yhat = relu(z); L = 0.5*(yhat - y)**2",
          "w1=4", "w2=2", "w3=-5", "x1=1", "x2=0", "x3=2", "b=7", "y=5"]


def english_words(text: str) -> list[str]:
    return _WORD.findall(_CODE.sub(" ", text))


def run(capsys: pytest.CaptureFixture[str], *argv: str, folder: Path | None = None) -> tuple[int, str]:
    """Run ``pizarra … --lang es``: its status, and what it printed (the test's folder left out: pytest names it)."""
    code, out, err = run_cli(capsys, *argv, "--lang", "es", folder=folder)
    return code, out + err


def test_the_word_list_catches_english_and_lets_spanish_through() -> None:
    assert english_words("pizarra steps: error: wrote steps.md; expected shape 1, got 2") == \
        ["wrote", "expected", "shape", "got"]
    assert english_words("escrito pasos.md; forma incorrecta: se esperaba la forma 1, se recibió 2; línea 2, "
                         "columna 3; gradientes; capa; neurona; paso; nodo; respuestas: J") == []


@pytest.mark.parametrize("argv", [
    ["steps", *NEURON],
    ["steps", *NEURON, "--format", "markdown"],
    ["check", *NEURON],
    ["check", "sigmoid(a*b)", "a=0,3", "b=-1,2"],
    ["draw", *NEURON, "--forward-only", "-o", "{tmp}/neurona.svg"],
    ["steps", *NEURON, "-o", "{tmp}/pasos.md"],
    ["worksheet", "--kind", "two-layer", "--seed", "17", "--activation", "sigmoid"],
    ["worksheet", "--kind", "neuron", "--seed", "4", "--activation", "tanh", "-o", "{tmp}/hojas"],
])
def test_every_subcommand_speaks_spanish(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]) -> None:
    code, output = run(capsys, *(a.replace("{tmp}", str(tmp_path)) for a in argv), folder=tmp_path)
    assert code == 0 and output.strip()
    assert english_words(output) == [], output
    for written in tmp_path.rglob("*.md"):   # the sheet and its key too
        assert english_words(written.read_text(encoding="utf-8")) == [], written


@pytest.mark.dot
def test_the_player_command_speaks_spanish(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, output = run(capsys, "player", *NEURON, "-o", str(tmp_path / "pasos.html"), folder=tmp_path)
    assert code == 0 and output == "escrito CARPETA/pasos.html\n"


def _answers(tmp_path: Path, **answers: object) -> Path:
    sheet = worksheet("two-layer", 17, notation="es", activation="sigmoid", output_activation="sigmoid", loss="mse")
    data = yaml.safe_load(sheet.answers_template())
    sol = sheet.solution()
    for name in data["answers"]:
        data["answers"][name] = np.round(np.asarray(sol.value(name), dtype=float), 4).tolist()
    data["answers"].update(answers)
    path = tmp_path / "ana.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_check_answers_speaks_spanish_with_slips_shapes_and_a_summary(capsys: pytest.CaptureFixture[str],
                                                                       tmp_path: Path) -> None:
    sol = worksheet("two-layer", 17, activation="sigmoid", output_activation="sigmoid", loss="mse").solution()
    flipped = (-np.asarray(sol.value("dJ/db2"))).round(4).tolist()
    path = _answers(tmp_path, **{"dJ/db2": flipped, "dJ/dW1": [[1, 2, 3]], "y_hat": None})
    code, output = run(capsys, "check-answers", str(path), "--summary", str(tmp_path / "resumen"), folder=tmp_path)
    assert code == 1
    for spanish in ("Revisión:", "forma incorrecta: se esperaba la forma", "parece un error habitual: el signo",
                    "escrito", "(vacío)"):
        assert spanish in output
    assert english_words(output) == [], output
    summary = (tmp_path / "resumen.md").read_text(encoding="utf-8").replace(markdown_escape(str(tmp_path)), "CARPETA")
    assert "corregido contra" in summary and english_words(summary) == []


@pytest.mark.parametrize(("argv", "spanish"), [
    (["steps", "0.5*(relu(w*x + b) - y)**2 + q.r", "w=1", "x=1", "b=1", "y=1"], "no se permite: acceso a atributos"),
    (["steps", "w*x + bias", "w=1", "x=1", "bais=1"], "¿quisiste decir bais?"),
    (["steps", "tahn(x)", "x=1"], "función desconocida 'tahn'; ¿quisiste decir tanh?"),
    (["steps", "x*(y", "x=1", "y=1"], "no es una expresión válida"),
    (["steps", "z = x*2; z = z*3; z", "x=1"], "z se asigna dos veces"),
    (["steps", "log(x)", "x=0"], "log necesita a > 0; se obtuvo a=0"),
    (["steps", "sqrt(x)", "x=-2,5"], "sqrt necesita a ≥ 0 (y a > 0 para su derivada); se obtuvo a="),
    (["steps", "x**y", "x=-2,5", "y=0"], "retropropagación: la derivada local de pow no está definida en a="),
    (["steps", "(x*y", "x=1", "y=1"], "falta cerrar el '('"),
    (["steps", "x*y)", "x=1", "y=1"], "sobra un ')'"),
    (["steps", "x × y", "x=1", "y=1"], "carácter no válido '×'"),
    (["steps", "x*y", "x=1", "y"], "se esperaba NOMBRE=VALOR"),
    (["steps", "x*y", "x=1", "y=abc"], "el valor de y no está escrito como un número"),
    (["steps", "2*3"], "no tiene variables"),
    (["steps"], "falta la fórmula"),
    (["steps", "x", "x=1", "--format", "pdf"], "opción no válida"),
    (["steps", "x", "x=1", "--precision", "0"], "debe ser al menos 1"),
    (["steps", "x", "x=1", "--frobnicate"], "argumentos no reconocidos"),
    (["draw", "x", "x=1", "-o", "x.jpg"], "no se sabe el formato"),
    (["steps", "-f", "/no/existe/neurona.txt", "x=1"], "no existe"),
    (["worksheet", "--kind", "neuron", "--seed", "uno"], "valor no válido para int"),
])
def test_every_error_speaks_spanish(capsys: pytest.CaptureFixture[str], argv: list[str], spanish: str) -> None:
    code, output = run(capsys, *argv)
    assert code == 2 and spanish in output and "Traceback" not in output
    assert english_words(output) == [], output


@pytest.mark.parametrize(("content", "spanish"), [
    ("kind: neuron\nseed: 4\nanswers: {J: abc}\n", "answers: J: se esperaba un número, se recibió 'abc'"),
    ("kind: neuron\nanswers: {J: 1}\n", "seed: falta: 'kind' y 'seed' van juntos"),
    ("network: {weights: [[[1]]], biases: [[0]]}\ntarget: 1\nanswers: {J: 1}\n", "input: falta"),
    ("kind: neuron\nseed: 4\ntarget: 3\nanswers: {J: 1}\n", "target: va con 'network'"),
    ("expression: 'x*'\nvariables: {x: 1}\nanswers: {L: 1}\n", "expression: columna 3: no es una expresión válida"),
])
def test_answers_files_that_cannot_be_graded_are_explained_in_spanish(capsys: pytest.CaptureFixture[str],
                                                                      tmp_path: Path, content: str,
                                                                      spanish: str) -> None:
    path = tmp_path / "beto.yaml"
    path.write_text(content, encoding="utf-8")
    code, output = run(capsys, "check-answers", str(path), folder=tmp_path)
    assert code == 2 and spanish in output
    assert english_words(output) == [], output


def test_a_yaml_syntax_error_is_said_in_spanish(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # what is wrong in the class's words (not PyYAML's "while parsing a flow sequence"), and where
    path = tmp_path / "beto.yaml"
    path.write_text("answers: {J: [1, 2\n", encoding="utf-8")
    code, output = run(capsys, "check-answers", str(path), folder=tmp_path)
    assert code == 2 and output.startswith("pizarra check-answers: error: CARPETA/beto.yaml: no es YAML válido: "
                                           "una lista o un diccionario sin cerrar: falta una ',' o un ']'")
    assert output.rstrip().endswith("(línea 2, columna 1)") and english_words(output) == [], output
