"""The fields of the formula language's messages in every language, and the Spanish of others' messages.

Why a :class:`~viz.classroom.formula.Formula` refuses a text, the words of its caret line and the names of what a
formula may not use are the classroom's words (:data:`viz.classroom.words.WORDS` and ``FORBIDDEN``).  Here are
what fills them in: a :class:`Localized` field (an op's domain, its operands, a forbidden construct), and the
Spanish of the messages others write in English — Python's syntax errors (:data:`SYNTAX_ES`), the engine's
(:data:`ENGINE_ES`), the op table's domains (:data:`DOMAINS_ES`).

A :class:`~viz.classroom.formula_errors.FormulaError` keeps the key and the fields of its reason, so the
``pizarra`` command prints it in the class's language (``error.message("es")``); ``str(error)`` is English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from autograd.text import LANGS, Notation

from .words import FORBIDDEN

__all__ = ["DOMAINS_ES", "ENGINE_ES", "SYNTAX_ES", "Localized", "domain", "engine", "forbidden", "operands", "syntax"]


@dataclass(frozen=True)
class Localized:
    """A field of a message that is itself words, e.g. what is not allowed: its text in every language."""

    texts: tuple[tuple[str, str], ...]

    def __call__(self, lang: str) -> str:
        return dict(self.texts)[lang]

    def __str__(self) -> str:
        return self("en")


#: Python's own syntax messages (3.10 to 3.12), most specific first, and how the Spanish report writes each; a
#: message none of them matches is "sintaxis no válida" in Spanish (the caret shows where), as Python says it in
#: English.
SYNTAX_ES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), text) for pattern, text in (
    (r"^'(?P<open>[(\[{])' was never closed", "falta cerrar el '{open}'"),
    (r"^unmatched '(?P<close>[)\]}])'", "sobra un '{close}': no tiene su apertura"),
    (r"^closing parenthesis '(?P<close>.)' does not match opening parenthesis '(?P<open>.)'",
     "el '{close}' no cierra el '{open}' abierto antes"),
    (r"^invalid character '(?P<char>.+?)' \((?P<code>U\+[0-9A-F]+)\)",
     "carácter no válido '{char}' ({code}); para multiplicar se escribe *"),
    (r"^invalid non-printable character (?P<code>U\+[0-9A-F]+)", "carácter invisible no válido ({code})"),
    (r"^invalid decimal literal", "número no válido (entre un número y un nombre va un operador: 2*x)"),
    (r"^invalid (?:hexadecimal|octal|binary|imaginary) literal", "número no válido"),
    (r"^leading zeros in decimal integer literals", "un número entero no puede empezar con 0"),
    (r"^unterminated (?:triple-quoted )?string literal|^EOL while scanning", "texto entre comillas sin cerrar"),
    (r"^unexpected EOF|^unexpected end of", "la expresión termina antes de tiempo"),
    (r"^unexpected indent", "sangría inesperada: cada línea empieza sin espacios"),
    (r"^unindent does not match|^expected an indented block", "sangría no válida: cada línea empieza sin espacios"),
    (r"^unexpected character after line continuation", "carácter inesperado después de '\\'"),
    (r"forgot a comma", "sintaxis no válida; ¿falta una coma?"),
    (r"Maybe you meant '==' or ':=' instead of '='|cannot assign to|expression cannot contain assignment",
     "un '=' donde no puede ir: una asignación es NOMBRE = expresión, una por línea"),
    (r"^positional argument follows keyword argument", "un argumento sin nombre después de uno con nombre"),
))


#: Each op's domain (:attr:`autograd.ops.Op.domain`, written once, in English, in the op table), in Spanish.
DOMAINS_ES = {
    "b ≠ 0": "b ≠ 0",
    "a > 0, or a = 0 with b ≥ 0, or a < 0 with an integer b": "a > 0, o a = 0 con b ≥ 0, o a < 0 con b entero",
    "a > 0": "a > 0",
    "a ≥ 0 (and a > 0 for its derivative)": "a ≥ 0 (y a > 0 para su derivada)",
}


def domain(text: str) -> Localized:
    """An op's domain in every language (Spanish from :data:`DOMAINS_ES`)."""
    return Localized(tuple((lang, DOMAINS_ES.get(text, text) if lang == "es" else text) for lang in LANGS))


def operands(names: Sequence[str], values: Sequence[float]) -> Localized:
    """``a=−1,5, b=0``: an op's operands, each number as the language writes it (:meth:`Notation.number`)."""
    return Localized(tuple((lang, ", ".join(f"{name}={Notation(lang).number(x, 6)}" for name, x in zip(names, values)))
                           for lang in LANGS))


#: The engine's messages a formula can meet while it is computed (written in English by :mod:`autograd`), and how the
#: Spanish report writes each.
ENGINE_ES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), text) for pattern, text in (
    (r"^(?P<op>\w+): the result overflows a float", "{op}: el resultado es demasiado grande para un float"),
    (r"^(?P<op>\w+): the result is NaN", "{op}: el resultado no es un número (NaN)"),
    (r"^(?P<what>.+?) must be finite, got (?P<got>.+)$", "{what} debe ser finito, se recibió {got}"),
    (r"^(?P<what>.+?) must be a real number, got (?P<got>.+)$", "{what} debe ser un número real, se recibió {got}"),
))


def engine(reason: str) -> Localized:
    """An engine's message in every language: English as the engine writes it, Spanish from :data:`ENGINE_ES`
    (the English when none matches)."""
    spanish = next((text.format(**found.groupdict()) for pattern, text in ENGINE_ES
                    if (found := pattern.search(reason))), reason)
    return Localized(tuple((lang, spanish if lang == "es" else reason) for lang in LANGS))


def forbidden(key: str) -> Localized:
    """What a formula may not use, by its ``ast`` class name (or ``str``, ``lists``, …), in every language."""
    return Localized(tuple((lang, FORBIDDEN(lang).get(key, key)) for lang in LANGS))


def syntax(problem: str) -> Localized:
    """Python's syntax message, in every language: English as Python writes it, Spanish from :data:`SYNTAX_ES`."""
    spanish = next((text.format(**found.groupdict()) for pattern, text in SYNTAX_ES
                    if (found := pattern.search(problem))), "sintaxis no válida")
    return Localized(tuple((lang, spanish if lang == "es" else problem) for lang in LANGS))
