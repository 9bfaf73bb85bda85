"""Notation, word tables and the one table writer (autograd.text)."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable

import pytest

import nn.words
import viz.classroom.words
import viz.cli.help_words
import viz.words
from autograd import text
from autograd.text import LANGS, Notation, WordTable, render_table

TABLES = {"autograd.text": text.WORDS, "nn.words": nn.words.WORDS, "viz.words": viz.words.WORDS,
          "viz.cli.help_words": viz.cli.help_words.HELP, "viz.classroom.words": viz.classroom.words.WORDS,
          "viz.classroom.words.FORBIDDEN": viz.classroom.words.FORBIDDEN}


@pytest.mark.parametrize("name", TABLES)
def test_every_word_table_has_the_same_keys_and_placeholders_in_every_language(name: str) -> None:
    import string

    table = TABLES[name]
    en = table("en")
    for lang in LANGS:
        words = table(lang)
        assert words.keys() == en.keys(), name
        for key, phrase in words.items():
            fields = {f for _, f, _, _ in string.Formatter().parse(phrase) if f}
            english = {f for _, f, _, _ in string.Formatter().parse(en[key]) if f}
            assert fields == english, f"{name}: {lang} {key!r} has fields {fields}, English {english}"
            # empty only when it is in every language (the command's "no hint" after a bad value)
            assert phrase.strip() or not any(table(other)[key] for other in LANGS), f"{name}: {lang} {key!r} is empty"


def test_each_feature_keeps_its_own_words() -> None:
    engine = set(text.WORDS.keys())
    assert not any(k.startswith(("worksheet_", "answers_", "summary_", "player_", "plot_", "viz_")) for k in engine)
    assert engine <= set(viz.classroom.words.WORDS.keys())  # the classroom builds on the engine's words


def test_word_tables_refuse_missing_keys_languages_and_clashes() -> None:
    with pytest.raises(ValueError, match=r"'es' lacks \['b'\]"):
        WordTable(en={"a": "1", "b": "2"}, es={"a": "1"})
    with pytest.raises(ValueError, match="needs exactly the languages en, es"):
        WordTable(en={"a": "1"})
    with pytest.raises(ValueError, match=r"\['a'\] are already in its base table"):
        WordTable(base=WordTable(en={"a": "1"}, es={"a": "1"}), en={"a": "x"}, es={"a": "y"})
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        text.WORDS("fr")


def test_spanish_implies_the_decimal_comma_unless_decimal_is_given() -> None:
    assert Notation().number(0.87912) == "0.8791"
    assert Notation("es").number(0.87912) == "0,8791"
    assert Notation("es", decimal=".").number(0.87912) == "0.8791"
    assert Notation("en", decimal=",", precision=2).number(-1234.5) == "−1,2e+03"
    assert Notation("es").mark == "," and Notation("es").parse("−0,5") == -0.5
    with pytest.raises(ValueError, match="decimal must be"):
        Notation(decimal=";")
    with pytest.raises(ValueError, match="precision must be at least 1"):
        Notation(precision=0)
    with pytest.raises(ValueError, match="unknown language"):
        Notation("de")


def test_equations_write_the_real_minus_sign_and_parenthesize_negative_factors() -> None:
    assert Notation().math(-8.0) == "−8" and Notation().math(8.0) == "8" and Notation().math(-0.0) == "0"
    assert Notation("es").factor(-0.5) == "(−0,5)" and Notation("es").factor(0.5) == "0,5"
    assert Notation(precision=2).factor(-1.2345e-7) == "(−1.2e−07)"
    assert Notation("es").parse(Notation("es").math(-0.25)) == -0.25  # what it writes, it reads


def test_format_and_parse_have_the_same_default_decimal_mark() -> None:
    assert text.format_number(0.5) == "0.5" and text.parse_number("0.5") == 0.5
    with pytest.raises(ValueError, match="decimal comma"):
        text.parse_number("0,5")


def test_one_table_writer_for_four_formats() -> None:
    headers, rows = ["name", "value"], [["x_1 <b>", "−0,5"], ["a&b", "2"]]
    assert render_table(headers, rows).splitlines()[1].startswith("───────")
    md = render_table(headers, rows, "markdown")
    assert "| x\\_1 &lt;b&gt; | −0,5 |" in md and "a&amp;b" in md
    tex = render_table(headers, rows, "latex", align="lr")
    assert tex.startswith(r"\begin{tabular}{lr}") and r"x\_1 \textless{}b\textgreater{} & \ensuremath{-}0,5 \\" in tex
    assert r"$W_1$ & 2 \\" in render_table(headers, [["$W_1$", "2"]], "latex", escape=False)
    page = render_table(headers, rows, "html", align="lr", row_data="step")
    assert '<tr data-step="1"><td style="text-align:left">a&amp;b</td><td style="text-align:right">2</td></tr>' in page
    with pytest.raises(ValueError, match="unknown table format 'rst'"):
        render_table(headers, rows, "rst")
    with pytest.raises(ValueError, match="align must give"):
        render_table(headers, rows, "html", align="lrx")


def _printers() -> dict[str, Callable[..., object]]:
    """Every public function or method that writes numbers or words for a class, by name (issue 21: they take
    ``notation=``); the pictures of :mod:`viz.draw`, :mod:`viz.network` and :mod:`viz.playground` are not here yet."""
    from autograd.batch.equations import equations
    from autograd.batch.program import Program
    from autograd.gradcheck import GradcheckNote, GradcheckReport
    from autograd.names import NodeNames
    from autograd.trace import Step, Trace, node_names, trace_backward
    from viz.classroom.answerfile import AnswerFile
    from viz.classroom.exercises import NetworkExercise
    from viz.classroom.export import exercise_files, write_exercise
    from viz.classroom.grading import AnswerReport, check_answers
    from viz.classroom.sheet_answers import check_sheet_answers
    from viz.classroom.solution import Chain
    from viz.classroom.summary import GradeSummary, grade_files
    from viz.classroom.worksheet import worksheet
    from viz.deck import slide_deck, slides
    from viz.interactive import interactive_view
    from viz.player.page import player
    from viz.player.widget import StaticSteps, player_widget
    from viz.plots import plot_data, plot_decision_boundary, plot_history

    functions: list[Callable[..., object]] = [
        GradcheckNote.to_text, GradcheckReport.to_text, Step.caption, Trace.where, Trace.headers, Trace.row_of,
        Trace.to_rows, Trace.to_text, Trace.to_markdown, Trace.to_latex, Trace.to_html, trace_backward,
        NodeNames.where, node_names, Program.equations, equations, interactive_view, plot_history, plot_data,
        plot_decision_boundary, player, StaticSteps.__init__, player_widget, slides, slide_deck,
        AnswerFile.check, check_sheet_answers, check_answers, AnswerReport.__init__, AnswerReport.wrong_names,
        AnswerReport.to_text, AnswerReport.to_markdown, Chain.render, NetworkExercise.neuron_trace,
        exercise_files, write_exercise, worksheet, grade_files, GradeSummary.title, GradeSummary.rows,
        GradeSummary.to_text, GradeSummary.to_markdown, GradeSummary.to_csv, GradeSummary.write,
    ]
    return {f.__qualname__: f for f in functions}


def test_every_public_printer_takes_one_keyword_only_notation() -> None:
    for name, function in _printers().items():
        params = inspect.signature(function).parameters
        assert "notation" in params, name
        assert params["notation"].kind is inspect.Parameter.KEYWORD_ONLY and params["notation"].default is None, name
        assert not {"lang", "decimal", "precision"} & set(params), name
        # the deprecated keywords are collected by **old (interactive_view's by its **controls)
        assert list(params.values())[-1].kind is inspect.Parameter.VAR_KEYWORD, name
    fields = [(f.name, f.default) for f in dataclasses.fields(Notation)]
    assert fields == [("lang", "en"), ("decimal", None), ("precision", 4)]


def test_spanish_writes_a_decimal_comma_in_every_engine_printer() -> None:
    from autograd import Value, gradcheck, trace_backward
    from autograd.trace import node_names

    report = gradcheck(lambda x: x * 0.5, [0.25])
    assert "0,5" in report.to_text(notation="es") and "0.5" not in report.to_text(notation="es")
    assert "0.5" in report.to_text(notation=Notation("es", decimal="."))
    assert "0,5" in report.to_text(notation=Notation(decimal=","))
    assert "1e−06" in report.to_text() and "0.5 " in report.to_text()  # four significant digits by default
    x = Value(0.25, label="x")
    y = x * 0.5
    steps = trace_backward(y)
    for render in (steps.to_text, steps.to_markdown, steps.to_latex, steps.to_html):
        assert "0,5" in render(notation="es") and "0.5" not in render(notation="es"), render.__name__
    assert steps.to_rows(notation="es")[1] == [steps.row_of(s, notation="es") for s in steps]
    assert steps.row_of(steps[0], notation=Notation("es", precision=2))[5] == "∂(a·b)/∂a = b = 0,5"
    assert node_names(y, notation="es")[y.parents[1]] == "0,5" and node_names(y)[y.parents[1]] == "0.5"
    z = x * 0.123456
    assert node_names(z)[z.parents[1]] == "0.1235"
    with pytest.raises(TypeError):
        report.to_text("es")  # type: ignore[misc]
    with pytest.raises(TypeError):
        steps.to_markdown("es", 4, ",")  # type: ignore[misc]


def test_as_notation_reads_a_notation_a_language_code_or_the_deprecated_keywords() -> None:
    import warnings

    from autograd.text import as_notation

    assert as_notation() == Notation() and as_notation("es") == Notation("es")
    spanish_points = Notation("es", decimal=".", precision=2)
    assert as_notation(spanish_points) is spanish_points
    with pytest.warns(DeprecationWarning, match=r"draw\(\): the keywords lang=, precision= are deprecated"):
        assert as_notation(None, {"lang": "es", "precision": 2}, where="draw") == Notation("es", precision=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(TypeError, match="not both"):
            as_notation("es", {"lang": "es"}, where="draw")
        with pytest.raises(TypeError, match="precision an int"):
            as_notation(None, {"precision": "2"}, where="draw")
    with pytest.raises(TypeError, match=r"draw\(\) got an unexpected keyword argument 'colour'"):
        as_notation(None, {"colour": "red"}, where="draw")
    with pytest.raises(TypeError, match="notation= is a Notation or a language code"):
        as_notation(3, where="draw")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        as_notation("fr")
