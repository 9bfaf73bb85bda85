"""The statement of a network exercise — its parameters, activations, sample, loss and the answers to
compute — as a :class:`~viz.classroom.documents.Document` (Markdown or LaTeX), for a generated sheet
(:mod:`viz.classroom.worksheet`) and for any exercise written out as files (:mod:`viz.classroom.export`).

One layer is written as the course's neuron, ``ŷ = g(W x + b)``; deeper networks layer by layer.  The
answers asked for are the exercise's own (:meth:`~viz.classroom.exercises.NetworkExercise.answer_names`).
"""

from __future__ import annotations

import re
from typing import Any

from autograd.text import Notation
from autograd.value import LEAKY_SLOPE
from nn import losses

from .documents import Document, Segment, inline, tex_array, tex_name, tex_number
from .exercises import NetworkExercise
from .words import WORDS

__all__ = ["statement"]

_ACT_SYMBOL = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}", "tanh": r"\tanh", "linear": r"\mathrm{id}",
               "leaky_relu": r"\mathrm{LeakyReLU}", "softmax": r"\mathrm{softmax}"}
_PARAMETER = re.compile(r"^dJ/d[Wb]\d*$")  # the gradients of parameters; dJ/dz and dJ/dx are not


def _activation_tex(act: str, notation: Notation) -> str:
    """How an activation is defined (not its derivative)."""
    if act == "leaky_relu":
        return rf"\mathrm{{LeakyReLU}}(z) = \max(z, {tex_number(LEAKY_SLOPE, notation)}\,z)"
    return {"sigmoid": r"\sigma(z) = \frac{1}{1 + e^{-z}}", "relu": r"\mathrm{ReLU}(z) = \max(z, 0)",
            "tanh": r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", "linear": r"\mathrm{id}(z) = z",
            "softmax": r"\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}"}[act]


def _loss_tex(exercise: NetworkExercise) -> str:
    """How the exercise's loss is written, from the output ``ŷ`` and the target ``y``."""
    loss = losses.get(exercise.loss)
    several = isinstance(exercise.target, list)
    if loss is losses.mse:
        return r"J = \frac{1}{2}\sum_k (\hat{y}_k - y_k)^2" if several else r"J = \frac{1}{2}(\hat{y} - y)^2"
    if loss is losses.cross_entropy:
        if several:
            return r"J = -\sum_k y_k \ln \frac{e^{\hat{y}_k}}{\sum_j e^{\hat{y}_j}}"
        return r"J = -\ln \frac{e^{\hat{y}_{y+1}}}{\sum_k e^{\hat{y}_k}}"
    written: dict[losses.Loss, str] = {
        losses.binary_cross_entropy: r"J = -\left[y \ln \hat{y} + (1 - y) \ln(1 - \hat{y})\right]",
        losses.binary_cross_entropy_with_logits:
            r"J = -\left[y \ln \sigma(\hat{y}) + (1 - y) \ln(1 - \sigma(\hat{y}))\right]"
            r" = \ln(1 + e^{\hat{y}}) - y\,\hat{y}",
        losses.hinge: r"J = \max(0, 1 - y\,\hat{y})"}
    return written[loss]


def statement(exercise: NetworkExercise, title: str, answers_file: str, command: str, notation: Notation) -> Document:
    """The statement of ``exercise`` under the heading ``title``, in ``notation``'s language and decimal mark.

    Args:
        exercise: the network, its sample and loss; its given numbers are written in full (12 digits).
        title: the heading.
        answers_file: the file the students write their answers in (``respuestas_red_17.yaml``).
        command: the command that grades it (``pizarra check-answers respuestas_red_17.yaml``).
        notation: language, decimal mark (the precision is not used: the given numbers are exact).
    """
    w = notation.words(WORDS)
    ex = exercise

    def exact(value: Any) -> str:
        return tex_array(value, notation, 12)

    doc = Document()
    doc.heading(title)
    layers = len(ex.weight_rows)
    if layers == 1:
        act, outputs = ex.activations[0], len(ex.weight_rows[0])
        intro = w["worksheet_intro_neuron"] if outputs == 1 else w["worksheet_intro_layer"]
        doc.par(("text", intro.format(n=len(ex.input_numbers), k=outputs) + " "),
                ("math", r"\hat{y} = g(W x + b)"), ("text", f" {w['worksheet_with']} "),
                ("math", f"g = {_ACT_SYMBOL[act]}"), ("text", ", "), ("math", _activation_tex(act, notation)),
                ("text", f" ({w['worksheet_act_' + act]})"), ("text", w["worksheet_params"]))
        doc.display(rf"W = {exact(ex.weight_rows[0])}, \quad b = {exact(ex.bias_numbers[0])}")
    else:
        sizes = [len(W) for W in ex.weight_rows]
        if layers == 2:
            doc.par(("text", w["worksheet_intro_network"].format(k1=sizes[0], k2=sizes[1])))
        else:
            listed = ", ".join(map(str, sizes[:-1])) + f" {w['worksheet_and']} {sizes[-1]}"
            doc.par(("text", w["worksheet_intro_layers"].format(n=len(ex.input_numbers), sizes=listed)))
        parameters = [rf"W^{{({i})}} = {exact(W)}, \; b^{{({i})}} = {exact(b)}"
                      for i, (W, b) in enumerate(zip(ex.weight_rows, ex.bias_numbers), start=1)]
        doc.display(*([", \\quad ".join(parameters)] if layers == 2 else parameters))  # deeper: a line per layer
        seps = [", "] * (layers - 2) + [f" {w['worksheet_and']} ", "."]
        segments: list[Segment] = inline(w["worksheet_layer_rule"])
        for i, act in enumerate(ex.activations, start=1):
            segments += [("math", f"g_{i} = {_ACT_SYMBOL[act]}"), ("text", f" ({w['worksheet_act_' + act]})"),
                         ("text", seps[i - 1])]
        doc.par(*segments)
        doc.display(r", \quad ".join(_activation_tex(a, notation) for a in dict.fromkeys(ex.activations)))
    classes = losses.get(ex.loss) is losses.cross_entropy and not isinstance(ex.target, list)
    doc.par(("text", w["worksheet_given"] + " "), ("math", f"x = {exact(ex.input_numbers)}"),
            ("text", w["worksheet_the_target"] + " "), ("math", f"y = {exact(ex.target)}"),
            *(inline(w["worksheet_classes"]) if classes else []),
            ("text", " " + w["worksheet_the_loss"] + " "), ("math", _loss_tex(ex)), ("text", w["worksheet_compute"]))
    forward = ", ".join(tex_name(n) for n in ex.forward_names())
    parameter_names = [n for n in ex.gradient_names() if _PARAMETER.match(n)]
    others = [n for n in ex.gradient_names() if not _PARAMETER.match(n)]
    tasks = [[("text", w["worksheet_task_forward"] + " "), ("math", forward), ("text", ";")],
             [*inline(w["worksheet_task_gradients"] + " "),
              ("math", ", ".join(tex_name(n) for n in parameter_names))]]
    if others:  # z and x are not parameters: a task of their own
        tasks[-1].append(("text", ";"))
        tasks.append([*inline(w["worksheet_task_intermediate"] + " "),
                      ("math", ", ".join(tex_name(n) for n in others))])
    tasks[-1].append(("text", "."))
    doc.items(*tasks)
    doc.par(("text", w["worksheet_hand_in"] + " "), ("code", answers_file),
            ("text", "; " + w["worksheet_graded_with"] + " "), ("code", command), ("text", "."))
    return doc
