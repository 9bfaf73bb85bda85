"""``pizarra`` makes the pictures Python makes: ``draw --step/--fit`` (a slide by default), ``network``,
``--version``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import viz
from autograd import Value, trace_backward
from tests.course import run_cli as run  # run(capsys, *argv): status, stdout, stderr
from tests.viz.test_cli_spanish import english_words  # the Spanish scan's list of English words
from viz.classroom.formula import Formula
from viz.cli.parser import version

# The README's ReLU neuron, as its `pizarra` examples write it, and with the formula language's names.
RELU = "0.5*(relu(w1*x1 + w2*x2 + w3*x3 + b) - y)**2"
NAMED = "z = w1*x1 + w2*x2 + w3*x3 + b; yhat = relu(z); L = 0.5*(yhat - y)**2"
VALUES = {"w1": 4.0, "w2": 2.0, "w3": -5.0, "x1": 1.0, "x2": 0.0, "x3": 2.0, "b": 7.0, "y": 5.0}
ASSIGNMENTS = [f"{name}={value:g}" for name, value in VALUES.items()]
SLIDE = (1920, 1080)


def neuron(formula: str = RELU) -> Value:
    return Formula(formula).build(VALUES)


# --- --version --------------------------------------------------------------------------------------

def test_version_is_autograds(capsys: pytest.CaptureFixture[str]) -> None:
    """``pizarra --version`` says ``autograd.__version__``, the one place the version is written (the wheel's
    metadata agrees with both: tests/project/test_dist.py)."""
    import autograd

    code, out, _ = run(capsys, "--version")
    assert code == 0 and out == f"pizarra {autograd.__version__}\n" and version() == autograd.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", autograd.__version__)
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "--version" in out


# --- draw --step ----------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 9, 17])
def test_draw_step_is_python_s_highlight(capsys: pytest.CaptureFixture[str], n: int) -> None:
    code, out, err = run(capsys, "draw", RELU, *ASSIGNMENTS, "--step", str(n), "--lang", "es")
    assert code == 0 and err == ""
    root = neuron()
    steps = trace_backward(root)
    assert len(steps) == 17
    assert out == viz.draw_step(steps[n - 1], notation="es").source   # step N is the N-th +=, 1-based


@pytest.mark.parametrize(("argv", "lang", "needle"), [
    (["--step", "18"], "en", "there is no step 18: the backward pass of '0.5*(relu(w1*x1 + w2*x2 + w3*x3 + b) - y)**2' "
                             "has steps 1 to 17"),
    (["--step", "18"], "es", "no hay paso 18: la retropropagación de '0.5*(relu(w1*x1 + w2*x2 + w3*x3 + b) - y)**2' "
                             "tiene los pasos 1 a 17"),
    (["--step", "3", "--forward-only"], "en", "--step draws a moment of the backward pass: leave out --forward-only"),
    (["--step", "3", "--forward-only"], "es", "--step dibuja un momento de la retropropagación: quitar --forward-only"),
    (["--step", "0"], "en", "argument --step: must be at least 1, got 0"),
    (["--step", "0"], "es", "argumento --step: debe ser al menos 1, se recibió 0"),
    (["--fit", "wide"], "en", "argument --fit: expected a frame's aspect ratio, width:height such as 16:9 or 4:3, "
                              "or 'none'; got 'wide'"),
    (["--fit", "16:0"], "es", "argumento --fit: se esperaba la proporción de un cuadro, ancho:alto como 16:9 o 4:3, "
                              "o 'none'; se recibió '16:0'"),
])
def test_draw_step_and_fit_errors(capsys: pytest.CaptureFixture[str], argv: list[str], lang: str,
                                  needle: str) -> None:
    code, out, err = run(capsys, "draw", RELU, *ASSIGNMENTS, *argv, "--lang", lang)
    assert code == 2 and out == "" and "Traceback" not in err
    assert needle in err
    if lang == "es":
        assert english_words(err) == [], err


def test_draw_step_of_a_formula_without_variables(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "draw", "2*3", "--step", "1")
    assert code == 2 and "has no variables" in err


# --- draw: a slide by default for a picture -------------------------------------------------------

def svg_on_a_slide(svg: str) -> tuple[float, float]:
    """The picture's aspect ratio, and the height in pixels of its smallest node text once the whole picture is
    shown as large as fits on a 1920×1080 slide."""
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert re.fullmatch(r"[\d.]+pt", root.attrib["width"])
    assert float(root.attrib["width"][:-2]) == pytest.approx(width, abs=1)   # one user unit is one point
    scale = min(SLIDE[0] / width, SLIDE[1] / height)      # user units (points) → slide pixels
    ns = "{http://www.w3.org/2000/svg}"
    sizes = [float(text.attrib["font-size"]) for g in root.iter(f"{ns}g") if g.attrib.get("class") == "node"
             for text in g.iter(f"{ns}text")]
    assert sizes, "no node text found"
    return width / height, min(sizes) * scale


@pytest.mark.dot
@pytest.mark.parametrize("formula", [RELU, NAMED], ids=["readme", "named"])
@pytest.mark.parametrize("step", [None, 9], ids=["final", "step9"])
def test_a_drawing_fits_a_slide_by_default(capsys: pytest.CaptureFixture[str], tmp_path: Path, formula: str,
                                           step: int | None) -> None:
    target = tmp_path / "neurona.svg"
    more = [] if step is None else ["--step", str(step)]
    code, _, err = run(capsys, "draw", formula, *ASSIGNMENTS, *more, "--lang", "es", "-o", str(target))
    assert code == 0, err
    aspect, text_px = svg_on_a_slide(target.read_text(encoding="utf-8"))
    assert aspect == pytest.approx(16 / 9, rel=0.02)
    assert text_px >= 16, f"node text {text_px:.1f} px high on a 1920×1080 slide"
    # --fit none is graphviz's own long strip: the same measure finds its text too small
    code, _, _ = run(capsys, "draw", formula, *ASSIGNMENTS, *more, "--lang", "es", "--fit", "none", "-o", str(target))
    aspect, text_px = svg_on_a_slide(target.read_text(encoding="utf-8"))
    assert code == 0 and aspect > 3 and text_px < 16


@pytest.mark.dot
def test_fit_is_python_s_fit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "draw", RELU, *ASSIGNMENTS, "--fit", "4:3")
    root = neuron()
    trace_backward(root)
    assert code == 0 and out == viz.draw(root, fit="4:3").source
    target = tmp_path / "neurona.svg"
    assert run(capsys, "draw", RELU, *ASSIGNMENTS, "--fit", "4:3", "-o", str(target))[0] == 0
    assert svg_on_a_slide(target.read_text(encoding="utf-8"))[0] == pytest.approx(4 / 3, rel=0.02)


def test_dot_output_is_not_fitted_by_default(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = neuron()
    trace_backward(root)
    code, out, _ = run(capsys, "draw", RELU, *ASSIGNMENTS)
    assert code == 0 and out == viz.draw(root).source and "ratio" not in out
    target = tmp_path / "neurona.dot"
    assert run(capsys, "draw", RELU, *ASSIGNMENTS, "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == out


# --- network ----------------------------------------------------------------------------------------

WEIGHTS = [[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]]
BIASES = [[0.1, 0.5, 0.8], [0.7]]


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    import nn

    return nn.MLP.from_weights(WEIGHTS, BIASES, ["sigmoid", "sigmoid"]).save(tmp_path / "red.json")


def test_network_of_a_model_file_is_viz_network(capsys: pytest.CaptureFixture[str], model_file: Path) -> None:
    import nn

    net = nn.MLP.load(model_file)
    code, out, err = run(capsys, "network", str(model_file))
    assert code == 0 and err == "" and out == viz.network(net).source
    code, out, _ = run(capsys, "network", str(model_file), "--sample", "1.8", "-3.4")
    assert code == 0 and out == viz.network(net, x=[1.8, -3.4]).source
    code, out, _ = run(capsys, "network", str(model_file), "--sample", "1.8", "-3.4", "5", "--grads",
                       "--lang", "es", "--fit", "4:3", "--title", "La red del curso")
    expected = viz.network(net, x=[1.8, -3.4], y=[5.0], title="La red del curso", show=viz.NetworkShow(grads=True),
                           layout=viz.NetworkLayout(fit="4:3"), notation="es")
    assert code == 0 and out == expected.source
    assert "∂J/∂x₁ = 0,04877" in out                       # the README's numbers for this network and sample
    code, comma, _ = run(capsys, "network", str(model_file), "--sample", "1,8", "-3,4", "5", "--grads", "--lang", "es",
                         "--fit", "4:3", "--title", "La red del curso")
    assert code == 0 and comma == out                      # a decimal comma in Spanish, negative numbers too
    code, out, _ = run(capsys, "network", str(model_file), "--sample", "1.8", "-3.4", "5", "--fit", "none")
    assert code == 0 and out == viz.network(net, x=[1.8, -3.4], y=[5.0], show=viz.NetworkShow(grads=False),
                                            layout=viz.NetworkLayout(fit=None)).source


@pytest.mark.parametrize(("kind", "seed"), [("two-layer", 17), ("neuron", 4)])
def test_network_of_a_sheet_is_its_exercise(capsys: pytest.CaptureFixture[str], kind: str, seed: int) -> None:
    from viz.classroom.worksheet import worksheet

    exercise = worksheet(kind, seed).exercise
    net = exercise.model()
    code, out, _ = run(capsys, "network", "--kind", kind, "--seed", str(seed))
    assert code == 0 and out == viz.network(net).source   # the statement's network: weights and biases only
    whole = viz.network(net, x=exercise.x.tolist(), y=exercise.target, loss=exercise.loss,
                        show=viz.NetworkShow(grads=True), notation="es").source
    for sample in (["--sample"], []):                      # --grads alone takes the sheet's own sample
        code, out, err = run(capsys, "network", "--kind", kind, "--seed", str(seed), *sample, "--grads", "--lang", "es")
        assert code == 0 and err == "" and out == whole
    code, out, _ = run(capsys, "network", "--kind", kind, "--seed", str(seed), "--sample")
    assert code == 0 and out == viz.network(net, x=exercise.x.tolist(), y=exercise.target, loss=exercise.loss,
                                            show=viz.NetworkShow(grads=False)).source


def test_network_of_a_sheet_takes_the_sheet_options(capsys: pytest.CaptureFixture[str]) -> None:
    from viz.classroom.worksheet import worksheet

    sheet = worksheet("two-layer", 3, activation="tanh", output_activation="linear", loss="mse")
    code, out, _ = run(capsys, "network", "--kind", "two-layer", "--seed", "3", "--activation", "tanh",
                       "--output-activation", "linear", "--loss", "mse")
    assert code == 0 and out == viz.network(sheet.exercise.model()).source and "(tanh)" in out


@pytest.mark.parametrize(("argv", "lang", "needle"), [
    ([], "en", "give a model file written by MLP.save (pizarra network red.json) or a sheet's exercise"),
    ([], "es", "falta la red: dar un archivo de modelo escrito por MLP.save"),
    (["{model}", "--kind", "neuron"], "en", "give a model file or a sheet's exercise (--kind, --seed), not both"),
    (["{model}", "--seed", "3"], "es", "dar un archivo de modelo o el ejercicio de una hoja (--kind, --seed), "
                                       "no ambos"),
    (["--seed", "3"], "en", "--seed chooses a sheet of a kind: give --kind too"),
    (["{model}", "--activation", "relu"], "en", "only a sheet's exercise (--kind, --seed) takes --activation"),
    (["{model}", "--activation", "relu"], "es", "solo el ejercicio de una hoja (--kind, --seed) lleva --activation"),
    (["{model}", "--sample"], "en", "a model file has no sample of its own: give its numbers, --sample X… [Y…]"),
    (["{model}", "--sample"], "es", "un archivo de modelo no trae una muestra propia: dar sus números"),
    (["{model}", "--sample", "1", "x"], "en", "--sample takes numbers, got 'x'"),
    (["{model}", "--sample", "1", "dos"], "es", "--sample lleva números, se recibió 'dos'"),
    (["{model}", "--sample", "1", "2", "3", "4"], "en", "--sample takes the input's 2 numbers, then for J the "
                                                        "target's 1; got 4"),
    (["{model}", "--sample", "1"], "es", "--sample lleva los 2 números de la entrada y, para J, los 1 del valor "
                                         "esperado; se recibieron 1"),
    (["{model}", "--grads"], "en", "--grads shows ∂J/∂·, which needs a sample and its target"),
    (["{model}", "--sample", "1", "2", "--grads"], "es", "--grads muestra ∂J/∂·, que necesita una muestra y su valor "
                                                         "esperado"),
    (["{model}", "-o", "red.jpg"], "en", "cannot tell the format of"),
    (["{model}", "--fit", "5:4"], "en", "argument --fit: invalid choice: '5:4'"),
    (["{model}", "--fit", "5:4"], "es", "argumento --fit: opción no válida: '5:4'"),
    (["{tmp}/nada.json"], "en", "nada.json"),
])
def test_network_errors(capsys: pytest.CaptureFixture[str], model_file: Path, argv: list[str], lang: str,
                        needle: str) -> None:
    argv = [a.format(model=model_file, tmp=model_file.parent) for a in argv]
    code, out, err = run(capsys, "network", *argv, "--lang", lang)
    assert code == 2 and out == "" and "Traceback" not in err
    assert needle in err
    if lang == "es" and "nada.json" not in needle:       # (nn's own errors are another lane's)
        assert english_words(err.replace(str(model_file.parent), "CARPETA")) == [], err


@pytest.mark.dot
@pytest.mark.parametrize(("suffix", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF"),
                                               ("dot", b"digraph network")])
def test_network_writes_the_formats_of_draw(capsys: pytest.CaptureFixture[str], model_file: Path, suffix: str,
                                            magic: bytes) -> None:
    target = model_file.parent / f"red.{suffix}"
    code, out, err = run(capsys, "network", str(model_file), "--sample", "1.8", "-3.4", "5", "--grads",
                         "--lang", "es", "-o", str(target))
    assert code == 0 and out == "" and err == f"escrito {target}\n"
    assert target.read_bytes().startswith(magic)
    if suffix == "svg":
        aspect, _ = svg_on_a_slide(target.read_text(encoding="utf-8"))
        assert aspect == pytest.approx(16 / 9, rel=0.03)    # viz.network's own default: a slide


def test_network_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "network" in out
    code, out, _ = run(capsys, "network", "--help")
    assert code == 0 and out.startswith("usage: pizarra network") and "--sample" in out and "--grads" in out
    code, out, _ = run(capsys, "network", "--help", "--lang", "es")
    assert code == 0 and out.startswith("uso: pizarra network") and "[MODELO]" in out


# --- the README's examples --------------------------------------------------------------------------

def readme_commands(*starts: str) -> list[str]:
    """The README's ``pizarra`` command lines (in ``sh`` blocks) that start with one of ``starts``."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    lines = [line for block in re.findall(r"```sh\n(.*?)```", readme, re.DOTALL) for line in block.splitlines()]
    return [line for line in lines if line.startswith(starts)]


@pytest.mark.dot
@pytest.mark.parametrize("line", readme_commands("pizarra network", "pizarra draw"))
def test_readme_picture_commands_run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                     model_file: Path, line: str) -> None:
    import shlex

    monkeypatch.chdir(model_file.parent)                   # red.json is there, as MLP.save wrote it
    argv = shlex.split(line, comments=True)
    code, _, err = run(capsys, *argv[1:])
    assert code == 0, err
    output = Path(argv[argv.index("-o") + 1])
    assert output.stat().st_size > 0 and err.strip().endswith(str(output))


def test_the_readme_shows_the_new_commands() -> None:
    assert readme_commands("pizarra network") and any("--step" in line for line in readme_commands("pizarra draw"))
