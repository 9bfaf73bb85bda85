"""The ``pizarra`` command, run in-process with ``main([...])`` (and once as the installed script)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograd import Value, trace_backward
from autograd.text import Notation
from tests.course import run_cli as run  # run(capsys, *argv): status, stdout, stderr
from viz.cli import UsageError, main, parse_assignments
from viz.draw import draw

NEURON = ["tanh(x1*w1 + x2*w2 + b)", "x1=2", "w1=-3", "x2=0", "w2=1", "b=6.8813735870195432"]
RELU = ["0.5*(relu(w*x + b) - y)**2", "w=4", "x=1", "b=7", "y=5"]


# --- NAME=VALUE -----------------------------------------------------------------------------------

def test_assignments() -> None:
    assert parse_assignments(["x=2", "w_1 = -3.5", "b=1e-3", "c=−2"]) == {"x": 2.0, "w_1": -3.5, "b": 0.001, "c": -2.0}
    assert parse_assignments(["b=6,88"], decimal=",") == {"b": 6.88}


@pytest.mark.parametrize(("items", "needle"), [
    (["x"], "expected NAME=VALUE, got 'x'"),
    (["x=1", "x=2"], "'x' is given twice"),
    (["x=abc"], "the value of x must be a number, got 'abc'"),
    (["x="], "the value of x must be a number, got ''"),
    (["x=6,88"], "use a decimal point"),
    (["x=inf"], "must be finite"),
    (["x=nan"], "must be finite"),
    (["1x=2"], "'1x' is not a valid variable name"),
    (["=2"], "'' is not a valid variable name"),
    (["lambda=2"], "not a valid variable name"),
    (["exp=2"], "is a function name"),
])
def test_bad_assignments(items: list[str], needle: str) -> None:
    with pytest.raises(UsageError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        parse_assignments(items)


def test_assignment_names_are_read_as_python_reads_the_formula() -> None:
    assert parse_assignments(["µ=1", "ｘ=2", "ﬁ=3"]) == {"μ": 1.0, "x": 2.0, "fi": 3.0}
    with pytest.raises(UsageError, match=r"variable 'μ' is given twice \('µ' and 'μ' are the same name\)"):
        parse_assignments(["µ=1", "μ=2"])
    with pytest.raises(UsageError, match="is a function name"):
        parse_assignments(["ｔａｎｈ=1"])


@pytest.mark.parametrize(("formula", "value"), [("µ*2", "µ=1,5"), ("μ*2", "µ=1,5"), ("µ*2", "μ=1,5"),
                                                ("ｘ*2", "x=1,5"), ("x*2", "ｘ=1,5")])
def test_micro_sign_and_full_width_names_work_on_both_sides(capsys: pytest.CaptureFixture[str], formula: str,
                                                             value: str) -> None:
    code, out, err = run(capsys, "check", formula, value, "--lang", "es")
    assert code == 0 and err == "" and out.splitlines()[-1] == "el gradiente coincide"


# --- steps ----------------------------------------------------------------------------------------

def test_steps_markdown_in_spanish_uses_the_trace_and_a_decimal_comma(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "steps", *RELU, "--lang", "es", "--format", "markdown")
    assert code == 0 and err == ""
    w, x, b, y = (Value(v, label=n) for n, v in (("w", 4.0), ("x", 1.0), ("b", 7.0), ("y", 5.0)))
    z = w * x + b                 # the parser labels no step: each is named by its expression
    expected = trace_backward(0.5 * (z.relu() - y) ** 2, notation="es").to_markdown(notation=Notation("es", ",", 4))
    assert out == expected + "\n"
    assert out.splitlines()[-1] == "donde u₁ = ReLU(w·x + b)"
    assert "| paso |" in out and "0,5" in out
    # ∂L/∂x = w·(ŷ − y) = 4·6 = 24: the last step adds it to x
    assert out.splitlines()[-3].endswith("| x | ∂(a·b)/∂b = a = 4 | 24 | 0 | 24 |")


def test_steps_decimal_override_and_precision(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "steps", "x/3", "x=1", "--lang", "es", "--decimal", ".", "--precision", "3")
    assert code == 0
    assert "0.333" in out and "0,333" not in out and "paso" in out


@pytest.mark.parametrize("fmt", ["text", "latex", "html"])
def test_steps_formats_write_files(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"steps.{fmt}"
    code, out, err = run(capsys, "steps", *RELU, "--format", fmt, "-o", str(target))
    assert code == 0 and out == "" and f"wrote {target}" in err
    text = target.read_text(encoding="utf-8")
    marker = {"text": "local derivative", "latex": r"\begin{tabular}", "html": '<meta charset="utf-8">'}[fmt]
    assert marker in text
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind


def test_label_names_the_result(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "steps", "x*x", "x=3", "--label", "f")
    assert code == 0 and "∂f/∂node" in out
    assert out.count("| ") == 0 and out.splitlines()[2].split()[:2] == ["1", "f"]


# --- check ----------------------------------------------------------------------------------------

def test_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "sigmoid(a*b)", "a=0.3", "b=-1.2")
    assert code == 0
    lines = out.splitlines()
    assert lines[-1] == "all 2 gradients agree"
    assert [line.split()[0] for line in lines[3:5]] == ["a", "b"]   # in command-line order


def test_check_fails_with_status_1_at_a_kink(capsys: pytest.CaptureFixture[str]) -> None:
    # ReLU's derivative at 0 is taken as 0, the central difference gives 0.5
    code, out, _ = run(capsys, "check", "relu(x)", "x=0", "--lang", "es")
    assert code == 1
    assert "FALLA" in out and "0,5" in out and out.splitlines()[-1] == "el gradiente no coincide"  # one input: singular


def test_check_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "x*y", "x=1", "y=2", "--format", "markdown")
    assert code == 0 and "| input |" in out


# --- draw -----------------------------------------------------------------------------------------

def test_draw_prints_the_dot_of_viz_draw(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "draw", *NEURON)
    assert code == 0
    v = {n: Value(float(x), label=n) for n, x in (a.split("=") for a in NEURON[1:])}
    o = (v["x1"] * v["w1"] + v["x2"] * v["w2"] + v["b"]).tanh()   # the parser labels no step of its own
    o.backward()
    assert out == draw(o).source
    assert "grad 0.5" in out      # ∂o/∂x2 = w2 · (1 − tanh²) = 0.5


def test_draw_forward_only_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "draw", *NEURON, "--forward-only", "--rankdir", "TB", "--lang", "es")
    assert code == 0
    assert "grad" not in out and "rankdir=TB" in out and "valor 0,7071" in out
    code, out, _ = run(capsys, "draw", *NEURON, "--color-by", "grad", "--title", "neurona")
    assert code == 0 and "neurona" in out and "fillcolor=\"#" in out


def test_draw_constants_only_is_a_forward_drawing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "draw", "2*3")
    assert code == 0 and "data 6" in out and "grad" not in out


def test_draw_dot_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "neuron.dot"
    assert run(capsys, "draw", *NEURON, "-o", str(target))[0] == 0
    first = target.read_text(encoding="utf-8")
    assert first.startswith("digraph pizarra {")
    assert run(capsys, "draw", *NEURON, "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == first      # deterministic


@pytest.mark.dot
@pytest.mark.parametrize(("suffix", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_draw_renders_by_suffix(capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str, magic: bytes) -> None:
    target = tmp_path / f"neuron.{suffix.upper()}"
    code, _, err = run(capsys, "draw", *NEURON, "-o", str(target))
    assert code == 0 and "wrote" in err
    data = target.read_bytes()
    assert data.startswith(magic)
    if suffix == "svg":
        assert b"w1" in data and b"id=\"n0\"" in data


# --- errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "needle"), [
    (["draw", "x.__class__", "x=1"], "attribute access"),
    (["steps", "__import__('os').system('true')"], "attribute access"),
    (["steps", "__import__('os')"], "unknown function '__import__'"),
    (["steps", "x*y", "x=1"], "unknown variable(s) y; given: x"),
    (["steps", "x*y", "x=1", "y=2", "z=3"], "given but not used"),
    (["steps", "x*y", "x=1", "y=2", "x=3"], "'x' is given twice"),
    (["steps", "x", "*", "y", "x=1"], "quote the whole expression"),
    (["steps", "log(x)", "x=0"], "log needs a > 0"),
    (["steps", "2**x", "x=2000"], "pow: the result overflows"),
    (["steps", "2*3"], "has no variables"),
    (["check", "2*3"], "has no variables"),
    (["draw", "x", "x=1", "-o", "out.jpg"], "cannot tell the format"),
    (["steps", "sqrt(x)", "x=0"], "sqrt"),
    (["draw", "x*x*x*x", "x=2", "--max-nodes", "3"], "max_nodes=3"),
    (["player", "x*x*x*x", "x=2", "--max-nodes", "3", "-o", "p.html"], "max_nodes=3"),
])
def test_errors_go_to_stderr_with_status_2(capsys: pytest.CaptureFixture[str], argv: list[str], needle: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith(f"pizarra {argv[0]}: error: ") and needle in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("argv", "needles"), [
    (["steps", "0,5*x", "x=1"], ["0,5: a decimal comma? In a formula write 0.5", "--lang es"]),
    (["steps", "0,5*x", "x=1", "--lang", "es"], ["0,5: ¿una coma decimal? En una fórmula se escribe 0.5", "--lang es"]),
    (["draw", "tanh(2,5*x)", "x=1"], ["write 2.5"]),
    (["steps", "tahn(x)", "x=1"], ["unknown function 'tahn'; did you mean tanh?"]),
    (["steps", "sigmod(w*x)", "w=1", "x=1"], ["did you mean sigmoid?"]),
    (["steps", "w*x + bias", "w=1", "x=1", "bais=1"],
     ["unknown variable(s) bias; given: w, x, bais; did you mean bais?"]),
    (["steps", "x" + "-(x" * 150 + ")" * 150, "x=1"], ["nested too deeply"]),
    (["steps", "(" * 300 + "x" + ")" * 300, "x=1"], ["nested too deeply"]),
])
def test_formula_mistakes_are_explained(capsys: pytest.CaptureFixture[str], argv: list[str],
                                        needles: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith(f"pizarra {argv[0]}: error: ")
    for needle in needles:
        assert needle in err


@pytest.mark.parametrize("terms", [120, 1000])
def test_long_flat_sums_run(capsys: pytest.CaptureFixture[str], terms: int) -> None:
    code, out, err = run(capsys, "check", "+".join("abcdefghij"[i % 10] for i in range(terms)),
                         *(f"{name}={i}" for i, name in enumerate("abcdefghij")))
    assert code == 0 and err == "" and out.splitlines()[-1] == "all 10 gradients agree"


def test_output_onto_a_folder_names_the_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "steps.md"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    code, out, err = run(capsys, "steps", "x*x", "x=1", "-o", str(folder))
    assert code == 2 and out == ""
    assert err.strip() == f"pizarra steps: error: Is a directory (a folder cannot be replaced by a file): {folder}"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["keep.txt", "steps.md"]


def test_a_recursion_error_is_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def too_deep(root: Value, **options: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("viz.cli.commands.trace_backward", too_deep)
    code, out, err = run(capsys, "steps", "x*x", "x=1")
    assert code == 2 and out == ""
    assert err == "pizarra steps: error: the input is nested too deeply to read (maximum recursion depth exceeded)\n"


class ClosedPipe:
    """A standard output whose reader has gone away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_keeps_the_exit_status_in_process(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["steps", *RELU]) == 0
    assert main(["--help"]) == 0
    assert main(["check", "relu(x)", "x=0"]) == 1          # the table is lost, the verdict is not
    wrong = _answers_file(tmp_path, "wrong.yaml", 17, "en", wrong=("J",))
    assert main(["check-answers", str(wrong), "--summary", str(tmp_path / "notas.csv")]) == 1
    assert (tmp_path / "notas.csv").exists()
    assert isinstance(sys.stdout, ClosedPipe)               # given back as it was
    monkeypatch.undo()
    assert capsys.readouterr().err == f"wrote {tmp_path / 'notas.csv'}\n"
    monkeypatch.setattr(sys, "stderr", ClosedPipe())       # `2>&1 | head`: the errors' stream is closed too
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["steps", "x.y", "x=1"]) == 2


