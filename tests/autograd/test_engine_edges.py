"""Edge points where a derivative exists although a formula for it breaks down, checked against PyTorch.

* ``x**0`` at ``x = 0``: the base's derivative ``b·a^(b−1)`` reads ``0·0^(−1)``, yet ``x**0`` is the constant 1
  and its derivative is 0 there (PyTorch: 0).  Polynomials ``Σ wᵢ·x**i`` have a gradient at 0.
* ``(−2)**p``: the base's gradient ``p·a^(p−1) = 12`` exists; the exponent's ``a^p·ln a`` does not.  The base
  gets its 12; the error is raised only when ``p`` asks for its gradient, and names ``p`` and that formula.
"""

from __future__ import annotations

import pytest

from autograd import DomainError, Value


def test_x_to_the_zero_has_derivative_zero_at_zero() -> None:
    x = Value(0.0, label="x")
    (x**0).backward()
    assert x.grad == 0.0


def test_a_polynomial_has_its_gradient_at_zero() -> None:
    x = Value(0.0, label="x")
    ws = [3.0, 2.0, 5.0]
    sum((w * x**i for i, w in enumerate(ws)), Value(0.0, requires_grad=False)).backward()
    assert x.grad == pytest.approx(2.0)  # d/dx (3 + 2x + 5x²) at 0


def test_x_to_the_zero_at_zero_to_second_order() -> None:
    x = Value(0.0, label="x")
    (x**0).backward(create_graph=True)
    assert x.grad == 0.0


def test_a_negative_base_gets_its_gradient_when_the_exponent_needs_none() -> None:
    a, p = Value(-2.0, label="a"), Value(3.0, label="p", requires_grad=False)
    (a**p).backward()
    assert a.grad == pytest.approx(12.0)


def test_an_exponent_that_asks_for_its_undefined_gradient_is_named() -> None:
    a, p = Value(-2.0, label="a"), Value(3.0, label="p")
    with pytest.raises(DomainError) as caught:
        (a**p).backward()
    message = str(caught.value)
    assert "Value 'p'" in message.split("asked for by")[1]
    assert "a^b·ln a" in message
    assert a.grad == pytest.approx(12.0)  # the base's gradient was added before the exponent's failed


@pytest.mark.torch
def test_the_same_gradients_as_pytorch() -> None:
    import torch

    tx = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    (tx**0).backward()
    x = Value(0.0)
    (x**0).backward()
    assert x.grad == float(tx.grad)

    ta = torch.tensor(-2.0, dtype=torch.float64, requires_grad=True)
    tp = torch.tensor(3.0, dtype=torch.float64)
    (ta**tp).backward()
    a = Value(-2.0)
    (a ** Value(3.0, requires_grad=False)).backward()
    assert a.grad == pytest.approx(float(ta.grad))

    tpow = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(-2.0, dtype=torch.float64, requires_grad=True)
    (tb**tpow).backward()
    assert torch.isnan(tpow.grad)  # PyTorch's nan is pizarra's DomainError naming the exponent
    b, q = Value(-2.0), Value(3.0, label="q")
    with pytest.raises(DomainError, match="Value 'q'"):
        (b**q).backward()
    assert b.grad == pytest.approx(float(tb.grad))
