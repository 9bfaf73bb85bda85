"""Spanish means Spanish: everything a class sees under ``lang="es"`` (``--lang es``, ``lang: es`` in a file) is scanned
for English words and for the verb forms of a register other than the course notes' (:mod:`spanish_scan`).

The corpus: every Spanish entry of every word table of the project; the ``pizarra`` commands with ``--lang es``,
right and wrong (a bad formula, a domain error, answers files that cannot be graded, of every kind); a worksheet's
files; a grader's report and summary; the diagrams' texts, the slides' texts and the demo's plots; the notebooks'
Markdown and their stored text outputs.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shlex
from pathlib import Path

import numpy as np
import pytest
import yaml

import nn
import viz
from autograd import Value, trace_backward
from autograd.text import WordTable, markdown_escape
from tests.course import every_module, run_cli
from tests.project.spanish_scan import problems
from viz.cli import build_parser, main
from viz.cli.help_words import HELP

ROOT = Path(__file__).resolve().parents[2]
NEURON = ["z = w1*x1 + w2*x2 + w3*x3 + b; yhat = relu(z); L = 0.5*(yhat - y)**2",
          "w1=4", "w2=2", "w3=-5", "x1=1", "x2=0", "x3=2", "b=7", "y=5"]


def assert_spanish(text: str, where: str = "") -> None:
    found = problems(text)
    assert found == [], f"{where}: {found}\n{text}"


# --- the scan itself --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("answers: J: expected a number, got 'diez'", ["English 'expected'", "English 'a'"]),
    ("pizarra: error: while parsing a flow sequence", ["English 'while'", "English 'parsing'"]),
    ("No such file or directory: x.yaml", ["English 'such'", "English 'file'", "English 'directory'"]),
    ("frontera de decisión; decision boundary", ["English 'decision'", "English 'boundary'"]),
    ("Calculá las derivadas y mirá el grafo", ["vos 'Calculá'", "vos 'mirá'"]),
    ("si tenés dudas, probá otra vez", ["vos 'tenés'", "vos 'probá'"]),
    ("Escribe tus respuestas en hoja.yaml", ["tú 'tus'", "tú 'Escribe'"]),
    ("idioma desconocido; elige uno de en, es", ["tú 'elige'"]),
    ("no se puede: use .pdf o .gif", ["usted 'use'"]),
])
def test_the_scan_catches_english_and_every_other_register(text: str, found: list[str]) -> None:
    assert set(found) - {"English 'a'"} <= set(problems(text)), problems(text)


@pytest.mark.parametrize("text", [
    "Completar las respuestas en `respuestas_red_17.yaml`; se corrigen con `pizarra check-answers`.",
    "Veamos el grafo: necesitamos propagar la entrada a través de las capas. Calcular las derivadas de $J$.",
    "La neurona calcula $z = w\\cdot x + b$ y la función está definida; además, más adelante la red pasa la salida.",
    "el archivo no se corrige; la ReLU y la softmax; gradcheck: los 5 gradientes coinciden; ¿Cambia algo?",
    "answers: J: se esperaba un número, se recibió 'diez'",
])
def test_the_scan_lets_the_course_spanish_through(text: str) -> None:
    assert problems(text) == []


# --- every word table --------------------------------------------------------------------------------------------

def _word_tables() -> dict[str, WordTable]:
    """Every word table of the project, by every name a module gives it."""
    return {f"{module.__name__}.{name}": value for module in every_module() for name, value in vars(module).items()
            if isinstance(value, WordTable)}


def test_every_spanish_word_of_every_word_table_is_spanish_in_the_course_register() -> None:
    tables = _word_tables()
    assert {"autograd.text.WORDS", "nn.words.WORDS", "viz.words.WORDS", "viz.cli.help_words.HELP",
            "viz.classroom.words.WORDS", "viz.classroom.words.FORBIDDEN"} <= set(tables)
    bad = {f"{name}[{key}]": problems(text) for name, table in tables.items() for key, text in table("es").items()
           if problems(text)}
    assert bad == {}


# --- the pizarra command -----------------------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], argv: list[str], folder: Path) -> tuple[int, str]:
    code, out, err = run_cli(capsys, *argv, folder=folder)
    return code, out + err


@pytest.mark.parametrize("argv", [
    ["steps", *NEURON],
    ["steps", *NEURON, "--format", "markdown"],
    ["check", *NEURON],
    ["check", "sigmoid(a*b)", "a=0,3", "b=-1,2"],
    ["draw", *NEURON, "--forward-only", "-o", "{tmp}/neurona.dot"],
    ["steps", "x*(y", "x=1", "y=1"],
    ["steps", "(x*y", "x=1", "y=1"],
    ["steps", "x*y)", "x=1", "y=1"],
    ["steps", "x*×y", "x=1", "y=1"],
    ["steps", "2x", "x=1"],
    ["steps", "x**", "x=1"],
    ["steps", "log(x)", "x=-1"],
    ["steps", "sqrt(x)", "x=-2,5"],
    ["steps", "x**y", "x=-2,5", "y=0"],
    ["steps", "tahn(x)", "x=1"],
    ["steps", "exp(x)", "x=1000"],
    ["steps", "z = x; z*2", "x=1"],
    ["steps", "x*y", "x=1", "y=abc"],
    ["steps"],
    ["steps", "-f", "{tmp}/no_existe.txt", "x=1"],
    ["draw", "x", "x=1", "-o", "{tmp}/x.jpg"],
    ["worksheet", "--kind", "neuron", "--seed", "uno"],
    ["draw", *NEURON, "--step", "40", "-o", "{tmp}/paso.dot"],
    ["network", "--kind", "two-layer", "--seed", "17", "--grads", "-o", "{tmp}/red.dot"],
    ["network", "{tmp}/sigmoide.json", "-o", "{tmp}/red.dot"],
    ["network", "{tmp}/forma.json", "-o", "{tmp}/red.dot"],
    ["network", "{tmp}/no_existe.json", "-o", "{tmp}/red.dot"],
    ["network", "-o", "{tmp}/red.dot"],
])
def test_every_command_and_its_errors_speak_spanish(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                    argv: list[str]) -> None:
    for name, activation, weights in (("sigmoide.json", "sigmoide", [[1, 2]]), ("forma.json", "relu", [[1, 2, 3]])):
        (tmp_path / name).write_text(json.dumps({"format": "pizarra-mlp", "version": 1, "nin": 2, "layers": [
            {"activation": activation, "weights": weights, "biases": [0]}]}), encoding="utf-8")   # bad model files
    _, output = run(capsys, [a.replace("{tmp}", str(tmp_path)) for a in argv] + ["--lang", "es"], tmp_path)
    assert output.strip() and "Traceback" not in output
    assert_spanish(output, " ".join(argv))
    for dot in tmp_path.glob("*.dot"):
        assert_spanish(_dot_texts(dot.read_text(encoding="utf-8")), dot.name)


def test_a_domain_error_writes_its_number_with_the_decimal_comma(capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path) -> None:
    code, output = run(capsys, ["steps", "log(x)", "x=-1,5", "--lang", "es"], tmp_path)
    assert code == 2 and "log necesita a > 0; se obtuvo a=" in output
    assert output.replace("−", "-").split("se obtuvo ")[1].startswith("a=-1,5")


# --- answers files: a bad file of every kind, with lang: es in it (and no --lang) ---------------------------------

BAD_FILES = {
    "numero.yaml": ("lang: es\nkind: neuron\nseed: 4\nanswers: {J: diez}\n", "se esperaba un número"),
    "falta.yaml": ("lang: es\nnetwork: {weights: [[[1]]], biases: [[0]]}\ntarget: 1\nanswers: {J: 1}\n",
                   "input: falta"),
    "activacion.yaml": ("lang: es\nnetwork: {weights: [[[1]]], biases: [[0]], activations: [sigmoide]}\n"
                        "input: [1]\ntarget: 1\nanswers: {J: 1}\n", "activación desconocida 'sigmoide'"),
    "nombre.yaml": ("lang: es\nkind: neuron\nseed: 4\nanswers: {dJ/db_1: 1}\n",
                    "no es un valor ni un gradiente de este ejercicio (¿quisiste decir dJ/db1?)"),
    "forma.yaml": ("lang: es\nnetwork: {weights: [[[1, 2], [3]]], biases: [[0]]}\ninput: [1]\ntarget: 1\n"
                   "answers: {J: 1}\n", "network: W1: filas de distinto largo"),
    "clave.yaml": ("lang: es\nkind: neuron\nseed: 4\nanwsers: {J: 1}\n",
                   "clave desconocida (¿quisiste decir answers?)"),
    "lista.yaml": ("lang: es\nanswers: {J: [1, 2\n", "una lista o un diccionario sin cerrar: falta una ',' o un ']' "
                                                     "(línea 3, columna 1)"),
    "dospuntos.yaml": ("lang: es\nanswers:\n  J: 1\n   x: 2\n", "(línea 4, columna 5)"),
    "comillas.yaml": ("lang: es\nanswers: {J: \"abc}\n", "unas comillas sin cerrar"),
    "tabulacion.yaml": ("lang: es\nanswers:\n\tJ: 1\n", "la sangría se hace con espacios"),
    "repetida.yaml": ("lang: es\nanswers: {J: 1, J: 2}\n", "la clave 'J' aparece dos veces"),
    "roto.json": ('{"lang": "es", "answers": {"J": 1,}}', "no es JSON válido: error de sintaxis (línea 1, columna"),
    "formula.yaml": ("lang: es\nexpression: 'log(x'\nvariables: {x: 1}\nanswers: {L: 1}\n", "falta cerrar el '('"),
    "columnas.yaml": ("lang: es\nnetwork: {weights: [[[1, 2]]], biases: [[0]]}\ninput: [1]\ntarget: 1\n"
                      "answers: {J: 1}\n",
                      "W1 tiene 2 columnas"),
    "clase.yaml": ("lang: es\nnetwork: {weights: [[[1, 2], [3, 4]]], biases: [[0, 0]], activations: [linear]}\n"
                   "input: [1, 2]\ntarget: 5\nloss: cross_entropy\nanswers: {J: 1}\n", "el índice de clase debe estar"),
    "objetivos.yaml": ("lang: es\nnetwork: {weights: [[[1, 2]]], biases: [[0]]}\ninput: [1, 2]\ntarget: [1, 2]\n"
                       "answers: {J: 1}\n", "1 predicción(es) pero 2 objetivo(s)"),
    "indice.yaml": ("lang: es\nexpression: x*y\nvariables: {x: 1, y: 2}\nanswers: {L: 1, 'x[3]': 1}\n",
                    "índice fuera de rango; x tiene forma un solo número"),
    "costo.yaml": ("lang: es\nnetwork: {weights: [[[1, 2]]], biases: [[0]]}\ninput: [1, 2]\ntarget: 1\nloss: mse2\n"
                   "answers: {J: 1}\n", "función de costo desconocida 'mse2'"),
    "dominio.yaml": ("lang: es\nexpression: 'log(x)'\nvariables: {x: -1}\nanswers: {L: 1}\n",
                     "log necesita a > 0"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_an_answers_file_that_cannot_be_graded_says_why_in_its_own_language(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    content, spanish = BAD_FILES[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, output = run(capsys, ["check-answers", str(path)], tmp_path)   # no --lang: the file's lang: es
    assert code == 2 and spanish in output, output
    assert_spanish(output, name)
    code, output = run(capsys, ["check-answers", str(path), "--lang", "es"], tmp_path)
    assert code == 2 and spanish in output
    code, output = run(capsys, ["check-answers", str(path), "--lang", "en"], tmp_path)
    assert code == 2 and problems(output), output   # the same file, asked for in English, is English


def test_a_missing_file_and_a_batch_summary_speak_spanish(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name, (content, _) in BAD_FILES.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    files = [str(tmp_path / name) for name in sorted(BAD_FILES)] + [str(tmp_path / "no_existe.yaml")]
    code, output = run(capsys, ["check-answers", *files, "--summary", str(tmp_path / "notas")], tmp_path)
    assert code == 2 and "no_existe.yaml: el archivo no existe" in output
    assert_spanish(output, "summary")
    for written in ("notas.md", "notas.csv"):
        text = (tmp_path / written).read_text(encoding="utf-8")
        text = text.replace(markdown_escape(str(tmp_path)), "CARPETA").replace(str(tmp_path), "CARPETA")
        assert_spanish(html.unescape(re.sub(r"\\([_*\[\]|`])", r"\1", text)), written)  # as the reader sees it


def test_a_worksheet_its_key_its_answers_file_and_their_report_speak_spanish(capsys: pytest.CaptureFixture[str],
                                                                            tmp_path: Path) -> None:
    code, output = run(capsys, ["worksheet", "--kind", "two-layer", "--seed", "17", "--lang", "es", "-o",
                                str(tmp_path / "hojas")], tmp_path)
    assert code == 0
    assert_spanish(output, "worksheet")
    written = sorted((tmp_path / "hojas").iterdir())
    assert {".md", ".yaml"} <= {p.suffix for p in written}
    for path in (p for p in written if p.suffix in (".md", ".yaml")):
        assert_spanish(path.read_text(encoding="utf-8"), path.name)
    answers = next(p for p in written if p.name.startswith("respuestas"))
    data = yaml.safe_load(answers.read_text(encoding="utf-8"))
    data["answers"] = {name: 0.5 for name in data["answers"]}     # every answer wrong: the report's every word
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, output = run(capsys, ["check-answers", str(answers)], tmp_path)   # its lang: es
    assert code == 1 and "Revisión:" in output
    assert_spanish(output, "report")


# --- pizarra --help and every subcommand's --help ------------------------------------------------------------------

COMMANDS = ["draw", "steps", "check", "player", "slides", "check-answers", "worksheet", "network"]


def test_the_help_names_every_command() -> None:
    assert sorted(build_parser("es").commands) == sorted(COMMANDS)


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)], ids=lambda c: " ".join(c) or "pizarra")
@pytest.mark.parametrize("spelled", [["--lang", "es"], ["--lang=es"]], ids=["lang es", "lang=es"])
def test_every_help_speaks_spanish(capsys: pytest.CaptureFixture[str], command: list[str],
                                   spelled: list[str]) -> None:
    assert main([*command, "--help", *spelled]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.startswith(f"uso: pizarra {' '.join(command)}".rstrip())
    assert "\nopciones:\n" in out and re.search(r"(?m)^  -h, --help +mostrar esta ayuda y salir$", out)  # argparse's
    listed = re.sub(r"(?m)^ {4}(?:" + "|".join(map(re.escape, COMMANDS)) + r")\b", " x ", out)  # the commands' names
    assert_spanish(listed, " ".join(["pizarra", *command, "--help"]))
    assert not re.search(r"(?<![A-Za-z]{2})-\d", _outside_formulas(out)), out   # a negative number shown: −3, not -3


def test_the_spanish_helps_examples_of_steps_and_check_run(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # the examples a Spanish class copies (decimal comma, the minus sign −) are command lines pizarra reads
    monkeypatch.chdir(tmp_path)
    (tmp_path / "neurona.txt").write_text("z = w*x + b\nyhat = relu(z)\nL = 0.5*(yhat - y)**2\n", encoding="utf-8")
    examples = [shlex.split(line)[1:] for line in HELP("es")["epilog"].splitlines()
                if line.startswith(("  pizarra steps ", "  pizarra check ")) and " -- " not in line]
    assert len(examples) == 4 and examples[-1][2:4] == ["a=0,3", "b=−1,2"]
    for argv in examples:
        assert main(argv) == 0, argv
        out, err = capsys.readouterr()
        assert out.strip() and err == ""
        assert_spanish(out, " ".join(argv))


def _outside_formulas(text: str) -> str:
    """``text`` without its quoted formulas (code, in the formula language's ASCII: ``"0.5*(yhat - y)**2"``)."""
    return re.sub(r"\"[^\"\n]*\"", " ", text)


def _help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Every help text of ``parser`` and of its subcommands: descriptions, epilogs, section titles, options."""
    texts = [t for t in (parser.description, parser.epilog) if t]
    texts += [group.title for group in parser._action_groups if group.title]
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            texts.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            texts += [choice.help for choice in action._choices_actions if choice.help]
            for subparser in action.choices.values():
                texts += _help_texts(subparser)
    return texts


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_help_text_is_the_word_tables_and_every_help_key_is_shown(lang: str) -> None:
    assert sorted(HELP("en")) == sorted(HELP("es")) == sorted(HELP.keys())
    templates = {key: re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(text)) + r"\Z", re.DOTALL)
                 for key, text in HELP(lang).items()}
    texts = _help_texts(build_parser(lang))
    strays = [text for text in texts if not any(t.match(text) for t in templates.values())]
    assert strays == []                                   # no help text written outside the table
    unused = [key for key, t in templates.items() if not any(t.match(text) for text in texts)]
    assert unused == []                                   # and every key of the table is shown somewhere
    if lang == "es":
        english = set(_help_texts(build_parser("en")))
        assert [text for text in texts if text in english] == []   # every text has its own Spanish


# --- pictures ------------------------------------------------------------------------------------------------------

def _dot_texts(source: str) -> str:
    """What a diagram shows: its labels and tooltips, without the HTML tags of the HTML-like labels."""
    texts = re.findall(r'(?:label|tooltip|xlabel)="((?:[^"\\]|\\.)*)"', source)
    for start in (m.end() for m in re.finditer(r"label=<", source)):
        depth, i = 1, start
        while depth and i < len(source):
            depth += {"<": 1, ">": -1}.get(source[i], 0)
            i += 1
        texts.append(re.sub(r"<[^<>]*>", " ", source[start:i - 1]))
    return html.unescape("\n".join(texts)).replace("\\n", "\n").replace("\\l", "\n")


def test_the_diagrams_and_the_slides_speak_spanish() -> None:
    x, w, b = Value(1.0, label="x"), Value(-3.0, label="w"), Value(2.0, label="b")
    loss = (0.5 * ((x * w + b).relu() - 1) ** 2)
    loss.label = "L"
    steps = trace_backward(loss)
    assert_spanish(_dot_texts(viz.draw_step(steps[1], notation="es").source), "draw")
    net = nn.MLP.from_weights([[[0.1, -0.5], [-0.3, -0.9]], [[-0.4, 0.2]]], [[0.1, 0.5], [0.7]])
    assert_spanish(_dot_texts(viz.network(net, x=[1.8, -3.4], y=1, notation="es").source), "network")
    page = viz.player(steps, notation="es")
    assert isinstance(page, str)
    visible = re.sub(r"<script(?! type=\"application/json\").*?</script>|<style.*?</style>|<[^<>]*>", " ", page,
                     flags=re.DOTALL)   # the page's words and its steps' data (captions, rows), not its program
    data = json.loads(re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.DOTALL)[0])
    strings = [v for v in _leaves(data) if isinstance(v, str)]
    assert_spanish(html.unescape(visible) + "\n".join(strings), "player")
    deck = viz.slide_deck(steps, notation="es")
    assert_spanish("\n".join(text for page in deck for text in (page.heading, *page.text)), "slides")


def _leaves(data: object) -> list[object]:
    if isinstance(data, dict):
        return [leaf for value in data.values() for leaf in _leaves(value)]
    if isinstance(data, list):
        return [leaf for value in data for leaf in _leaves(value)]
    return [data]


def test_the_demo_plots_speak_spanish(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from matplotlib.text import Text

    from autograd.text import Notation
    from viz import demo
    from viz.plots import plot_decision_boundary, plot_history

    asked: list[object] = []   # what make demo draws: the notation demo_moons hands its two plots by default
    monkeypatch.setattr(demo.train, "fit", lambda *args, **kwargs: None)
    monkeypatch.setattr(demo, "plot_decision_boundary", lambda *args, notation, **kw: asked.append(notation))
    monkeypatch.setattr(demo, "plot_history", lambda *args, notation, **kw: asked.append(notation))
    demo.demo_moons(tmp_path, quiet=True)
    assert asked == [Notation("es"), Notation("es")]
    X, y = nn.data.moons(20, noise=0.1, seed=0)
    model = nn.MLP(2, [4, 1], activation="relu", seed=0)
    history = {"loss": [1.0, 0.5], "test_loss": [1.1, 0.6], "accuracy": [0.5, 0.8], "test_accuracy": [0.4, 0.7]}
    for figure in (plot_decision_boundary(model, X, y, resolution=20, notation="es"),
                   plot_history(history, notation="es")):
        texts = [t.get_text() for t in figure.findobj(Text)]
        assert any(texts)
        assert_spanish("\n".join(texts), "plot")


# --- notebooks -----------------------------------------------------------------------------------------------------

def _notebook_texts(kind: str) -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for i, cell in enumerate(cells):
            if kind == "markdown" and cell["cell_type"] == "markdown":
                found.append((f"{path.name} [{i}]", "".join(cell["source"])))
            for output in cell.get("outputs", []) if kind == "outputs" else []:
                texts = ["".join(output["text"])] if output.get("output_type") == "stream" else []
                texts += ["".join(output.get("data", {}).get(k, "")) for k in ("text/plain", "text/markdown")]
                found += [(f"{path.name} [{i}] output", text) for text in texts if text]
    return found


def test_the_notebooks_markdown_is_in_the_course_register() -> None:
    texts = _notebook_texts("markdown")
    assert len(texts) > 50
    assert {where: problems(text) for where, text in texts if problems(text)} == {}


def test_the_notebooks_stored_outputs_are_spanish() -> None:
    # the outputs are those of the last execution: they follow the word tables once the notebooks are re-executed
    texts = _notebook_texts("outputs")
    assert len(texts) > 50
    assert {where: problems(text) for where, text in texts if problems(text)} == {}


def test_a_model_file_error_speaks_spanish(tmp_path: Path) -> None:
    path = tmp_path / "modelo.json"
    path.write_text(json.dumps({"format": "pizarra-mlp", "version": 1, "nin": 2, "layers": [
        {"activation": "sigmoide", "weights": [[1, 2]], "biases": [0]}]}), encoding="utf-8")
    with pytest.raises(nn.ModelFileError) as caught:
        nn.serialize.load(path)
    spanish = caught.value.message("es")
    assert "archivo de modelo" in spanish and "capa 1: activación desconocida 'sigmoide'" in spanish
    assert "¿quisiste decir sigmoid?" in spanish
    assert_spanish(spanish.replace(str(path), "modelo"), "model file")
    path.write_text(json.dumps({"format": "pizarra-mlp", "version": 1, "nin": 2, "layers": [
        {"activation": "relu", "weights": [[1, np.inf]], "biases": [0]}]}), encoding="utf-8")
    with pytest.raises(nn.ModelFileError) as caught:
        nn.serialize.load(path)
    assert "columna" in caught.value.message("es") and "column" in str(caught.value)


def test_every_domain_of_the_op_table_has_its_spanish() -> None:
    from autograd import ops
    from viz.classroom.formula_words import DOMAINS_ES

    domains = {op.domain for op in ops.OPS.values() if op.domain}
    assert domains and domains <= set(DOMAINS_ES)
