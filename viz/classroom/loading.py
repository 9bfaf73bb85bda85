"""Reading answers files: YAML or JSON, as plain data only (never objects, never evaluated), within
limits of size and nesting, validated entry by entry into an :class:`~viz.classroom.answerfile.AnswerFile`.

:func:`load_answers` reads a student's file, :func:`load_key` a teacher's key, :func:`parse_answers`
data already read.  Numbers may be written with a decimal comma in quotes (``"0,52"``), in the
exercise as in the answers.  Any problem is an :class:`~viz.classroom.errors.AnswerFileError` naming
the file and the entry.  PyYAML is imported only to read a YAML file: :func:`parse_answers` needs none.
"""

from __future__ import annotations

import difflib
import errno
import functools
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograd.errors import AutogradError
from autograd.files import FileTooLargeError, NotAFileError, read_bounded
from autograd.text import LANGS, Notation
from nn.words import Phrase

from ..errors import VizError
from .answerfile import AnswerFile
from .errors import AnswerFileError
from .exercises import Exercise, FormulaExercise, NetworkExercise, exercise_difference
from .grading import DEFAULT_ATOL, DEFAULT_RTOL, claim_parts, read_claim, read_number, tolerance
from .kinds import KINDS, OPTIONS
from .words import WORDS
from .worksheet import Worksheet, worksheet

if TYPE_CHECKING:
    import yaml

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_ITEMS", "load_answers", "load_key", "parse_answers"]

#: An answer file nests a few levels (a matrix inside a mapping); deeper is refused before anything recurses.
MAX_DEPTH = 32
#: At most this many values in one entry of a file (a YAML alias counts at every use).
MAX_ITEMS = 100_000
#: The largest answers file or key read (1 MB: a class's sheet is a few kB); ``max_bytes=`` raises it.
MAX_BYTES = 1 << 20

_KEYS = {"network", "expression", "variables", "input", "target", "loss", "answers", "tolerance",
         "title", "kind", "seed", "lang", "options"}
_CONTAINERS = (list, tuple, Mapping)
_LANG_LINE = re.compile(r"""(?:^lang|"lang")\s*:\s*['"]?(?P<lang>\w+)\b""", re.MULTILINE)  # YAML or JSON
# What the system says about a file it cannot open, by errno: the key of its words ("file_os_…").
_OS_KEYS = {errno.ENOENT: "missing", errno.EACCES: "denied", errno.EPERM: "denied", errno.EISDIR: "folder"}


@functools.cache
def _unique_key_loader() -> type[yaml.SafeLoader]:
    """``yaml.SafeLoader`` that refuses a key given twice (usually a copy-paste slip), made the first time a
    YAML file is read (PyYAML is imported here)."""
    import yaml

    class UniqueKeyLoader(yaml.SafeLoader):  # type: ignore[misc]
        pass

    UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)
    return UniqueKeyLoader


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    import yaml

    keys: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(None, None, "a key must be a name, not a list or a mapping",
                                                    key_node.start_mark)
        if key in keys:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice",
                                                    key_node.start_mark)
        keys.add(key)
    return dict(loader.construct_mapping(node, deep=deep))


def _check_size(value: Any, where: str) -> None:
    """AnswerFileError when ``value`` nests deeper than :data:`MAX_DEPTH` or holds more than :data:`MAX_ITEMS`
    values.  Level by level, each container once per level: no recursion, and YAML aliases (even one
    that contains itself) cost nothing to look at."""
    levels: list[list[Any]] = []
    current = {id(value): value} if isinstance(value, _CONTAINERS) else {}
    while current:
        if len(levels) == MAX_DEPTH:
            raise AnswerFileError(key="too_deep", source=where, most=MAX_DEPTH)
        levels.append(list(current.values()))
        current = {id(child): child for container in levels[-1] for child in _children(container)
                   if isinstance(child, _CONTAINERS)}
    sizes: dict[int, int] = {}
    for level in reversed(levels):  # a container's children are one level down, already counted
        for container in level:
            sizes[id(container)] = size = 1 + sum(sizes.get(id(child), 1) for child in _children(container))
            if size > MAX_ITEMS:
                raise AnswerFileError(key="too_many", source=where, most=MAX_ITEMS)


def _children(container: Any) -> Iterator[Any]:
    return iter(container.values() if isinstance(container, Mapping) else container)


