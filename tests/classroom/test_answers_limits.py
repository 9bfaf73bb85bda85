"""Answers files and keys are read within limits: size and kind checked before reading, nesting before parsing.

A 3 MB file (200,000 answers), ``/dev/zero`` behind a symlink and a file nested 5,000 deep were read whole
(or parsed for seconds) before anything was checked (issue 17).  Each now gets its one-line message, in the
file's language, and exit 2 from ``pizarra check-answers``, in milliseconds.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from viz.classroom.answers import AnswerFileError
from viz.classroom.loading import MAX_BYTES, MAX_DEPTH, load_answers, load_key
from viz.cli import main


def big(tmp_path: Path) -> Path:
    path = tmp_path / "big.yaml"
    lines = ["lang: es", "kind: two-layer", "seed: 0", "answers:", *(f"  v{i}: {i}" for i in range(200_000))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > MAX_BYTES
    return path


def test_a_file_past_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = big(tmp_path)
    with pytest.raises(AnswerFileError) as caught:
        load_answers(path)
    assert "3,22 MB, más que los 1 MB que puede ocupar un archivo de respuestas" in caught.value.message("es")
    assert "3.22 MB, more than the 1 MB an answers file may hold" in caught.value.message("en")
    with pytest.raises(AnswerFileError, match="more than the 100 bytes"):
        load_key(path, max_bytes=100)


def test_a_device_behind_a_symlink_is_not_read(tmp_path: Path) -> None:
    link = tmp_path / "respuestas.yaml"
    os.symlink("/dev/zero", link)
    with pytest.raises(AnswerFileError) as caught:
        load_answers(link)
    assert caught.value.message("es").endswith("no es un archivo común sino un dispositivo (no se leyó nada)")


@pytest.mark.parametrize("text", [
    "answers:\n  J: " + "[" * 5000 + "1" + "]" * 5000 + "\n",                        # flow style, one line
    "".join(" " * i + f"k{i}:\n" for i in range(600)) + " " * 600 + "x: 1\n",      # block style, by indentation
    "answers:\n  J:\n" + "".join("    " + "- " * 200 + "1\n"),                       # sequences started on one line
    "{\"answers\": {\"J\": " + "[" * 200 + "1" + "]" * 200 + "}}",                    # JSON
])
def test_deep_nesting_is_refused_before_the_parser_runs(tmp_path: Path, text: str) -> None:
    path = tmp_path / ("deep.json" if text.startswith("{") else "deep.yaml")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswerFileError, match=f"nested too deeply to read .*at most {MAX_DEPTH} levels"):
        load_answers(path)


def test_a_file_just_inside_the_limits_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("kind: two-layer\nseed: 0\nanswers:\n  J: 1.5\n  dJ/dW2: [[1, 2, 3]]\n", encoding="utf-8")
    assert load_answers(path).answers["J"] == 1.5


def test_check_answers_says_it_in_one_line_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = big(tmp_path)
    assert main(["check-answers", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "ocupa 3,22 MB" in err[0]  # the file says lang: es


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_formula_file_that_is_a_device_or_a_fifo_is_refused_without_reading(
        tmp_path: Path, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "formula.txt"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    for path in (str(fifo), "/dev/zero"):
        assert main(["steps", "-f", path, "x=1", "--lang", lang]) == 2
        err = capsys.readouterr().err
        assert ("not a regular file" if lang == "en" else "no es un archivo común") in err