def test_unwritable_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = run(capsys, "steps", "x*x", "x=1", "-o", str(blocker / "steps.md"))
    assert code == 2 and "error:" in err and str(blocker) in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [[], ["draw"], ["frobnicate", "x"], ["steps", "x", "x=1", "--lang", "fr"],
                                  ["steps", "x", "x=1", "--precision", "0"], ["player", "x", "x=1"]])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and "usage: pizarra" in err


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert 'pizarra draw "tanh(x1*w1 + x2*w2 + b)"' in out and "pizarra check" in out and "relu" in out
    for command in ("draw", "steps", "check", "player"):
        code, out, _ = run(capsys, command, "--help")
        assert code == 0 and f"usage: pizarra {command}" in out


# --- check-answers: one file, several files and a summary, a key -------------------------------------

def _answers_file(tmp_path: Path, name: str, seed: int, lang: str, wrong: tuple[str, ...] = (),
                  drop: tuple[str, ...] = (), **changes: object) -> Path:
    """A worksheet's answers file filled in from the engine (rounded), with some answers wrong or left out."""
    import numpy as np
    import yaml

    from viz.classroom.worksheet import worksheet

    sheet = worksheet("neuron", seed, notation=lang)
    data = yaml.safe_load(sheet.answers_template())
    for answer in list(data["answers"]):
        value = np.round(np.asarray(sheet.solution().value(answer), dtype=float), 3) + (0.5 if answer in wrong else 0)
        data["answers"][answer] = value.tolist()
    for answer in drop:
        del data["answers"][answer]
    data.update(changes)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_check_answers_exit_status_means_one_thing_each(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    right = _answers_file(tmp_path, "right.yaml", 17, "es")
    wrong = _answers_file(tmp_path, "wrong.yaml", 17, "es", wrong=("J",))
    changed = _answers_file(tmp_path, "changed.yaml", 17, "es", target=0.5)
    assert run(capsys, "check-answers", str(right))[0] == 0
    assert run(capsys, "check-answers", str(wrong))[0] == 1
    code, out, err = run(capsys, "check-answers", str(changed))
    assert code == 2 and out == "" and err.startswith("pizarra check-answers: error: ") and "target y" in err
    assert run(capsys, "check-answers", str(right), str(wrong))[0] == 1
    assert run(capsys, "check-answers", str(right), str(right))[0] == 0
    code, out, err = run(capsys, "check-answers", str(right), str(wrong), str(changed))
    assert code == 2 and err.count("\n") == 1 and "changed.yaml" in err


def test_check_answers_report_language_follows_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    es = _answers_file(tmp_path, "es.yaml", 4, "es", wrong=("dJ/dx",))
    en = _answers_file(tmp_path, "en.yaml", 4, "en", wrong=("dJ/dx",))
    code, out, _ = run(capsys, "check-answers", str(es))
    assert code == 1 and out.startswith("Revisión: 6 de 7 respuestas correctas") and "0," in out
    code, out, _ = run(capsys, "check-answers", str(en))
    assert code == 1 and out.startswith("Answer check: 6 of 7 answers right")
    code, out, _ = run(capsys, "check-answers", str(es), "--lang", "en")
    assert out.startswith("Answer check:") and "Graded against sheet neuron 4" in out
    code, out, _ = run(capsys, "check-answers", str(en), "--lang", "es", "--decimal", ".")
    assert out.startswith("Revisión:") and "0,0" not in out


def test_check_answers_batch_writes_a_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import csv

    folder = tmp_path / "respuestas"
    folder.mkdir()
    _answers_file(folder, "ana.yaml", 17, "es")
    _answers_file(folder, "beto.yaml", 17, "es", wrong=("J",), drop=("dJ/db",))
    _answers_file(folder, "carla.yaml", 17, "es", input=[0, 0])
    (folder / "dario.json").write_text('{"answers": {"J": ' + "[" * 1000 + "]" * 1000 + "}}", encoding="utf-8")
    key = _answers_file(tmp_path, "clave.yaml", 17, "es", drop=("z",))
    files = sorted(str(p) for p in folder.iterdir())
    code, out, err = run(capsys, "check-answers", *files, "--key", str(key), "--summary", str(tmp_path / "resumen"))
    assert code == 2
    assert out.startswith("Resumen: 4 archivos; 1 todo bien, 1 con respuestas mal, 2 sin corregir")
    assert err.count("pizarra check-answers: error:") == 2 and "Traceback" not in err
    assert f"escrito {tmp_path / 'resumen.md'}" in err and f"escrito {tmp_path / 'resumen.csv'}" in err
    rows = list(csv.reader((tmp_path / "resumen.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0][:3] == ["archivo", "corregido contra", "respuestas bien"]
    assert [r[0] for r in rows[1:]] == files
    ana, beto, carla, dario = rows[1:]
    assert ana[1:8] == [f"clave {key}", "6", "6", "8", "8", "", "todo bien"]  # the key does not ask for z
    assert beto[2:8] == ["4", "6", "6", "8", "J; dJ/db (vacío)", "con errores"]
    assert carla[7] == "sin corregir" and carla[8].startswith("input x[1] vale 0 en este archivo")
    assert dario[7] == "sin corregir" and "anida demasiados niveles" in dario[8]
    md = (tmp_path / "resumen.md").read_text(encoding="utf-8")
    assert md.startswith("## Resumen: 4 archivos") and "| archivo | corregido contra |" in md
    # --summary with a suffix writes that one file only; --format markdown prints the Markdown table
    code, out, err = run(capsys, "check-answers", *files[:2], "--key", str(key), "--summary",
                         str(tmp_path / "solo.csv"), "--format", "markdown", "--lang", "en")
    assert code == 1 and out.startswith("## Summary: 2 files; 1 all right, 1 with wrong answers, 0 not graded")
    assert (tmp_path / "solo.csv").exists() and not (tmp_path / "solo.csv.md").exists()
    assert not (tmp_path / "solo.md").exists()


def test_check_answers_bad_key_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    right = _answers_file(tmp_path, "right.yaml", 17, "en")
    bad_key = _answers_file(tmp_path, "key.yaml", 17, "en", wrong=("J",))
    code, out, err = run(capsys, "check-answers", str(right), "--key", str(bad_key))
    assert code == 2 and out == "" and "the key's answer J is" in err and "fix the key" in err
    code, out, err = run(capsys, "check-answers", str(right), "--key", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml" in err


def test_check_answers_help_documents_key_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check-answers", "--help")
    assert code == 0 and "--key KEY" in out and "--summary PATH" in out and "resumen.md and resumen.csv" in out
    assert "Exit status: 0 all right, 1 some answer wrong or blank, 2" in out


# --- player ---------------------------------------------------------------------------------------

@pytest.mark.dot
def test_player_writes_a_page(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "steps.html"
    code, _, err = run(capsys, "player", *RELU, "-o", str(target), "--lang", "es", "--title", "La neurona")
    assert code == 0 and f"escrito {target}" in err
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>La neurona</h1>" in page and "Siguiente" in page


# --- a pipe that closes early -----------------------------------------------------------------------

def cli_env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[2])
    return {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]),
            "PYTHONIOENCODING": "utf-8"}


BIG_STEPS = ["steps", "+".join(["x"] * 1000), "x=1"]   # ~200 kB of table: more than a pipe holds


def test_a_pipe_closed_after_one_line_is_a_quiet_exit_0() -> None:
    process = subprocess.Popen([sys.executable, "-m", "viz.cli", *BIG_STEPS], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=cli_env())
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()                 # the reader goes away, like `head -1`
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 0, err
    assert first.startswith(b"step") and err == b""


def piped(*argv: str, reader: str = "head -1", first: str = "", cwd: Path | None = None,
          both: bool = False) -> subprocess.CompletedProcess[str]:
    """``pizarra ARGV | READER`` run by bash, its exit status ``${PIPESTATUS[0]}``: pizarra's own.

    ``first`` is printed into the pipe before pizarra starts, so that a ``head`` has all it wants and has
    gone before pizarra writes anything; ``both`` sends pizarra's stderr into the pipe too (``2>&1``).
    """
    command = f'{first}"{sys.executable}" -m viz.cli "$@"{" 2>&1" if both else ""}'
    shell = f'{{ {command}; }} | {reader}; exit "${{PIPESTATUS[0]}}"'
    return subprocess.run(["bash", "-c", shell, "pizarra", *argv], capture_output=True, text=True, timeout=120,
                          env=cli_env(), cwd=cwd, check=False)


def test_head_1_in_a_shell_pipeline() -> None:
    done = piped(*BIG_STEPS)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout.startswith("step") and len(done.stdout.splitlines()) == 1


def _long_report(path: Path, inputs: int = 60) -> Path:
    """An answers file of a neuron with ``inputs`` inputs, every answer wrong: a report of ~2 kB per wrong
    entry (its chain rule), far more than a pipe holds, so ``| head -2`` closes it while pizarra writes."""
    import json

    exercise = {"lang": "en", "loss": "mse", "target": 1.0, "input": [1.0] * inputs,
                "network": {"weights": [[[0.5 if i % 2 else -0.25 for i in range(inputs)]]], "biases": [[0.1]],
                            "activations": ["sigmoid"]},
                "answers": {"J": 99.0, "dJ/dW": [[7.0] * inputs], "dJ/dx": [7.0] * inputs}}
    path.write_text(json.dumps(exercise), encoding="utf-8")
    return path


def test_head_2_keeps_the_grades_and_the_exit_status(tmp_path: Path) -> None:
    report = _long_report(tmp_path / "largo.json")
    done = piped("check-answers", str(report), "--summary", "notas.csv", reader="head -2", cwd=tmp_path)
    assert done.returncode == 1, done.stderr                 # an answer is wrong, as without the pipe
    assert done.stdout.startswith("Answer check: 0 of 3 answers right") and len(done.stdout.splitlines()) == 2
    assert done.stderr == "wrote notas.csv\n"
    assert (tmp_path / "notas.csv").read_text(encoding="utf-8").splitlines()[1].startswith(f"{report},")


@pytest.mark.parametrize("both", [False, True], ids=["stdout", "stdout-and-stderr"])
def test_a_reader_gone_before_the_first_line_keeps_the_grades(tmp_path: Path, both: bool) -> None:
    folder = tmp_path / "respuestas"
    folder.mkdir()
    _answers_file(folder, "ana.yaml", 17, "es")
    _answers_file(folder, "beto.yaml", 17, "es", wrong=("J",))
    _answers_file(folder, "carla.yaml", 17, "es", target=0.5)  # cannot be graded: status 2
    files = [f"respuestas/{name}" for name in ("ana.yaml", "beto.yaml", "carla.yaml")]
    unpiped = subprocess.run([sys.executable, "-m", "viz.cli", "check-answers", *files, "--summary", "sin.csv"],
                             capture_output=True, text=True, timeout=120, env=cli_env(), cwd=tmp_path, check=False)
    assert unpiped.returncode == 2
    done = piped("check-answers", *files, "--summary", "notas.csv", reader="head -2", first="printf 'a\\nb\\n'; ",
                 cwd=tmp_path, both=both)
    assert done.returncode == 2 and done.stdout == "a\nb\n" and "Traceback" not in done.stderr
    assert (tmp_path / "notas.csv").read_text(encoding="utf-8") == (tmp_path / "sin.csv").read_text(encoding="utf-8")
    done = piped("steps", "x*x", "x=3", reader="head -1", first="echo a; ", both=both)
    assert done.returncode == 0 and done.stdout == "a\n" and done.stderr == ""
    done = piped("check", "relu(x)", "x=0", reader="head -1", first="echo a; ", both=both)
    assert done.returncode == 1 and done.stdout == "a\n" and done.stderr == ""


# --- the installed script ---------------------------------------------------------------------------

def test_console_script_help() -> None:
    script = Path(sys.executable).with_name("pizarra")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "viz.cli"]
    done = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: pizarra") and "examples:" in done.stdout
    done = subprocess.run([*command, "steps", "x.y", "x=1"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and "attribute access" in done.stderr and "Traceback" not in done.stderr


# --- names and formula files ------------------------------------------------------------------------

NAMED = "z = w1*x1 + w2*x2 + w3*x3 + b; yhat = relu(z); L = 0.5*(yhat - y)**2"
SEED004 = ["w1=4", "w2=2", "w3=-5", "x1=1", "x2=0", "x3=2", "b=7", "y=5"]


def test_steps_shows_short_sub_expressions_instead_of_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "steps", *RELU, "--format", "markdown")
    assert code == 0
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in out.splitlines()[2:-2]]
    assert [row[1] for row in rows[-4:]] == ["w·x + b", "w·x + b", "w·x", "w·x"]   # the node of each step
    assert [row[4] for row in rows[4:6]] == ["w·x + b", "w·x"]                     # ... and the parent
    assert [row[1] for row in rows[:2]] == ["L", "(u₁ − y)²"] and rows[0][3] == "×" and rows[1][3] == "^"
    assert out.splitlines()[-1] == "where u₁ = ReLU(w·x + b)"
    assert "∂L/∂node" in out                        # an unnamed result: tables say ∂L/∂node


@pytest.mark.parametrize("command", ["draw", "steps", "check"])
def test_every_formula_command_takes_names(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, err = run(capsys, command, NAMED, *SEED004)
    assert code == 0 and err == ""
    if command == "steps":
        rows = [line.split() for line in out.splitlines()[2:]]
        assert out.splitlines()[0].split()[2] == "∂L/∂node"
        assert rows[0][1] == "L" and rows[4][1:5] == ["ŷ", "−4", "ReLU", "z"]
    if command == "draw":
        assert "<B>ŷ</B>" in out and "<B>z</B>" in out and "<I>w1·x1</I>" in out and "where u₁ = w1·x1 + w2·x2" in out
    if command == "check":
        assert out.splitlines()[-1] == "all 8 gradients agree"


@pytest.mark.dot
def test_the_player_takes_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, _ = run(capsys, "player", NAMED, *SEED004, "-o", str(tmp_path / "p.html"))
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert code == 0 and "ŷ" in page and "yhat" not in page and "where u₁ = w1·x1 + w2·x2" in page


def test_label_overrides_the_formulas_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "steps", NAMED, *SEED004, "--label", "J")
    assert code == 0 and "∂J/∂node" in out and out.splitlines()[2].split()[1] == "J"


FILE = """# seed 004: the ReLU neuron, by hand
z = w1*x1 + w2*x2 + w3*x3 + b     # W·x + b
yhat = relu(z)
L = 0.5*(yhat - y)**2
"""


def test_a_formula_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "neurona.txt"
    path.write_text(FILE, encoding="utf-8")
    code, out, err = run(capsys, "steps", "-f", str(path), *SEED004)
    assert code == 0 and err == ""
    assert out == run(capsys, "steps", NAMED, *SEED004)[1]
    path.write_bytes(b"\xef\xbb\xbf" + FILE.encode("utf-8"))            # a byte-order mark (Notepad) is fine
    assert run(capsys, "steps", "-f", str(path), *SEED004)[1] == out
    assert run(capsys, "check", *SEED004, "-f", str(path))[0] == 0       # -f anywhere on the line


@pytest.mark.parametrize(("content", "lang", "needles"), [
    (FILE.replace("yhat = relu(z)", "yhat = relu(z) + q.r"), "en",
     ["neurona.txt: line 3, column 18: not allowed: attribute access", "  yhat = relu(z) + q.r", "^^^"]),
    (FILE.replace("yhat = relu(z)", "yhat = relu(z) + q.r"), "es",
     ["neurona.txt: línea 3, columna 18: no se permite: acceso a atributos"]),
    (FILE.replace("L = 0.5*(yhat - y)**2", "L = 0.5*(yhat - yy)**2"), "en",
     ["line 4, column 17: unknown variable(s) yy", "did you mean y?"]),
    (FILE + "z = 2*x\n", "en", ["line 5, column 1: z is assigned twice (first on line 2)"]),
])
def test_a_formula_file_error_names_the_file_and_the_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                           content: str, lang: str, needles: list[str]) -> None:
    path = tmp_path / "neurona.txt"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "steps", "-f", str(path), *SEED004, "--lang", lang)
    assert code == 2 and out == "" and err.startswith("pizarra steps: error: ")
    for needle in needles:
        assert needle in err