def parse_answers(data: Any, source: str = "<answers>") -> AnswerFile:
    """Validate an answer file's content (already parsed from YAML/JSON); AnswerFileError names the bad entry."""
    def fail(where: str, key: str, **fields: Any) -> AnswerFileError:
        return AnswerFileError(key=key, source=source, where=where, **fields)

    if not isinstance(data, Mapping):
        raise AnswerFileError(key="not_mapping", source=source, type=type(data).__name__)
    unknown = sorted(str(k) for k in data if k not in _KEYS)
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(_KEYS), n=1, cutoff=0.6)
        guess = AnswerFileError(key="guess", guess=close[0]) if close else ""
        raise fail(unknown[0], "unknown_key", guess=guess, keys=", ".join(repr(k) for k in sorted(_KEYS)))
    for key, value in data.items():
        _check_size(value, f"{source}: {key}")
    title = data.get("title", "")
    if isinstance(title, bool) or not isinstance(title, (str, int, float)):
        raise fail("title", "title", value=title)
    lang = data.get("lang")
    if lang is not None and lang not in LANGS:
        raise fail("lang", "lang", value=lang, langs=", ".join(LANGS))
    exercise = _exercise(data, fail)
    sheet = _sheet(data, exercise, fail)

    given = data.get("tolerance") or {}
    if not isinstance(given, Mapping) or set(given) - {"rtol", "atol"}:
        raise fail("tolerance", "tolerance", value=given)
    try:
        rtol = tolerance(given.get("rtol", DEFAULT_RTOL), "rtol")
        atol = tolerance(given.get("atol", DEFAULT_ATOL), "atol")
    except ValueError as error:
        raise fail("tolerance", "detail", detail=error) from None

    answers = data.get("answers")
    if not isinstance(answers, Mapping) or not answers:
        raise fail("answers", "answers")
    stated = exercise if exercise is not None else sheet.exercise if sheet is not None else None
    try:
        solution = stated.solve() if stated is not None else None
    except (ValueError, ArithmeticError, AutogradError) as error:
        raise fail("network" if "network" in data else "expression", "detail", detail=error) from None
    for name, claim in answers.items():
        try:
            if not isinstance(name, str):
                raise VizError(f"an answer name must be a string, got {name!r}")
            value, _, _ = claim_parts(name, claim, rtol, atol)
            if solution is not None:
                solution.resolve(name)
            read_claim(value, "")
        except ValueError as error:
            raise fail(f"answers: {name}", "detail", detail=error) from None
    return AnswerFile(source, exercise, {str(k): v for k, v in answers.items()}, rtol, atol,
                      sheet.kind if sheet else None, sheet.seed if sheet else None, lang, sheet, bool(given))


def _exercise(data: Mapping[str, Any], fail: Any) -> Exercise | None:
    """The exercise the file writes out (``network``… or ``expression``…), or None when it gives neither."""
    if "network" in data and "expression" in data:
        raise fail("network", "one_of")
    if "network" in data:
        net = data["network"]
        if not isinstance(net, Mapping) or set(net) - {"weights", "biases", "activations"} or "weights" not in net \
                or "biases" not in net:
            raise fail("network", "network")
        for key in ("input", "target"):
            if key not in data:
                raise fail(key, "needs")
        if "variables" in data:
            raise fail("variables", "not_with_network")
        for key in ("weights", "biases"):
            if not isinstance(net[key], list) or not net[key]:
                raise fail(f"network: {key}", "layers", value=net[key])
        activations = net.get("activations", "sigmoid")
        if not isinstance(activations, (str, list)) or (isinstance(activations, list)
                                                        and not all(isinstance(a, str) for a in activations)):
            raise fail("network: activations", "activations", value=activations)
        loss = data.get("loss", "mse")
        if not isinstance(loss, str):
            raise fail("loss", "loss", value=loss)
        inputs = _list(data["input"], fail)
        try:  # the file's numbers (a decimal comma allowed); nn checks the shapes.  A bias vector and the input
            # may be written as a row or a column: their numbers are read row by row
            weights = [read_claim(W, f"W{i}", False).nested() for i, W in enumerate(net["weights"], start=1)]
            biases = [read_claim(b, f"b{i}", False).numbers for i, b in enumerate(net["biases"], start=1)]
            return NetworkExercise(weights, biases, activations, read_claim(inputs, "input", False).numbers,
                                   read_claim(data["target"], "target", False).nested(), loss)
        except (ValueError, TypeError, ArithmeticError, AutogradError) as error:
            raise fail("network", "detail", detail=error) from None
    if "expression" in data:
        for key in ("input", "target", "loss"):
            if key in data:
                raise fail(key, "not_with_expression")
        if not isinstance(data["expression"], str):
            raise fail("expression", "expression", value=data["expression"])
        variables = data.get("variables") or {}
        try:
            if isinstance(variables, Mapping):
                variables = {k: read_number(v, f"variables: {k}") for k, v in variables.items()}
            return FormulaExercise(data["expression"], variables)
        except (ValueError, ArithmeticError, AutogradError) as error:
            raise fail("expression", "detail", detail=error) from None
    for key in ("input", "target", "loss", "variables"):
        if key in data:
            raise fail(key, "orphan")
    return None


