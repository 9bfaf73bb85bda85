"""Text a class reads: numbers with a decimal point or comma, English or Spanish words, tables.

* :class:`Notation` is how a class writes: its language, its decimal mark and how many significant
  digits.  ``Notation("es")`` writes ``0,879``: Spanish implies the decimal comma unless ``decimal`` says
  otherwise.  Every public function that prints numbers takes one keyword, ``notation=``: a
  :class:`Notation`, or a language code as shorthand (``notation="es"``).  :func:`as_notation` reads it;
  the old keywords ``lang=, decimal=, precision=`` are still accepted, with a ``DeprecationWarning``,
  for one release.
* :class:`WordTable` holds words in every language; each package keeps its words in one table of one module
  (the engine's are :data:`WORDS`, below).
* :func:`format_number` and :func:`parse_number` write and read one number (written with the minus sign
  ``−``, read with ``−`` or ``-``); :func:`render_table` is the one table writer, for plain text,
  Markdown, LaTeX and HTML.
"""

from __future__ import annotations

import html
import math
import sys
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .errors import PizarraError

__all__ = [
    "DECIMAL_MARKS", "LANGS", "MINUS", "TABLE_FORMATS", "WORDS", "Lang", "Notation", "NotationError", "NotationLike",
    "NotationTypeError", "NumberError", "WordTable", "as_notation", "check_lang", "format_number", "latex_escape",
    "markdown_escape", "parse_number", "render_table",
]

Lang = Literal["en", "es"]
LANGS: tuple[str, ...] = ("en", "es")
#: Each language's own decimal mark, used when ``decimal`` is not given.
DECIMAL_MARKS: dict[str, str] = {"en": ".", "es": ","}
#: The minus sign of every number a class sees (U+2212); a hyphen-minus ``-`` is read as one too.
MINUS = "\u2212"
#: What :func:`render_table` writes.
TABLE_FORMATS: tuple[str, ...] = ("text", "markdown", "latex", "html")


class WordTable:
    """One feature's words in every language, with the same keys in each (checked when it is made).

        >>> greeting = WordTable(en={"hi": "hello {name}"}, es={"hi": "hola {name}"})
        >>> greeting("es")["hi"].format(name="Ana")
        'hola Ana'

    A feature that also uses another's words builds on its table: ``WordTable(base=WORDS, en=…, es=…)``
    has the base's words and its own (a key may not be in both).
    """

    def __init__(self, base: WordTable | None = None, **tables: Mapping[str, str]) -> None:
        if sorted(tables) != sorted(LANGS):
            raise ValueError(f"a word table needs exactly the languages {', '.join(LANGS)}, got {', '.join(tables)}")
        keys = set(tables[LANGS[0]])
        for lang, table in tables.items():
            missing, extra = keys - set(table), set(table) - keys
            if missing or extra:
                raise ValueError(f"word table: {lang!r} lacks {sorted(missing)} and has extra {sorted(extra)}")
        inherited = base.keys() if base is not None else []
        clash = sorted(keys.intersection(inherited))
        if clash:
            raise ValueError(f"word table: {clash} are already in its base table")
        self._tables = {lang: {**(base(lang) if base is not None else {}), **table} for lang, table in tables.items()}

    def __call__(self, lang: str) -> dict[str, str]:
        """The words in ``lang``; a ValueError names the valid languages for any other."""
        check_lang(lang)
        return self._tables[lang]

    def keys(self) -> list[str]:
        """The keys every language has."""
        return list(self._tables[LANGS[0]])


