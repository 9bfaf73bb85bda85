"""The Python the browser page runs (viz.web.app), in an interpreter where numpy, matplotlib and yaml are
not installed, as in Pyodide: every answer it gives the page, checked against what the same code gives with
everything installed.  Graphviz's layout is the ``dot`` program here (the page hands it Graphviz in
WebAssembly instead, through viz.layout)."""

from __future__ import annotations

import json

import pytest

from tests.without_numpy import run_without
from viz.web import app

pytestmark = pytest.mark.dot

NEURON = "z = w1*x1 + w2*x2 + w3*x3 + b; yhat = relu(z); L = 0.5*(yhat - 5)**2"
VALUES = "w1=4 w2=2 w3=-5 x1=1 x2=0 x3=2 b=7"


def _answers() -> dict[str, str]:
    """Seed 17's two-layer sheet answered by the engine, with a sign slip on dJ/db2 (as the boxes hold it)."""
    from viz.classroom.worksheet import worksheet

    sheet = worksheet("two-layer", seed=17, notation="es")
    solution = sheet.solution()
    boxes = {}
    for field in json.loads(app.exercise("two-layer", 17, "es"))["fields"]:
        numbers, _ = solution.numbers(field["name"])
        for entry, x in zip(field["entries"], numbers):
            boxes[entry["name"]] = str(-x if field["name"] == "dJ/db2" else x).replace(".", ",")
    return boxes


def test_the_page_path_runs_without_numpy_matplotlib_or_yaml() -> None:
    boxes = _answers()
    code = f"""
        import json, sys
        from viz.web import app
        out = {{
            "formula": json.loads(app.formula({NEURON!r}, {VALUES!r}, "es")),
            "bad": json.loads(app.formula("w*x +", "w=2 x=3", "es")),
            "table": json.loads(app.steps_table({NEURON!r}, {VALUES!r}, "es")),
            "check": json.loads(app.check("relu(w*x) + w*x", "w=0 x=1", "es")),
            "exercise": json.loads(app.exercise("two-layer", 17, "es")),
            "grade": json.loads(app.grade("two-layer", 17, "es", {json.dumps(boxes)!r})),
            "file": json.loads(app.answers_file("two-layer", 17, "es", {json.dumps(boxes)!r})),
            "loaded": sorted(m for m in ("numpy", "matplotlib", "yaml") if m in sys.modules),
        }}
        print(json.dumps(out))
    """
    out = json.loads(run_without(code))
    assert out["loaded"] == []
    page = out["formula"]
    assert page["ok"] and page["steps"] == 16 and page["result"] == "8"
    step9 = page["data"]["steps"][8]["caption"]
    assert step9.startswith("∂L/∂w3 +=") and step9.endswith("= −8")
    assert not out["bad"]["ok"] and out["bad"]["error"].splitlines()[1:] == ["  w*x +", "       ^"]
    assert out["table"]["ok"] and out["table"]["html"].count("<tr data-step=") == 16
    assert out["check"]["ok"] and not out["check"]["passed"] and "relu no es derivable" in out["check"]["report"]
    assert out["exercise"]["ok"] and out["exercise"]["filename"] == "respuestas_red_17.yaml"
    grade = out["grade"]
    assert grade["ok"] and not grade["passed"] and "el signo cambiado" in grade["text"]
    assert [name for name, verdict in grade["entries"].items() if verdict == "wrong"] == ["dJ/db2"]
    # the same answers in an interpreter with everything: the same page, word for word
    assert out["grade"] == json.loads(app.grade("two-layer", 17, "es", json.dumps(boxes)))
    assert out["file"] == json.loads(app.answers_file("two-layer", 17, "es", json.dumps(boxes)))
    assert out["exercise"]["fields"] == json.loads(app.exercise("two-layer", 17, "es"))["fields"]


def test_a_box_that_holds_no_number_is_named() -> None:
    answer = json.loads(app.grade("neuron", 3, "es", json.dumps({"dJ/dW[1,2]": "dos"})))
    assert not answer["ok"]
    assert answer["error"] == "'dJ/dW[1,2]=dos': el valor de dJ/dW[1,2] no está escrito como un número: 'dos'"
    answer = json.loads(app.grade("neuron", 3, "en", json.dumps({"J": "1e999"})))
    assert not answer["ok"] and "must be finite" in answer["error"]


def test_an_unknown_kind_is_an_error_not_a_traceback() -> None:
    answer = json.loads(app.exercise("three-layer", 1, "es"))
    assert not answer["ok"] and "three-layer" in answer["error"] and "Traceback" not in answer["error"]


def test_the_page_words_exist_in_both_languages() -> None:
    es, en = app.words("es"), app.words("en")
    assert set(es) == set(en) and len(es) >= 20
    assert es["web_grade"] == "Corregir" and es["web_download"] == "Descargar respuestas"
    assert app.words("fr") == en  # a language the page does not have reads as English
