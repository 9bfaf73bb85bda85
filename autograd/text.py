"""Text a class reads: numbers with a decimal point or comma, English or Spanish words, tables.

Every table the project prints (gradcheck reports, step-through traces, exercise keys) formats its
numbers and words through here, so ``lang="es", decimal=","`` means the same thing everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

__all__ = ["LANGS", "Lang", "format_number", "parse_number", "render_table", "words"]

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
        "one_pass": "the gradient agrees", "one_fail": "the gradient disagrees",
        "gc_note_domain": "at {probe} = {value}, {op} gets {operands}, outside its domain{domain}: that point is a "
                          "probe of the central difference, not your {x}; move {x} away from the edge of the domain, "
                          "or pass a smaller eps",
        "gc_note_undefined": "at {probe} = {value} the function is undefined: that point is a probe of the central "
                             "difference, not your {x}; move {x} away from the edge of its domain, or pass a "
                             "smaller eps",
        "gc_note_kink": "{op} is not differentiable at {param} = {kink}, exactly where it is evaluated here: its "
                        "derivative there is a convention (pizarra takes {local}), while the central difference "
                        "averages the slopes on both sides",
        "gc_note_straddle": "the probes {x} ± eps put {op}'s operand {param} on both sides of its kink at {kink} "
                            "({param} from {low} to {high}): the central difference mixes the two slopes; move {x} "
                            "away from the kink, or pass a smaller eps",
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
        # the answer checker (viz.classroom.answers)
        "answers_title": "Answer check: {right} of {total} answers right ({right_entries} of {entries} entries)",
        "answers_rule": "right when |claimed − correct| ≤ atol + rtol·|correct|  (rtol = {rtol}, atol = {atol})",
        "answers_answer": "answer", "answers_claimed": "claimed", "answers_correct": "correct",
        "answers_tolerance": "tolerance", "answers_right": "right", "answers_wrong": "WRONG",
        "answers_blank": "(blank)", "answers_shape": "wrong shape: {problem}",
        "answers_wrong_entries": "{name}: {k} of {n} entries wrong: {entries}",
        "answers_all_right": "All {n} answers are right.",
        "answers_chains": "Where the right gradients come from (chain rule, read from the backward pass)",
        "answers_chain": "{name} = {value}:",
        "answers_no_path": "no path from the loss reaches this node: its gradient is 0",
        "answers_path": "path {i} of {n}, from the loss down",
        "answers_product": "product of the local derivatives along the path: {factors} = {value}",
        "answers_more_paths": "… and {k} more paths, not shown",
        "answers_sum": "sum over the {n} paths: {name} = {value}",
        # what the answers are graded against (viz.classroom.answers: seeded sheets, keys, batches)
        "answers_basis_sheet": "Graded against sheet {kind} {seed}, rebuilt from its seed.",
        "answers_basis_key": "Graded against the key {key}.",
        "answers_basis_own": "No key: graded against the exercise written in this file itself (change a number "
                             "and the right answers change with it). Give the teacher's key with --key.",
        "answers_missing": "not in the file, counted as blank: {names}",
        "answers_not_asked": "not asked, not graded: {names}",
        "answers_ref_sheet": "sheet {kind} {seed}", "answers_ref_key": "key {key}", "answers_absent": "(absent)",
        "answers_changed": "{source}: {field} is {found} in this file but {expected} in the {reference}: "
                           "the exercise was changed, so the file is not graded",
        "answers_own_tolerance": "{source}: answers: {name}: an answer may not carry its own tolerance when "
                                 "graded against the {reference}; the file is not graded",
        "answers_key_wrong": "{source}: the key's answer {name} is {found}, but the engine gives {expected} "
                             "for the key's exercise: fix the key",
        "summary_title": "Summary: {n} files; {right} all right, {wrong} with wrong answers, {bad} not graded",
        "summary_file": "file", "summary_against": "graded against", "summary_own": "its own numbers",
        "summary_answers_right": "answers right", "summary_answers": "answers",
        "summary_entries_right": "entries right", "summary_entries": "entries", "summary_wrong": "wrong or blank",
        "summary_reason": "reason", "summary_all_right": "all right", "summary_some_wrong": "some wrong",
        "summary_not_graded": "not graded", "summary_shape": "wrong shape",
        # exercise sheets (viz.classroom.worksheet)
        "worksheet_title_neuron": "Sheet {seed}: one neuron",
        "worksheet_title_network": "Sheet {seed}: a two-layer network",
        "worksheet_intro_neuron": "A neuron with {n} inputs computes", "worksheet_with": "with",
        "worksheet_params": "and has the parameters",
        "worksheet_act_sigmoid": "the sigmoid", "worksheet_act_relu": "ReLU",
        "worksheet_act_tanh": "the hyperbolic tangent", "worksheet_act_linear": "the identity: a linear layer",
        "worksheet_intro_network": "A two-layer neural network, the first layer with {k1} neurons and the second "
                                   "with {k2}, has the parameters",
        "worksheet_and": "and", "worksheet_layer_rule": "Each layer computes",
        "worksheet_input_rule": "its input is the output of the previous layer, the first one reads x",
        "worksheet_given": "Given the observation", "worksheet_the_target": ", the target",
        "worksheet_the_loss": "and the loss", "worksheet_compute": ", compute:",
        "worksheet_task_forward": "the forward pass:",
        "worksheet_task_gradients": "the derivatives of J with respect to every parameter (matrices shaped like "
                                    "the parameter):",
        "worksheet_hand_in": "Write your answers in", "worksheet_graded_with": "they are graded with",
        "worksheet_key_title": "Answer key. {title}", "worksheet_forward": "Forward pass",
        "worksheet_gradients": "Gradients", "worksheet_all_values": "Every number", "worksheet_name": "name",
        "worksheet_value": "value", "worksheet_steps": "Backward pass, step by step",
        "worksheet_compact": "Backward pass, neuron by neuron", "worksheet_layer": "layer",
        "worksheet_neuron": "neuron",
        "worksheet_local": "g'(z) (backward's local derivative)",
        "worksheet_template_header": "Answers to sheet {seed}: replace each null with your number "
                                     "(a matrix keeps its shape).",
        "worksheet_template_numbers": "Numbers with a decimal point (0.52), or in quotes with a decimal comma "
                                      "(\"0,52\").",
        "worksheet_file_statement": "sheet_{seed}", "worksheet_file_key": "key_{seed}",
        "worksheet_file_answers": "answers_{seed}",
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
        "one_pass": "el gradiente coincide", "one_fail": "el gradiente no coincide",
        "gc_note_domain": "en {probe} = {value}, {op} recibe {operands}, fuera de su dominio{domain}: ese punto es "
                          "una prueba de la diferencia centrada, no tu {x}; aleja {x} del borde del dominio, o usa "
                          "un eps más pequeño",
        "gc_note_undefined": "en {probe} = {value} la función no está definida: ese punto es una prueba de la "
                             "diferencia centrada, no tu {x}; aleja {x} del borde de su dominio, o usa un eps "
                             "más chico",
        "gc_note_kink": "{op} no es derivable en {param} = {kink}, justo donde se evalúa aquí: su derivada ahí es "
                        "una convención (pizarra toma {local}), mientras que la diferencia centrada promedia las "
                        "pendientes de ambos lados",
        "gc_note_straddle": "las pruebas {x} ± eps ponen el operando {param} de {op} a ambos lados de su quiebre en "
                            "{kink} ({param} de {low} a {high}): la diferencia centrada mezcla las dos pendientes; "
                            "aleja {x} del quiebre, o usa un eps más pequeño",
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
        # the answer checker (viz.classroom.answers)
        "answers_title": "Revisión: {right} de {total} respuestas correctas ({right_entries} de {entries} entradas)",
        "answers_rule": "correcta si |respuesta − correcto| ≤ atol + rtol·|correcto|  (rtol = {rtol}, atol = {atol})",
        "answers_answer": "respuesta", "answers_claimed": "tu valor", "answers_correct": "correcto",
        "answers_tolerance": "tolerancia", "answers_right": "bien", "answers_wrong": "MAL",
        "answers_blank": "(vacío)", "answers_shape": "forma incorrecta: {problem}",
        "answers_wrong_entries": "{name}: {k} de {n} entradas mal: {entries}",
        "answers_all_right": "Las {n} respuestas son correctas.",
        "answers_chains": "De dónde salen los gradientes correctos (regla de la cadena, leída de la retropropagación)",
        "answers_chain": "{name} = {value}:",
        "answers_no_path": "ningún camino desde el costo llega a este nodo: su gradiente es 0",
        "answers_path": "camino {i} de {n}, desde el costo hacia abajo",
        "answers_product": "producto de las derivadas locales a lo largo del camino: {factors} = {value}",
        "answers_more_paths": "… y {k} caminos más, no mostrados",
        "answers_sum": "suma de los {n} caminos: {name} = {value}",
        # contra qué se corrige (viz.classroom.answers: hojas con semilla, claves, lotes)
        "answers_basis_sheet": "Corregido contra la hoja {kind} {seed}, reconstruida a partir de su semilla.",
        "answers_basis_key": "Corregido contra la clave {key}.",
        "answers_basis_own": "Sin clave: corregido contra el ejercicio escrito en este mismo archivo (si se cambia "
                             "un número, cambian con él las respuestas correctas). Pasá la clave del docente "
                             "con --key.",
        "answers_missing": "no están en el archivo, cuentan como vacías: {names}",
        "answers_not_asked": "no se piden, no se corrigen: {names}",
        "answers_ref_sheet": "hoja {kind} {seed}", "answers_ref_key": "clave {key}", "answers_absent": "(ausente)",
        "answers_changed": "{source}: {field} vale {found} en este archivo pero {expected} en la {reference}: "
                           "el ejercicio fue modificado, así que el archivo no se corrige",
        "answers_own_tolerance": "{source}: answers: {name}: una respuesta no puede traer su propia tolerancia "
                                 "al corregirse contra la {reference}; el archivo no se corrige",
        "answers_key_wrong": "{source}: la respuesta {name} de la clave vale {found}, pero el motor da {expected} "
                             "para el ejercicio de la clave: corregí la clave",
        "summary_title": "Resumen: {n} archivos; {right} todo bien, {wrong} con respuestas mal, {bad} sin corregir",
        "summary_file": "archivo", "summary_against": "corregido contra", "summary_own": "sus propios números",
        "summary_answers_right": "respuestas bien", "summary_answers": "respuestas",
        "summary_entries_right": "entradas bien", "summary_entries": "entradas", "summary_wrong": "mal o vacías",
        "summary_reason": "motivo", "summary_all_right": "todo bien", "summary_some_wrong": "con errores",
        "summary_not_graded": "sin corregir", "summary_shape": "forma incorrecta",
        # exercise sheets (viz.classroom.worksheet)
        "worksheet_title_neuron": "Hoja {seed}: una neurona",
        "worksheet_title_network": "Hoja {seed}: red de dos capas",
        "worksheet_intro_neuron": "Una neurona con {n} entradas calcula", "worksheet_with": "con",
        "worksheet_params": "y tiene los parámetros",
        "worksheet_act_sigmoid": "la sigmoidea", "worksheet_act_relu": "ReLU",
        "worksheet_act_tanh": "la tangente hiperbólica", "worksheet_act_linear": "la identidad: una capa lineal",
        "worksheet_intro_network": "Sea una red neuronal de dos capas, la primera de {k1} neuronas y la segunda "
                                   "de {k2}, con los parámetros",
        "worksheet_and": "y", "worksheet_layer_rule": "Cada capa calcula",
        "worksheet_input_rule": "su entrada es la salida de la capa anterior, la primera lee x",
        "worksheet_given": "Dada la observación", "worksheet_the_target": ", el valor esperado",
        "worksheet_the_loss": "y la función de costo", "worksheet_compute": ", calcular:",
        "worksheet_task_forward": "la propagación hacia adelante:",
        "worksheet_task_gradients": "las derivadas de J respecto de cada parámetro (matrices de la misma forma que "
                                    "el parámetro):",
        "worksheet_hand_in": "Escribí tus respuestas en", "worksheet_graded_with": "se corrigen con",
        "worksheet_key_title": "Clave. {title}", "worksheet_forward": "Propagación hacia adelante",
        "worksheet_gradients": "Gradientes", "worksheet_all_values": "Todos los números", "worksheet_name": "nombre",
        "worksheet_value": "valor", "worksheet_steps": "Retropropagación, paso a paso",
        "worksheet_compact": "Retropropagación, neurona por neurona", "worksheet_layer": "capa",
        "worksheet_neuron": "neurona", "worksheet_local": "g'(z) (derivada local de la retropropagación)",
        "worksheet_template_header": "Respuestas de la hoja {seed}: reemplazá cada null por tu número "
                                     "(una matriz conserva su forma).",
        "worksheet_template_numbers": "Números con punto decimal (0.52), o entre comillas con coma decimal (\"0,52\").",
        "worksheet_file_statement": "hoja_{seed}", "worksheet_file_key": "clave_{seed}",
        "worksheet_file_answers": "respuestas_{seed}",
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


def parse_number(text: str, decimal: str = ",", what: str = "the value") -> float:
    """The inverse of :func:`format_number`: ``"0,879"`` or ``"0.879"`` or ``"−4"`` as a float.

    A single comma (and no point) is read as the decimal mark when ``decimal=","`` (the default,
    since hand-written answers use it); ``−`` (U+2212) is a minus.  Anything that is not a finite
    number raises ValueError saying ``what`` must be one.
    """
    cleaned = text.strip().replace("−", "-")
    if decimal == "," and cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        hint = " (use a decimal point, or a decimal comma with --decimal ,)" if "," in cleaned else ""
        raise ValueError(f"{what} must be a number, got {text!r}{hint}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be finite, got {text!r}")
    return number


_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], fmt: str = "text") -> str:
    """A table as aligned plain text (``fmt="text"``) or as a Markdown table (``fmt="markdown"``).

    Markdown cells are text: ``|``, emphasis and code marks are backslash-escaped, ``<``, ``>`` and
    ``&`` become ``&lt;``, ``&gt;`` and ``&amp;``, and a line break becomes a space.
    """
    if fmt == "markdown":
        def esc(cell: str) -> str:
            # A cell is text, not Markdown: `|` would end it, `*`, `_` and backquotes would start
            # emphasis or code (`**` is the power op).  Cells holding $…$ maths keep their own.
            # `<`, `>` and `&` become entities in every cell, so a label is never read as HTML; a
            # line break (\n, \r or both) would end the row, so it becomes a space.
            specials = "|" if "$" in cell else "\\|`*_"
            text = "".join(_MD_ENTITIES.get(ch) or ("\\" + ch if ch in specials else ch) for ch in cell)
            return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
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