@dataclass(frozen=True)
class Notation:
    """How numbers and words are written: ``lang``, ``decimal`` mark and ``precision`` (significant digits).

        >>> Notation("es").number(0.87912)
        '0,8791'
        >>> Notation("es", decimal=".", precision=2).number(0.87912)
        '0.88'

    ``decimal=None`` (the default) means the language's own mark (:data:`DECIMAL_MARKS`).
    """

    lang: str = "en"
    decimal: str | None = None
    precision: int = 4

    def __post_init__(self) -> None:
        check_lang(self.lang)
        if self.decimal is None:
            object.__setattr__(self, "decimal", DECIMAL_MARKS[self.lang])
        format_number(1.0, self.precision, self.mark)  # validates the mark and the precision

    @property
    def mark(self) -> str:
        """The decimal mark in use: ``"."`` or ``","``."""
        return self.decimal or DECIMAL_MARKS[self.lang]

    def number(self, x: float, precision: int | None = None) -> str:
        """``x`` as this notation writes it (``precision`` overrides the notation's digits), with the real
        minus sign: ``−8``, ``1,2e−05``.  Every number a class sees is written here."""
        return format_number(float(x), self.precision if precision is None else precision, self.mark)

    def math(self, x: float) -> str:
        """``x`` in an equation: the same text as :meth:`number` (which already writes ``−8``)."""
        return self.number(x)

    def factor(self, x: float) -> str:
        """``x`` as a factor of a product or a term of a sum: in parentheses when negative, ``(−4)``."""
        text = self.number(x)
        return f"({text})" if text.startswith(MINUS) else text

    def parse(self, text: str, what: str = "the value") -> float:
        """A number written in this notation (a point is always read as a decimal point)."""
        return parse_number(text, self.mark, what)

    def words(self, table: WordTable) -> dict[str, str]:
        """``table``'s words in this notation's language."""
        return table(self.lang)


#: The engine's words, all of them: the gradcheck report, the step-through table and its captions, and the batch
#: program's equations (:mod:`autograd.batch.equations`).
WORDS = WordTable(
    en={
        "input": "input",
        "analytic": "analytic",
        "numeric": "numeric",
        "abs_error": "abs. error",
        "rel_error": "rel. error",
        "result": "result",
        "ok": "ok",
        "fail": "FAIL",
        "gradcheck_title": "gradcheck: analytic vs central differences (eps={eps}, atol={atol}, rtol={rtol})",
        "all_pass": "all {n} gradients agree",
        "some_fail": "{k} of {n} gradients disagree",
        "one_pass": "the gradient agrees",
        "one_fail": "the gradient disagrees",
        "gc_note_domain": "at {probe} = {value}, {op} gets {operands}, outside its domain{domain}: that point is a "
                          "probe of the central difference, not your {x}; move {x} away from the edge of the "
                          "domain, or pass a smaller eps",
        "gc_note_undefined": "at {probe} = {value} the function is undefined: that point is a probe of the central "
                             "difference, not your {x}; move {x} away from the edge of its domain, or pass a "
                             "smaller eps",
        "gc_note_kink": "{op} is not differentiable at {param} = {kink}, exactly where it is evaluated here: its "
                        "derivative there is a convention (pizarra takes {local}), while the central difference "
                        "averages the slopes on both sides",
        "gc_note_straddle": "the probes {x} ± eps put {op}'s operand {param} on both sides of its kink at {kink} "
                            "({param} from {low} to {high}): the central difference mixes the two slopes; move {x} "
                            "away from the kink, or pass a smaller eps",
        "trace_step": "step",
        "trace_node": "node",
        "trace_upstream": "∂{root}/∂node",
        "trace_op": "op",
        "trace_parent": "parent",
        "trace_local": "local derivative ∂node/∂parent",
        "trace_contribution": "contribution",
        "trace_before": "grad before",
        "trace_after": "grad after",
        "trace_caption": "chain rule",
        "caption_now": "now {grad} = {before} + {term} = {after}",
        "by_hand": "written by hand",
        "caption_by_hand": "{grad}: {before} → {after}, by the _backward written by hand for {node}",
        "names_where": "where {definitions}",
        "forward_rows": "Forward, one sample per row (N samples)",
        "forward_columns": "Forward, one sample per column (N samples)",
        "backward": "Backward (dV is ∂J/∂V)",
        "where": "where",
        "shared": "A parameter in several lines gets the sum of its entries in them.",
    },
    es={
        "input": "entrada",
        "analytic": "analítico",
        "numeric": "numérico",
        "abs_error": "error abs.",
        "rel_error": "error rel.",
        "result": "resultado",
        "ok": "ok",
        "fail": "FALLA",
        "gradcheck_title": "gradcheck: analítico vs diferencias centradas (eps={eps}, atol={atol}, rtol={rtol})",
        "all_pass": "los {n} gradientes coinciden",
        "some_fail": "{k} de {n} gradientes no coinciden",
        "one_pass": "el gradiente coincide",
        "one_fail": "el gradiente no coincide",
        "gc_note_domain": "en {probe} = {value}, {op} recibe {operands}, fuera de su dominio{domain}: ese punto es "
                          "una prueba de la diferencia centrada, no el {x} dado; alejar {x} del borde del dominio, o "
                          "usar un eps más pequeño",
        "gc_note_undefined": "en {probe} = {value} la función no está definida: ese punto es una prueba de la "
                             "diferencia centrada, no el {x} dado; alejar {x} del borde de su dominio, o usar un eps "
                             "más pequeño",
        "gc_note_kink": "{op} no es derivable en {param} = {kink}, justo donde se evalúa aquí: su derivada ahí es "
                        "una convención (pizarra toma {local}), mientras que la diferencia centrada promedia las "
                        "pendientes de ambos lados",
        "gc_note_straddle": "las pruebas {x} ± eps ponen el operando {param} de {op} a ambos lados de su quiebre "
                            "en {kink} ({param} de {low} a {high}): la diferencia centrada mezcla las dos "
                            "pendientes; alejar {x} del quiebre, o usar un eps más pequeño",
        "trace_step": "paso",
        "trace_node": "nodo",
        "trace_upstream": "∂{root}/∂nodo",
        "trace_op": "op",
        "trace_parent": "padre",
        "trace_local": "derivada local ∂nodo/∂padre",
        "trace_contribution": "contribución",
        "trace_before": "grad antes",
        "trace_after": "grad después",
        "trace_caption": "regla de la cadena",
        "caption_now": "ahora {grad} = {before} + {term} = {after}",
        "by_hand": "escrita a mano",
        "caption_by_hand": "{grad}: {before} → {after}, por la función _backward escrita a mano para {node}",
        "names_where": "donde {definitions}",
        "forward_rows": "Hacia adelante, una muestra por fila (N muestras)",
        "forward_columns": "Hacia adelante, una muestra por columna (N muestras)",
        "backward": "Hacia atrás (dV es ∂J/∂V)",
        "where": "donde",
        "shared": "Un parámetro que aparece en varias líneas recibe la suma de sus entradas en ellas.",
    },
)


