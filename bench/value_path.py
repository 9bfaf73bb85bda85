"""Two ratios of the benchmark, each measured within one run: the Value path against the array path, and
``pizarra``'s start-up against Python's.

(h) The demo step (``MLP(2, [16, 16, 1])``, 100 moons, mean hinge loss + 1e-4·Σp², SGD) on a recorded program,
    three ways, each on its own copy of the same model:

    * *array*: the parameters kept as one array ``θ``: ``program.forward(X, parameters=θ)``,
      ``θ -= lr·program.gradients("mean")`` (as ``bench/batched.py`` times it);
    * *micrograd loop*: micrograd's loop on the program: ``program.forward(X)``, ``p.grad = 0`` for every
      parameter, ``program.backward()``, ``p.data -= lr * p.grad`` for every parameter;
    * *zero_grad + SGD*: the same with ``model.zero_grad()`` and ``optim.SGD``'s ``step()``.

    Each is timed as the best of many loops of steps (``time.process_time``), the three interleaved, so the
    machine's swings fall on all of them alike; the ratios are each Value path's time over the array path's.
(i) ``pizarra steps "w*x" w=2 x=3`` and ``pizarra --help`` (``python -m viz.cli``) against ``python -c pass``:
    the CPU time of each child process (user + system), best of several runs, interleaved.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

# One BLAS thread, as bench.py (set before numpy loads, when this file is run by itself).
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np  # noqa: E402
from batched import LR, _demo_batched, _mlp, interleaved  # noqa: E402  (bench/batched.py, beside this file)

from autograd.batch import Program  # noqa: E402
from nn import MLP, data, optim  # noqa: E402

__all__ = ["Ways", "cli_startup", "print_value_path", "startup_commands", "value_path_ratios"]

ROOT = Path(__file__).resolve().parents[1]
Step = Callable[[], object]


def _demo() -> tuple[MLP, Program]:
    """A fresh demo model and its loss, recorded as ``bench/batched.py`` records it (inputs ``x1, x2``, label ``y``)."""
    model = _mlp([2, 16, 16, 1])
    return model, _demo_batched(model, np.zeros((1, 2)), np.zeros(1)).program


class Ways:
    """The demo step on ``n`` moons three ways, each with a model of its own, all from the same weights."""

    def __init__(self, n: int = 100, seed: int = 0) -> None:
        X, labels = data.moons(n, noise=0.1, seed=seed)
        self.batch = np.column_stack([X, 2.0 * labels - 1])
        _, self.array_program = _demo()
        self.theta = np.array([p.data for p in self.array_program.parameters])
        self.loop_model, self.loop_program = _demo()
        self.loop_params = self.loop_model.parameters()
        self.opt_model, self.opt_program = _demo()
        self.sgd = optim.SGD(self.opt_model.parameters(), lr=LR)

    def array(self) -> None:
        self.array_program.forward(self.batch, parameters=self.theta)
        self.theta -= LR * self.array_program.gradients("mean")

    def micrograd_loop(self) -> None:
        self.loop_program.forward(self.batch)
        for p in self.loop_params:
            p.grad = 0.0
        self.loop_program.backward()
        for p in self.loop_params:
            p.data -= LR * p.grad

    def zero_grad_sgd(self) -> None:
        self.opt_program.forward(self.batch)
        self.opt_model.zero_grad()
        self.opt_program.backward()
        self.sgd.step()

    def steps(self) -> dict[str, Step]:
        """One callable per way: "array", "micrograd loop", "zero_grad + SGD"."""
        return {"array": self.array, "micrograd loop": self.micrograd_loop, "zero_grad + SGD": self.zero_grad_sgd}

    def parameters(self) -> dict[str, list[float]]:
        """Each way's parameters now, in its program's order (the same for the three)."""
        return {"array": self.theta.tolist(),
                "micrograd loop": [p.data for p in self.loop_program.parameters],
                "zero_grad + SGD": [p.data for p in self.opt_program.parameters]}


def value_path_ratios(rounds: int = 7, least: float = 0.05) -> dict[str, float]:
    """Case (h): seconds per step of each way (keys of :meth:`Ways.steps`) and, under ``"<way>/array"``,
    each Value path's time over the array path's."""
    times = interleaved(Ways().steps(), rounds, least)
    return {**times, **{f"{k}/array": times[k] / times["array"] for k in times if k != "array"}}


def startup_commands() -> dict[str, list[str]]:
    """Case (i)'s commands: the baseline ``python -c pass`` and two of ``pizarra``'s."""
    python = [sys.executable]
    return {"python -c pass": [*python, "-c", "pass"],
            "pizarra --help": [*python, "-m", "viz.cli", "--help"],
            'pizarra steps "w*x" w=2 x=3': [*python, "-m", "viz.cli", "steps", "w*x", "w=2", "x=3"]}


def _child_seconds(argv: Sequence[str], env: dict[str, str]) -> float:
    """The CPU time (user + system) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cli_startup(rounds: int = 7) -> dict[str, float]:
    """Case (i): the best CPU seconds of each of :func:`startup_commands`, run in turns, and under
    ``"<command>/python"`` each pizarra command's over ``python -c pass``'s.  This source tree's code is run."""
    path = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    commands = startup_commands()
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(rounds):
        for name, argv in commands.items():
            best[name] = min(best[name], _child_seconds(argv, env))
    base = best["python -c pass"]
    return {**best, **{f"{k}/python": best[k] / base for k in commands if k != "python -c pass"}}


def print_value_path(rounds: int = 7, least: float = 0.05) -> None:
    """Cases (h) and (i) as a small table, with issue 20's targets."""
    steps = value_path_ratios(rounds, least)
    print("(h) demo step on a recorded program, MLP(2,[16,16,1]), 100 moons   (issue 20: Value path ≤ 1.5× array)")
    for name in ("array", "micrograd loop", "zero_grad + SGD"):
        ratio = f"{steps[name + '/array']:.2f}× array" if name != "array" else ""
        print(f"    {name:<18} {steps[name] * 1e3:7.3f} ms  {ratio}".rstrip())
    start = cli_startup(rounds)
    print("(i) start-up, CPU seconds of the process   (issue 20: each formula command ≤ 0.3 s)")
    for name in startup_commands():
        ratio = f"{start[name + '/python']:.1f}× python -c pass" if name != "python -c pass" else ""
        print(f"    {name:<30} {start[name]:6.3f} s  {ratio}".rstrip())


def _main(argv: list[str] | None = None) -> int:  # pragma: no cover - ``python bench/value_path.py``
    rounds = 2 if argv and "--quick" in argv else 7
    print_value_path(rounds)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main(sys.argv[1:]))

