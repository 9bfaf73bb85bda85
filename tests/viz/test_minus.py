"""One minus sign (issue 16, item 3): every number a class sees is written with ``−`` (U+2212), by the one
formatter (:meth:`autograd.text.Notation.number`), and everything that reads numbers back takes ``-`` and ``−``.

What a class sees is the visible text only: the labels and text nodes of a diagram, a table's cells,
a page's text, a plot's tick labels.  Ids, attributes and machine-read files (``repr``, JSON, a YAML
file's numbers, TeX's math source, where ``-`` is typeset as the minus sign) keep ASCII.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from matplotlib.backends.backend_agg import FigureCanvasAgg

import viz
from autograd import Value, gradcheck, trace_backward
from autograd.names import node_names
from autograd.text import MINUS, Notation, format_number, parse_number
from nn import MLP
from viz.classroom.answers import NetworkExercise, check_answers
from viz.classroom.formula import Formula, FormulaError, parse
from viz.classroom.loading import load_answers, load_key, parse_answers
from viz.classroom.worksheet import worksheet
from viz.cli import main, parse_assignments
from viz.demo import relu_neuron
from viz.plots import plot_data, plot_history

#: A hyphen-minus used as a minus sign: before a digit, not inside a word or a range such as ``2-3-1``;
#: or an exponent's (``1e-06``).
HYPHEN_MINUS = re.compile(r"(?<![\w.\-])-(?=\d)|(?<=\de)-(?=\d)")
SVG = "{http://www.w3.org/2000/svg}"

# The course's network with a sample: negative weights, inputs and gradients.
WEIGHTS = [[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]]
BIASES = [[0.1, 0.5, 0.8], [0.7]]


def hyphens(text: str) -> list[str]:
    """Each hyphen-minus used as a minus in ``text``, with a little context."""
    return [text[max(0, m.start() - 15):m.end() + 5] for m in HYPHEN_MINUS.finditer(text)]


def without_tex_math(text: str) -> str:
    """Markdown without its ``$…$`` math: TeX source, where ``-`` is typeset as the minus sign."""
    return re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$", " ", text, flags=re.S)


class _Text(HTMLParser):
    """The text nodes of an HTML page (not its scripts' or styles' source, not its attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return "\n".join(parser.parts)


def svg_text(svg: str) -> str:
    """The ``<text>`` of an SVG (what graphviz draws), not its ids, titles or attributes."""
    root = ET.fromstring(svg[svg.index("<svg"):])
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def strings(data: Any) -> list[str]:
    """Every string in a JSON value (the player's data: the texts its script shows)."""
    found, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def assert_one_minus(what: str, text: str, negative: bool = True) -> None:
    """No hyphen-minus before a digit in ``text``; with ``negative``, some number in it has the minus sign."""
    assert MINUS in text or not negative, f"{what}: expected some negative number in this output"
    assert not hyphens(text), f"{what}: hyphen-minus before a digit: {hyphens(text)}"


# --- the one formatter ------------------------------------------------------------------------------

def test_the_one_formatter_writes_the_minus_sign_everywhere_in_a_number() -> None:
    assert format_number(-4.0) == "−4" and Notation("es").number(-0.5) == "−0,5"
    assert Notation("es", precision=2).number(-0.000012) == "−1,2e−05"   # the exponent's minus too
    assert Notation().number(12345678.0) == "1.235e+07" and Notation().number(-0.0) == "0"
    assert Notation().math(-8.0) == Notation().number(-8.0) == "−8"
    assert Notation("es").factor(-0.5) == "(−0,5)" and Notation().factor(4.0) == "4"
    assert repr(Value(-4.0)) == "Value(data=-4, grad=0)"                  # repr is for Python: ASCII


def test_hyphen_minus_finder() -> None:
    """The check below finds a minus written as a hyphen, and not a range or a word's hyphen."""
    assert hyphens("grad -4") and hyphens("(a from −9e-07)") and hyphens("x = (1,8; -3,4)")
    assert not hyphens("La red 2-3-1, sigmoid-2, grad −4, 1e−06, e_x2_l1_n2")


def test_a_local_derivative_that_is_a_number_is_written_once() -> None:
    """``∂(a − b)/∂b = −1``: the op table's ``−1`` is the number, not ``−1 = −1``."""
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    out = a - b
    out.label = "d"
    rows = [row[5] for row in trace_backward(out).to_rows()[1]]
    assert "∂(a − b)/∂b = −1" in rows and not any("= −1 = −1" in r for r in rows)


# --- every view a class sees ------------------------------------------------------------------------

@pytest.mark.dot
@pytest.mark.parametrize("lang", ["en", "es"])
def test_graph_diagrams_and_tables_use_the_minus_sign(lang: str) -> None:
    loss, _ = relu_neuron()
    steps = trace_backward(loss)
    final = viz.draw(loss, notation=lang).pipe(format="svg").decode()
    assert_one_minus(f"draw ({lang})", svg_text(final))
    at_step = viz.draw_step(steps[8], notation=lang).pipe(format="svg").decode()
    assert_one_minus(f"draw at step 9 ({lang})", svg_text(at_step))
    assert_one_minus(f"trace text ({lang})", steps.to_text(notation=lang, caption=True))
    assert_one_minus(f"trace markdown ({lang})", steps.to_markdown(notation=lang, caption=True))
    assert_one_minus(f"trace html ({lang})", html_text(steps.to_html(notation=lang, caption=True)))
    assert_one_minus(f"captions ({lang})", "\n".join(s.caption(notation=lang) for s in steps))


@pytest.mark.dot
def test_the_player_page_uses_the_minus_sign() -> None:
    page = viz.player(trace_backward(relu_neuron()[0]), notation="es")
    assert isinstance(page, str)
    assert_one_minus("player page text", html_text(page))
    assert_one_minus("player page svg", svg_text(page[page.index("<svg"):page.index("</svg>") + 6]))
    data = json.loads(re.search(r'<script type="application/json" id="pz-data">(.*?)</script>', page, re.S)
                      .group(1))  # type: ignore[union-attr]
    assert_one_minus("player page data", "\n".join(strings(data)))


def test_gradcheck_reports_use_the_minus_sign() -> None:
    report = gradcheck(lambda a, b: (a * b).sigmoid() - a, [-1.5, 0.25])
    assert_one_minus("gradcheck", report.to_text())
    assert_one_minus("gradcheck (es)", report.to_text(notation="es"))
    probe = gradcheck(lambda x: x.sqrt(), [1e-12])  # the note names a probe below 0
    assert_one_minus("gradcheck note", probe.to_text())


@pytest.mark.dot
@pytest.mark.parametrize("lang", ["en", "es"])
def test_network_diagrams_use_the_minus_sign(lang: str) -> None:
    g = viz.network(weights=WEIGHTS, biases=BIASES, activations=["sigmoid", "sigmoid"], x=[1.8, -3.4], y=5,
                    show=viz.NetworkShow(grads=True, parameter_names=True), notation=lang)
    assert_one_minus(f"network ({lang})", svg_text(g.pipe(format="svg").decode()))


def test_worksheets_keys_and_grader_reports_use_the_minus_sign() -> None:
    for lang in ("en", "es"):
        sheet = worksheet("two-layer", 17, notation=lang)
        assert_one_minus(f"worksheet key ({lang})", without_tex_math(sheet.key_markdown()))
        assert_one_minus(f"worksheet statement ({lang})", without_tex_math(sheet.statement_markdown()), False)
    ex = NetworkExercise(WEIGHTS, BIASES, ["sigmoid", "sigmoid"], x=[1.8, -3.4], target=5)
    wrong = {"dJ/db2": 1.115, "dJ/dW1": [[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]]}  # a sign flipped, and nonsense
    for lang in ("en", "es"):
        report = check_answers(ex, wrong, notation=lang)
        assert_one_minus(f"grader text ({lang})", report.to_text())
        assert_one_minus(f"grader markdown ({lang})", report.to_markdown())


def test_the_training_bar_and_the_demo_print_the_minus_sign() -> None:
    from viz.demo import neuron_example

    assert_one_minus("neuron example", neuron_example())


def test_plot_ticks_use_the_minus_sign() -> None:
    X = np.array([[-2.0, -1.5], [1.0, 2.5], [-0.5, 0.3], [2.0, -2.0]])
    for lang in ("en", "es"):
        fig = plot_data(X, [0, 1, 0, 1], notation=lang)
        FigureCanvasAgg(fig).draw()  # tick labels are written when the figure is drawn
        ticks = [t.get_text() for ax in fig.axes for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]]
        assert_one_minus(f"plot ticks ({lang})", "\n".join(ticks))
    fig = plot_history({"loss": [1.0, -0.5, -2.0]})   # a loss that goes negative (a log-likelihood, say)
    FigureCanvasAgg(fig).draw()
    ticks = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert_one_minus("history ticks", "\n".join(ticks))


