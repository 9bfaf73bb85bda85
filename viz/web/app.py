"""What the browser page asks Python, answered as JSON text (the page's ``app.js`` parses it).

Each function takes what the student typed, as the ``pizarra`` command takes it — a formula in the
formula language and values as ``NAME=VALUE`` pairs (``w1=4 x1=1``; with ``lang="es"`` a decimal comma
too) — and answers ``{"ok": true, …}``, or ``{"ok": false, "error": …}`` with the message the command
prints for that mistake, in the class's language, caret included.  Nothing here needs numpy,
matplotlib or pyyaml: the page runs it in Pyodide.  What only the exercise and the check use is imported
when they are first asked for, so the page's first graph waits for less.

    >>> import json
    >>> from viz.layout import use_renderer
    >>> use_renderer(lambda source, fmt: "graph 1 2 1\\n" if fmt == "plain" else "<svg></svg>")
    >>> answer = json.loads(formula("w*x", "w=2 x=3", "es"))
    >>> answer["ok"], answer["steps"], answer["data"]["steps"][0]["caption"]
    (True, 2, '∂L/∂w += ∂L/∂L · ∂L/∂w = 1 · 3 = 3')
    >>> json.loads(formula("w*", "w=2", "es"))["error"].splitlines()[0]
    'columna 3: no es una expresión válida (sintaxis no válida)'
    >>> use_renderer(None)
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from autograd.errors import AutogradError
from autograd.text import Notation, NumberError, parse_number
from autograd.trace import Trace, trace_backward
from autograd.value import Value

from ..classroom.formula import Formula
from ..cli.input import parse_assignments
from ..cli.messages import UsageError, describe
from ..draw import draw
from ..layout import rendered
from ..player.page import SCREEN_ASPECT, stage
from ..words import WORDS

if TYPE_CHECKING:
    from ..classroom.worksheet import Worksheet

__all__ = ["LANGUAGES", "answers_file", "check", "exercise", "formula", "grade", "steps_table", "words"]

#: The page's languages: the ones every word table of the project has.
LANGUAGES = ("es", "en")
#: What a mistake in what was typed can raise (as the ``pizarra`` command catches them).
_MISTAKES = (ValueError, ArithmeticError, AutogradError, RecursionError)


def words(lang: str) -> dict[str, str]:
    """The page's words in ``lang`` (the ``web_*`` entries of :data:`viz.words.WORDS`): the site's builder
    writes them into the page, which shows them before Python has started."""
    table = WORDS(_language(lang))
    return {key: text for key, text in table.items() if key.startswith("web_")}


def formula(text: str, values: str, lang: str, aspect: float = SCREEN_ASPECT) -> str:
    """The stepping stage of ``text`` at ``values``: ``{"ok", "html", "data", "steps", "result"}``.

    ``html`` and ``data`` are :func:`viz.player.page.stage`'s (the page starts ``pizarraPlayer(data)``
    once ``html`` is in the document), the graph laid out for a box of that ``aspect`` (width over height,
    kept between 1 and 3); ``result`` is the formula's value, as the class writes numbers.
    """
    lang = _language(lang)
    notation = Notation(lang)
    try:
        steps = _steps(text, values, notation)
        part = stage(steps, notation, aspect=min(3.0, max(1.0, float(aspect))))
    except _MISTAKES as error:
        return _json({"ok": False, "error": describe(error, lang)})
    return _json({"ok": True, "html": part.html, "data": part.data, "steps": len(steps),
                  "result": notation.number(steps.root.data)})


def steps_table(text: str, values: str, lang: str) -> str:
    """The steps of ``text`` at ``values`` as one HTML table, each with its caption: ``{"ok", "html"}``.

    What the page shows when the browser cannot run Graphviz (no diagram, the same steps).
    """
    lang = _language(lang)
    notation = Notation(lang)
    try:
        steps = _steps(text, values, notation)
    except _MISTAKES as error:
        return _json({"ok": False, "error": describe(error, lang)})
    return _json({"ok": True, "html": steps.to_html(notation=notation, caption=True)})


def check(text: str, values: str, lang: str) -> str:
    """gradcheck of ``text`` at ``values`` (as ``pizarra check``): ``{"ok", "passed", "report", "svg"}``.

    ``report`` is the report's HTML table; ``svg`` the graph drawn with :func:`viz.draw`'s
    ``gradcheck=`` marks (a gradient that disagrees, a kink where it cannot be checked).
    """
    from autograd.gradcheck import gradcheck

    lang = _language(lang)
    notation = Notation(lang)
    try:
        parsed = Formula(text)
        given = parse_assignments(values.split(), notation.mark)
        names = list(given)
        if not names:
            raise UsageError("no_variables_check", source=repr(text))

        def f(*leaves: Value) -> Value:
            return parsed.evaluate(dict(zip(names, leaves)))

        report = gradcheck(f, [Value(given[n], label=n) for n in names])
        graph = draw(report.output, gradcheck=report, notation=notation, fit="16:9")
        svg = rendered(graph, "svg")
    except _MISTAKES as error:
        return _json({"ok": False, "error": describe(error, lang)})
    return _json({"ok": True, "passed": report.passed, "svg": svg[svg.index("<svg"):],
                  "report": report.to_text(notation=notation, fmt="html")})


def exercise(kind: str, seed: int, lang: str) -> str:
    """The worksheet exercise ``kind`` (``"neuron"``, ``"two-layer"``) of ``seed``, as ``pizarra worksheet``
    makes it: ``{"ok", "title", "statement", "svg", "fields", "filename"}``.

    ``statement`` is the sheet's statement as HTML (its math as TeX, which the page typesets); ``svg`` the
    network with its weights (no values: they are the answers); ``fields`` one per asked quantity, each
    with one entry per number, named as the answers file names them (``dJ/dW1[2,1]``).
    """
    from ..classroom.names import entry_suffix
    from ..network import NetworkLayout, NetworkShow, network

    lang = _language(lang)
    try:
        sheet = _sheet(kind, seed, lang)
        solution = sheet.solution()
        fields = []
        for name in sheet.answer_names():
            numbers, shape = solution.numbers(name)
            fields.append({"name": name, "title": name,
                           "entries": [{"name": name + entry_suffix(shape, k), "label": name + entry_suffix(shape, k)}
                                       for k in range(len(numbers))]})
        notation = sheet.notation
        picture = network(sheet.exercise.model(), show=NetworkShow(grads=False), notation=notation,
                          layout=NetworkLayout(fit="16:9"))
        svg = rendered(picture, "svg")
    except _MISTAKES as error:
        return _json({"ok": False, "error": describe(error, lang)})
    return _json({"ok": True, "title": sheet.filenames()["statement"], "statement": sheet.statement_html(),
                  "svg": svg[svg.index("<svg"):], "fields": fields, "filename": _answers_name(sheet)})


def grade(kind: str, seed: int, lang: str, typed: str) -> str:
    """Grade the answers ``typed`` into the page (JSON: entry name → text, ``""`` for blank) as
    ``pizarra check-answers`` grades the file :func:`answers_file` writes for them: ``{"ok", "report",
    "entries", "passed"}``; ``entries`` says ``"right"`` or ``"wrong"`` of each answered entry."""
    from ..classroom.names import entry_suffix
    from ..classroom.sheet_answers import check_sheet_answers

    lang = _language(lang)
    try:
        sheet = _sheet(kind, seed, lang)
        report = check_sheet_answers(sheet, _answers(sheet, typed))
    except _MISTAKES as error:
        return _json({"ok": False, "error": describe(error, lang)})
    verdicts = {}
    for check in report:
        for k, entry in enumerate(check.entries):
            if not entry.blank:
                verdicts[check.name + entry_suffix(check.shape, k)] = "right" if entry.ok else "wrong"
    text = report.to_text(notation=lang)
    return _json({"ok": True, "report": html.escape(text), "text": text, "entries": verdicts,
                  "passed": report.passed})


def answers_file(kind: str, seed: int, lang: str, typed: str) -> str:
    """The answers file (YAML) of the answers ``typed`` into the page, as ``pizarra worksheet`` writes it:
    ``{"ok", "text", "filename"}``; ``pizarra check-answers`` grades it as :func:`grade` does."""
    lang = _language(lang)
    try:
        sheet = _sheet(kind, seed, lang)
        text = sheet.answers_text(_answers(sheet, typed))
    except _MISTAKES as error:
        return _json({"ok": False, "error": describe(error, lang)})
    return _json({"ok": True, "text": text, "filename": _answers_name(sheet)})


def _sheet(kind: str, seed: int, lang: str) -> Worksheet:
    from ..classroom.worksheet import worksheet

    return worksheet(kind, seed=int(seed), notation=lang)


def _answers_name(sheet: Worksheet) -> str:
    return f"{sheet.filenames()['answers']}.yaml"


def _answers(sheet: Worksheet, typed: str) -> dict[str, Any]:
    """The page's boxes (JSON: ``{"dJ/dW1[2,1]": "0,5", …}``) as answers: each asked quantity's numbers in its
    shape, ``None`` where a box is blank; a box that holds no number is a ValueError naming it."""
    from ..classroom.names import entry_suffix, nested

    boxes = json.loads(typed)
    solution = sheet.solution()
    notation = sheet.notation
    answers: dict[str, Any] = {}
    for name in sheet.answer_names():
        numbers, shape = solution.numbers(name)
        claimed: list[float | None] = []
        for k in range(len(numbers)):
            box = name + entry_suffix(shape, k)
            text = str(boxes.get(box, "")).strip()
            try:
                claimed.append(parse_number(text, notation.mark, what=box) if text else None)
            except NumberError as error:
                raise UsageError(f"bad_value_{error.problem}", reason=str(error), item=f"{box}={text}", name=box,
                                 text=text, hint="") from None
        if any(c is not None for c in claimed):
            answers[name] = nested(claimed, shape)
    return answers


def _steps(text: str, values: str, notation: Notation) -> Trace:
    """The backward pass of ``text`` at ``values`` (whitespace-separated ``NAME=VALUE`` pairs), as ``pizarra
    steps`` reads them; a formula with nothing to differentiate is the command's error too."""
    root = Formula(text).build(parse_assignments(values.split(), notation.mark))
    if not root.requires_grad:
        raise UsageError("no_variables", source=repr(text))
    return trace_backward(root, notation=notation)


def _language(lang: str) -> str:
    """``lang`` when the page has it; any other code reads as English."""
    return lang if lang in LANGUAGES else "en"


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
