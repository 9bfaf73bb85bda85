"""The benchmark script runs and prints its table (its figures are for reading, not asserting)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench.py"


def test_bench_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("pizarra_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pizarra_bench"] = module
    spec.loader.exec_module(module)
    assert module.main(["--quick", "--sizes", "50,200", "--batch-sizes", "10,30", "--micrograd-rows", "2"]) == 0
    out = capsys.readouterr().out
    for case in ("(a) chain      50 steps", "(a) chain     200 steps", "(b) demo step", "(c) memory per node",
                 "(d) demo step", "(e) digits epoch", "batch      10", "batch      30", "numpy by hand", "PyTorch",
                 "timed on the first 2 digits and scaled to 1,797", "gradients agree", "(g) playground",
                 "play redraws/s", "(h) demo step on a recorded program", "micrograd loop", "zero_grad + SGD",
                 "(i) start-up", 'pizarra steps "w*x" w=2 x=3', "demo step, batched/numpy", "batch      30   batched"):
        assert case in out
    has_micrograd = importlib.util.find_spec("micrograd") is not None
    assert ("×" in out.split("(c) memory per node")[1]) == has_micrograd


def test_the_value_paths_take_the_array_paths_steps() -> None:
    """Case (h) compares like with like: through the Values or as one array, the same parameters after each step."""
    sys.path.insert(0, str(BENCH.parent))
    import value_path

    ways = value_path.Ways(n=30)
    for _ in range(3):
        for step in ways.steps().values():
            step()
    found = ways.parameters()
    assert found["array"] != value_path.Ways(n=30).parameters()["array"]  # the steps moved them
    for way in ("micrograd loop", "zero_grad + SGD"):
        assert found[way] == pytest.approx(found["array"], rel=1e-12, abs=1e-15)


def test_both_engines_agree_on_the_chain() -> None:
    """The benchmark compares like with like: same graph, same gradient."""
    try:
        from micrograd.engine import Value as MgValue
    except ImportError:
        pytest.fail("not installed: micrograd, the engine the benchmark compares with (pip install -e '.[dev]'; "
                    "`make test` installs it)", pytrace=False)

    from autograd import Value

    spec = importlib.util.spec_from_file_location("pizarra_bench2", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.chain_forward_backward(Value, 300) == pytest.approx(module.chain_forward_backward(MgValue, 300))


def test_every_contender_computes_the_recorded_programs_gradients() -> None:
    """numpy by hand and PyTorch time the same step as the recorded program: the same gradients."""
    sys.path.insert(0, str(BENCH.parent))
    import batched

    found = batched.agreement()
    assert set(found) == {"demo numpy", "demo PyTorch", "digits numpy", "digits PyTorch"}
    assert max(found.values()) < 1e-12


def test_micrograds_exp_and_log_give_their_derivatives() -> None:
    from micrograd.engine import Value as MgValue

    sys.path.insert(0, str(BENCH.parent))
    import batched

    x = MgValue(0.7)
    y = batched.mg_log(batched.mg_exp(x) * x)          # log(x·eˣ) = log x + x: derivative 1/x + 1
    y.backward()
    assert y.data == pytest.approx(0.7 + math.log(0.7))
    assert x.grad == pytest.approx(1 / 0.7 + 1)


def test_ratios_time_both_steps_side_by_side() -> None:
    sys.path.insert(0, str(BENCH.parent))
    import batched

    calls = {"a": 0, "b": 0}
    times = batched.interleaved({"a": lambda: calls.__setitem__("a", calls["a"] + 1),
                                 "b": lambda: calls.__setitem__("b", calls["b"] + 1)}, rounds=2, least=0.001)
    assert set(times) == {"a", "b"} and all(t >= 0.0 for t in times.values())
    assert calls["a"] >= 4 and calls["b"] >= 4  # warmed up, sized, then two rounds each
    found = batched.ratios([10], rounds=1)
    assert list(found) == [10] and all(t > 0.0 for t in found[10])
