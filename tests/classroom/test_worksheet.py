"""Exercise sheets: reproducible from the seed, keys that agree with the engine, answers files that round-trip."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from nn import MLP, losses
from viz.classroom.answers import parse_answers
from viz.classroom.worksheet import Worksheet, worksheet
from viz.cli import main


def key_numbers(sheet: Worksheet) -> dict[str, float]:
    """The "every number" table of the Markdown key, read back as floats."""
    md = sheet.key_markdown()
    heading = "## Todos los números" if sheet.lang == "es" else "## Every number"
    table = md.split(heading, 1)[1].split("\n\n", 2)[1]
    numbers = {}
    for line in table.splitlines()[2:]:
        name, value = (c.strip() for c in line.strip("|").split("|"))
        numbers[name] = float(value.replace(",", ".").replace("−", "-"))
    return numbers


def fill_template(sheet: Worksheet, digits: int = 3) -> dict[str, object]:
    """The answers file with every blank filled from the key, rounded like a student would."""
    data = yaml.safe_load(sheet.answers_template())
    sol = sheet.solution()
    for name in data["answers"]:
        value = np.round(np.asarray(sol.value(name), dtype=float), digits)
        blank = data["answers"][name]
        data["answers"][name] = value.item() if blank is None else value.reshape(np.shape(blank)).tolist()
    return data


@pytest.mark.parametrize(("kind", "seed"), [("two-layer", 17), ("two-layer", 3), ("neuron", 17), ("neuron", 5)])
def test_key_agrees_with_the_engine(kind: str, seed: int) -> None:
    sheet = worksheet(kind, seed, notation="es")
    ex = sheet.exercise
    net = MLP.from_weights(ex.weights, ex.biases, ex.activations)   # built again, without viz.classroom.answers
    J = losses.get(ex.loss)(net(ex.x.tolist()), ex.target)
    J.backward()
    numbers = key_numbers(sheet)
    assert numbers["J"] == pytest.approx(J.data, rel=1e-3)
    for layer_no, layer in enumerate(net.layers, start=1):
        suffix = "" if kind == "neuron" else str(layer_no)
        for (i, j), g in np.ndenumerate(layer.grad_matrix()):
            assert numbers[f"dJ/dW{suffix}[{i + 1},{j + 1}]" if layer.grad_matrix().size > 1 else f"dJ/dW{suffix}"] \
                == pytest.approx(g, rel=1e-3, abs=1e-12)
        for i, g in enumerate(layer.bias_grad()):
            name = f"dJ/db{suffix}" + (f"[{i + 1}]" if layer.nout > 1 else "")
            assert numbers[name] == pytest.approx(g, rel=1e-3, abs=1e-12)


@pytest.mark.parametrize(("kind", "seed", "lang"), [("two-layer", 17, "es"), ("neuron", 4, "en"),
                                                    ("two-layer", 8, "en")])
def test_answers_template_round_trip(kind: str, seed: int, lang: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    sheet = worksheet(kind, seed, notation=lang)
    template = yaml.safe_load(sheet.answers_template())
    assert set(template["answers"]) == set(sheet.answer_names())
    assert all(v is None or np.all(np.asarray(v) == None) for v in template["answers"].values())  # noqa: E711
    filled = fill_template(sheet)
    assert parse_answers(filled).check().passed
    # the file on disk, through the command
    path = tmp_path / "filled.yaml"
    path.write_text(yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")
    assert main(["check-answers", str(path), "--lang", lang]) == 0
    # one wrong number is caught
    name = sheet.gradient_names()[-1]
    wrong = np.asarray(filled["answers"][name], dtype=float) + 0.5
    filled["answers"][name] = wrong.tolist()
    path.write_text(yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")
    assert main(["check-answers", str(path)]) == 1
    capsys.readouterr()


def test_same_seed_same_bytes_and_different_seeds_differ() -> None:
    first = worksheet("two-layer", 17, notation="es").files()
    assert first == worksheet("two-layer", 17, notation="es").files()
    statements = {worksheet("two-layer", s, notation="es").statement_markdown() for s in range(8)}
    assert len(statements) == 8
    weights = {str(worksheet("neuron", s, notation="en").exercise.weights[0].tolist()) for s in range(8)}
    assert len(weights) >= 7


def test_file_names_and_languages(tmp_path: Path) -> None:
    es = worksheet("two-layer", 17, notation="es")
    assert sorted(es.files()) == ["clave_red_17.md", "clave_red_17.tex", "hoja_red_17.md", "hoja_red_17.tex",
                                  "respuestas_red_17.yaml"]
    en = worksheet("two-layer", 17, notation="en")
    assert sorted(en.files()) == ["answers_network_17.yaml", "key_network_17.md", "key_network_17.tex",
                                  "sheet_network_17.md", "sheet_network_17.tex"]
    assert "0{,}" in es.statement_markdown() and "Dada la observación" in es.statement_markdown()
    assert "0{," not in en.statement_markdown() and "Given the observation" in en.statement_markdown()
    assert es.exercise.weights[0].tolist() == en.exercise.weights[0].tolist()  # language does not change the draw
    written = es.write(tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(es.files())
    assert (tmp_path / "out" / "hoja_red_17.md").read_text(encoding="utf-8") == es.statement_markdown()


def test_sheets_of_both_kinds_with_one_seed_do_not_overwrite_each_other(tmp_path: Path) -> None:
    neuron, network = worksheet("neuron", 17, notation="es"), worksheet("two-layer", 17, notation="es")
    written = neuron.write(tmp_path) + network.write(tmp_path)
    assert len({p.name for p in written}) == 10 == len(list(tmp_path.iterdir()))
    assert "hoja_neurona_17.md" in neuron.files() and "respuestas_neurona_17.yaml" in neuron.files()
    for sheet in (neuron, network):   # each answers file keeps its kind, and is graded against its own sheet
        data = yaml.safe_load((tmp_path / f"{sheet.filenames()['answers']}.yaml").read_text(encoding="utf-8"))
        assert data["kind"] == sheet.kind and sheet.filenames()["answers"] + ".yaml" in sheet.statement_markdown()


@pytest.mark.parametrize("doc", ["statement_latex", "key_latex"])
@pytest.mark.parametrize("kind", ["neuron", "two-layer"])
def test_latex_structure(doc: str, kind: str) -> None:
    tex = getattr(worksheet(kind, 17, notation="es"), doc)()
    assert tex.startswith("\\documentclass") and tex.rstrip().endswith("\\end{document}")
    assert tex.count("\\begin{document}") == 1
    begins = re.findall(r"\\begin\{(\w+)\}", tex)
    ends = re.findall(r"\\end\{(\w+)\}", tex)
    assert sorted(begins) == sorted(ends)
    depth = 0
    for ch in tex.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    body = tex.split("\\begin{document}", 1)[1]
    text_only = re.sub(r"\$[^$]*\$|\\\[.*?\\\]|\\ensuremath\{(?:[^{}]|\{[^{}]*\})*\}", "", body, flags=re.S)
    assert not re.search(r"(?<!\\)[_#%&]", text_only.replace(" & ", "").replace(r"\&", ""))
    if doc == "statement_latex":
        assert f"respuestas\\_{'neurona' if kind == 'neuron' else 'red'}\\_17.yaml" in tex


def test_neuron_key_has_the_step_table_and_two_layer_the_compact_one() -> None:
    neuron = worksheet("neuron", 2, notation="es", activation="relu")
    md = neuron.key_markdown()
    assert "| paso | nodo |" in md and "ReLU" in md
    assert "\\begin{tabular}{rlrlllrrr}" in neuron.key_latex()
    two = worksheet("two-layer", 2, notation="en", activation="sigmoid", output_activation="sigmoid", loss="mse")
    md = two.key_markdown()
    assert "| layer | neuron | z | y = g(z) |" in md and "1 (sigmoid)" in md
    sol = two.solution()
    z1 = sol.nodes("z1")[0]
    # g'(z) in the compact table is the local derivative the backward pass used: y(1 − y) for a sigmoid
    y = sol.nodes("y1")[0].data
    row = next(line for line in md.splitlines() if line.startswith("| 1 | 1 (sigmoid)"))
    assert row.split("|")[5].strip() == f"{y * (1 - y):.4g}" and z1.label == "z1[1]"


def test_options_and_sanity() -> None:
    sheet = worksheet("two-layer", 9, notation="en", activation="tanh", output_activation="sigmoid", loss="bce")
    assert sheet.exercise.activations == ["tanh", "sigmoid"] and sheet.exercise.target in (0.0, 1.0)
    assert "\\ln" in sheet.statement_markdown()
    assert worksheet("two-layer", 1, notation="en", sizes=(3, 2)).exercise.weights[0].shape == (2, 3)
    for seed in range(12):  # no ReLU at its kink, no ReLU layer switched off
        s = worksheet("neuron", seed, notation="en", activation="relu")
        z = s.solution().value("z")
        assert float(np.asarray(z).item()) >= 0.1
        ex = s.exercise
        assert all(abs(w) <= 1 and w != 0 for w in ex.weights[0].ravel())
    with pytest.raises(ValueError, match="unknown kind"):
        worksheet("three-layer", 1)
    with pytest.raises(ValueError, match="sigmoid output"):
        worksheet("two-layer", 1, output_activation="linear", loss="bce")
    with pytest.raises(ValueError, match="unknown language"):
        worksheet("neuron", 1, notation="fr")
    with pytest.raises(ValueError, match="sizes"):
        worksheet("neuron", 1, sizes=(2, 3))


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worksheet", "--kind", "two-layer", "--seed", "17", "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert out == worksheet("two-layer", 17, notation="es").statement_markdown()
    assert main(["worksheet", "--kind", "neuron", "--seed", "3", "--lang", "en", "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers_neuron_3.yaml", "key_neuron_3.md",
                                                          "key_neuron_3.tex", "sheet_neuron_3.md", "sheet_neuron_3.tex"]
    assert "wrote" in capsys.readouterr().err
    assert main(["worksheet", "--kind", "neuron", "--output-activation", "linear"]) == 2
    assert "output_activation" in capsys.readouterr().err
    # the blank answers file is valid and grades as all wrong (exit 1), without giving away derivations
    assert main(["check-answers", str(tmp_path / "answers_neuron_3.yaml")]) == 1
    assert "chain rule" not in capsys.readouterr().out


def test_answers_file_records_the_sheet_it_was_drawn_from() -> None:
    plain = yaml.safe_load(worksheet("two-layer", 17, notation="es").answers_template())
    assert (plain["kind"], plain["seed"], plain["lang"]) == ("two-layer", 17, "es") and "options" not in plain
    sheet = worksheet("two-layer", 5, notation="en", activation="relu", loss="mse", sizes=(3, 2))
    data = yaml.safe_load(sheet.answers_template())
    assert data["options"] == {"activation": "relu", "loss": "mse", "sizes": [3, 2]}
    assert dict(sheet.options) == {"activation": "relu", "loss": "mse", "sizes": [3, 2]}
    # the options change the draw, so without them the seed gives another exercise; with them the same one
    assert worksheet("two-layer", 5, notation="en").exercise.to_dict() != sheet.exercise.to_dict()
    assert worksheet("two-layer", 5, notation="en", **data["options"]).exercise.to_dict() == sheet.exercise.to_dict()
    assert "--lang" not in sheet.answers_template()  # the grader reads lang: from the file


# --- a sheet that reads like a teacher wrote it ------------------------------------------------------

def test_the_statement_says_what_g_is_and_keeps_symbols_in_math() -> None:
    relu = worksheet("two-layer", 17, notation="es", activation="relu", output_activation="linear")
    md = relu.statement_markdown()
    assert "$g_1 = \\mathrm{ReLU}$ (la unidad lineal rectificada)" in md and "(ReLU)" not in md
    assert "$g_2 = \\mathrm{id}$ (la identidad: una capa lineal)" in md and "\\mathrm{id}(z) = z" in md
    assert "lee x" not in md and "($x^{(1)} = x$, $x^{(2)} = y^{(1)}$)" in md
    for act, symbol in (("sigmoid", "\\sigma"), ("relu", "\\mathrm{ReLU}"), ("tanh", "\\tanh")):
        neuron = worksheet("neuron", 3, notation="es", activation=act).statement_markdown()
        assert f"$\\hat{{y}} = g(W x + b)$ con $g = {symbol}$, ${symbol}(z) = " in neuron
    english = worksheet("neuron", 3, notation="en", activation="sigmoid").statement_markdown()
    assert "with $g = \\sigma$, $\\sigma(z) = \\frac{1}{1 + e^{-z}}$ (the sigmoid), and has the parameters" in english


def test_parameters_and_intermediate_quantities_are_asked_for_apart() -> None:
    md = worksheet("neuron", 17, notation="es").statement_markdown()
    items = [line for line in md.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert items[1].startswith("2. las derivadas de $J$ respecto de cada parámetro")
    assert "\\partial W}" in items[1] and "\\partial b}" in items[1] and "\\partial z}" not in items[1]
    assert "\\partial x}" not in items[1]
    assert items[2].startswith("3. las derivadas de $J$ respecto de la cantidad intermedia $z$ y de la entrada $x$")
    two = worksheet("two-layer", 17, notation="en").statement_markdown()
    assert "each parameter" in two and "intermediate" not in two
    for sheet in (worksheet("neuron", 17, notation="en"), worksheet("two-layer", 17, notation="en")):
        text = sheet.statement_markdown()
        assert "derivatives of $J$" in text and "derivatives of J " not in text


def test_spanish_sheets_speak_neutral_spanish_and_name_activations_in_spanish() -> None:
    from viz.classroom.words import WORDS

    spanish = " ".join(WORDS("es").values())
    for voseo in ("Escribí", "reemplazá", "Pasá", "corregí", "Usá", "poné", "tenés", "podés"):
        assert voseo not in spanish
    key = worksheet("two-layer", 2, notation="es", activation="sigmoid", output_activation="linear").key_markdown()
    assert "| 1 | 1 (sigmoide) |" in key and "| 2 | 1 (lineal) |" in key and "(sigmoid)" not in key
    sheet = worksheet("two-layer", 2, notation="es")
    assert "Completar las respuestas en" in sheet.statement_markdown()
    assert "reemplazar cada null" in sheet.answers_template()


@pytest.mark.parametrize("kind", ["neuron", "two-layer"])
@pytest.mark.parametrize("seed", range(6))
def test_the_key_shows_the_chain_rule_of_every_answer(kind: str, seed: int) -> None:
    from viz.classroom.key_chain import chain_lines

    sheet = worksheet(kind, seed, notation="es")
    sol = sheet.solution()
    lines = chain_lines(sheet.kind, sheet.exercise.weights, sheet.exercise.activations, sol)
    assert set(sheet.gradient_names()) <= {line.answer for line in lines}
    for line in lines:   # the factors, read from the engine, multiply to the answer, read from the engine
        product = line.factors[0]
        for op, factor in zip(line.ops, line.factors[1:]):
            product = product @ factor if op == r"\cdot" and product.shape[1] == factor.shape[0] else product * factor
        np.testing.assert_allclose(product.reshape(line.result.shape), line.result, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(line.result, np.asarray(sol.value(line.answer)), rtol=0, atol=0)
    key = sheet.key_markdown()
    for line in lines:
        assert line.tex(sheet.notation) in key
    assert "Cada derivada a partir de la anterior" in key


def test_the_chain_rule_is_written_the_way_the_course_writes_it() -> None:
    sheet = worksheet("two-layer", 17, notation="es", activation="sigmoid", output_activation="sigmoid", loss="mse")
    key = sheet.key_markdown()
    assert "\\frac{\\partial J}{\\partial W^{(2)}} = \\frac{\\partial J}{\\partial z^{(2)}} \\cdot y^{(1)T} = (" in key
    assert "\\frac{\\partial J}{\\partial z^{(1)}} = \\frac{\\partial J}{\\partial y^{(1)}} \\odot g_1'(z^{(1)}) = " \
        in key
    assert "\\frac{\\partial J}{\\partial y^{(1)}} = W^{(2)T} \\cdot \\frac{\\partial J}{\\partial z^{(2)}} = " in key
    neuron = worksheet("neuron", 4, notation="en", activation="relu").key_markdown()
    assert "\\frac{\\partial J}{\\partial z} = \\frac{\\partial J}{\\partial \\hat{y}} \\cdot g'(z) = (" in neuron
    assert "\\frac{\\partial J}{\\partial x} = W^T \\cdot \\frac{\\partial J}{\\partial z} = " in neuron
