"""Benchmark pizarra's engine against karpathy's micrograd (PyPI ``micrograd==0.1.0``) in one run.

Run with ``make bench`` (or ``python bench/bench.py``).  This script installs nothing: micrograd is
measured when it is importable (``make`` installs it with the ``dev`` extra) and reported missing
otherwise.  Cases:

(a) a chain of ``y = (y * 1.0001 + 0.1).relu()`` steps, forward + backward, at 1e3, 1e4, 1e5 steps;
(b) micrograd's demo step: ``MLP(2, [16, 16, 1])`` on 100 two-moons points, max-margin loss + 1e-4·L2,
    forward + backward + SGD update;
(c) memory per node of a built graph (tracemalloc).

Each figure is the best of several repeats; the table ends with the ratio micrograd / pizarra (how
many times faster, or smaller, pizarra is).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import math
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.setrecursionlimit(10_000)  # micrograd's recursive topo sort; pizarra needs none of it

from autograd import Value  # noqa: E402

try:
    from micrograd.engine import Value as MgValue
    from micrograd.nn import MLP as MgMLP
except ImportError:  # pragma: no cover - reported in the table
    MgValue = None
    MgMLP = None

Engine = Any


def chain(V: Engine, steps: int) -> tuple[Any, Any]:
    """The chain case: forward ``steps`` steps from a leaf, return (leaf, output)."""
    x = V(0.5)
    y = x
    for _ in range(steps):
        y = (y * 1.0001 + 0.1).relu()
    return x, y


def chain_forward_backward(V: Engine, steps: int) -> float:
    x, y = chain(V, steps)
    y.backward()
    return float(x.grad)


def moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[list[list[float]], list[int]]:
    """Two interleaving half circles with labels ±1 (the data of micrograd's demo), from a seed."""
    rng = random.Random(seed)
    X, y = [], []
    for i in range(n):
        t = math.pi * (i // 2) / (n // 2 - 1)
        if i % 2 == 0:
            X.append([math.cos(t) + rng.gauss(0, noise), math.sin(t) + rng.gauss(0, noise)])
            y.append(-1)
        else:
            X.append([1 - math.cos(t) + rng.gauss(0, noise), 0.5 - math.sin(t) + rng.gauss(0, noise)])
            y.append(1)
    return X, y


def _pizarra_mlp(sizes: list[int], seed: int = 1337) -> tuple[Callable[[list[float]], Value], list[Value]]:
    """micrograd's MLP (ReLU hidden layers, linear output, uniform(−1,1) weights, zero biases), on Values."""
    from autograd.functional import dot

    rng = random.Random(seed)
    layers = []
    for nin, nout in itertools.pairwise(sizes):
        layers.append([([Value(rng.uniform(-1, 1)) for _ in range(nin)], Value(0.0)) for _ in range(nout)])
    params = [p for layer in layers for w, b in layer for p in (*w, b)]

    def forward(x: list[float]) -> Value:
        h: list[Any] = x
        for k, layer in enumerate(layers):
            out = [dot(w, h) + b for w, b in layer]
            h = out if k == len(layers) - 1 else [v.relu() for v in out]
        return h[0]  # type: ignore[no-any-return]

    return forward, params


def demo_step_pizarra(X: list[list[float]], y: list[int], model: Any) -> float:
    from autograd.functional import mean, sum

    forward, params = model
    scores = [forward(x) for x in X]
    losses = [(1 + -yi * s).relu() for yi, s in zip(y, scores)]
    loss = mean(losses) + 1e-4 * sum([p * p for p in params])
    for p in params:
        p.grad = 0.0
    loss.backward()
    for p in params:
        p.data -= 0.01 * p.grad
    return loss.data


def demo_step_micrograd(X: list[list[float]], y: list[int], model: Any) -> float:
    inputs = [list(map(MgValue, x)) for x in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * s).relu() for yi, s in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    loss = data_loss + reg_loss
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= 0.01 * p.grad
    return float(loss.data)


def best_time(fn: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` runs, garbage collected before each (the collector stays on)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bytes_per_node(V: Engine, steps: int) -> float:
    """Memory held by a built chain graph, per node (5 nodes a step: 2 constants, *, +, relu)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    graph = chain(V, steps)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del graph
    return (after - before) / (5 * steps)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and no 1e5-step micrograd attempt")
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else 5

    rows: list[tuple[str, str, str, str]] = []

    def row(case: str, ours: float, theirs: float | str, unit: str, fmt: str = "{:.2f}") -> None:
        t = theirs if isinstance(theirs, str) else fmt.format(theirs)
        ratio = f"{theirs / ours:.1f}×" if not isinstance(theirs, str) and ours > 0 else "—"
        rows.append((case, f"{fmt.format(ours)} {unit}", f"{t} {unit}" if not isinstance(theirs, str) else t, ratio))

    if MgValue is None:
        print("micrograd is not installed (pip install micrograd==0.1.0): showing pizarra alone")

    for steps in (1_000, 10_000, 100_000):
        def ours_run(s: int = steps) -> float:
            return chain_forward_backward(Value, s)

        def theirs_run(s: int = steps) -> float:
            return chain_forward_backward(MgValue, s)

        ours = best_time(ours_run, repeat if steps < 100_000 else 2)
        theirs: float | str = "not installed"
        if MgValue is not None:
            try:
                theirs = best_time(theirs_run, repeat if steps < 100_000 else 1) * 1e3
            except RecursionError:
                theirs = "RecursionError"
        row(f"(a) chain {steps:>7,} steps, fwd+bwd", ours * 1e3, theirs, "ms")

    X, y = moons()
    ours_model = _pizarra_mlp([2, 16, 16, 1])
    ours = best_time(lambda: demo_step_pizarra(X, y, ours_model), repeat)
    theirs = "not installed"
    if MgMLP is not None:
        random.seed(1337)
        mg_model = MgMLP(2, [16, 16, 1])
        theirs = best_time(lambda: demo_step_micrograd(X, y, mg_model), max(2, repeat // 2)) * 1e3
    row("(b) demo step MLP(2,[16,16,1]), 100 moons", ours * 1e3, theirs, "ms")

    ours_mem = bytes_per_node(Value, 20_000)
    theirs_mem: float | str = bytes_per_node(MgValue, 20_000) if MgValue is not None else "not installed"
    row("(c) memory per node", ours_mem, theirs_mem, "B", "{:.0f}")

    width = [max(len(r[i]) for r in [("case", "pizarra", "micrograd 0.1.0", "ratio"), *rows]) for i in range(4)]
    for r in [("case", "pizarra", "micrograd 0.1.0", "ratio"), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, width)))
    print(f"python {sys.version.split()[0]}; ratio = micrograd / pizarra (higher is better for pizarra)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
