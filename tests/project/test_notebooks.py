"""Every notebook runs top to bottom in a fresh kernel and prints what it was committed with.

The notebooks check their own key numbers with ``assert`` cells, so "it ran" means "its numbers
held".  They are committed with outputs, so they read well on a repository page; the test compares
what a run prints with those outputs: the words exactly, the numbers to a relative 1e-9 (a decimal
comma as in ``0,879`` included), never their last printed bits.
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from itertools import zip_longest
from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))

REL_TOL = 1e-9
#: Numbers this close to 0 are the same: printed noise below 1e-14 means "zero up to rounding".
ABS_TOL = 1e-14
#: A number as the notebooks print it: ``−3``, ``0.5``, ``0,879`` (decimal comma), ``2,48e−10``; its minus
#: is the minus sign ``−`` (U+2212) or a hyphen-minus ``-`` (Python's own ``repr``), read alike.
#: Digits inside a name (``x1``, ``W2``) are part of the word.
NUMBER = re.compile(r"(?<![\w.,])[-+−]?[0-9]+(?:[.,][0-9]+)?(?:[eE][-+−]?[0-9]+)?")
#: The outputs compared: printed text, results, and Markdown tables (not pictures, SVG or HTML).
TEXT_KINDS = ("text/plain", "text/markdown")
#: A cell tagged so shows examples that hypothesis drew: which ones depends on hypothesis's version and on
#: the modules loaded (it mixes their constants into its draws), so the cell must run and its asserts
#: hold, but what it prints is an illustration, not a result to compare.
DRAWN = "sorteo"


def _words(text: str) -> str:
    """The text between numbers, with runs of spaces (and of table rules) counted as one."""
    return re.sub("─+", "─", re.sub(r"\s+", " ", text))


def _number(text: str) -> float:
    return float(text.replace(",", ".").replace("−", "-"))


def line_difference(expected: str, printed: str) -> str | None:
    """Why ``printed`` does not say what ``expected`` says, in words; None when it does.

    The lines agree when their words are the same and each number is within a relative ``REL_TOL``
    (or ``ABS_TOL`` near 0) of the one in its place.
    """
    words_e, words_p = NUMBER.split(expected), NUMBER.split(printed)
    numbers_e, numbers_p = NUMBER.findall(expected), NUMBER.findall(printed)
    if len(numbers_e) != len(numbers_p) or list(map(_words, words_e)) != list(map(_words, words_p)):
        return "the text differs"
    for a, b in zip(numbers_e, numbers_p):
        if not math.isclose(_number(a), _number(b), rel_tol=REL_TOL, abs_tol=ABS_TOL):
            return f"the number {a} is now {b}"
    return None


def output_difference(expected: str, printed: str) -> str | None:
    """The first line where ``printed`` differs from ``expected``, shown both ways; None when they agree."""
    lines_e, lines_p = expected.splitlines(), printed.splitlines()
    for number, (e, p) in enumerate(zip_longest(lines_e, lines_p), start=1):
        if e is None or p is None:
            what = "a line more" if e is None else "a line fewer"
        else:
            found = line_difference(e, p)
            if found is None:
                continue
            what = found
        return (f"line {number} ({what}):\n"
                f"    expected: {'(nothing)' if e is None else e.strip()}\n"
                f"    printed:  {'(nothing)' if p is None else p.strip()}")
    return None


def cell_texts(nb: Any) -> list[tuple[str, str]]:
    """Each code cell as (how a reader finds it, everything it prints as text)."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        found = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                found.append(output.get("text", ""))
            else:
                data = output.get("data", {})
                found += [data[kind] for kind in TEXT_KINDS if kind in data]
        first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        where = f"cell [{cell.get('execution_count') or '?'}] ({first_line[:60]})"
        drawn = DRAWN in cell.get("metadata", {}).get("tags", [])
        cells.append((where, "" if drawn else "\n".join(found)))
    return cells


def notebook_differences(name: str, committed: Any, run: Any) -> str | None:
    """What a fresh run of notebook ``name`` prints differently from its committed outputs, or None."""
    expected, printed = cell_texts(committed), cell_texts(run)
    found = []
    for (where, text_e), (_, text_p) in zip(expected, printed):
        difference = output_difference(text_e, text_p)
        if difference is not None:
            found.append(f"{name}, {where}, {difference}")
    if len(expected) != len(printed):
        found.append(f"{name} has {len(printed)} code cells now, {len(expected)} when it was saved")
    if not found:
        return None
    return ("Run now, the notebook prints something different from what it shows when opened:\n"
            + "\n".join(found) + "\n"
            f"(For maintainers: if the new output is right, save it with "
            f".venv/bin/python notebooks/execute.py {name} and commit the notebook.)")