def _sheet(data: Mapping[str, Any], exercise: Exercise | None, fail: Any) -> Worksheet | None:
    """The sheet of ``kind``/``seed``/``options``, rebuilt; None for a hand-made exercise."""
    if "kind" not in data and "seed" not in data:
        if "options" in data:
            raise fail("options", "options_orphan")
        return None
    for key in ("kind", "seed"):
        if key not in data:
            raise fail(key, "kind_seed")
    kind, seed = data["kind"], data["seed"]
    if not isinstance(kind, str) or kind not in KINDS:
        raise fail("kind", "kind", value=kind, kinds=", ".join(KINDS))
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise fail("seed", "seed", value=seed)
    options = data.get("options", {})
    if not isinstance(options, Mapping) or set(options) - set(OPTIONS):
        raise fail("options", "options", options=", ".join(OPTIONS), value=options)
    try:
        given: dict[str, Any] = {k: tuple(v) if k == "sizes" else v for k, v in options.items()}
        sheet = worksheet(kind, seed, **given)
    except (ValueError, TypeError) as error:
        raise fail("options", "detail", detail=error) from None
    if "options" in data or not isinstance(exercise, NetworkExercise) \
            or exercise_difference(exercise, sheet.exercise) is None:
        return sheet
    # A file written before the answers file recorded the options: try those its network shows.
    acts = exercise.activations
    shown: dict[str, Any] = {"activation": acts[0], "output_activation": acts[-1] if len(acts) == 2 else None,
                             "loss": exercise.loss}
    names = [name for name, value in shown.items() if value is not None]
    for n in range(1, len(names) + 1):
        for subset in itertools.combinations(names, n):
            try:
                other = worksheet(kind, seed, **{name: shown[name] for name in subset})
            except ValueError:
                continue
            if exercise_difference(exercise, other.exercise) is None:
                return other
    return sheet


def _list(value: Any, fail: Any) -> list[Any]:
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return [value]
    if not isinstance(value, list):
        raise fail("input", "input", value=value)
    return value


def load_answers(path: str | Path, *, max_bytes: int = MAX_BYTES) -> AnswerFile:
    """Read and validate an answer file (``.json`` as JSON, anything else as YAML; never evaluated).

    Any problem (larger than ``max_bytes`` or not a regular file, both refused before reading; not UTF-8, not
    valid YAML/JSON, nested too deeply, a wrong type, a name that is not a quantity of the exercise) is an
    AnswerFileError naming the file and the entry.
    """
    file = Path(path)
    try:
        text = read_bounded(file, max_bytes).decode("utf-8")
    except FileTooLargeError as error:
        refused = AnswerFileError(key="too_large", source=str(file), size=_Bytes(error.size),
                                  limit=_Bytes(error.limit))
        with file.open("rb") as head:  # its language, from its first lines (a regular file: it has an end)
            refused.lang = _stated_lang(head.read(4096).decode("utf-8", errors="replace"))
        raise refused from None
    except NotAFileError as error:
        raise AnswerFileError(key="not_regular", source=str(file), kind=Phrase(f"kind_{error.kind}")) from None
    except UnicodeDecodeError as error:
        raise AnswerFileError(key="not_utf8", source=str(file), at=error.start + 1) from None
    except OSError as error:
        raise AnswerFileError(key="os_" + _OS_KEYS.get(error.errno or 0, "other"), source=str(file),
                              reason=error.strerror or str(error)) from None
    try:
        return _read(file, text)
    except AnswerFileError as error:  # written in the file's language, when it says one
        error.lang = _stated_lang(text)
        raise


def _stated_lang(text: str) -> str | None:
    """The language a file's top-level ``lang:`` line says, if any (read from the text: the file may not parse)."""
    found = _LANG_LINE.search(text)
    return found["lang"] if found and found["lang"] in LANGS else None


