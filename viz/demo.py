"""``make demo``: the worked example of a single neuron, its forward values and every gradient."""

from __future__ import annotations

from autograd import Value, gradcheck

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


def main() -> None:
    """Print the worked examples."""
    print(neuron_example())


if __name__ == "__main__":
    main()