def test_cli_outputs_use_the_minus_sign(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["steps", "w*x + b", "w=-2", "x=3", "b=1"], ["steps", "w*x", "w=-2", "x=3", "--lang", "es"],
                 ["check", "w*x", "w=-2", "x=3"], ["draw", "w*x", "w=-2", "x=3"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        text = out if argv[0] != "draw" else " ".join(re.findall(r"<TD>(.*?)</TD>", out))
        assert_one_minus(" ".join(argv), text)


# --- everything that reads numbers back takes both signs --------------------------------------------

@pytest.mark.parametrize("text", ["-4", "−4", " −4 ", "−4,0"])
def test_parse_number_reads_both_minus_signs(text: str) -> None:
    assert parse_number(text, ",") == -4.0
    assert parse_number(format_number(-1.2e-05, 6, ","), ",") == pytest.approx(-1.2e-05)


def test_name_value_pairs_take_both_minus_signs() -> None:
    assert parse_assignments(["w=−4", "x=-4", "b=−0,5"], decimal=",") == {"w": -4.0, "x": -4.0, "b": -0.5}


def test_cli_options_read_the_minus_sign(capsys: pytest.CaptureFixture[str]) -> None:
    """``--atol −1`` is a negative number (refused as one), not "not a number"."""
    for minus in ("-", MINUS):
        assert main(["check", "w*x", "w=2", "x=3", f"--atol={minus}1"]) == 2
        assert "finite number ≥ 0" in capsys.readouterr().err


def test_a_formula_takes_the_minus_sign_a_table_prints() -> None:
    same = parse("w*x − 4", {"w": 2, "x": 3}), parse("w*x - 4", {"w": 2, "x": 3})
    assert same[0].data == same[1].data == 2.0
    assert parse("−4*w", {"w": 2}).data == -8.0 and parse("w − −4", {"w": 1}).data == 5.0
    squared = parse("(w*x − 1)**2", {"w": 1, "x": 3})
    assert node_names(squared)[squared.parents[0]] == "w·x − 1"   # named in the class's notation, with its −
    with pytest.raises(FormulaError) as error:
        Formula("−4 ^ w")
    assert error.value.text == "−4 ^ w" and "\n  −4 ^ w\n     ^" in str(error.value)   # the caret on the ^


def answers_yaml(minus: str) -> str:
    """An answers file with negative numbers written unquoted with ``minus`` (``−4`` is a YAML string)."""
    m = minus
    return (f"network:\n  weights: [[[0.1, {m}0.5], [{m}0.3, {m}0.9], [0.8, 0.02]], [[{m}0.4, 0.2, {m}0.5]]]\n"
            f"  biases: [[0.1, 0.5, 0.8], [0.7]]\n  activations: [sigmoid, sigmoid]\n"
            f"input: [1.8, {m}3.4]\ntarget: 5\n"
            f"answers:\n  dJ/db2: {m}1.117\n  dJ/dW2: [[{m}0.6, {m}0.66, {m}0.7]]\n")


def test_answers_files_take_both_minus_signs(tmp_path: Path) -> None:
    reports = []
    for minus in ("-", MINUS):
        data = yaml.safe_load(answers_yaml(minus))
        assert isinstance(data["answers"]["dJ/db2"], float if minus == "-" else str)
        path = tmp_path / f"answers{ord(minus)}.yaml"
        path.write_text(answers_yaml(minus), encoding="utf-8")
        reports.append(load_answers(path).check())
    hyphen, minus_sign = ([c.ok for c in r.checks] for r in reports)
    assert hyphen == minus_sign
    assert reports[0].checks[0].ok and reports[1].checks[0].ok   # dJ/db2 = −1.117, read from '−1.117'
    assert [e.claimed for e in reports[1].checks[1].entries] == [-0.6, -0.66, -0.7]


def test_a_formula_key_with_the_minus_sign_is_the_same_exercise(tmp_path: Path) -> None:
    key, student = tmp_path / "key.yaml", tmp_path / "student.yaml"
    key.write_text("expression: \"w*x − b\"\nvariables: {w: −2, x: 3, b: −0.5}\n"
                   "answers:\n  d/dw: 3\n  d/dx: −2\n", encoding="utf-8")
    student.write_text("expression: \"w*x - b\"\nvariables: {w: -2, x: 3, b: -0.5}\n"
                       "answers:\n  d/dw: 3\n  d/dx: −2.0\n", encoding="utf-8")
    report = load_answers(student).check(load_key(key))
    assert all(c.ok for c in report.checks)


def test_a_filled_worksheet_template_with_the_minus_sign_is_graded() -> None:
    sheet = worksheet("neuron", 5, notation="es")
    data = yaml.safe_load(sheet.answers_template())
    sol = sheet.solution()
    for name in data["answers"]:
        value = np.round(np.asarray(sol.value(name), dtype=float), 4)
        texts = [Notation("es").number(v) for v in value.reshape(-1).tolist()]   # as the key prints them
        data["answers"][name] = texts[0] if value.size == 1 else np.reshape(texts, value.shape).tolist()
    assert any(MINUS in str(v) for v in data["answers"].values())
    report = parse_answers(data, "hoja.yaml").check()
    assert all(c.ok for c in report.checks)


def test_machine_read_files_keep_ascii(tmp_path: Path) -> None:
    """A model file and an answers file's numbers are for a program: JSON/YAML floats, with ASCII ``-``."""
    net = MLP.from_weights(WEIGHTS, BIASES, ["sigmoid", "sigmoid"])
    model = net.save(tmp_path / "model.json").read_text(encoding="utf-8")
    assert "-0.5" in model and MINUS not in model
    template = worksheet("two-layer", 17, notation="es").answers_template()
    weights = yaml.safe_load(template)["network"]["weights"]
    assert "[-0.9, -0.7]" in template and weights[0][1] == [-0.9, -0.7]
