"""Any network exercise — the playground's current weights on one sample, a network built by hand — as the
files a class uses with ``pizarra check-answers``:

* ``{stem}.yaml``, the students' answers file: the exercise written out, every answer ``null`` (a matrix
  of ``null`` in the right shape);
* ``{stem}_key.yaml`` (``{stem}_clave.yaml`` in Spanish), the teacher's key: the same file with every
  answer filled in by the engine, in full, which :func:`~viz.classroom.loading.load_key` accepts;
* ``{stem}.md``, the statement (:func:`viz.classroom.statement.statement`).

    >>> from nn import MLP
    >>> from viz.classroom.exercises import NetworkExercise
    >>> exercise = NetworkExercise.from_model(MLP(2, [3, 1], seed=0), [0.5, -1.0], 1, loss="mse")
    >>> sorted(exercise_files(exercise, "ej1", notation="es"))
    ['ej1.md', 'ej1.yaml', 'ej1_clave.yaml']

The students' file is graded with ``pizarra check-answers ej1.yaml --key ej1_clave.yaml`` (or without the
key, against the exercise it writes out).  The answers asked for are
:meth:`~viz.classroom.exercises.NetworkExercise.answer_names`.  The lines that write an exercise and its
answers (:func:`exercise_lines`, :func:`answer_lines`) are those of a generated sheet's answers file too
(:meth:`viz.classroom.worksheet.Worksheet.answers_template`).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from autograd.files import write_atomic
from autograd.text import NotationLike, as_notation

from ..errors import VizError
from .exercises import NetworkExercise
from .names import nested
from .solution import Solution
from .statement import statement
from .words import WORDS

__all__ = ["answer_entries", "answer_lines", "entry_lines", "exercise_files", "exercise_lines", "write_exercise",
           "yaml_value"]

_SUFFIXES = (".yaml", ".yml", ".json", ".md")


def yaml_value(value: Any) -> str:
    """``value`` on one line of YAML: written as JSON, whose scalars and lists are valid YAML (a float in full)."""
    return json.dumps(value, ensure_ascii=False)


def exercise_lines(exercise: NetworkExercise) -> list[str]:
    """The lines of an answers file that write the exercise out: ``network:`` (weights, biases,
    activations), ``input:``, ``target:`` and ``loss:``, every number in full."""
    ex = exercise.to_dict()
    net = ex["network"]
    return ["network:", f"  weights: {yaml_value(net['weights'])}", f"  biases: {yaml_value(net['biases'])}",
            f"  activations: {yaml_value(net['activations'])}", f"input: {yaml_value(ex['input'])}",
            f"target: {yaml_value(ex['target'])}", f"loss: {ex['loss']}"]


def answer_entries(solution: Solution, names: Sequence[str], *, filled: bool = False) -> dict[str, Any]:
    """What an answers file writes for each name: ``None`` (a matrix of ``None`` in the answer's shape, so the
    student sees what to fill), or with ``filled`` the engine's number (nested lists) in full."""
    entries = {}
    for name in names:
        numbers, shape = solution.numbers(name)
        if math.prod(shape) == 1:  # one number (a 1×1 matrix too) is written as a number
            entries[name] = numbers[0] if filled else None
        else:
            entries[name] = nested(numbers if filled else [None] * len(numbers), shape)
    return entries


def answer_lines(solution: Solution, names: Sequence[str], *, filled: bool = False) -> list[str]:
    """``answers:`` and a line per name (:func:`answer_entries`)."""
    return entry_lines(answer_entries(solution, names, filled=filled))


def entry_lines(entries: Mapping[str, Any]) -> list[str]:
    """``answers:`` and a line ``"name": value`` per entry (``null`` for ``None``): the one writer of an answers
    file's answers."""
    return ["answers:", *(f"  {yaml_value(name)}: {yaml_value(entry)}" for name, entry in entries.items())]


