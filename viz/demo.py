"""``make demo``, and the worked examples it is made of, printed and written to ``out/``.

1. micrograd's neuron ``tanh(x1·w1 + x2·w2 + b)``: its values, every gradient, and a gradcheck;
2. the course's ReLU neuron (seed 004: ``W = (4, 2, −5)``, ``b = 7``, ``x = (1, 0, 2)``, ``y = 5``,
   ``ŷ = ReLU(W·x + b) = 1``, ``L = ½(ŷ − y)² = 8``; backprop gives ``dz = −4``, ``db = −4``,
   ``dW = dz·xᵀ = (−4, 0, −8)`` and ``dx = wᵀ·dz = (−16, −8, 20)``): its graph diagram (SVG), its step
   table in Spanish (Markdown), a stepping player page (HTML) to open in a browser, and its slides
   (a 16:9 PDF and an animated GIF, a page per step);
3. micrograd's demo: an MLP(2, [16, 16, 1]) trained on two moons with a progress bar, with its
   decision boundary and loss curve (PNG) and the trained model (JSON).

It ends with the list of the files it wrote and the commands to try next.  Every example is also a
function of its own (:func:`relu_neuron`, :func:`demo_trace_and_diagram`, :func:`player_demo`,
:func:`slides_demo`, :func:`demo_moons`), which the tests and the notebooks reuse.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from autograd import Trace, Value, gradcheck, trace_backward
from autograd.files import write_atomic
from autograd.text import MINUS, Notation, NotationLike, as_notation
from nn import MLP, data, optim, train

from .deck import slide_deck
from .draw import draw, draw_step
from .player import player
from .plots import plot_decision_boundary, plot_history
from .words import WORDS

__all__ = [
    "demo_moons", "demo_step_diagram", "demo_trace_and_diagram", "main", "next_steps", "pizarra_command",
    "player_demo", "relu_neuron", "slides_demo",
]

#: What each file of the demo is, for the list printed at the end.
ABOUT = {
    "neurona_relu.dot": "the ReLU neuron's graph (graphviz source)",
    "neurona_relu_pasos.md": "its backward pass step by step, in Spanish (Markdown)",
    "neurona_relu.svg": "its diagram: every node's value and gradient",
    "player_relu.html": "the stepping player: open it in a browser",
    "neurona_relu_pasos.pdf": "its slides, 16:9: a page per step (for the projector)",
    "neurona_relu_pasos.gif": "the same slides as an animation (PowerPoint, Google Slides)",
    "moons_boundary.png": "the trained MLP's decision boundary",
    "moons_loss.png": "its loss curve",
    "moons_model.json": "the trained model (nn.MLP.load reads it)",
}
#: The neuron of the demo as a `pizarra` formula, for the first command to try.
STEPS_ARGS = 'steps "z = w*x + b; yhat = relu(z); L = 0.5*(yhat - y)**2" w=4 x=1 b=7 y=5 --lang es'


def neuron_example() -> str:
    """The neuron of micrograd's lecture, ``o = tanh(x1·w1 + x2·w2 + b)``, with all its gradients."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    o.backward()
    number = Notation().number

    def signed(x: float) -> str:  # a space where a minus would be, so the numbers line up
        text = number(x)
        return text if text.startswith(MINUS) else " " + text
    lines = ["o = tanh(x1·w1 + x2·w2 + b)", f"  n = {number(n.data)}   o = {number(o.data)}", ""]
    lines += [f"  ∂o/∂{v.label:<2} = {signed(v.grad)}" for v in (x1, w1, x2, w2, b, n)]
    check = gradcheck(lambda x1, w1, x2, w2, b: (x1 * w1 + x2 * w2 + b).tanh(),
                      [x1.data, w1.data, x2.data, w2.data, b.data])
    return "\n".join([*lines, "", str(check)])


def pizarra_command() -> str:
    """How to call ``pizarra`` from here: the script beside this Python (``.venv/bin/pizarra`` after
    ``make demo``), relative to the current folder when it is inside it; else plain ``pizarra``."""
    script = Path(sys.executable).with_name("pizarra")
    if not script.exists():
        return "pizarra"
    try:
        relative = script.relative_to(Path.cwd())
    except ValueError:
        return str(script)
    return str(relative) if relative.parent != Path(".") else f"./{relative}"


