"""Text a class reads: numbers with a decimal point or comma, English or Spanish words, tables.

Every table the project prints (gradcheck reports, step-through traces, exercise keys) formats its
numbers and words through here, so ``lang="es", decimal=","`` means the same thing everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

__all__ = ["LANGS", "Lang", "format_number", "render_table", "words"]

Lang = Literal["en", "es"]
LANGS: tuple[str, ...] = ("en", "es")

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "plot_epoch": "epoch", "plot_loss": "loss", "plot_accuracy": "accuracy", "plot_train": "train",
        "plot_test": "test", "plot_boundary": "decision boundary", "plot_class": "class",
        "player_title": "Backpropagation, step by step", "player_step": "step", "player_previous": "◀ Previous",
        "player_next": "Next ▶", "player_counter": "step {i} of {n}", "player_all_steps": "All steps",
        "player_this_step": "This step",
        "player_keys": "Keys: ← → (Home / End: first / last step). Click a row of the table to jump to it.",
        "player_no_steps": "This graph has no backward steps (nothing requires a gradient).",
        "input": "input", "analytic": "analytic", "numeric": "numeric", "abs_error": "abs. error",
        "rel_error": "rel. error", "result": "result", "ok": "ok", "fail": "FAIL",
        "gradcheck_title": "gradcheck: analytic vs central differences (eps={eps}, atol={atol}, rtol={rtol})",
        "all_pass": "all {n} gradients agree", "some_fail": "{k} of {n} gradients disagree",
        # step-through traces (autograd.trace) and diagrams (viz)
        "trace_step": "step", "trace_node": "node", "trace_upstream": "∂{root}/∂node", "trace_op": "op",
        "trace_parent": "parent", "trace_local": "local derivative ∂node/∂parent",
        "trace_contribution": "contribution", "trace_before": "grad before", "trace_after": "grad after",
        "viz_data": "data", "viz_grad": "grad", "viz_legend": "legend",
        "viz_processing": "node being processed", "viz_receiving": "parent receiving the contribution",
        "viz_grad_pos": "∂L/∂x > 0", "viz_grad_neg": "∂L/∂x < 0", "viz_grad_zero": "∂L/∂x = 0",
        "viz_grad_width": "darker, thicker: larger |gradient|",
        "viz_gc_pass": "gradcheck agrees", "viz_gc_near": "disagrees (|Δ| ≤ 100·tol)",
        "viz_gc_fail": "disagrees (|Δ| > 100·tol)", "viz_gc_error": "|Δ|",
        "viz_layer": "layer {l}", "viz_neuron": "neuron {j}", "viz_inputs": "inputs", "viz_outputs": "outputs",
        "viz_weight_pos": "weight > 0", "viz_weight_neg": "weight < 0",
    },
    "es": {
        "plot_epoch": "época", "plot_loss": "costo", "plot_accuracy": "exactitud", "plot_train": "entrenamiento",
        "plot_test": "prueba", "plot_boundary": "frontera de decisión", "plot_class": "clase",
        "player_title": "Retropropagación paso a paso", "player_step": "paso", "player_previous": "◀ Anterior",
        "player_next": "Siguiente ▶", "player_counter": "paso {i} de {n}", "player_all_steps": "Todos los pasos",
        "player_this_step": "Este paso",
        "player_keys": "Teclas: ← → (Inicio / Fin: primer / último paso). Clic en una fila de la tabla para ir a ella.",
        "player_no_steps": "Este grafo no tiene pasos de retropropagación (nada requiere gradiente).",
        "input": "entrada", "analytic": "analítico", "numeric": "numérico", "abs_error": "error abs.",
        "rel_error": "error rel.", "result": "resultado", "ok": "ok", "fail": "FALLA",
        "gradcheck_title": "gradcheck: analítico vs diferencias centradas (eps={eps}, atol={atol}, rtol={rtol})",
        "all_pass": "los {n} gradientes coinciden", "some_fail": "{k} de {n} gradientes no coinciden",
        # step-through traces (autograd.trace) and diagrams (viz)
        "trace_step": "paso", "trace_node": "nodo", "trace_upstream": "∂{root}/∂nodo", "trace_op": "op",
        "trace_parent": "padre", "trace_local": "derivada local ∂nodo/∂padre",
        "trace_contribution": "contribución", "trace_before": "grad antes", "trace_after": "grad después",
        "viz_data": "valor", "viz_grad": "grad", "viz_legend": "leyenda",
        "viz_processing": "nodo en proceso", "viz_receiving": "padre que recibe la contribución",
        "viz_grad_pos": "∂L/∂x > 0", "viz_grad_neg": "∂L/∂x < 0", "viz_grad_zero": "∂L/∂x = 0",
        "viz_grad_width": "más oscuro y grueso: mayor |gradiente|",
        "viz_gc_pass": "gradcheck coincide", "viz_gc_near": "no coincide (|Δ| ≤ 100·tol)",
        "viz_gc_fail": "no coincide (|Δ| > 100·tol)", "viz_gc_error": "|Δ|",
        "viz_layer": "capa {l}", "viz_neuron": "neurona {j}", "viz_inputs": "entradas", "viz_outputs": "salidas",
        "viz_weight_pos": "peso > 0", "viz_weight_neg": "peso < 0",
    },
}


def words(lang: str) -> dict[str, str]:
    """The word table for ``lang`` (``"en"`` or ``"es"``); raises ValueError for any other."""
    check_lang(lang)
    return _WORDS[lang]


def check_lang(lang: str) -> None:
    """Raise a ValueError naming the valid languages unless ``lang`` is one of them."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")


def format_number(x: float, precision: int = 4, decimal: str = ".") -> str:
    """``x`` with ``precision`` significant digits and the given decimal mark: ``0,879`` with ``","``.

    Uses plain notation between 1e-4 and 1e6 and scientific notation outside, never ``-0``.
    """
    if decimal not in (".", ","):
        raise ValueError(f"decimal must be '.' or ',', got {decimal!r}")
    if precision < 1:
        raise ValueError(f"precision must be at least 1, got {precision}")
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
    return text.replace(".", decimal) if decimal == "," else text


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], fmt: str = "text") -> str:
    """A table as aligned plain text (``fmt="text"``) or as a Markdown table (``fmt="markdown"``)."""
    if fmt == "markdown":
        def esc(cell: str) -> str:
            return cell.replace("|", "\\|").replace("\n", " ")
        lines = ["| " + " | ".join(esc(h) for h in headers) + " |",
                 "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
        return "\n".join(lines)
    if fmt != "text":
        raise ValueError(f"unknown table format {fmt!r}; choose 'text' or 'markdown'")
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows)]
    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(headers), line(["─" * w for w in widths]), *(line(r) for r in rows)])
