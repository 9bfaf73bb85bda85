"""Grading many answers files at once (:func:`grade_files`): a row per file, as text, Markdown or CSV,
and one exit status for the batch (:class:`GradeSummary`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from autograd.errors import AutogradError
from autograd.files import write_atomic
from autograd.text import Notation, NotationLike, as_notation, check_lang, markdown_escape, render_table

from .answerfile import AnswerFile
from .grading import AnswerReport
from .loading import load_answers, load_key
from .words import WORDS, with_fields

__all__ = ["REASON_WIDTH", "GradeSummary", "GradedFile", "grade_files", "grade_in"]

#: Characters of a reason the text and Markdown tables show (the rest as "…"): the CSV and the notes under the
#: Markdown table keep it whole.
REASON_WIDTH = 60


@dataclass(frozen=True)
class GradedFile:
    """One file of :func:`grade_files`: its report, or why it could not be graded (``error``, in English or in the
    report's language; ``problem``, the error itself, which :meth:`reason` writes in any language)."""

    path: str
    report: AnswerReport | None
    error: str = ""
    lang: str | None = None
    problem: Exception | None = None

    def reason(self, lang: str = "en") -> str:
        """Why the file could not be graded, in ``lang`` (when the error can say it in ``lang``)."""
        if self.problem is not None and callable(getattr(self.problem, "message", None)):
            return str(self.problem.message(lang))  # type: ignore[attr-defined]
        return self.error

    @property
    def status(self) -> int:
        """0 all right, 1 some answer wrong or blank, 2 the file could not be graded."""
        return 2 if self.report is None else 0 if self.report.passed else 1


class GradeSummary:
    """The result of :func:`grade_files`: a row per file, as text, Markdown or CSV, and one exit status.

    The summary holds counts and names, no numbers to format: of its renderings' ``notation=`` only the
    language counts (default: the summary's ``lang``).
    """

    def __init__(self, files: Sequence[GradedFile], lang: str = "en") -> None:
        check_lang(lang)
        self.files = list(files)
        self.lang = lang

    @property
    def exit_status(self) -> int:
        """2 if any file could not be graded, else 1 if any has a wrong or blank answer, else 0."""
        return max((f.status for f in self.files), default=0)

    def __iter__(self) -> Iterator[GradedFile]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def __repr__(self) -> str:
        return f"GradeSummary({len(self.files)} files, exit status {self.exit_status})"

    def title(self, *, notation: NotationLike = None, **old: object) -> str:
        """``Summary: 3 files; 1 all right, 1 with wrong answers, 1 not graded``."""
        statuses = [f.status for f in self.files]
        lang = as_notation(notation, old, where="GradeSummary.title", default=Notation(self.lang)).lang
        return WORDS(lang)["summary_title"].format(
            n=len(statuses), right=statuses.count(0), wrong=statuses.count(1), bad=statuses.count(2))

    def rows(self, *, notation: NotationLike = None, **old: object) -> tuple[list[str], list[list[str]]]:
        """``(headers, rows)`` of the CSV: file, graded against, answers right, answers, entries right,
        entries, the wrong or blank entries (``; ``-separated), result, reason."""
        lang = as_notation(notation, old, where="GradeSummary.rows", default=Notation(self.lang)).lang
        w = WORDS(lang)
        headers = [w[k] for k in ("summary_file", "summary_against", "summary_answers_right", "summary_answers",
                                  "summary_entries_right", "summary_entries", "summary_wrong", "result",
                                  "summary_reason")]
        rows = []
        for f in self.files:
            if f.report is None:
                reason = f.reason(lang)
                reason = reason[len(f.path) + 2:] if reason.startswith(f"{f.path}: ") else reason
                rows.append([f.path, "", "", "", "", "", "", w["summary_not_graded"], reason])
                continue
            report = f.report
            right_entries, entries = report.entry_counts()
            result = w["summary_all_right"] if report.passed else w["summary_some_wrong"]
            rows.append([f.path, _against(report, w), str(len(report.right)), str(len(report.checks)),
                         str(right_entries), str(entries), "; ".join(report.wrong_names(notation=lang)), result, ""])
        return headers, rows

    def _table(self, fmt: str, lang: str) -> str:
        """The title and a row per file; a reason longer than :data:`REASON_WIDTH` is cut in the row and, in
        Markdown (the summary file), written whole under the table."""
        headers, rows = self.rows(notation=lang)
        short = [[r[0], r[1], f"{r[2]} / {r[3]}" if r[3] else "", f"{r[4]} / {r[5]}" if r[5] else "", r[6],
                  f"{r[7]}: {_cut(r[8])}" if r[8] else r[7]] for r in rows]
        table = render_table([headers[0], headers[1], headers[2], headers[4], headers[6], headers[7]], short, fmt)
        title = self.title(notation=lang)
        if fmt != "markdown":
            return f"{title}\n\n{table}"
        whole = [f"- {markdown_escape(r[0])}: {markdown_escape(_one_line(r[8]))}" for r in rows
                 if _cut(r[8]) != _one_line(r[8])]
        return f"## {title}\n\n{table}" + ("\n\n" + "\n".join(whole) if whole else "")

    def to_text(self, *, notation: NotationLike = None, **old: object) -> str:
        """The summary as an aligned plain-text table."""
        return self._table("text", as_notation(notation, old, where="GradeSummary.to_text",
                                               default=Notation(self.lang)).lang)

    def to_markdown(self, *, notation: NotationLike = None, **old: object) -> str:
        """The summary as Markdown: a heading and a table, a row per file."""
        return self._table("markdown", as_notation(notation, old, where="GradeSummary.to_markdown",
                                                   default=Notation(self.lang)).lang)

    def to_csv(self, *, notation: NotationLike = None, **old: object) -> str:
        """The summary as CSV (comma-separated, a header row, numbers in their own columns)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        lang = as_notation(notation, old, where="GradeSummary.to_csv", default=Notation(self.lang)).lang
        headers, rows = self.rows(notation=lang)
        writer.writerow(headers)
        writer.writerows(rows)
        return out.getvalue()

    def write(self, path: str | Path, *, notation: NotationLike = None, **old: object) -> list[Path]:
        """Write the summary atomically: ``PATH.md`` and ``PATH.csv``, or only the one ``PATH``'s suffix
        names when it ends in ``.md`` or ``.csv``.  Returns the paths written."""
        lang = as_notation(notation, old, where="GradeSummary.write", default=Notation(self.lang)).lang
        path = Path(path)
        suffix = path.suffix.lower()
        targets = [path] if suffix in (".md", ".csv") else [Path(f"{path}.md"), Path(f"{path}.csv")]
        return [write_atomic(t, self.to_csv(notation=lang) if t.suffix.lower() == ".csv"
                             else self.to_markdown(notation=lang) + "\n") for t in targets]


def _one_line(text: str) -> str:
    """``text`` on one line: a reason may hold a parser's line breaks, which would break a table's row."""
    return " ".join(text.split())


def _cut(text: str, width: int = REASON_WIDTH) -> str:
    """``text`` on one line, cut to ``width`` characters with "…" when longer."""
    line = _one_line(text)
    return line if len(line) <= width else line[:width - 1].rstrip() + "…"


def _against(report: AnswerReport, w: Mapping[str, str]) -> str:
    """The "graded against" cell: ``sheet two-layer 17``, ``key clave.yaml`` or ``its own numbers``."""
    if report.basis is None or report.basis[0] == "answers_basis_own":
        return w["summary_own"]
    label = "answers_ref_sheet" if report.basis[0] == "answers_basis_sheet" else "answers_ref_key"
    return with_fields(w, label, report.basis[1])


def grade_files(paths: Sequence[str | Path], key: str | Path | AnswerFile | None = None, *,
                rtol: float | None = None, atol: float | None = None, notation: NotationLike = None,
                **old: object) -> GradeSummary:
    """Grade every answers file with :meth:`AnswerFile.check` (against ``key`` if given): a row per file.

    A file that cannot be read or graded gets its reason in the summary instead of stopping the rest;
    a key that cannot serve as one raises AnswerFileError (nothing could be graded).  Each report is in
    ``notation`` (a :class:`~autograd.text.Notation` or a language code), else in the file's ``lang:`` with
    that language's decimal mark; the summary in the notation's language, else the key's, else the one all
    files share, else English.
    """
    given = None if notation is None and not old else as_notation(notation, old, where="grade_files")
    if given is not None and (notation is not None or old.get("lang") is not None):
        return grade_in(paths, key, rtol=rtol, atol=atol, lang=given.lang, notation_of=lambda _: given)
    # each file in its own language; the deprecated decimal= or precision= alone still apply to every file
    decimal = given.mark if given is not None and old.get("decimal") is not None else None
    precision = given.precision if given is not None else 4
    return grade_in(paths, key, rtol=rtol, atol=atol,
                    notation_of=lambda file_lang: Notation(file_lang or "en", decimal, precision))


def grade_in(paths: Sequence[str | Path], key: str | Path | AnswerFile | None, *, rtol: float | None,
             atol: float | None, notation_of: Callable[[str | None], Notation], lang: str | None = None
             ) -> GradeSummary:
    """:func:`grade_files` with each report's notation chosen by ``notation_of(the file's lang:)``, and the
    summary (and a key's errors) in ``lang``, else as :func:`grade_files` says: ``pizarra check-answers``
    without ``--lang`` grades each file in its own language, with the ``--decimal`` and ``--precision`` given."""
    if key is not None and not isinstance(key, AnswerFile):
        key = load_key(key, lang=lang)
    graded = []
    for path in paths:
        answers: AnswerFile | None = None
        try:
            answers = load_answers(path)
            report = answers.check(key, rtol=rtol, atol=atol, notation=notation_of(answers.lang))
            graded.append(GradedFile(str(path), report, lang=answers.lang))
        except (ValueError, ArithmeticError, AutogradError) as error:
            stated = answers.lang if answers else getattr(error, "lang", None)  # the file's lang:, even unparsed
            graded.append(GradedFile(str(path), None, str(error), stated, error))
        except OSError as error:
            graded.append(GradedFile(str(path), None, f"{path}: {error.strerror or error}", problem=error))
    langs = {f.lang for f in graded if f.lang}
    summary_lang = lang or (key.lang if key is not None else None) or (langs.pop() if len(langs) == 1 else "en")
    return GradeSummary(graded, summary_lang)