def next_steps(written: list[Path]) -> str:
    """The demo's closing words: every file it wrote, then the commands to try next."""
    width = max(len(str(p)) for p in written)
    lines = ["Written:"]
    lines += [f"  {path!s:<{width}}  {ABOUT.get(path.name, '')}".rstrip() for path in written]
    command = f"{pizarra_command()} {STEPS_ARGS}"
    lines += ["", "Next, try:",
              f"  {command}",
              "      the neuron's backward pass as a table, in the terminal (`--help` lists the other commands)",
              "  make notebooks   the class notebooks, in JupyterLab",
              "  make test        the whole test suite"]
    return "\n".join(lines)


def relu_neuron() -> tuple[Value, dict[str, Value]]:
    """The seed-004 neuron built from labelled scalars: returns ``(L, {label: Value})``.

    Every node a class talks about has a name, as a teacher writes it on the board (``w3·x3``, ``ŷ − y``);
    the two partial sums are unlabelled, and :func:`autograd.names.node_names` calls them as it calls a
    formula's steps: ``u₁`` (``w1·x1 + w2·x2``, too long to be a name, defined under the table and the
    drawing) and ``u₁ + w3·x3``.
    """
    xs = [Value(v, label=f"x{i + 1}") for i, v in enumerate((1.0, 0.0, 2.0))]
    ws = [Value(v, label=f"w{i + 1}") for i, v in enumerate((4.0, 2.0, -5.0))]
    b = Value(7.0, label="b")
    products = []
    for i, (w, x) in enumerate(zip(ws, xs), start=1):
        product = w * x
        product.label = f"w{i}·x{i}"
        products.append(product)
    z = products[0] + products[1] + products[2] + b
    z.label = "z"
    y_hat = z.relu()
    y_hat.label = "ŷ"
    error = y_hat - 5.0
    error.label = "ŷ − y"
    square = error ** 2
    square.label = "(ŷ − y)²"
    loss = 0.5 * square
    loss.label = "L"
    nodes = {v.label: v for v in (*xs, *ws, *products, b, z, y_hat, error, square, loss)}
    return loss, nodes


def demo_trace_and_diagram(out_dir: str | os.PathLike[str], *, notation: NotationLike = None,
                           **old: object) -> list[Path]:
    """Write the neuron's diagram (``neurona_relu.dot`` and ``.svg``) and step table (``.md``) to ``out_dir``.

    In Spanish by default, with the decimal comma unless ``notation`` says otherwise; the diagram is shaped for a
    16:9 slide (``fit="16:9"``) and the table ends with each step's chain-rule caption.

    The diagram needs graphviz's ``dot`` (``fit`` measures the layout with it); without it a clear
    ``graphviz.ExecutableNotFound`` is raised after the Markdown table is written.  Returns the paths
    written: the DOT, the table, the SVG.
    """
    nota = as_notation(notation, old, where="demo_trace_and_diagram", default=Notation("es"))
    out = Path(out_dir)
    loss, _ = relu_neuron()
    steps: Trace = trace_backward(loss)
    table = steps.to_markdown(notation=nota, caption=True)
    heading = f"# {nota.words(WORDS)['demo_table_heading']}\n\n"
    markdown = write_atomic(out / "neurona_relu_pasos.md", heading + table + "\n")
    graph = draw(loss, notation=nota, color_by="grad", title="L = ½·(ReLU(w·x + b) − y)²,  y = 5",
                 fit="16:9")
    dot = write_atomic(out / "neurona_relu.dot", graph.source)
    return [dot, markdown, write_atomic(out / "neurona_relu.svg", graph.pipe(format="svg", encoding="utf-8"))]


def demo_step_diagram(out_dir: str | os.PathLike[str], *, notation: NotationLike = None,
                      **old: object) -> list[Path]:
    """Write ``neurona_relu_paso9.svg``: the neuron's diagram at step 9 of its backward pass
    (``∂L/∂w3 += (−4) · 2 = −8``), its caption underneath, shaped for a 16:9 slide; returns ``[path]``."""
    nota = as_notation(notation, old, where="demo_step_diagram", default=Notation("es"))
    loss, _ = relu_neuron()
    steps = trace_backward(loss)
    graph = draw_step(steps[8], notation=nota, fit="16:9")
    return [write_atomic(Path(out_dir) / "neurona_relu_paso9.svg", graph.pipe(format="svg", encoding="utf-8"))]


