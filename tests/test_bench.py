"""The benchmark script runs and prints its table (its figures are for reading, not asserting)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench.py"


def test_bench_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("pizarra_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pizarra_bench"] = module
    spec.loader.exec_module(module)
    assert module.main(["--quick", "--sizes", "50,200"]) == 0
    out = capsys.readouterr().out
    for case in ("(a) chain      50 steps", "(a) chain     200 steps", "(b) demo step", "(c) memory per node"):
        assert case in out
    has_micrograd = importlib.util.find_spec("micrograd") is not None
    assert ("×" in out.split("(c) memory per node")[1]) == has_micrograd


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