def test_formula_files_that_cannot_be_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from viz.cli.input import MAX_FILE_BYTES

    missing = tmp_path / "nada.txt"
    assert run(capsys, "steps", "-f", str(missing), "x=1")[2] == \
        f"pizarra steps: error: No such file or directory: {missing}\n"
    assert run(capsys, "steps", "-f", str(missing), "x=1", "--lang", "es")[2] == \
        f"pizarra steps: error: no existe: {missing}\n"
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("L = año*2".encode("latin-1"))
    assert "latin1.txt: not UTF-8 text (byte 6 cannot be read)" in run(capsys, "steps", "-f", str(latin1), "x=1")[2]
    huge = tmp_path / "huge.txt"
    huge.write_text("x + " * MAX_FILE_BYTES, encoding="utf-8")
    code, _, err = run(capsys, "steps", "-f", str(huge), "x=1", "--lang", "es")
    assert code == 2 and "huge.txt: es demasiado grande para un archivo de fórmula" in err
    code, _, err = run(capsys, "steps", "-f", str(tmp_path), "x=1")
    assert code == 2 and str(tmp_path) in err and "Traceback" not in err


def test_neither_a_formula_nor_a_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "steps")
    assert code == 2 and out == "" and err.startswith("usage: pizarra steps") and "or a file of it with -f FILE" in err
    code, out, err = run(capsys, "steps", "--lang", "es")
    assert code == 2 and err.startswith("uso: pizarra steps") and "falta la fórmula" in err