class NotationError(PizarraError, ValueError):
    """A notation pizarra cannot write: an unknown language, decimal mark or precision (a ValueError)."""


class NotationTypeError(PizarraError, TypeError):
    """``notation=`` (or its deprecated keywords) given something that is no notation (a TypeError)."""


#: What a public function's ``notation=`` accepts: a :class:`Notation`, a language code, or None (English).
NotationLike = Notation | str | None

#: The keywords that ``notation=`` replaces, accepted for one release with a DeprecationWarning.
_OLD_KEYWORDS = ("lang", "decimal", "precision")


def as_notation(notation: NotationLike = None, old: Mapping[str, object] | None = None, *,
                where: str = "this function", default: Notation | None = None) -> Notation:
    """The :class:`Notation` a public function was given.

    ``notation`` is a Notation, a language code (``"es"`` is ``Notation("es")``) or None: ``default``,
    English unless the function has a notation of its own (a report's, a file's).  ``old`` holds the
    deprecated keywords ``lang``, ``decimal`` and ``precision`` that the function collected with ``**old``:
    they still work, with a DeprecationWarning that names ``where``, the function, and what they leave out
    (or give as None) is ``default``'s, as before (a ``lang`` given alone brings its own decimal mark); any
    other keyword is a TypeError, as Python's own would be, and so is giving both.

        >>> as_notation("es").mark
        ','
    """
    base = default if default is not None else Notation()
    old = dict(old or {})
    unknown = [key for key in old if key not in _OLD_KEYWORDS]
    if unknown:
        raise NotationTypeError(f"{where}() got an unexpected keyword argument {unknown[0]!r}")
    if old:
        if notation is not None:
            raise NotationTypeError(f"{where}(): give notation= or the old keywords {', '.join(old)}, not both")
        warnings.warn(f"{where}(): the keywords {', '.join(f'{k}=' for k in old)} are deprecated and go in the "
                      f"next release; pass notation=Notation(...) or a language code, notation='es'",
                      DeprecationWarning, stacklevel=3)
        given = {key: value for key, value in old.items() if value is not None}
        lang = given.get("lang", base.lang)
        decimal = given.get("decimal", None if "lang" in given else base.decimal)
        precision = given.get("precision", base.precision)
        if not isinstance(lang, str) or not (decimal is None or isinstance(decimal, str)) \
                or isinstance(precision, bool) or not isinstance(precision, int):
            raise NotationTypeError(f"{where}(): lang and decimal are strings and precision an int, got "
                            f"lang={lang!r}, decimal={decimal!r}, precision={precision!r}")
        return Notation(lang, decimal, precision)
    if notation is None:
        return base
    if isinstance(notation, Notation):
        return notation
    if isinstance(notation, str):
        return Notation(notation)
    raise NotationTypeError(f"{where}(): notation= is a Notation or a language code ({', '.join(LANGS)}), "
                    f"got {notation!r}")


