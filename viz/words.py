"""The words of the pictures — graph and network diagrams, the stepping player, plots — in every language.

The engine's own words (gradcheck, step tables) are in :mod:`autograd.text`; the classroom's in
:mod:`viz.classroom.words`.
"""

from __future__ import annotations

from autograd.text import WordTable

__all__ = ["WORDS"]

WORDS = WordTable(
    en={
        "plot_epoch": "epoch",
        "plot_loss": "loss",
        "plot_accuracy": "accuracy",
        "plot_train": "train",
        "plot_test": "test",
        "plot_boundary": "decision boundary",
        "plot_class": "class",
        "plot_still": "(A still view at the first values: run the notebook in Jupyter, with ipywidgets, to move the "
                      "controls.)",
        "player_title": "Backpropagation, step by step",
        "player_step": "step",
        "player_previous": "◀ Previous",
        "player_next": "Next ▶",
        "player_counter": "step {i} of {n}",
        "player_all_steps": "All steps",
        "player_this_step": "This step",
        "player_keys": "Keys: ← → or Page Up / Page Down (Home / End: first / last step); + and − zoom, 0 shows the "
                       "whole graph; f: presentation mode (Esc leaves it). Click a row of the table to jump to it.",
        "player_zoom_in": "Zoom in (+)",
        "player_zoom_out": "Zoom out (−)",
        "player_fit": "Whole graph",
        "player_fit_title": "The whole graph on screen (0)",
        "player_present": "Presentation",
        "player_present_title": "Presentation mode: the graph and the caption fill the screen (f)",
        "player_no_steps": "This graph has no backward steps (nothing requires a gradient).",
        "viz_data": "data",
        "viz_grad": "grad",
        "viz_legend": "legend",
        "viz_processing": "node being processed",
        "viz_receiving": "parent receiving the contribution",
        "viz_grad_pos": "∂L/∂x > 0",
        "viz_grad_neg": "∂L/∂x < 0",
        "viz_grad_zero": "∂L/∂x = 0",
        "viz_grad_width": "darker, thicker: larger |gradient|",
        "viz_gc_pass": "gradcheck agrees",
        "viz_gc_near": "disagrees (|Δ| ≤ 100·tol)",
        "viz_gc_fail": "disagrees (|Δ| > 100·tol)",
        "viz_gc_error": "|Δ|",
        "viz_layer": "layer {l}",
        "viz_neuron": "neuron {j}",
        "viz_inputs": "inputs",
        "viz_outputs": "outputs",
        "viz_weight_pos": "weight > 0",
        "viz_weight_neg": "weight < 0",
    },
    es={
        "plot_epoch": "época",
        "plot_loss": "costo",
        "plot_accuracy": "exactitud",
        "plot_train": "entrenamiento",
        "plot_test": "prueba",
        "plot_boundary": "frontera de decisión",
        "plot_class": "clase",
        "plot_still": "(Vista fija con los primeros valores: para mover los controles, ejecutá el cuaderno en "
                      "Jupyter con ipywidgets.)",
        "player_title": "Retropropagación paso a paso",
        "player_step": "paso",
        "player_previous": "◀ Anterior",
        "player_next": "Siguiente ▶",
        "player_counter": "paso {i} de {n}",
        "player_all_steps": "Todos los pasos",
        "player_this_step": "Este paso",
        "player_keys": "Teclas: ← → o Re Pág / Av Pág (Inicio / Fin: primer / último paso); + y − acercan y alejan, "
                       "0 muestra el grafo entero; f: modo presentación (Esc sale). Clic en una fila de la tabla "
                       "para ir a ella.",
        "player_zoom_in": "Acercar (+)",
        "player_zoom_out": "Alejar (−)",
        "player_fit": "Grafo entero",
        "player_fit_title": "El grafo entero en pantalla (0)",
        "player_present": "Presentación",
        "player_present_title": "Modo presentación: el grafo y el texto del paso llenan la pantalla (f)",
        "player_no_steps": "Este grafo no tiene pasos de retropropagación (nada requiere gradiente).",
        "viz_data": "valor",
        "viz_grad": "grad",
        "viz_legend": "leyenda",
        "viz_processing": "nodo en proceso",
        "viz_receiving": "padre que recibe la contribución",
        "viz_grad_pos": "∂L/∂x > 0",
        "viz_grad_neg": "∂L/∂x < 0",
        "viz_grad_zero": "∂L/∂x = 0",
        "viz_grad_width": "más oscuro y grueso: mayor |gradiente|",
        "viz_gc_pass": "gradcheck coincide",
        "viz_gc_near": "no coincide (|Δ| ≤ 100·tol)",
        "viz_gc_fail": "no coincide (|Δ| > 100·tol)",
        "viz_gc_error": "|Δ|",
        "viz_layer": "capa {l}",
        "viz_neuron": "neurona {j}",
        "viz_inputs": "entradas",
        "viz_outputs": "salidas",
        "viz_weight_pos": "peso > 0",
        "viz_weight_neg": "peso < 0",
    },
)