def _check_stem(stem: Any) -> str:
    """``stem`` if it can name the files in a folder and in a command line, else a ValueError naming it."""
    if not isinstance(stem, str) or not stem or stem in (".", "..") \
            or any(c in "/\\" or c.isspace() or not c.isprintable() for c in stem):
        raise VizError(f"exercise_files: the stem {stem!r} must be a file name without folders or spaces "
                       "(ej1 writes ej1.yaml, ej1.md and the key)")
    if stem.lower().endswith(_SUFFIXES):
        raise VizError(f"exercise_files: give the stem {stem!r} without its suffix "
                       f"({os.path.splitext(stem)[0]!r}): the files get their own")
    return stem


def exercise_files(exercise: NetworkExercise, stem: str, *, notation: NotationLike = None, title: str | None = None,
                   **old: object) -> dict[str, str]:
    """The students' answers file, the teacher's key and the statement of ``exercise``, by file name.

    Args:
        exercise: any :class:`~viz.classroom.exercises.NetworkExercise` (e.g.
            :meth:`~viz.classroom.exercises.NetworkExercise.from_model` of a trained network on one sample).
        stem: the files' name without suffix: ``{stem}.yaml``, ``{stem}.md`` and ``{stem}_key.yaml``
            (``{stem}_clave.yaml`` in Spanish).
        notation: a :class:`~autograd.text.Notation` or a language code: the language of the comments, the
            statement and the key's name; the decimal mark of the statement and of the key's header (whose
            ``J`` has the notation's ``precision`` digits).
            The files' own numbers are always written in full with a point, as the grader reads them.
        title: the statement's heading and the files' ``title:`` (default: ``A 2-4-4-3 network``).

    Raises:
        ValueError: a stem that is not a plain file name, a title on several lines, an exercise the
            engine cannot solve (it names the operation).
    """
    notation = as_notation(notation, old, where="exercise_files")
    if not isinstance(exercise, NetworkExercise):
        raise VizError(f"exercise_files: expected a NetworkExercise, got {exercise!r}")
    _check_stem(stem)
    w = notation.words(WORDS)
    if title is None:
        title = w["export_title"].format(sizes="-".join(map(str, exercise.sizes())))
    if not isinstance(title, str) or not title.isprintable():
        raise VizError(f"exercise_files: the title must be one line of text, got {title!r}")
    key = w["export_file_key"].format(stem=stem)
    command = f"pizarra check-answers {stem}.yaml --key {key}.yaml"
    solution = exercise.solve()
    names = exercise.answer_names()
    given = [f"title: {yaml_value(title)}", f"lang: {notation.lang}", *exercise_lines(exercise)]
    students = [f"# {w['export_answers_header'].format(title=title)}", f"# {w['worksheet_template_numbers']}",
                f"# {w['worksheet_graded_with']} {command}", *given, *answer_lines(solution, names)]
    loss = notation.number(float(solution.value("J")))
    teacher = [f"# {w['export_key_header'].format(title=title, J=loss)}", f"# {w['worksheet_graded_with']} {command}",
               *given, *answer_lines(solution, names, filled=True)]
    return {f"{stem}.yaml": "\n".join(students) + "\n", f"{key}.yaml": "\n".join(teacher) + "\n",
            f"{stem}.md": statement(exercise, title, f"{stem}.yaml", command, notation).markdown()}


def write_exercise(exercise: NetworkExercise, directory: str | os.PathLike[str], stem: str, *,
                   notation: NotationLike = None, title: str | None = None, **old: object) -> list[Path]:
    """Write :func:`exercise_files` into ``directory`` (created if needed), each file atomically; returns the
    paths.  A folder that cannot be written is an OSError naming the file."""
    files = exercise_files(exercise, stem, notation=as_notation(notation, old, where="write_exercise"), title=title)
    return [write_atomic(Path(directory) / name, text) for name, text in sorted(files.items())]