def demo_moons(out_dir: str | Path = "out", quiet: bool = False, *, notation: NotationLike = None,
               **old: object) -> dict[str, Path]:
    """Train ``MLP(2, [16, 16, 1])`` (ReLU, linear output) on 100 two-moons points with the hinge loss.

    Full-batch SGD with micrograd's schedule ``lr = 1 − 0.9·k/100``, stopping at 100% training
    accuracy.  Writes ``moons_boundary.png`` and ``moons_loss.png`` into ``out_dir`` and returns their
    paths (keys ``"boundary"`` and ``"loss"``) plus the saved model (``"model"``, JSON).  The plots are
    class material, in Spanish like the rest of the demo's files unless ``notation`` says otherwise.
    """
    nota = as_notation(notation, old, where="demo_moons", default=Notation("es"))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    X, y = data.moons(100, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], activation="relu", seed=0)
    history = train.fit(model, X, y, loss="hinge", l2=1e-4, epochs=100, target_accuracy=1.0,
                        optimizer=optim.SGD(lr=optim.LinearDecay(1.0, 0.1, 100)), quiet=quiet)
    if not quiet:
        print(f"moons: {history.epochs} epochs, loss {history.loss[-1]:.4f}, "
              f"training accuracy {train.accuracy(model, X, y):.0%}")
    paths = {
        "boundary": out / "moons_boundary.png",
        "loss": out / "moons_loss.png",
        "model": out / "moons_model.json",
    }
    plot_decision_boundary(model, X, y, paths["boundary"], notation=nota)
    plot_history(history, paths["loss"], notation=nota)
    model.save(paths["model"])
    return paths


def player_demo(out_dir: str | os.PathLike[str], *, notation: NotationLike = None, **old: object) -> Path:
    """Write ``player_relu.html``: the player for the course's ReLU neuron (seed 004) into ``out_dir``.

    In Spanish by default, with the decimal comma unless ``notation`` says otherwise.

    ``L = ½·(ReLU(w·x + b) − y)²`` with ``w = (4, 2, −5)``, ``x = (1, 0, 2)``, ``b = 7``, ``y = 5``.
    """
    nota = as_notation(notation, old, where="player_demo", default=Notation("es"))
    loss, _ = relu_neuron()
    steps = trace_backward(loss)
    title = nota.words(WORDS)["demo_player_title"]
    written = player(steps, Path(out_dir) / "player_relu.html", notation=nota, title=title)
    assert isinstance(written, Path)
    return written


def slides_demo(out_dir: str | os.PathLike[str], *, notation: NotationLike = None, **old: object) -> list[Path]:
    """Write the ReLU neuron's slides, ``neurona_relu_pasos.pdf`` and ``.gif``, into ``out_dir``.

    One deck (:func:`viz.deck.slide_deck`), written twice: a 16:9 PDF and an animated GIF.  In
    Spanish by default, with the decimal comma unless ``notation`` says otherwise.
    """
    nota = as_notation(notation, old, where="slides_demo", default=Notation("es"))
    loss, _ = relu_neuron()
    title = nota.words(WORDS)["demo_slides_title"]
    deck = slide_deck(trace_backward(loss), notation=nota, title=title)
    out = Path(out_dir)
    return [*deck.write(out / "neurona_relu_pasos.pdf"), *deck.write(out / "neurona_relu_pasos.gif")]


def main(argv: list[str] | None = None) -> int:
    """Print the worked examples, write the diagrams and pages to ``out/`` (or ``argv[0]``), list them."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "out")
    print(neuron_example())
    print()
    print("The course's ReLU neuron (W = (4, 2, −5), b = 7, x = (1, 0, 2), y = 5): diagram, step table, player, "
          "slides")
    written = [*demo_trace_and_diagram(out), player_demo(out), *slides_demo(out)]
    print()
    print("micrograd's demo: MLP(2, [16, 16, 1]) on two moons, hinge loss + L2, full-batch SGD")
    written += demo_moons(out).values()
    print()
    print(next_steps(written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
