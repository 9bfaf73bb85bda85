"""What the ``pizarra`` command says — progress (``wrote …``), usage errors and errors — in the class's language.

``--lang es`` is read from the command line before anything else (:func:`requested_language`), so that even
a usage error argparse finds (a missing argument, an unknown option) is written in Spanish by
:class:`Parser`.  The command's own errors are :class:`CommandError` (key and fields in :data:`WORDS`, so
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
from autograd.text import LANGS, MINUS, WordTable

from .help_words import HELP

__all__ = ["WORDS", "CommandError", "Parser", "UsageError", "describe", "requested_language"]

WORDS = WordTable(
    en={
        "wrote": "wrote {path}",
        "usage": "usage: ",
        "error": "{prog}: error: {message}",
        "expected_assignment": "expected NAME=VALUE, got {item!r} (quote the whole expression: "
                               "pizarra steps \"x * w\" x=1 w=2)",
        "bad_name": "{item!r}: {name!r} is not a valid variable name",
        "function_name": "{item!r}: {name!r} is a function name; pick another variable name",
        "given_twice": "variable {name!r} is given twice",
        "given_twice_spelled": "variable {name!r} is given twice ({first!r} and {second!r} are the same name)",
        "bad_value_format": "{item!r}: the value of {name} must be a number, got {text!r}{hint}",
        "bad_value_not_finite": "{item!r}: the value of {name} must be finite, got {text!r}",
        "bad_value_underflow": "{item!r}: the value of {name} is too small for a float (below 2.2e−308), got "
                               "{text!r}; write 0 if that is meant",
        "bad_value_comma": " (use a decimal point, or a decimal comma with --decimal , or --lang es; no "
                           "thousands separator: 1000.5)",
        "bad_value_nohint": "",
        "no_formula": "give the formula, quoted (pizarra steps \"x * w\" x=1 w=2), or a file of it with -f FILE",
        "no_variables": "{source} has no variables: there is nothing to differentiate",
        "no_variables_check": "{source} has no variables: there is nothing to check",
        "format_suffix": "cannot tell the format of {path!r} from its suffix; use one of: {formats}",
        "in_file": "{path}: {message}",
        "file_too_big": "{path}: too large for a formula file ({size} bytes; a formula has at most {most} "
                        "characters)",
        "not_utf8": "{path}: not UTF-8 text (byte {at} cannot be read)",
        "not_regular_file": "{path}: not a regular file (a device, a pipe, a folder): nothing was read",
        "dot_missing": "graphviz's `dot` program is needed to render this format (install graphviz, or write .dot)",
        "too_deep": "the input is nested too deeply to read ({detail})",
        "whole_number": "expected a whole number, got {text!r}",
        "at_least_one": "must be at least 1, got {value}",
        "a_number": "expected a number, got {text!r}",
        "finite": "must be a finite number ≥ 0, got {text!r}",
        "bad_fit": "expected a frame's aspect ratio, width:height such as 16:9 or 4:3, or 'none'; got {text!r}",
        "step_range": "there is no step {step}: the backward pass of {source} has steps 1 to {last}",
        "step_forward_only": "--step draws a moment of the backward pass: leave out --forward-only",
        "network_no_source": "give a model file written by MLP.save (pizarra network red.json) or a sheet's "
                             "exercise (--kind two-layer --seed 17)",
        "network_two_sources": "give a model file or a sheet's exercise (--kind, --seed), not both",
        "seed_without_kind": "--seed chooses a sheet of a kind: give --kind too",
        "sheet_options": "only a sheet's exercise (--kind, --seed) takes {options}, not a model file",
        "sample_own": "a model file has no sample of its own: give its numbers, --sample X… [Y…]",
        "bad_sample": "--sample takes numbers, got {text!r}",
        "sample_size": "--sample takes the input's {nin} numbers, then for J the target's {nout}; got {count}",
        "grads_need_target": "--grads shows ∂J/∂·, which needs a sample and its target: --sample X… Y…",
    },
    es={
        "wrote": "escrito {path}",
        "usage": "uso: ",
        "error": "{prog}: error: {message}",
        "expected_assignment": "se esperaba NOMBRE=VALOR, se recibió {item!r} (escribir toda la expresión entre "
                               "comillas: pizarra steps \"x * w\" x=1 w=2)",
        "bad_name": "{item!r}: {name!r} no es un nombre de variable válido",
        "function_name": "{item!r}: {name!r} es el nombre de una función; elegir otro nombre de variable",
        "given_twice": "la variable {name!r} se da dos veces",
        "given_twice_spelled": "la variable {name!r} se da dos veces ({first!r} y {second!r} son el mismo nombre)",
        "bad_value_format": "{item!r}: el valor de {name} no está escrito como un número: {text!r}{hint}",
        "bad_value_not_finite": "{item!r}: el valor de {name} debe ser un número finito, se recibió {text!r}",
        "bad_value_underflow": "{item!r}: el valor de {name} es demasiado chico para un float (menor que 2,2e−308), "
                               "se recibió {text!r}; escribir 0 si es lo que se quiere",
        "bad_value_comma": " (usar la coma decimal sin separador de miles: 1000,5)",
        "bad_value_nohint": "",
        "no_formula": "falta la fórmula: escribirla entre comillas (pizarra steps \"x * w\" x=1 w=2), o darla en un "
                      "archivo con -f ARCHIVO",
        "no_variables": "{source} no tiene variables: no hay nada que derivar",
        "no_variables_check": "{source} no tiene variables: no hay nada que verificar",
        "format_suffix": "no se sabe el formato de {path!r} por su sufijo; usar uno de: {formats}",
        "in_file": "{path}: {message}",
        "file_too_big": "{path}: es demasiado grande para un archivo de fórmula ({size} bytes; una fórmula tiene "
                        "como mucho {most} caracteres)",
        "not_utf8": "{path}: no es texto UTF-8 (no se puede leer el byte {at})",
        "not_regular_file": "{path}: no es un archivo común (es un dispositivo, un tubo, una carpeta): no se leyó nada",
        "dot_missing": "hace falta el programa `dot` de graphviz para este formato (instalar graphviz, o escribir "
                       ".dot)",
        "too_deep": "la entrada anida demasiados niveles para leerla ({detail})",
        "whole_number": "se esperaba un número entero, se recibió {text!r}",
        "at_least_one": "debe ser al menos 1, se recibió {value}",
        "a_number": "se esperaba un número, se recibió {text!r}",
        "finite": "debe ser un número finito ≥ 0, se recibió {text!r}",
        "bad_fit": "se esperaba la proporción de un cuadro, ancho:alto como 16:9 o 4:3, o 'none'; se recibió {text!r}",
        "step_range": "no hay paso {step}: la retropropagación de {source} tiene los pasos 1 a {last}",
        "step_forward_only": "--step dibuja un momento de la retropropagación: quitar --forward-only",
        "network_no_source": "falta la red: dar un archivo de modelo escrito por MLP.save (pizarra network "
                             "red.json) o el ejercicio de una hoja (--kind y --seed)",
        "network_two_sources": "dar un archivo de modelo o el ejercicio de una hoja (--kind, --seed), no ambos",
        "seed_without_kind": "--seed elige una hoja de un tipo: dar también --kind",
        "sheet_options": "solo el ejercicio de una hoja (--kind, --seed) lleva {options}, no un archivo de modelo",
        "sample_own": "un archivo de modelo no trae una muestra propia: dar sus números, --sample X… [Y…]",
        "bad_sample": "--sample lleva números, se recibió {text!r}",
        "sample_size": "--sample lleva los {nin} números de la entrada y, para J, los {nout} del valor esperado; "
                       "se recibieron {count}",
        "grads_need_target": "--grads muestra ∂J/∂·, que necesita una muestra y su valor esperado: --sample X… Y…",
    },
)

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
    """An error of the command, written in any language: ``key`` in :data:`WORDS` and its ``fields``.

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

    ``names`` maps exception types to a key of :data:`WORDS` whose message is printed instead (used for
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
