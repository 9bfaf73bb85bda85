"""autograd: a scalar reverse-mode autodiff engine you can read in an afternoon.

    >>> from autograd import Value
    >>> x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(6.88, label="b")
    >>> o = (x * w + b).tanh()
    >>> o.backward()
    >>> round(w.grad, 4)
    1.0019

The pieces, one job per file:

* :mod:`~autograd.ops`: the op table, every forward and derivative (with its formula) written once, what a
  row is (:class:`Op`, :class:`Derivative`, its texts in English and Spanish), and
  :func:`~autograd.ops.relu_op`, the ReLU of each convention at 0;
* :mod:`~autograd.op_text`: how an op's node is written over its parents' names, with the right parentheses;
* :mod:`~autograd.op_math`: the helpers the table is written with (``exp``, ``where``, …), for floats,
  Values and arrays, and :mod:`~autograd.backend`, where an array library registers itself;
* :mod:`~autograd.value`: the ``Value`` node, the operations on it and :func:`apply`;
* :mod:`~autograd.constants`: the plain numbers an op wraps, cached while building, each graph's own once shown;
* :mod:`~autograd.micrograd` and :mod:`~autograd.by_hand`: micrograd's names on a Value (``_prev``, ``_op``,
  ``_backward``) and the nodes made by hand as micrograd's lecture makes them;
* :mod:`~autograd.backprop`: topological order, ``backward`` and ``grad``;
* :mod:`~autograd.bulk`: the data and gradients of many Values read and written at once (optimizers, ``zero_grad``);
* :mod:`~autograd.functional`: ``sum``, ``mean``, ``dot``, ``logsumexp``, ``softmax``, ``log_softmax``;
* :mod:`~autograd.mode`: ``no_grad`` and friends;
* :mod:`~autograd.errors`: the exceptions, and the check of every number a user gives;
* :mod:`~autograd.gradcheck`: analytic vs numeric gradients, as a report;
* :mod:`~autograd.names`: one name per node (``w1·x1``, ``L``, ``u₁``), the same in every view;
* :mod:`~autograd.trace`: every ``+=`` of a backward pass, as a table, each with its caption;
* :mod:`~autograd.text`: :class:`Notation` (language, decimal mark, precision), the engine's words and
  the one table writer;
* :mod:`~autograd.files`: ``write_atomic``;
* :mod:`~autograd.testing`: hypothesis strategies (needs ``hypothesis``, so it is not imported here);
* :mod:`~autograd.batch`: a graph recorded once and run on a whole batch with numpy (not imported here).

Everything that prints takes one keyword, ``notation=``: a :class:`Notation`, or a language code as
shorthand (``notation="es"`` writes Spanish with a decimal comma; ``Notation("es", decimal=".", precision=3)``
sets each part).  The old keywords ``lang=, decimal=, precision=`` still work for one release, with a
``DeprecationWarning``.
"""

#: pizarra's version, written only here: the package's metadata (pyproject.toml) and ``pizarra --version`` read it.
__version__ = "0.2.0"

from . import functional, ops
from .backprop import Contribution, backward, grad, topological_order
from .errors import AutogradError, ConstantError, DomainError, NonFiniteError, PizarraError
from .functional import dot, log_softmax, logsumexp, mean, softmax
from .gradcheck import GradcheckError, GradcheckReport, gradcheck
from .mode import is_grad_enabled, no_grad, set_grad_enabled
from .ops import OPS, Derivative, Op, relu_op
from .text import Notation, format_number, render_table
from .trace import Step, Trace, trace_backward
from .value import Value, apply

__all__ = [
    "OPS", "AutogradError", "ConstantError", "Contribution", "Derivative", "DomainError", "GradcheckError",
    "GradcheckReport", "NonFiniteError", "Notation", "Op", "PizarraError", "Step", "Trace", "Value", "apply",
    "backward", "dot", "format_number", "functional", "grad", "gradcheck", "is_grad_enabled", "log_softmax",
    "logsumexp", "mean", "no_grad", "ops", "relu_op", "render_table", "set_grad_enabled", "softmax",
    "topological_order", "trace_backward",
]