def check_lang(lang: str) -> None:
    """Raise a ValueError naming the valid languages unless ``lang`` is one of them."""
    if lang not in LANGS:
        raise NotationError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")


def format_number(x: float, precision: int = 4, decimal: str = ".") -> str:
    """``x`` with ``precision`` significant digits and the given decimal mark: ``0,879`` with ``","``.

    Uses plain notation from 1e-4 up to ``10**precision`` (``12340`` at 5 digits, ``1.234e+04`` at 4) and
    scientific notation outside, never ``-0``.  A minus,
    of the number or of its exponent, is the real minus sign U+2212 (:data:`MINUS`), as a class writes
    it: ``−0,5``, ``1,2e−05``.  Text for a machine to read (``repr``, JSON, YAML numbers) is not written
    here; :func:`parse_number` reads both signs back.

        >>> format_number(-0.000012, 2, ",")
        '−1,2e−05'
        >>> format_number(12340.0, 5), format_number(12340.0)
        ('12340', '1.234e+04')
    """
    if decimal not in (".", ","):
        raise NotationError(f"decimal must be '.' or ',', got {decimal!r}")
    if precision < 1:
        raise NotationError(f"precision must be at least 1, got {precision}")
    if math.isnan(x) or math.isinf(x):
        text = str(x)
    elif x == 0.0:
        text = "0"
    else:
        text = f"{x:.{precision}g}"
        if "e" not in text and "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", "-0.0"):
            text = "0"
    text = text.replace("-", MINUS)
    return text.replace(".", decimal) if decimal == "," else text


def parse_number(text: str, decimal: str = ".", what: str = "the value") -> float:
    """The inverse of :func:`format_number`: ``"0,879"`` or ``"0.879"`` or ``"−4"`` as a float.

    A single comma (and no point) is read as the decimal mark when ``decimal=","``; ``−`` (U+2212) is
    a minus.  Anything that is not a finite
    number raises ValueError saying ``what`` must be one.
    """
    cleaned = text.strip().replace(MINUS, "-")
    if decimal == "," and cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        hint = " (use a decimal point, or a decimal comma with --decimal ,)" if "," in cleaned else ""
        raise NumberError(f"{what} must be a number, got {text!r}{hint}", "format") from None
    if not math.isfinite(number):
        raise NumberError(f"{what} must be finite, got {text!r}", "not_finite")
    if abs(number) < sys.float_info.min and any(d in "123456789" for d in cleaned.lower().split("e")[0]):
        raise NumberError(f"{what} is too small for a float: {text!r} would be read as "
                          f"{'0' if number == 0 else repr(number)}; write 0 if that is meant", "underflow")
    return number


class NumberError(PizarraError, ValueError):
    """A number a person typed that cannot be read as they meant it: ``problem`` is ``"format"`` (not a number as
    written), ``"not_finite"`` (NaN, inf, or too large: ``1e309``) or ``"underflow"`` (too small: ``1e-400``, which
    a float would silently read as 0, or a subnormal number)."""

    def __init__(self, message: str, problem: str) -> None:
        super().__init__(message)
        self.problem = problem