def _executor() -> Any:
    spec = importlib.util.spec_from_file_location("notebooks_execute", NOTEBOOKS / "execute.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["notebooks_execute"] = module
    spec.loader.exec_module(module)
    return module


def _param(path: Path) -> Any:
    """A notebook that imports torch needs it: without it, it prints something else."""
    marks = [pytest.mark.notebooks]
    if "import torch" in path.read_text(encoding="utf-8"):
        marks.append(pytest.mark.torch)
    return pytest.param(path, id=path.name, marks=marks)


@pytest.mark.parametrize("path", [_param(p) for p in PATHS])
def test_notebook_runs_top_to_bottom_as_committed(path: Path) -> None:
    """It runs without errors, and prints the words and numbers it was committed with."""
    import nbformat

    committed = nbformat.read(path, as_version=4)
    nb = _executor().execute(path, save=False)
    errors = [f"{o.get('ename')}: {o.get('evalue')}" for c in nb.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        pytest.fail(f"{path.name} stops with an error: {errors[0]}", pytrace=False)
    difference = notebook_differences(path.name, committed, nb)
    if difference is not None:
        pytest.fail(difference, pytrace=False)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_is_committed_with_outputs_and_exercises(path: Path) -> None:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert nb.cells[0].cell_type == "markdown", "a notebook opens with what it teaches"
    assert code and all(c.get("execution_count") for c in code), "commit notebooks executed"
    assert any("assert" in c.source for c in code), "a notebook checks its key numbers"
    last_markdown = [c for c in nb.cells if c.cell_type == "markdown"][-1].source.lower()
    assert "ejercicio" in last_markdown, "a notebook ends with exercises for the student"
    assert "../shared" not in "".join(c.source for c in nb.cells), "notebooks never read ../shared"


@pytest.mark.notebooks
@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_prints_no_rounding_noise(path: Path) -> None:
    """No printed number is float noise (below 1e-14, it differs from one machine to the next)."""
    import nbformat

    for where, text in cell_texts(nbformat.read(path, as_version=4)):
        for line in text.splitlines():
            noise = [n for n in NUMBER.findall(line) if 0 < abs(_number(n)) < 1e-14]
            assert not noise, f"{path.name}, {where} prints {noise[0]}, rounding noise: {line.strip()}"


# --- the comparison itself ----------------------------------------------------------------------------

def test_same_numbers_within_tolerance_agree() -> None:
    assert line_difference("J = 0,8866082271", "J = 0,8866082271") is None
    assert line_difference("J = 0,8866082271", "J = 0,88660822710004") is None     # 4e-14 relative
    assert line_difference("ŷ = 0.5226   J = 10.02", "ŷ = 0.5226   J = 10.02") is None
    assert line_difference("dW2   3×1   0", "dW2   3×1   1,4e-17") is None         # zero up to rounding
    assert line_difference("máx = 2,48104e-10", "máx = 2,481040000001e-10") is None
    assert line_difference("x1   -16     ok", "x1   -16 ok") is None              # column padding
    assert line_difference("x1   −16   1e−06", "x1   -16   1e-06") is None        # either minus
    assert line_difference("──  ─────", "───  ──") is None                           # table rule widths
    assert output_difference("a 1\nb 2,5\n", "a 1\nb 2,5") is None


def test_a_changed_number_is_named() -> None:
    assert line_difference("ŷ = 0,5226", "ŷ = 0,5227") == "the number 0,5226 is now 0,5227"
    assert line_difference("dW2 = 2,8e-17", "dW2 = 2,8e-13") == "the number 2,8e-17 is now 2,8e-13"
    assert line_difference("época 12", "época 13") == "the number 12 is now 13"
    assert line_difference("w = -4", "w = 4") == "the number -4 is now 4"
    assert line_difference("w = −4", "w = 4") == "the number −4 is now 4"
    assert line_difference("dW2 = 2,8e−17", "dW2 = 2,8e17") == "the number 2,8e−17 is now 2,8e17"
    assert line_difference("J = 0,8866082271", "J = 0,88660823") is not None        # 3e-9 relative is too much


def test_cells_of_drawn_examples_are_run_but_not_compared() -> None:
    import nbformat

    def notebook(text: str, tags: list[str]) -> Any:
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("print(example)", metadata={"tags": tags})
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
        nb.cells = [cell]
        return nb

    assert notebook_differences("n.ipynb", notebook("v0 = add(x0, x0)", [DRAWN]),
                                notebook("v0 = exp(x1)", [DRAWN])) is None
    assert notebook_differences("n.ipynb", notebook("v0 = add(x0, x0)", []), notebook("v0 = exp(x1)", [])) is not None


def test_a_changed_word_is_a_difference() -> None:
    assert line_difference("coincide (redondeo)", "NO coincide") == "the text differs"
    assert line_difference("x1 = 2", "x2 = 2") == "the text differs"
    assert line_difference("(1; 2)", "(1; 2; 3)") == "the text differs"


def test_the_message_says_where_and_what_in_plain_words() -> None:
    import nbformat

    def notebook(*outputs: str) -> Any:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# título")]
        for i, text in enumerate(outputs, start=1):
            cell = nbformat.v4.new_code_cell(f"print(resultado_{i})", execution_count=i)
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
            nb.cells.append(cell)
        return nb

    committed = notebook("z = 1\n", "ŷ = 0,5226\nJ = 10,02\n")
    assert notebook_differences("02_red.ipynb", committed, notebook("z = 1\n", "ŷ = 0,5226\nJ = 10,02\n")) is None
    message = notebook_differences("02_red.ipynb", committed, notebook("z = 1\n", "ŷ = 0,5226\nJ = 11,02\n"))
    assert message is not None
    assert ("02_red.ipynb, cell [2] (print(resultado_2)), line 2 (the number 10,02 is now 11,02):\n"
            "    expected: J = 10,02\n"
            "    printed:  J = 11,02") in message
    assert "cell [1]" not in message
    assert message.splitlines()[-1].startswith("(For maintainers: ")
    shorter = notebook_differences("02_red.ipynb", committed, notebook("z = 1\n", "ŷ = 0,5226\n"))
    assert shorter is not None and "line 2 (a line fewer):\n    expected: J = 10,02\n    printed:  (nothing)" in shorter
