"""autograd: a scalar reverse-mode autodiff engine you can read in an afternoon.

    >>> from autograd import Value
    >>> x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(6.88, label="b")
    >>> o = (x * w + b).tanh()
    >>> o.backward()
    >>> round(w.grad, 4)
    1.0019

The pieces, one file each: :mod:`~autograd.ops` (the op table: every forward and derivative),
:mod:`~autograd.value` (the ``Value`` node), :mod:`~autograd.backprop` (topological order and
backward), :mod:`~autograd.functional` (sum, mean, dot, softmax, ...), :mod:`~autograd.gradcheck`
(analytic vs numeric gradients), :mod:`~autograd.mode` (``no_grad``), :mod:`~autograd.testing`
(hypothesis strategies; needs ``hypothesis``).
"""

from . import functional, ops
from .backprop import Contribution, backward, grad, topological_order
from .errors import AutogradError, DomainError, NonFiniteError
from .functional import dot, log_softmax, logsumexp, mean, softmax
from .gradcheck import GradcheckReport, gradcheck
from .mode import is_grad_enabled, no_grad, set_grad_enabled
from .ops import OPS, Op
from .trace import Step, Trace, trace_backward
from .value import Value

__all__ = [
    "OPS", "AutogradError", "Contribution", "DomainError", "GradcheckReport", "NonFiniteError", "Op",
    "Value", "backward", "dot", "functional", "grad", "gradcheck", "is_grad_enabled", "log_softmax",
    "logsumexp", "mean", "no_grad", "ops", "set_grad_enabled", "softmax", "topological_order",
    "Step", "Trace", "trace_backward",
]
