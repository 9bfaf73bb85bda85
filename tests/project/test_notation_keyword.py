"""Issue 21, item 3: every public printer takes ``notation=``; the old ``lang=, decimal=, precision=`` still work
for one release, with a DeprecationWarning, and write the same text as the notation they stand for."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from autograd import Value, gradcheck, trace_backward
from autograd.names import node_names
from autograd.text import Notation


def _graph() -> Value:
    x, w = Value(-0.25, label="x"), Value(2.0, label="w")
    loss = (x * w + 0.123456) ** 2
    loss.label = "L"
    return loss


def _sheet_report() -> object:
    from viz.classroom.sheet_answers import check_sheet_answers
    from viz.classroom.worksheet import worksheet

    sheet = worksheet("neuron", 3, notation="es")
    return check_sheet_answers(sheet, {"J": sheet.solution().value("J") + 1.0})


#: name → a call that takes the notation's keywords, and returns what it writes.
CALLS: dict[str, Callable[..., object]] = {
    "trace_backward": lambda **kw: str(trace_backward(_graph(), **kw)),
    "Trace.to_text": lambda **kw: trace_backward(_graph()).to_text(caption=True, **kw),
    "Trace.to_markdown": lambda **kw: trace_backward(_graph()).to_markdown(**kw),
    "Trace.to_latex": lambda **kw: trace_backward(_graph()).to_latex(**kw),
    "Trace.to_html": lambda **kw: trace_backward(_graph()).to_html(**kw),
    "Trace.to_rows": lambda **kw: trace_backward(_graph()).to_rows(**kw),
    "Trace.headers": lambda **kw: trace_backward(_graph()).headers(**kw),
    "Step.caption": lambda **kw: trace_backward(_graph())[1].caption(**kw),
    "node_names": lambda **kw: sorted(node_names(_graph(), **kw).values()),
    "GradcheckReport.to_text": lambda **kw: gradcheck(lambda x: x * 0.123456, [0.25]).to_text(**kw),
    "check_answers": lambda **kw: _check_answers(**kw),
    "worksheet": lambda **kw: _worksheet(**kw),
}


def _check_answers(**kw: object) -> str:
    from viz.classroom.grading import check_answers

    x = Value(3.0, label="x")
    loss = x * 0.123456
    loss.label = "L"
    return check_answers(loss, {"dL/dx": 0.5}, **kw).to_text()  # type: ignore[arg-type]


def _worksheet(**kw: object) -> str:
    from viz.classroom.worksheet import worksheet

    return worksheet("neuron", 5, **kw).key_markdown()  # type: ignore[arg-type]


OLD = [({"lang": "es"}, Notation("es")), ({"lang": "es", "decimal": "."}, Notation("es", ".")),
       ({"precision": 2}, Notation(precision=2)), ({"decimal": ","}, Notation(decimal=","))]


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize(("old", "notation"), OLD, ids=lambda v: repr(v))
def test_each_old_keyword_still_works_with_a_deprecation_warning(name: str, old: dict[str, object],
                                                                 notation: Notation) -> None:
    call = CALLS[name]
    expected = call(notation=notation)
    with pytest.warns(DeprecationWarning, match=r"the keywords .* are deprecated.*notation="):
        assert call(**old) == expected
    with pytest.raises(TypeError, match="not both"):
        call(notation=notation, **old)


def test_a_language_code_is_its_notation() -> None:
    for name, call in CALLS.items():
        assert call(notation="es") == call(notation=Notation("es")), name
        assert call() == call(notation=Notation()), name


def test_a_report_keeps_its_own_notation_unless_another_is_given() -> None:
    report = _sheet_report()
    spanish = report.to_text()  # type: ignore[attr-defined]
    assert "respuestas" in spanish.lower() and spanish == report.to_text(notation="es")  # type: ignore[attr-defined]
    assert report.to_text(notation="en") != spanish  # type: ignore[attr-defined]
    with pytest.warns(DeprecationWarning):  # the old precision= alone keeps the report's language and mark
        assert report.to_text(precision=6) == report.to_text(notation=Notation("es", precision=6))  # type: ignore[attr-defined]


def test_a_keyword_that_never_was_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        trace_backward(_graph()).to_text(colour="red")


def test_interactive_view_reads_an_old_lang_unless_the_function_takes_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib.figure import Figure

    from viz.interactive import Still, interactive_view
    from viz.words import WORDS

    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # the still picture, drawn with the controls' values
    drawn: list[str] = []

    def picture(lang: str = "en") -> Figure:
        drawn.append(lang)
        return Figure(figsize=(1, 1), dpi=10)

    def plain() -> Figure:
        return Figure(figsize=(1, 1), dpi=10)

    with pytest.warns(DeprecationWarning, match=r"interactive_view\(\): the keywords lang="):
        old = interactive_view(plain, lang="es")
    assert isinstance(old, Still) and old.bundle["text/plain"] == WORDS("es")["plot_still"]
    mine = interactive_view(picture, lang="es")  # the function's own parameter: no warning (the suite errs on one)
    assert drawn == ["es"] and mine.bundle["text/plain"] == WORDS("en")["plot_still"]


def test_grade_files_grades_each_file_in_its_own_language_unless_told(tmp_path: Path) -> None:
    from viz.classroom.summary import grade_files
    from viz.classroom.worksheet import worksheet

    paths = []
    for lang in ("es", "en"):
        sheet = worksheet("neuron", 3, notation=lang)
        paths.append(tmp_path / f"{lang}.yaml")
        paths[-1].write_text(sheet.answers_text({"J": sheet.solution().value("J") + 1.0}), encoding="utf-8")

    def notations(summary: Any) -> list[Notation]:
        return [f.report.notation for f in summary]

    assert notations(grade_files(paths)) == [Notation("es"), Notation("en")]
    assert notations(grade_files(paths, notation="es")) == [Notation("es")] * 2
    assert grade_files(paths, notation="es").lang == "es" and grade_files(paths).lang == "en"  # files disagree
    with pytest.warns(DeprecationWarning):  # the old decimal= alone kept each file's language
        assert notations(grade_files(paths, decimal=".")) == [Notation("es", "."), Notation("en", ".")]
    with pytest.warns(DeprecationWarning):
        assert notations(grade_files(paths, lang="es", precision=6)) == [Notation("es", precision=6)] * 2
