"""A tiny document model for exercise sheets — headings, paragraphs of text, math and code, display
math, numbered lists, tables — written out as Markdown (math in ``$…$``), as a LaTeX document, or as
HTML for the browser page (its math left as TeX for KaTeX to typeset); and how numbers, vectors,
matrices and the course's names are written in math.

    >>> doc = Document()
    >>> doc.heading("Sheet 1")
    >>> doc.par(("text", "Compute "), ("math", tex_number(0.5, Notation("es"))), ("text", "."))
    >>> print(doc.markdown())
    # Sheet 1
    <BLANKLINE>
    Compute $0{,}5$.
    <BLANKLINE>
    >>> print(doc.html())
    <h2>Sheet 1</h2>
    <p>Compute <span class="math">0{,}5</span>.</p>
    <BLANKLINE>
    >>> inline("the derivatives of $J$:")
    [('text', 'the derivatives of '), ('math', 'J'), ('text', ':')]

Tables go through the one table writer, :func:`autograd.text.render_table`: their cells are plain
text, escaped for Markdown and for LaTeX.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd.text import MINUS, Notation, latex_escape, render_table
from nn.arrays import _is_array

__all__ = ["Document", "Segment", "inline", "tex_array", "tex_name", "tex_number"]

Segment = tuple[str, str]  # ("text" | "math" | "code", content)


@dataclass
class Document:
    """Blocks of a document, in order, rendered by :meth:`markdown`, :meth:`latex` or :meth:`html`."""

    blocks: list[tuple[str, Any]] = field(default_factory=list)

    def heading(self, text: str, level: int = 1) -> None:
        """A heading (level 1 or 2)."""
        self.blocks.append(("heading", (level, text)))

    def par(self, *segments: Segment) -> None:
        """A paragraph of text, inline math and code segments."""
        self.blocks.append(("par", segments))

    def display(self, *lines: str) -> None:
        """Display math, one equation per line."""
        self.blocks.append(("display", lines))

    def items(self, *items: Sequence[Segment]) -> None:
        """A numbered list, each item a paragraph of segments."""
        self.blocks.append(("items", items))

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None) -> None:
        """A table of plain-text cells; ``align`` gives ``l`` or ``r`` per column (LaTeX)."""
        self.blocks.append(("table", (headers, rows, align)))

    def raw(self, markdown: str, latex: str) -> None:
        """A block already written in each format."""
        self.blocks.append(("raw", (markdown, latex)))

    def markdown(self) -> str:
        """The document as Markdown."""
        out = []
        for kind, body in self.blocks:
            if kind == "heading":
                out.append("#" * body[0] + " " + body[1])
            elif kind == "par":
                out.append(_md_segments(body))
            elif kind == "display":
                out.append("\n".join(f"$$\n{line}\n$$" for line in body))
            elif kind == "items":
                out.append("\n".join(f"{i}. {_md_segments(item)}" for i, item in enumerate(body, start=1)))
            elif kind == "table":
                out.append(render_table(body[0], body[1], "markdown"))
            else:
                out.append(body[0])
        return "\n\n".join(out) + "\n"

    def latex(self, lang: str) -> str:
        """The document as a complete LaTeX ``article`` (``babel`` in ``lang``'s language)."""
        babel = "spanish" if lang == "es" else "english"
        out = [r"\documentclass[11pt]{article}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
               rf"\usepackage[{babel}]{{babel}}", r"\usepackage{amsmath,amssymb}",
               r"\usepackage[margin=2cm]{geometry}", r"\begin{document}", ""]
        for kind, body in self.blocks:
            if kind == "heading":
                command = "section*" if body[0] == 1 else "subsection*"
                out.append(rf"\{command}{{{latex_escape(body[1])}}}")
            elif kind == "par":
                out.append(_tex_segments(body))
            elif kind == "display":
                out += [rf"\[ {line} \]" for line in body]
            elif kind == "items":
                out += [r"\begin{enumerate}", *(rf"  \item {_tex_segments(item)}" for item in body),
                        r"\end{enumerate}"]
            elif kind == "table":
                headers, rows, align = body
                out += [r"\begin{center}", render_table(headers, rows, "latex", align=align), r"\end{center}"]
            else:
                out.append(body[1])
            out.append("")
        out.append(r"\end{document}")
        return "\n".join(out) + "\n"


    def html(self) -> str:
        """The document as an HTML fragment: every text escaped; math as its TeX in ``<span class="math">``
        (inline) or ``<div class="math">`` (display) elements, which the browser page typesets with KaTeX."""
        out = []
        for kind, body in self.blocks:
            if kind == "heading":
                out.append(f"<h{body[0] + 1}>{html.escape(body[1])}</h{body[0] + 1}>")
            elif kind == "par":
                out.append(f"<p>{_html_segments(body)}</p>")
            elif kind == "display":
                out += [f'<div class="math">{html.escape(line)}</div>' for line in body]
            elif kind == "items":
                out.append("<ol>" + "".join(f"<li>{_html_segments(item)}</li>" for item in body) + "</ol>")
            elif kind == "table":
                out.append(render_table(body[0], body[1], "html"))
            else:
                out.append(f"<pre>{html.escape(body[0])}</pre>")
        return "\n".join(out) + "\n"


def inline(text: str) -> list[Segment]:
    """A sentence with inline math between dollars as segments: ``"the derivatives of $J$"`` is the text
    ``"the derivatives of "`` and the math ``"J"``, so no symbol of a sentence is left outside math mode."""
    return [("math" if i % 2 else "text", part) for i, part in enumerate(text.split("$")) if part]


def _md_segments(segments: Sequence[Segment]) -> str:
    marks = {"text": "{}", "math": "${}$", "code": "`{}`"}
    return "".join(marks[kind].format(text) for kind, text in segments)


def _html_segments(segments: Sequence[Segment]) -> str:
    marks = {"text": "{}", "math": '<span class="math">{}</span>', "code": "<code>{}</code>"}
    return "".join(marks[kind].format(html.escape(text)) for kind, text in segments)


def _tex_segments(segments: Sequence[Segment]) -> str:
    parts = []
    for kind, text in segments:
        if kind == "math":
            parts.append(f"${text}$")
        elif kind == "code":
            parts.append(rf"\texttt{{{latex_escape(text)}}}")
        else:
            parts.append(latex_escape(text))
    return "".join(parts)


# --- numbers and names in math --------------------------------------------------------------------

def tex_number(x: float, notation: Notation, precision: int | None = None) -> str:
    """``x`` for math mode as ``notation`` writes it: ``0{,}5`` with a decimal comma (so TeX adds no space
    after it); ``precision`` overrides the notation's digits.  The minus is TeX's own ``-``, which math mode
    typesets as the minus sign ``−`` (a U+2212 would stop pdfLaTeX)."""
    return notation.number(x, precision).replace(",", "{,}").replace(MINUS, "-")


def tex_array(value: Any, notation: Notation, precision: int | None = None) -> str:
    """A number, a column vector or a matrix (``pmatrix``), like the course writes them: ``value`` is a number,
    a list of numbers, a list of rows or a numpy array of those (one entry is written as a number)."""
    if _is_array(value):
        value = value.tolist()
    if not isinstance(value, Sequence):
        return tex_number(float(value), notation, precision)
    rows = value if value and isinstance(value[0], Sequence) else [[x] for x in value]  # a vector is a column
    if sum(len(row) for row in rows) == 1:
        return tex_number(float(rows[0][0]), notation, precision)
    body = r" \\ ".join(" & ".join(tex_number(float(x), notation, precision) for x in row) for row in rows)
    return rf"\begin{{pmatrix}} {body} \end{{pmatrix}}"


_LAYERED = re.compile(r"^([A-Za-z])(\d+)$")


def tex_name(name: str) -> str:
    """``W1`` → ``W^{(1)}``, ``y_hat`` → ``\\hat{y}``, ``dJ/dW1`` → ``\\frac{\\partial J}{\\partial W^{(1)}}``."""
    if name.startswith("dJ/d"):
        return rf"\frac{{\partial J}}{{\partial {tex_name(name[4:])}}}"
    if name == "y_hat":
        return r"\hat{y}"
    match = _LAYERED.match(name)
    return f"{match[1]}^{{({match[2]})}}" if match else name
