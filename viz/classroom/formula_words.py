"""The formula language's messages in English and Spanish: every reason a :class:`~viz.classroom.formula.Formula`
refuses a text, and the words of the caret line (``line 2, column 5`` / ``línea 2, columna 5``).

A :class:`~viz.classroom.formula_errors.FormulaError` keeps the key and the fields of its reason, so the
``pizarra`` command prints it in the class's language (``error.message("es")``); ``str(error)`` is English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from autograd.text import LANGS, Notation, WordTable

__all__ = ["DOMAINS_ES", "ENGINE_ES", "FORBIDDEN", "SYNTAX_ES", "WORDS", "Localized", "domain", "engine", "forbidden",
           "operands", "syntax"]


@dataclass(frozen=True)
class Localized:
    """A field of a message that is itself words, e.g. what is not allowed: its text in every language."""

    texts: tuple[tuple[str, str], ...]

    def __call__(self, lang: str) -> str:
        return dict(self.texts)[lang]

    def __str__(self) -> str:
        return self("en")

WORDS = WordTable(
    en={
        "where_column": "column {column}",
        "where_line": "line {line}, column {column}",
        "not_a_string": "an expression must be a string, got {type}",
        "empty": "the expression is empty",
        "too_long": "the expression is too long: {n} characters (at most {most})",
        "too_deep": "the expression is nested too deeply (more than {most} levels)",
        "syntax": "not a valid expression ({problem})",
        "decimal_comma": "{number}: a decimal comma? In a formula write {point} (or {pair} for two numbers); a "
                         "value with a decimal comma can be given as NAME=VALUE with --lang es, e.g. a={number}",
        "is_function": "{name} is a function: call it, e.g. {name}(x)",
        "dunder": "names starting with '__' are not allowed: {name}",
        "operator": "the operator {symbol} is not allowed",
        "operator_power": "the operator ^ is not allowed (for a power write **)",
        "empty_list": "an empty list has nothing to compute with",
        "lists_only": "lists are only allowed as arguments of {functions}",
        "tuples_only": "tuples are only allowed as arguments of {functions}",
        "not_allowed": "not allowed: {what}; allowed are numbers, variables, + - * / **, parentheses and calls "
                       "to {functions}",
        "call_by_name": "only these functions can be called, by name: {functions}",
        "unknown_function": "unknown function {name!r}; did you mean {guess}? the functions are {functions}",
        "unknown_function_product": "unknown function {name!r}; to multiply, write {name}*(...); the functions "
                                    "are {functions}",
        "keywords": "{name}: keyword arguments are not allowed",
        "unknown_keyword": "{name} has no argument {keyword!r}; its keyword arguments are {keywords}",
        "starred": "{name}: starred arguments (`*`) are not allowed",
        "lists_shape": "{name} takes {most} list(s) of operands: {name}({shape})",
        "same_length": "{name} needs two lists of the same length",
        "arity": "{name} takes {count} argument(s), got {n}",
        "constant_kind": "not allowed: {what} (only real numbers)",
        "too_large": "the number is too large for a float",
        "infinite": "the number is too large for a float (it would be infinite)",
        "unknown_variables": "unknown variable(s) {names}; given: {given}",
        "unknown_variables_guess": "unknown variable(s) {names}; given: {given}; did you mean {guess}?",
        "unused_variables": "variable(s) given but not used in {text!r}: {names} (the expression uses: {used})",
        "given_but_named": "{name} is computed by the formula ({name} = … on line {line}), so it takes no value",
        "given_twice": "variable {name!r} is given twice ({first!r} and {second!r} are the same name to Python)",
        "not_a_mapping": "the variables must be a mapping name → value, got {type}",
        "engine": "{reason}",
        "domain": "{op} needs {domain}; got {operands}",
        "backward_domain": "backward: the local derivative of {op} is undefined at {operands}",
        # assignments
        "statement": "not allowed: {what}; a formula is assignments NAME = expression, separated by ; or new "
                     "lines, the last one the result",
        "augmented": "{symbol}= is not allowed: write {name} = {name} {symbol} … under a new name",
        "one_target": "one name per assignment: NAME = expression",
        "target_name": "only a name can be assigned: NAME = expression",
        "target_function": "{name} is a function of the formula language: pick another name",
        "target_dunder": "names starting with '__' are not allowed: {name}",
        "unused_line": "this line's result is never used: name it (NAME = …) or make it the last line",
        "before_assigned": "{name} is used before it is assigned (on line {line}): assign it first",
        "assigned_twice": "{name} is assigned twice (first on line {line}): give the new value another name",
        "alias": "{name} = {other} only gives {other} a second name: write {other} where {name} is used",
        "never_used": "{name} is assigned but never used (the last assignment is the result)",
        "last_is_result": "the last line is the result: it needs an expression",
    },
    es={
        "where_column": "columna {column}",
        "where_line": "línea {line}, columna {column}",
        "not_a_string": "una expresión debe ser un texto, se recibió {type}",
        "empty": "la expresión está vacía",
        "too_long": "la expresión es demasiado larga: {n} caracteres (como mucho {most})",
        "too_deep": "la expresión anida demasiados niveles (más de {most})",
        "syntax": "no es una expresión válida ({problem})",
        "decimal_comma": "{number}: ¿una coma decimal? En una fórmula se escribe {point} (o {pair} para dos "
                         "números); un valor con coma decimal puede darse como NOMBRE=VALOR con --lang es, por "
                         "ejemplo a={number}",
        "is_function": "{name} es una función: se llama con su argumento, por ejemplo {name}(x)",
        "dunder": "no se permiten nombres que empiezan con '__': {name}",
        "operator": "no se permite el operador {symbol}",
        "operator_power": "no se permite el operador ^ (para una potencia se escribe **)",
        "empty_list": "una lista vacía no tiene nada con qué calcular",
        "lists_only": "las listas solo se permiten como argumentos de {functions}",
        "tuples_only": "las tuplas solo se permiten como argumentos de {functions}",
        "not_allowed": "no se permite: {what}; se permiten números, variables, + - * / **, paréntesis y llamadas "
                       "a {functions}",
        "call_by_name": "solo se pueden llamar estas funciones, por su nombre: {functions}",
        "unknown_function": "función desconocida {name!r}; ¿quisiste decir {guess}? las funciones son {functions}",
        "unknown_function_product": "función desconocida {name!r}; para multiplicar, escribir {name}*(...); las "
                                    "funciones son {functions}",
        "keywords": "{name}: no se permiten argumentos con nombre",
        "unknown_keyword": "{name} no tiene el argumento {keyword!r}; sus argumentos con nombre son {keywords}",
        "starred": "{name}: no se permiten argumentos con asterisco (`*`)",
        "lists_shape": "{name} recibe {most} lista(s) de operandos: {name}({shape})",
        "same_length": "{name} necesita dos listas del mismo largo",
        "arity": "{name} recibe {count} argumento(s), se dieron {n}",
        "constant_kind": "no se permite: {what} (solo números reales)",
        "too_large": "el número es demasiado grande para un float",
        "infinite": "el número es demasiado grande para un float (sería infinito)",
        "unknown_variables": "variable(s) desconocida(s) {names}; se dieron: {given}",
        "unknown_variables_guess": "variable(s) desconocida(s) {names}; se dieron: {given}; ¿quisiste decir "
                                   "{guess}?",
        "unused_variables": "variable(s) con valor que {text!r} no usa: {names} (la expresión usa: {used})",
        "given_but_named": "{name} lo calcula la fórmula ({name} = … en la línea {line}), así que no lleva valor",
        "given_twice": "la variable {name!r} se da dos veces ({first!r} y {second!r} son el mismo nombre para "
                       "Python)",
        "not_a_mapping": "las variables deben ser un diccionario nombre → valor, se recibió {type}",
        "engine": "{reason}",
        "domain": "{op} necesita {domain}; se obtuvo {operands}",
        "backward_domain": "retropropagación: la derivada local de {op} no está definida en {operands}",
        "statement": "no se permite: {what}; una fórmula son asignaciones NOMBRE = expresión, separadas por ; o "
                     "por saltos de línea, la última es el resultado",
        "augmented": "no se permite {symbol}=: escribir {name} = {name} {symbol} … con un nombre nuevo",
        "one_target": "un nombre por asignación: NOMBRE = expresión",
        "target_name": "solo se puede asignar un nombre: NOMBRE = expresión",
        "target_function": "{name} es una función del lenguaje de fórmulas: elegir otro nombre",
        "target_dunder": "no se permiten nombres que empiezan con '__': {name}",
        "unused_line": "el resultado de esta línea no se usa nunca: darle un nombre (NOMBRE = …) o ponerla "
                       "como última línea",
        "before_assigned": "{name} se usa antes de asignarse (en la línea {line}): asignarlo primero",
        "assigned_twice": "{name} se asigna dos veces (la primera en la línea {line}): darle otro nombre al valor "
                          "nuevo",
        "alias": "{name} = {other} solo le da a {other} un segundo nombre: escribir {other} donde se usa {name}",
        "never_used": "{name} se asigna pero nunca se usa (la última asignación es el resultado)",
        "last_is_result": "la última línea es el resultado: necesita una expresión",
    },
)

#: What each construct a formula may not use is called, by the name of its ``ast`` class.
FORBIDDEN = WordTable(
    en={
        "Attribute": "attribute access (`.`)", "Subscript": "subscripts (`[...]`)", "Slice": "slices",
        "Lambda": "lambda", "Compare": "comparisons", "BoolOp": "`and`/`or`",
        "IfExp": "conditional expressions (`... if ... else ...`)", "NamedExpr": "assignment expressions (`:=`)",
        "ListComp": "comprehensions", "SetComp": "comprehensions", "DictComp": "comprehensions",
        "GeneratorExp": "generator expressions", "Dict": "dicts", "Set": "sets", "JoinedStr": "f-strings",
        "FormattedValue": "f-strings", "Starred": "starred arguments (`*`)", "Await": "await", "Yield": "yield",
        "YieldFrom": "yield", "str": "strings", "bytes": "bytes", "complex": "complex numbers", "bool": "True/False",
        "NoneType": "None", "ellipsis": "...", "lists": "lists", "tuples": "tuples", "statement": "this statement",
        "Import": "import", "ImportFrom": "import", "If": "if", "For": "for", "While": "while", "With": "with",
        "FunctionDef": "def", "ClassDef": "class", "Return": "return", "Delete": "del", "Pass": "pass",
        "AnnAssign": "annotations (`x: …`)", "Try": "try", "Raise": "raise", "Assert": "assert",
        "Global": "global", "Nonlocal": "nonlocal",
    },
    es={
        "Attribute": "acceso a atributos (`.`)", "Subscript": "subíndices (`[...]`)", "Slice": "rebanadas",
        "Lambda": "`lambda`", "Compare": "comparaciones", "BoolOp": "`and`/`or`",
        "IfExp": "expresiones condicionales (`... if ... else ...`)",
        "NamedExpr": "expresiones de asignación (`:=`)", "ListComp": "comprensiones", "SetComp": "comprensiones",
        "DictComp": "comprensiones", "GeneratorExp": "expresiones generadoras", "Dict": "diccionarios",
        "Set": "conjuntos", "JoinedStr": "f-strings", "FormattedValue": "f-strings",
        "Starred": "argumentos con asterisco (`*`)", "Await": "`await`", "Yield": "`yield`", "YieldFrom": "`yield`",
        "str": "textos", "bytes": "bytes", "complex": "números complejos", "bool": "True/False", "NoneType": "None",
        "ellipsis": "...", "lists": "listas", "tuples": "tuplas", "statement": "esta instrucción",
        "Import": "`import`", "ImportFrom": "`import`", "If": "`if`", "For": "`for`", "While": "`while`",
        "With": "`with`",
        "FunctionDef": "`def`", "ClassDef": "`class`", "Return": "`return`", "Delete": "`del`", "Pass": "`pass`",
        "AnnAssign": "anotaciones (`x: …`)", "Try": "`try`", "Raise": "`raise`", "Assert": "`assert`",
        "Global": "`global`", "Nonlocal": "`nonlocal`",
    },
)

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
