"""What the ``pizarra`` command says — progress (``wrote …``), usage errors and errors — in the class's language.

``--lang es`` is read from the command line before anything else (:func:`requested_language`), so that even
a usage error argparse finds (a missing argument, an unknown option) is written in Spanish by
:class:`Parser`.  The command's own errors are :class:`CommandError` (key and fields in :data:`viz.words.WORDS`, so
they are written in either language); :func:`describe` writes any error the command catches.  Errors
the library raises for programmers stay in English, except the formula language's (a
:class:`~viz.classroom.formula_errors.FormulaError` writes itself in either language).
"""

from __future__ import annotations

import argparse
import errno
import re
from collections.abc import Mapping, Sequence
from typing import IO, Any, NoReturn

from autograd.errors import PizarraError
from autograd.text import LANGS, MINUS

from ..words import WORDS
from .help_words import HELP

__all__ = ["CommandError", "Parser", "UsageError", "describe", "requested_language"]

# argparse's own messages (Python 3.10 to 3.12), and how Spanish writes them.
_ARGPARSE_ES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), text) for pattern, text in (
    (r"^the following arguments are required: (?P<a>.*)$", "faltan los argumentos: {a}"),
    (r"^unrecognized arguments: (?P<a>.*)$", "argumentos no reconocidos: {a}"),
    (r"^ambiguous option: (?P<a>\S+) could match (?P<b>.*)$", "opción ambigua: {a} puede ser {b}"),
    (r"^one of the arguments (?P<a>.*) is required$", "hace falta uno de los argumentos {a}"),
    (r"^invalid choice: (?P<a>.*) \(choose from (?P<b>.*)\)$", "opción no válida: {a} (elige entre {b})"),
    (r"^expected one argument$", "falta su valor"),
    (r"^expected at most one argument$", "se espera como mucho un valor"),
    (r"^expected at least one argument$", "se espera al menos un valor"),
    (r"^expected (?P<a>\d+) arguments?$", "se esperan {a} valores"),
    (r"^not allowed with argument (?P<a>.*)$", "no se permite junto con el argumento {a}"),
    (r"^invalid (?P<a>\S+) value: (?P<b>.*)$", "valor no válido para {a}: {b}"),
    (r"^ignored explicit argument (?P<a>.*)$", "se ignora el argumento explícito {a}"),
))
_NEGATIVE = re.compile(r"^-\d+$|^-\d*[.,]\d+$")
_ARGUMENT = re.compile(r"^argument (?P<name>[^:]+): (?P<rest>.*)$", re.DOTALL)
# The placeholders of the usage line (argparse's metavars), as Spanish writes them.
_METAVARS_ES = {"NAME=VALUE": "NOMBRE=VALOR", "COMMAND": "COMANDO", "FORMULA": "FÓRMULA", "FILE": "ARCHIVO",
                "DIGITS": "DÍGITOS", "NAME": "NOMBRE", "OUTPUT": "SALIDA", "TITLE": "TÍTULO", "SEED": "SEMILLA",
                "KEY": "CLAVE", "PATH": "RUTA", "DIR": "CARPETA", "MODEL": "MODELO",
                "W:H": "ANCHO:ALTO", "SECONDS": "SEGUNDOS"}
_METAVAR = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, _METAVARS_ES)) + r")(?![\w=])")

# What the system says about a file, in Spanish (by errno); other errors keep the system's words.
_OS_ES = {
    errno.ENOENT: "no existe", errno.EACCES: "sin permiso", errno.EPERM: "sin permiso",
    errno.EISDIR: "es una carpeta (una carpeta no se puede reemplazar por un archivo)",
    errno.ENOTDIR: "una parte del camino no es una carpeta", errno.ENOSPC: "no queda espacio en el disco",
    errno.EROFS: "el sistema de archivos es de solo lectura", errno.EEXIST: "ya existe",
}


class CommandError(PizarraError, ValueError):
    """An error of the command, written in any language: ``key`` in :data:`viz.words.WORDS` and its ``fields``.

    A field with a ``message(lang)`` method (another such error, a FormulaError) is written in the same
    language.  ``str(error)`` is English.
    """

    def __init__(self, key: str, **fields: Any) -> None:
        self.key = key
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        fields = {k: v.message(lang) if hasattr(v, "message") else v for k, v in self.fields.items()}
        return WORDS(lang)[self.key].format(**fields)


class UsageError(CommandError):
    """A command line that cannot be run (bad NAME=VALUE, unknown output format, ...)."""


def requested_language(argv: Sequence[str]) -> str:
    """The language ``--lang`` asks for in ``argv`` (``--lang es`` or ``--lang=es``), else ``"en"``."""
    for i, item in enumerate(argv):
        if item == "--":
            break
        if item == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGS:
            return argv[i + 1]
        if item.startswith("--lang=") and item[len("--lang="):] in LANGS:
            return item[len("--lang="):]
    return "en"