class _Bytes:
    """A size in bytes as a person reads it in a language: ``3,22 MB`` in Spanish (a field of an error message)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def message(self, lang: str = "en") -> str:
        for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
            if self.n >= size:
                return f"{Notation(lang, precision=3).number(self.n / size)} {unit}"
        return f"{self.n} bytes"

    def __str__(self) -> str:
        return self.message()


def _nesting(text: str) -> int:
    """An upper bound of how deep ``text`` (YAML or JSON) nests, found in one pass without parsing: brackets still
    open, plus indentation levels, plus ``- `` items started on a line (it stops counting past four times
    :data:`MAX_DEPTH`).  A parser takes seconds (or recurses out) on a file nested thousands deep; this refuses
    it in milliseconds."""
    deepest = brackets = 0
    indents: list[int] = []
    for line in text.splitlines():
        content = line.lstrip(" ")
        if not content or content.startswith("#"):
            continue
        indent = len(line) - len(content)
        while indents and indents[-1] >= indent:
            indents.pop()
        indents.append(indent)
        dashes = content[:len(content) - len(content.lstrip("- "))].count("-")
        widest = brackets
        for ch in content:
            if ch in "[{":
                brackets += 1
                widest = max(widest, brackets)
            elif ch in "]}":
                brackets -= 1
        deepest = max(deepest, len(indents) + dashes + max(widest, 0))
        if deepest > 4 * MAX_DEPTH:
            break
    return deepest


def _read(file: Path, text: str) -> AnswerFile:
    # Far past MAX_DEPTH (thousands deep), refused before the parser spends seconds on it; a file just past it is
    # parsed, and _check_size names the entry that nests too deep.
    if _nesting(text) > 4 * MAX_DEPTH:
        raise AnswerFileError(key="too_deep_to_read", source=str(file), most=MAX_DEPTH)
    try:
        # JSON, or YAML through a SafeLoader: plain data only, never objects
        data = json.loads(text) if file.suffix.lower() == ".json" else _yaml_data(str(file), text)
    except json.JSONDecodeError as error:
        raise AnswerFileError(key="json_at", source=str(file), detail=_Described(error.msg, "json_syntax"),
                              line=error.lineno, column=error.colno) from None
    except RecursionError:  # the readers recurse once per level: far past MAX_DEPTH
        raise AnswerFileError(key="too_deep_to_read", source=str(file), most=MAX_DEPTH) from None
    return parse_answers(data, str(file))


def _yaml_data(source: str, text: str) -> Any:
    """A YAML file's data, read by PyYAML (imported here, the one place that needs it)."""
    import yaml

    try:
        return yaml.load(text, Loader=_unique_key_loader())
    except yaml.YAMLError as error:
        raise _yaml_error(source, error) from None


def _yaml_error(source: str, error: yaml.YAMLError) -> AnswerFileError:
    """A YAML error on one line: what went wrong and where (line and column, 1-based).  What went wrong is
    PyYAML's words in English, and in Spanish the usual problems' own words (:func:`_yaml_problem`)."""
    import yaml

    if not isinstance(error, yaml.MarkedYAMLError):
        return AnswerFileError(key="yaml", source=source, detail=_yaml_problem(" ".join(str(error).split())))
    what = ", ".join(part for part in (error.context, error.problem) if part)
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return AnswerFileError(key="yaml", source=source, detail=_yaml_problem(what))
    return AnswerFileError(key="yaml_at", source=source, detail=_yaml_problem(what), line=mark.line + 1,
                           column=mark.column + 1)


def _yaml_problem(what: str) -> AnswerFileError:
    """PyYAML's description of a problem, in any language: the English as PyYAML writes it; in Spanish, the
    words of the first of :data:`_YAML_PROBLEMS` it matches (a general "syntax error" for any other)."""
    for pattern, key in _YAML_PROBLEMS:
        found = pattern.search(what)
        if found:
            return _Described(what, key, **found.groupdict())
    return _Described(what, "yaml_syntax")


class _Described(AnswerFileError):
    """A problem described by someone else (PyYAML): their words in English, ours in any other language."""

    def __init__(self, english: str, key: str, **fields: Any) -> None:
        super().__init__(english)
        self.spanish_key, self.spanish_fields = key, fields

    def message(self, lang: str = "en") -> str:
        return self._text if lang == "en" else WORDS(lang)[f"file_{self.spanish_key}"].format(**self.spanish_fields)


# PyYAML's usual problems in a hand-written answers file, most specific first, and the key that says each.
_YAML_PROBLEMS = tuple((re.compile(pattern), key) for pattern, key in (
    (r"the key (?P<name>.+) is given twice", "yaml_twice"),
    (r"a key must be a name", "yaml_key_name"),
    (r"expected ',' or '(?P<close>[\]}])'", "yaml_unclosed"),
    (r"found character '\\t' that cannot start any token", "yaml_tab"),
    (r"mapping values are not allowed here", "yaml_colon"),
    (r"found unexpected end of stream|while scanning a quoted scalar", "yaml_quote"),
    (r"found undefined alias", "yaml_alias"),
    (r"expected <block end>|while parsing a block", "yaml_indent"),
    (r"found character .* that cannot start any token", "yaml_character"),
))


def load_key(path: str | Path, *, lang: str | None = None, max_bytes: int = MAX_BYTES) -> AnswerFile:
    """Read a teacher's key: an answers file of the same shape (see :mod:`viz.classroom.answers`).

    The key gives the exercise (written out, or the kind and seed of a sheet) and lists the answers
    to grade; their numbers may be left ``null`` (the engine computes them) or filled in, and then
    they must agree with the engine.  AnswerFileError (in ``lang``, else the key's ``lang:``) when
    the key cannot serve as one.
    """
    key = load_answers(path, max_bytes=max_bytes)
    key.as_key(Notation(lang or key.lang or "en"))
    return key