_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], fmt: str = "text", *,
                 align: str | None = None, escape: bool = True, row_data: str | None = None,
                 css_class: str = "pizarra-table") -> str:
    """The one table writer: ``fmt`` is ``"text"``, ``"markdown"``, ``"latex"`` or ``"html"``.

    * text: aligned columns under a rule;
    * Markdown: cells are text: ``|``, emphasis and code marks are backslash-escaped, ``<``, ``>`` and
      ``&`` become ``&lt;``, ``&gt;`` and ``&amp;``, a line break becomes a space;
    * LaTeX: a ``tabular``, every cell through :func:`latex_escape` unless ``escape=False`` (for cells
      that already are LaTeX, such as ``$W_1$``);
    * HTML: a ``<table class=css_class>``, every cell escaped; with ``row_data="step"`` row ``i`` carries
      ``data-step="i"`` (0-based), so a page can find it.

    ``align`` gives one letter per column, ``l`` or ``r``, for LaTeX and HTML (all ``l`` by default).
    """
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"unknown table format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")
    letters = align or "l" * len(headers)
    if len(letters) != len(headers) or set(letters) - {"l", "r"}:
        raise ValueError(f"align must give 'l' or 'r' for each of the {len(headers)} columns, got {align!r}")
    if fmt == "markdown":
        return _markdown_table(headers, rows)
    if fmt == "latex":
        def tex(cell: str) -> str:
            return latex_escape(cell) if escape else cell

        def line(cells: Sequence[str]) -> str:
            return " & ".join(tex(c) for c in cells) + r" \\"
        return "\n".join([r"\begin{tabular}{" + letters + "}", r"\hline", line(headers), r"\hline",
                          *(line(r) for r in rows), r"\hline", r"\end{tabular}"])
    if fmt == "html":
        sides = ["right" if a == "r" else "left" for a in letters]
        head = "".join(f'<th style="text-align:{a}">{html.escape(h)}</th>' for h, a in zip(headers, sides))
        body = "\n".join(
            (f'<tr data-{row_data}="{i}">' if row_data else "<tr>")
            + "".join(f'<td style="text-align:{a}">{html.escape(c)}</td>' for c, a in zip(row, sides))
            + "</tr>"
            for i, row in enumerate(rows))
        return (f'<table class="{html.escape(css_class)}">\n<thead><tr>{head}</tr></thead>\n'
                f"<tbody>\n{body}\n</tbody>\n</table>")
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows)]

    def aligned(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([aligned(headers), aligned(["─" * w for w in widths]), *(aligned(r) for r in rows)])


def _markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(markdown_escape(h) for h in headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(markdown_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def markdown_escape(text: str) -> str:
    """``text`` as Markdown that shows these very characters, in a table cell or a line of prose.

        >>> print(markdown_escape("dJ/dx_1 * 2 <b>"))
        dJ/dx\\_1 \\* 2 &lt;b&gt;

    ``|`` would end a table cell, ``*``, ``_`` and backquotes would start emphasis or code (``**`` is
    the power op), so they are backslash-escaped; text holding ``$…$`` maths keeps its own (only ``|``
    is escaped).  ``<``, ``>`` and ``&`` become entities, so a label is never read as HTML; a line break
    (``\n``, ``\r`` or both) would end the row or the paragraph, so it becomes a space.
    """
    specials = "|" if "$" in text else "\\|`*_"
    escaped = "".join(_MD_ENTITIES.get(ch) or ("\\" + ch if ch in specials else ch) for ch in text)
    return escaped.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


# --- LaTeX ----------------------------------------------------------------------------------------

_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}",
    ">": r"\textgreater{}", "|": r"\textbar{}", "\n": " ", "\r": " ", "\t": " ",
    "∂": r"\ensuremath{\partial}", "·": r"\ensuremath{\cdot}", "−": r"\ensuremath{-}",
    "×": r"\ensuremath{\times}", "√": r"\ensuremath{\surd}", "σ": r"\ensuremath{\sigma}",
    "Σ": r"\ensuremath{\Sigma}", "≠": r"\ensuremath{\neq}", "≥": r"\ensuremath{\geq}",
    "≤": r"\ensuremath{\leq}", "²": r"\ensuremath{^{2}}", "ᵃ": r"\ensuremath{^{a}}",
    "ᵢ": r"\ensuremath{_{i}}", "ŷ": r"\ensuremath{\hat{y}}",
    **{chr(0x2080 + d): rf"\ensuremath{{_{{{d}}}}}" for d in range(10)},
}


def latex_escape(text: str) -> str:
    """``text`` as LaTeX that typesets exactly these characters (specials and the op table's math)."""
    return "".join(_LATEX.get(ch, ch) for ch in text)
