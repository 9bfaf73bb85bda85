"""Benchmark pizarra's engine against karpathy's micrograd (PyPI ``micrograd==0.1.0``) in one run.

Run with ``make bench`` (or ``python bench/bench.py``).  This script installs nothing: micrograd is
measured when it is importable (``make`` installs it with the ``dev`` extra) and reported missing
otherwise.  Cases:

(a) a chain of ``y = (y * 1.0001 + 0.1).relu()`` steps, forward + backward, at 1e3, 1e4, 1e5 steps;
(b) micrograd's demo step: ``MLP(2, [16, 16, 1])`` on 100 two-moons points, max-margin loss + 1e-4·L2,
    forward + backward + SGD update;
(c) memory per node of a built graph (tracemalloc).

Each figure is the best of several repeats; the table ends with the ratio micrograd / pizarra (how
many times faster, or smaller, pizarra is).  A second table times a recorded program of
``autograd.batch`` on the whole batch against micrograd, the same step written by hand in numpy and
PyTorch on whole tensors (see ``bench/batched.py``): (d) the demo step, (e) one full-batch epoch on the
8×8 digits (needs scikit-learn, the ``digits`` extra), (f) the demo step's time per sample as the
batch grows, and the demo step's batched/numpy ratio at each batch size up to 10,000, the two timed side
by side.  Then (g) the playground's training and redraw rates (``bench/playground.py``), and (h) the demo
step on a recorded program written the micrograd way (through its Values) against the array path, and (i)
``pizarra``'s start-up against Python's (``bench/value_path.py``).
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import random
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

# One thread for numpy's BLAS and PyTorch, like the engines: on a 2-core machine shared with other work, a
# second BLAS thread spin-waits for a busy core and makes the figures swing by 10× (set before numpy loads).
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import batched  # noqa: E402  (bench/batched.py, beside this file, after the thread settings)

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


def _pizarra_mlp(sizes: list[int], seed: int = 1337) -> Any:
    """micrograd's MLP as an ``nn.MLP``: uniform(−1,1) weights, zero biases, ReLU hidden layers, linear output."""
    from nn import MLP

    return MLP(sizes[0], sizes[1:], activation="relu", output_activation="linear", init="uniform", seed=seed)


def demo_step_pizarra(X: list[list[float]], y: list[int], model: Any) -> float:
    from nn import losses

    params = model.parameters()
    scores = [model(x) for x in X]
    # mean max-margin loss + 1e-4·Σp² over every parameter, exactly micrograd's demo (l2 is λ/(2m)·Σp²)
    loss = losses.hinge(scores, y) + losses.l2(params, lam=2e-4, m=1)
    model.zero_grad()
    loss.backward()
    for p in params:
        p.data -= 0.01 * p.grad
    return float(loss.data)


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


def with_deep_recursion(fn: Callable[[], float]) -> float:
    """Run ``fn`` in a thread with a 1 GiB stack and a recursion limit of 10⁷, so micrograd's
    recursive topological sort can be measured past its default limit; returns fn's result."""
    result: list[float] = []
    errors: list[BaseException] = []

    def run() -> None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(10_000_000)
        try:
            result.append(fn())
        except BaseException as error:
            errors.append(error)
        finally:
            sys.setrecursionlimit(limit)

    old = threading.stack_size(1 << 30)
    try:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old)
    if errors:
        raise errors[0]
    return result[0]


def fails_at_default_limit(steps: int) -> bool:
    """True when micrograd's backward on a chain of ``steps`` steps hits the default recursion limit."""
    try:
        chain_forward_backward(MgValue, steps)
    except RecursionError:
        return True
    return False


