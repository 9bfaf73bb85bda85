"""``make demo``: the worked examples, printed and written to ``out/``.

1. micrograd's neuron ``tanh(x1·w1 + x2·w2 + b)``: its values, every gradient, and a gradcheck;
2. the course's ReLU neuron: its graph diagram (SVG), its step table in Spanish (Markdown), and a
   stepping player page (HTML) to open in a browser;
3. micrograd's demo: an MLP(2, [16, 16, 1]) trained on two moons with a progress bar, with its
   decision boundary and loss curve (PNG) and the trained model (JSON).

It ends with the list of the files it wrote and the commands to try next.
"""

from __future__ import annotations

import sys
from pathlib import Path

from autograd import Value, gradcheck

from .examples import demo_moons, demo_trace_and_diagram
from .player import player_demo

__all__ = ["main", "next_steps", "pizarra_command"]

#: What each file of the demo is, for the list printed at the end.
ABOUT = {
    "neurona_relu.dot": "the ReLU neuron's graph (graphviz source)",
    "neurona_relu_pasos.md": "its backward pass step by step, in Spanish (Markdown)",
    "neurona_relu.svg": "its diagram: every node's value and gradient",
    "player_relu.html": "the stepping player: open it in a browser",
    "moons_boundary.png": "the trained MLP's decision boundary",
    "moons_loss.png": "its loss curve",
    "moons_model.json": "the trained model (nn.MLP.load reads it)",
}
#: The neuron of the demo as a `pizarra` formula, for the first command to try.
STEPS_ARGS = 'steps "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 --lang es'


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
    lines = ["o = tanh(x1·w1 + x2·w2 + b)", f"  n = {n.data:.4f}   o = {o.data:.4f}", ""]
    lines += [f"  ∂o/∂{v.label:<2} = {v.grad: .4f}" for v in (x1, w1, x2, w2, b, n)]
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


def main(argv: list[str] | None = None) -> int:
    """Print the worked examples, write the diagrams and pages to ``out/`` (or ``argv[0]``), list them."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "out")
    print(neuron_example())
    print()
    print("The course's ReLU neuron (W = (4, 2, −5), b = 7, x = (1, 0, 2), y = 5): diagram, step table, player")
    written = [*demo_trace_and_diagram(out), player_demo(out)]
    print()
    print("micrograd's demo: MLP(2, [16, 16, 1]) on two moons, hinge loss + L2, full-batch SGD")
    written += demo_moons(out).values()
    print()
    print(next_steps(written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