# --- numbers typed by a person: a format message, and no silent underflow (issue 17) ----------------------

@pytest.mark.parametrize(("item", "lang", "message"), [
    ("x=1e-400", "en", "'x=1e-400': the value of x is too small for a float (below 2.2e−308), got '1e-400'"),
    ("x=4e-320", "en", "too small for a float"),
    ("x=-1e-400", "es", "'x=-1e-400': el valor de x es demasiado chico para un float (menor que 2,2e−308)"),
    ("x=1e309", "en", "'x=1e309': the value of x must be finite, got '1e309'"),
    ("x=1.000,5", "es", "'x=1.000,5': el valor de x no está escrito como un número: '1.000,5' (usar la coma "
                        "decimal sin separador de miles: 1000,5)"),
    ("x=1,5", "en", "must be a number, got '1,5' (use a decimal point, or a decimal comma with --decimal ,"),
])
def test_a_typed_number_that_is_not_one_gets_a_message_about_its_form(
        item: str, lang: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["steps", "w*x", "w=2", item, "--lang", lang]) == 2
    assert message in capsys.readouterr().err


def test_zero_written_any_way_is_still_zero() -> None:
    assert parse_assignments(["a=0", "b=0e-400", "c=−0,0", "d=0.000"], decimal=",") == {"a": 0, "b": 0, "c": 0, "d": 0}