def best_time(fn: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` runs, garbage collected before each (the collector stays on)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def per_step(fn: Callable[[], object], repeat: int, least: float = 0.05) -> float:
    """Seconds per call of a fast step: the best of ``repeat`` loops of calls, each loop at least ``least``
    seconds long (a single call right after a garbage collection finds the caches cold; a loop does not)."""
    fn()  # warm up: the first call fills numpy's and PyTorch's caches
    start = time.perf_counter()
    fn()
    number = max(1, math.ceil(least / max(time.perf_counter() - start, 1e-7)))
    gc.collect()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def memory(V: Engine, steps: int) -> tuple[float, float]:
    """Memory held by a built chain graph: bytes per chain step and bytes per node.

    micrograd makes 5 nodes a step (the constants 1.0001 and 0.1 become nodes each time); pizarra
    makes 3 while it builds, because a repeated constant reuses one cached leaf.  The nodes are counted
    afterwards, through ``parents``: shown, each use of a number becomes a constant of its own (5 a step,
    as micrograd), so pizarra's bytes per node are the bytes per step over 5 nodes, and the bytes per step
    are the comparison that holds.
    """
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    graph = chain(V, steps)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    nodes = _count_nodes(graph[1])
    del graph
    return (after - before) / steps, (after - before) / nodes


def _count_nodes(root: Any) -> int:
    seen = {id(root)}
    stack = [root]
    while stack:
        node = stack.pop()
        parents: tuple[Any, ...] = tuple(getattr(node, "parents", ())) or tuple(getattr(node, "_prev", ()))
        for p in parents:
            if id(p) not in seen:
                seen.add(id(p))
                stack.append(p)
    return len(seen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (2 instead of 5)")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="chain lengths for case (a), comma-separated (default: %(default)s)")
    parser.add_argument("--batch-sizes", default="10,100,1000,10000,100000",
                        help="batch sizes for case (f), comma-separated (default: %(default)s)")
    parser.add_argument("--micrograd-rows", type=int, default=100,
                        help="digits micrograd steps on in case (e), its time scaled to all 1,797 "
                             "(default: %(default)s)")
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else 5
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
        batch_sizes = [int(s) for s in args.batch_sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes and --batch-sizes take whole numbers separated by commas, got "
                     f"{args.sizes!r} and {args.batch_sizes!r}")
    if not 1 <= args.micrograd_rows <= 1797:
        parser.error(f"--micrograd-rows must be between 1 and 1797, got {args.micrograd_rows}")

    rows: list[tuple[str, str, str, str]] = []
    footnotes: set[str] = set()

    def row(case: str, ours: float, theirs: float | str, unit: str, fmt: str = "{:.2f}") -> None:
        t = theirs if isinstance(theirs, str) else fmt.format(theirs)
        ratio = f"{theirs / ours:.1f}×" if not isinstance(theirs, str) and ours > 0 else "—"
        rows.append((case, f"{fmt.format(ours)} {unit}", f"{t} {unit}" if not isinstance(theirs, str) else t, ratio))

    if MgValue is None:
        print("micrograd is not installed (pip install micrograd==0.1.0): showing pizarra alone")

    for steps in sizes:
        def ours_run(s: int = steps) -> float:
            return chain_forward_backward(Value, s)

        ours = best_time(ours_run, repeat if steps < 100_000 else 2)
        theirs: float | str = "not installed"
        note = ""
        if MgValue is not None:
            if fails_at_default_limit(steps):
                note = " *"
                footnotes.add("* micrograd raises RecursionError at Python's default recursion limit here; "
                              "it was timed in a thread with a raised limit and a 1 GiB stack")
            theirs = with_deep_recursion(
                lambda s=steps: best_time(lambda: chain_forward_backward(MgValue, s),  # type: ignore[misc]
                                          repeat if s < 100_000 else 1)) * 1e3
        row(f"(a) chain {steps:>7,} steps, fwd+bwd{note}", ours * 1e3, theirs, "ms")

    X, y = moons()
    ours_model = _pizarra_mlp([2, 16, 16, 1])
    ours = best_time(lambda: demo_step_pizarra(X, y, ours_model), repeat)
    theirs = "not installed"
    if MgMLP is not None:
        random.seed(1337)
        mg_model = MgMLP(2, [16, 16, 1])
        theirs = best_time(lambda: demo_step_micrograd(X, y, mg_model), max(2, repeat // 2)) * 1e3
    row("(b) demo step MLP(2,[16,16,1]), 100 moons", ours * 1e3, theirs, "ms")
    demo_micrograd = theirs

    ours_step, ours_node = memory(Value, 20_000)
    theirs_step: float | str = "not installed"
    theirs_node: float | str = "not installed"
    if MgValue is not None:
        theirs_step, theirs_node = memory(MgValue, 20_000)
    row("(c) memory per chain step", ours_step, theirs_step, "B", "{:.0f}")
    row("(c) memory per node", ours_node, theirs_node, "B", "{:.0f}")

    width = [max(len(r[i]) for r in [("case", "pizarra", "micrograd 0.1.0", "ratio"), *rows]) for i in range(4)]
    for r in [("case", "pizarra", "micrograd 0.1.0", "ratio"), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, width)))
    for note in sorted(footnotes):
        print(note)
    print(f"python {sys.version.split()[0]}; ratio = micrograd / pizarra (higher is better for pizarra)")
    print()
    print_batched(repeat, demo_micrograd, batch_sizes, args.micrograd_rows)
    print()
    print_playground(0.3 if args.quick else 2.0)
    print()
    from value_path import print_value_path  # bench/value_path.py: cases (h), (i)

    print_value_path(2 if args.quick else 7)
    return 0


def print_playground(least: float) -> None:
    """The third table: case (g), the playground on moons (200 points, [4, 4], tanh)."""
    from playground import playground_rates

    rates = playground_rates(least)
    print("(g) playground, moons 200 points, [4, 4] tanh   (the issue asks ≥ 20 epochs/s, ≥ 5 redraws/s)")
    for name, value in rates.items():
        print(f"    {name:<16} {value:8.1f}")


def _ms(seconds: float | str) -> str:
    return seconds if isinstance(seconds, str) else f"{seconds * 1e3:.3f} ms"


def print_batched(repeat: int, demo_micrograd: float | str, batch_sizes: list[int], micrograd_rows: int) -> None:
    """The second table: cases (d), (e), (f), one training step on the whole batch per figure."""
    head = ("case", "batched", "numpy by hand", "PyTorch", "micrograd 0.1.0", "micrograd/batched", "batched/numpy")
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    has_digits = True

    def add(case: str, steps: dict[str, batched.Step], theirs: float | str, per: int = 1, unit: str = "ms") -> None:
        t = {k: per_step(f, repeat) / per for k, f in steps.items()}
        scale, fmt = (1e3, "{:.3f} ms") if unit == "ms" else (1e6, "{:.3f} µs")

        def show(v: float | str) -> str:
            return v if isinstance(v, str) else fmt.format(v * scale)

        ours = t["batched"]
        mg_ratio = f"{theirs / ours:,.0f}×" if not isinstance(theirs, str) else "—"
        rows.append((case, show(ours), show(t["numpy"]), show(t.get("PyTorch", "not installed")),
                     show(theirs), mg_ratio, f"{ours / t['numpy']:.2f}×"))

    add("(d) demo step MLP(2,[16,16,1]), 100 moons", batched.demo_steps(),
        demo_micrograd if isinstance(demo_micrograd, str) else demo_micrograd / 1e3)

    try:
        digits = batched.digits_steps()
    except ImportError as error:
        rows.append(("(e) digits epoch", "—", "—", "—", "—", "—", "—"))
        notes.append(f"(e) skipped: {error}")
        has_digits = False
    else:
        theirs: float | str = "not installed"
        if MgMLP is not None:
            mg_step = batched.micrograd_digits_step(micrograd_rows)
            theirs = best_time(mg_step, 1) * 1797 / micrograd_rows
            if micrograd_rows < 1797:
                notes.append(f"(e) micrograd was timed on the first {micrograd_rows} digits and scaled to 1,797 "
                             "(its cost is linear in the rows); micrograd has no exp or log: the bench adds "
                             "them as nodes with their local derivatives")
        add("(e) digits epoch MLP(64,[32,10]), 1,797×64, softmax CE", digits, theirs)

    for n in batch_sizes:
        add(f"(f) demo step per sample, batch {n:>7,}", batched.demo_steps(n), "—", per=n, unit="µs")

    found = batched.agreement(has_digits)
    width = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, width)))
    for note in notes:
        print(note)
    if found:
        print("gradients agree with the recorded program's to " + ", ".join(
            f"{k} < {max(v, 1e-16):.0e}" for k, v in found.items()) + " (relative)")
    print("one step = forward + backward + SGD update on the whole batch, parameters as one array; "
          "best of loops of steps; record() is done once, before timing; float64 everywhere, PyTorch on the CPU; "
          f"{batched.threads()}")
    print()
    batched.print_ratios([n for n in batch_sizes if n <= 10_000], rounds=3 if repeat < 5 else 15)


if __name__ == "__main__":
    raise SystemExit(main())