class Parser(argparse.ArgumentParser):
    """An ``argparse`` parser that writes its usage line, its help and its usage errors in ``lang``.

    Its section titles and ``-h``'s help are :data:`~viz.cli.help_words.HELP`'s; an argument's ``metavar`` is
    written in ``lang`` as it is added (:meth:`metavar`).
    """

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        self.lang = lang
        #: The subcommands' parsers, by name (filled in by whoever adds them).
        self.commands: dict[str, Parser] = {}
        # -h (its help in ``lang``) and the section titles come first, then the parents' options, as argparse
        # itself orders them; the parents' sections, titled in ``lang`` too, join this parser's own
        add_help, parents = kwargs.pop("add_help", True), kwargs.pop("parents", [])
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        words = HELP(lang)
        self._positionals.title, self._optionals.title = words["positionals"], words["optionals"]
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=words["help"])
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)
        # a negative number is a value, not an option, with a decimal comma too (--sample 1,8 -3,4)
        self._negative_number_matcher = _NEGATIVE

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if isinstance(kwargs.get("metavar"), str):
            kwargs["metavar"] = self.metavar(kwargs["metavar"])
        return super().add_argument(*args, **kwargs)

    def metavar(self, name: str) -> str:
        """The placeholder ``name`` (``FILE``, ``NAME=VALUE``) in the parser's language."""
        return self._metavars(name)

    def format_usage(self) -> str:
        return self._usage_in_lang(super().format_usage())

    def format_help(self) -> str:
        return self._usage_in_lang(super().format_help())

    def _usage_in_lang(self, text: str) -> str:
        prefix = "usage: "
        if text.startswith(prefix):
            text = WORDS(self.lang)["usage"] + text[len(prefix):]
        return self._metavars(text)

    def _metavars(self, text: str) -> str:
        """The usage line's placeholders (``FILE``, ``NAME=VALUE``) in the parser's language."""
        return _METAVAR.sub(lambda m: _METAVARS_ES[m[1]], text) if self.lang == "es" else text

    def error(self, message: str) -> NoReturn:
        self.print_usage(_stderr())
        self.exit(2, WORDS(self.lang)["error"].format(prog=self.prog, message=self._translated(message)) + "\n")

    def _translated(self, message: str) -> str:
        if self.lang != "es":
            return message
        argument = _ARGUMENT.match(message)
        if argument:
            return f"argumento {self._metavars(argument['name'])}: {self._translated(argument['rest'])}"
        for pattern, text in _ARGPARSE_ES:
            match = pattern.match(message)
            if match:
                return self._metavars(text.format(**match.groupdict()))
        return message

    # argparse's type functions, their messages in the parser's language

    def whole(self, text: str) -> int:
        """A whole number ≥ 1 (an option's ``type``)."""
        w = WORDS(self.lang)
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(w["whole_number"].format(text=text)) from None
        if value < 1:
            raise argparse.ArgumentTypeError(w["at_least_one"].format(value=value))
        return value

    def frame(self, text: str) -> str:
        """A frame's aspect ratio as :func:`viz.fit.aspect_of` reads it (``16:9``), or ``none`` (an option's
        ``type``)."""
        from ..fit import aspect_of

        if text.strip().lower() == "none":
            return "none"
        try:
            aspect_of(text)
        except ValueError:
            raise argparse.ArgumentTypeError(WORDS(self.lang)["bad_fit"].format(text=text)) from None
        return text.strip()

    def nonnegative(self, text: str) -> float:
        """A finite number ≥ 0 (an option's ``type``); ``−`` (U+2212) reads as a minus."""
        w = WORDS(self.lang)
        try:
            value = float(text.replace(MINUS, "-"))
        except ValueError:
            raise argparse.ArgumentTypeError(w["a_number"].format(text=text)) from None
        if not (value - value == 0.0 and value >= 0):
            raise argparse.ArgumentTypeError(w["finite"].format(text=text))
        return value


def _stderr() -> IO[str]:
    import sys

    return sys.stderr


def describe(error: BaseException, lang: str, names: Mapping[type, str] | None = None) -> str:
    """What the command prints for an error it caught, in ``lang``.

    ``names`` maps exception types to a key of :data:`viz.words.WORDS` whose message is printed instead (used for
    graphviz's missing ``dot``, which this module does not import).
    """
    w = WORDS(lang)
    for kind, key in (names or {}).items():
        if isinstance(error, kind):
            return w[key]
    if hasattr(error, "message") and callable(error.message):
        return str(error.message(lang))
    from ..classroom.formula_errors import engine_message  # an op's domain, met during backward

    engine = engine_message(error, lang)
    if engine is not None:
        return engine
    if isinstance(error, OSError) and error.filename is not None:
        reason = (_OS_ES.get(error.errno or 0) if lang == "es" else None) or error.strerror or str(error)
        return f"{reason}: {error.filename}"
    if isinstance(error, RecursionError):  # e.g. a file nested a thousand levels deep
        return w["too_deep"].format(detail=error)
    return str(error)
