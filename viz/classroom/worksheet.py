"""Exercise sheets in the style of the course: a fresh exercise per seed, its answer key and an answers file.

    >>> from viz.classroom.worksheet import worksheet
    >>> sheet = worksheet("two-layer", seed=17, notation="es")
    >>> sorted(sheet.files())
    ['clave_red_17.md', 'clave_red_17.tex', 'hoja_red_17.md', 'hoja_red_17.tex', 'respuestas_red_17.yaml']

Kinds: ``neuron`` (one neuron with 2 or 3 inputs, like the course's ReLU neuron) and ``two-layer``
(2 or 3 inputs, a hidden layer of 2 or 3 neurons, one output, like the course's 2-3-1 network).
Weights and biases are tenths in [−1, 1] (never 0), inputs tenths in [−2, 2]; the activations
(sigmoid, ReLU, tanh; a sigmoid or linear output) and the loss (``½(ŷ − y)²``, or binary
cross-entropy for a sigmoid output) are drawn from the seed unless given.  A draw that puts a ReLU
at its kink (or switches a whole ReLU layer off) is drawn again, deterministically.

Everything comes from the seed: the same seed gives byte-identical files; every number of the key
is read from the engine through :class:`viz.classroom.answers.Solution`, the same code that grades the
answers file with :func:`viz.classroom.answers.check_answers` (``pizarra check-answers respuestas_red_17.yaml``).
The key shows the chain rule of every answer (:mod:`viz.classroom.key_chain`).
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograd.files import write_atomic
from autograd.text import Notation, NotationLike, as_notation

from ..errors import VizError
from .documents import Document, inline, tex_array, tex_name
from .errors import AnswerFileError
from .exercises import NetworkExercise
from .export import answer_entries, entry_lines, exercise_lines, yaml_value
from .grading import read_claim
from .key_chain import chain_lines
from .kinds import ACTIVATION_CHOICES, KINDS, LOSS_CHOICES, OUTPUT_CHOICES
from .names import entry_suffix, nested
from .solution import Solution
from .statement import statement
from .words import WORDS

__all__ = ["ACTIVATION_CHOICES", "KINDS", "Worksheet", "worksheet"]

_MAX_DRAWS = 500

# --- the worksheet --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Worksheet:
    """One generated exercise with its statement, answer key and answers file (see :func:`worksheet`).

    Attributes:
        kind: ``"neuron"`` or ``"two-layer"``.
        seed: the seed it was drawn from.
        exercise: the network, input, target and loss.
        lang, decimal, precision: how the documents are written (:attr:`notation`).
        options: the options of :func:`worksheet` that were given (``activation``, ``output_activation``,
            ``loss``, ``sizes``), as ``(name, value)`` pairs: with the kind and the seed they rebuild the
            exercise, so the answers file records them.
    """

    kind: str
    seed: int
    exercise: NetworkExercise
    lang: str = "en"
    decimal: str | None = None
    precision: int = 4
    options: tuple[tuple[str, Any], ...] = ()

    @property
    def notation(self) -> Notation:
        """The sheet's language, decimal mark and precision."""
        return Notation(self.lang, self.decimal, self.precision)

    # --- names ------------------------------------------------------------------------------------

    @property
    def layers(self) -> int:
        """Number of layers of the network."""
        return len(self.exercise.weight_rows)

    def forward_names(self) -> list[str]:
        """The forward values the student computes, in order (``z1, y1, z2, y_hat, J``)."""
        return self.exercise.forward_names()

    def gradient_names(self) -> list[str]:
        """The gradients the student computes: every parameter, from the output layer down."""
        return self.exercise.gradient_names()

    def answer_names(self) -> list[str]:
        """Every name of the answers file."""
        return self.exercise.answer_names()

    def key_names(self) -> list[str]:
        """Every value of the key: the answers plus the intermediate gradients (``dJ/dŷ``, ``dJ/dz⁽ˡ⁾``, ...)."""
        return self.exercise.key_names()

    def solution(self) -> Solution:
        """The exercise solved by the engine (a fresh graph each call)."""
        return self.exercise.solve()

    def filenames(self) -> dict[str, str]:
        """``{"statement": "hoja_red_17", "key": "clave_red_17", "answers": "respuestas_red_17"}`` for a
        two-layer sheet in Spanish (``hoja_neurona_17``… for a neuron, ``sheet_network_17``… in English):
        sheets of both kinds with one seed never overwrite each other."""
        w = self.notation.words(WORDS)
        kind = w[f"worksheet_kind_{self.kind}"]
        return {part: w[f"worksheet_file_{part}"].format(kind=kind, seed=self.seed)
                for part in ("statement", "key", "answers")}

    # --- documents --------------------------------------------------------------------------------

    def _title(self) -> str:
        w = self.notation.words(WORDS)
        key = "worksheet_title_neuron" if self.kind == "neuron" else "worksheet_title_network"
        return w[key].format(seed=self.seed)

    def _statement(self) -> Document:
        answers = f"{self.filenames()['answers']}.yaml"
        return statement(self.exercise, self._title(), answers, f"pizarra check-answers {answers}", self.notation)

    def statement_markdown(self) -> str:
        """The exercise as Markdown (math in ``$…$``), in the sheet's language."""
        return self._statement().markdown()

    def statement_html(self) -> str:
        """The exercise as an HTML fragment, its math as TeX for KaTeX (the browser page's statement)."""
        return self._statement().html()

    def statement_latex(self) -> str:
        """The exercise as a complete LaTeX document (``article``, ``amsmath``)."""
        return self._statement().latex(self.lang)

    def _key(self) -> Document:
        w = self.notation.words(WORDS)
        sol = self.solution()
        doc = Document()
        doc.heading(w["worksheet_key_title"].format(title=self._title()))
        doc.heading(w["worksheet_forward"], 2)
        doc.display(*(f"{tex_name(n)} = {tex_array(sol.value(n), self.notation)}" for n in self.forward_names()))
        doc.heading(w["worksheet_gradients"], 2)
        doc.par(*inline(w["worksheet_chain_intro"]))
        ex = self.exercise
        lines = chain_lines(self.kind, ex.weight_rows, ex.activations, sol)
        doc.display(f"{tex_name('dJ/dy_hat')} = {tex_array(sol.value('dJ/dy_hat'), self.notation)}",
                    *(line.tex(self.notation) for line in lines))
        doc.heading(w["worksheet_all_values"], 2)
        rows = []
        for name in self.key_names():
            numbers, shape = sol.numbers(name)
            rows += [[name + entry_suffix(shape, flat), self.notation.number(float(x))]
                     for flat, x in enumerate(numbers)]
        doc.table([w["worksheet_name"], w["worksheet_value"]], rows, "lr")
        trace = sol.trace
        if self.kind == "neuron":
            doc.heading(w["worksheet_steps"], 2)
            n = self.notation
            doc.raw(trace.to_markdown(notation=n), r"{\small" + "\n" + trace.to_latex(notation=n) + "\n}")
        else:
            doc.heading(w["worksheet_compact"], 2)
            headers, table = self._compact_table(sol)
            doc.table(headers, table, "ll" + "r" * (len(headers) - 2))
        return doc

    def _compact_table(self, sol: Solution) -> tuple[list[str], list[list[str]]]:
        """Per neuron: z, y = g(z), g'(z) (the local derivative backward used), ∂J/∂y and ∂J/∂z."""
        w = self.notation.words(WORDS)
        local = {(s.node, s.parent): s.local for s in sol.trace}
        num = self.notation.number
        rows = []
        for layer in range(1, self.layers + 1):
            act = self.exercise.activations[layer - 1]
            for j, (z, y) in enumerate(zip(sol.nodes(f"z{layer}"), sol.nodes(f"y{layer}")), start=1):
                slope = num(local[(y, z)]) if (y, z) in local else "—"
                rows.append([str(layer), f"{j} ({w['worksheet_actname_' + act]})", num(z.data), num(y.data), slope,
                             num(y.grad), num(z.grad)])
        return [w["worksheet_layer"], w["worksheet_neuron"], "z", "y = g(z)", w["worksheet_local"], "∂J/∂y",
                "∂J/∂z"], rows

    def key_markdown(self) -> str:
        """The answer key as Markdown: every forward value and gradient, a table of every number, the steps."""
        return self._key().markdown()

    def key_latex(self) -> str:
        """The answer key as a complete LaTeX document."""
        return self._key().latex(self.lang)

    def answers_template(self) -> str:
        """The answers file (YAML) for ``pizarra check-answers``: the exercise, and every answer as ``null``.

        A matrix answer is a matrix of ``null`` in the right shape, so the student sees what to fill.
        The file records ``kind``, ``seed``, ``lang`` and the given ``options``: the grader rebuilds the
        exercise from them and refuses a file whose numbers were changed.
        """
        return self.answers_text()

    def answers_text(self, answers: Mapping[str, Any] | None = None) -> str:
        """The answers file (YAML) with a student's ``answers`` in it (see :meth:`answers_data`): the file
        ``pizarra check-answers`` grades, the blank :meth:`answers_template` when there are none."""
        data = self.answers_data(answers)
        w = self.notation.words(WORDS)
        lines = [f"# {w['worksheet_template_header'].format(seed=self.seed)}",
                 f"# {w['worksheet_template_numbers']}",
                 f"# {w['worksheet_graded_with']} pizarra check-answers {self.filenames()['answers']}.yaml",
                 f"title: {yaml_value(data['title'])}", f"kind: {self.kind}", f"seed: {self.seed}",
                 f"lang: {self.lang}",
                 *([f"options: {yaml_value(data['options'])}"] if self.options else []),
                 *exercise_lines(self.exercise), *entry_lines(data["answers"])]
        return "\n".join(lines) + "\n"

    def answers_data(self, answers: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The answers file's content as data, what :func:`~viz.classroom.loading.parse_answers` takes: the sheet,
        the exercise and the answers, number for number what reading :meth:`answers_text` gives.

        ``answers`` maps a name (any spelling the grader reads: ``dJ/dW1``, ``∂J/∂W^(1)``) to a number, a
        numeric string (``"0,52"``) or nested lists (a row per list, ``None`` for a blank entry); ``None`` or
        an answer left out is blank.  Each is written under the sheet's own name, as the numbers it stands
        for; a quantity the sheet does not ask for is written after them (the grader lists it, ungraded).

        Raises:
            ValueError: a name that is no quantity of the exercise, or a value that is not a number or an
                array of numbers (naming the answer); AnswerFileError: two names of the same answer.
        """
        solution = self.solution()
        names = self.answer_names()
        entries = answer_entries(solution, names)
        asked = {solution.resolve(name).name: name for name in names}
        given: dict[str, str] = {}
        extra: dict[str, Any] = {}
        for name, value in (answers or {}).items():
            canonical = solution.resolve(name).name
            if canonical in given:
                raise AnswerFileError(key="same_answer", source=f"{self.filenames()['answers']}.yaml",
                                      where=f"answers: {name}", other=given[canonical])
            given[canonical] = name
            claim = None if value is None else read_claim(value, f"answer {name!r}")
            written = None if claim is None else nested([None if math.isnan(x) else x for x in claim.numbers],
                                                        claim.shape)
            if canonical not in asked:
                extra[name] = written
            elif written is not None:
                entries[asked[canonical]] = written
        return {"title": self._title(), "kind": self.kind, "seed": self.seed, "lang": self.lang,
                **({"options": dict(self.options)} if self.options else {}), **self.exercise.to_dict(),
                "answers": {**entries, **extra}}

    def files(self) -> dict[str, str]:
        """Every file of the sheet, by name: statement and key (``.md``, ``.tex``) and the answers file (``.yaml``)."""
        names = self.filenames()
        return {f"{names['statement']}.md": self.statement_markdown(),
                f"{names['statement']}.tex": self.statement_latex(),
                f"{names['key']}.md": self.key_markdown(), f"{names['key']}.tex": self.key_latex(),
                f"{names['answers']}.yaml": self.answers_template()}

    def write(self, directory: str | os.PathLike[str]) -> list[Path]:
        """Write :meth:`files` into ``directory`` (created if needed), each atomically; returns the paths."""
        return [write_atomic(Path(directory) / name, text) for name, text in sorted(self.files().items())]


def _tenth(rng: random.Random, low: int, high: int, zero: bool = True) -> float:
    """A random multiple of 0.1 between ``low/10`` and ``high/10`` (0 excluded unless ``zero``)."""
    while True:
        k = rng.randint(low, high)
        if k or zero:
            return k / 10


def _fine(solution: Solution, activations: Sequence[str]) -> bool:
    """False when a ReLU sits at (or within 0.1 of) its kink, or a whole ReLU layer is off."""
    for layer, act in enumerate(activations, start=1):
        if act != "relu":
            continue
        zs = [z.data for z in solution.nodes(f"z{layer}")]
        if any(abs(z) < 0.1 for z in zs) or max(zs) <= 0:
            return False
    return True


def worksheet(kind: str = "two-layer", seed: int = 0, *, activation: str | None = None,
              output_activation: str | None = None, loss: str | None = None, sizes: Sequence[int] | None = None,
              notation: NotationLike = None, **old: object) -> Worksheet:
    """A fresh exercise of ``kind`` drawn from ``seed`` (see the module docstring).

    The documents are in English unless ``notation="es"`` (the default of ``pizarra worksheet`` too); the
    language changes the words and the file names (``hoja_red_17.md``), never the exercise.

    Args:
        kind: ``"neuron"`` or ``"two-layer"``.
        seed: any integer; the same seed gives the same sheet.
        activation: the hidden layer's (or the neuron's) activation, else drawn from sigmoid/relu/tanh.
        output_activation: the two-layer output's activation (``sigmoid`` or ``linear``), else drawn.
        loss: ``"mse"`` (½(ŷ − y)²) or ``"bce"`` (needs a sigmoid output), else drawn.
        sizes: ``(inputs, hidden)`` for two-layer or ``(inputs,)`` for a neuron, else drawn (2 or 3 each).
        notation: the documents' language, decimal mark (default: the language's, ``","`` for Spanish) and
            significant digits of the key: a :class:`~autograd.text.Notation`, or a language code.
    """
    notation = as_notation(notation, old, where="worksheet")
    if kind not in KINDS:
        raise VizError(f"worksheet: unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise VizError(f"worksheet: the seed must be an integer, got {seed!r}")
    if activation is not None and activation not in ACTIVATION_CHOICES:
        raise VizError(f"worksheet: activation must be one of {', '.join(ACTIVATION_CHOICES)}, got {activation!r}")
    if output_activation is not None and (kind == "neuron" or output_activation not in OUTPUT_CHOICES):
        raise VizError(f"worksheet: output_activation is for two-layer sheets, one of {', '.join(OUTPUT_CHOICES)}; "
                       f"got {output_activation!r}")
    if loss is not None and loss not in LOSS_CHOICES:
        raise VizError(f"worksheet: loss must be one of {', '.join(LOSS_CHOICES)}, got {loss!r}")
    n_sizes = 1 if kind == "neuron" else 2
    if sizes is not None and (len(sizes) != n_sizes or not all(isinstance(s, int) and 1 <= s <= 6 for s in sizes)):
        raise VizError(f"worksheet: sizes for {kind} are {n_sizes} whole number(s) in 1..6, got {sizes!r}")

    rng = random.Random(f"pizarra worksheet {kind} {seed}")
    dims = list(sizes) if sizes is not None else [rng.choice((2, 3)) for _ in range(n_sizes)]
    hidden = activation or rng.choice(ACTIVATION_CHOICES)
    if kind == "neuron":
        acts, shapes = [hidden], [(1, dims[0])]
    else:
        acts, shapes = [hidden, output_activation or rng.choice(OUTPUT_CHOICES)], [(dims[1], dims[0]), (1, dims[1])]
    if loss == "bce" and acts[-1] != "sigmoid":
        raise VizError(f"worksheet: binary cross-entropy needs a sigmoid output, got {acts[-1]!r}")
    chosen = loss or ("bce" if acts[-1] == "sigmoid" and rng.random() < 0.5 else "mse")
    for _ in range(_MAX_DRAWS):
        weights = [[[_tenth(rng, -10, 10, zero=False) for _ in range(n)] for _ in range(k)] for k, n in shapes]
        biases = [[_tenth(rng, -10, 10, zero=False) for _ in range(k)] for k, _ in shapes]
        x = [_tenth(rng, -20, 20) for _ in range(dims[0])]
        target: float = rng.choice((0, 1)) if chosen == "bce" else rng.randint(0, 5)
        exercise = NetworkExercise(weights, biases, acts, x, target, "bce" if chosen == "bce" else "mse")
        if _fine(exercise.solve(), acts):
            given = (("activation", activation), ("output_activation", output_activation), ("loss", loss),
                     ("sizes", None if sizes is None else list(sizes)))
            return Worksheet(kind, seed, exercise, notation.lang, notation.mark, notation.precision,
                             tuple((name, value) for name, value in given if value is not None))
    raise VizError(f"worksheet: no usable {kind} exercise in {_MAX_DRAWS} draws for seed {seed}")  # pragma: no cover
