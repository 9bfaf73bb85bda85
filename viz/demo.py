"""``make demo``: the worked examples, printed and written to ``out/``.

1. micrograd's neuron ``tanh(x1·w1 + x2·w2 + b)``: its values, every gradient, and a gradcheck;
2. the course's ReLU neuron: its graph diagram (SVG), its step table in Spanish (Markdown), and a
   stepping player page (HTML) to open in a browser;
3. micrograd's demo: an MLP(2, [16, 16, 1]) trained on two moons with a progress bar, with its
   decision boundary and loss curve (PNG) and the trained model (JSON).
"""

from __future__ import annotations

import sys
from pathlib import Path

from autograd import Value, gradcheck

from .examples import demo_moons, demo_trace_and_diagram
from .player import player_demo

__all__ = ["main"]


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


def main(argv: list[str] | None = None) -> int:
    """Print the worked examples and write the diagrams and pages to ``out/`` (or ``argv[0]``)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "out")
    print(neuron_example())
    print()
    written = [*demo_trace_and_diagram(out), player_demo(out)]
    print("The course's ReLU neuron (W = (4, 2, −5), b = 7, x = (1, 0, 2), y = 5), written to:")
    for path in written:
        print(f"  {path}")
    print()
    print("micrograd's demo: MLP(2, [16, 16, 1]) on two moons, hinge loss + L2, full-batch SGD")
    trained = demo_moons(out)
    for path in trained.values():
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
