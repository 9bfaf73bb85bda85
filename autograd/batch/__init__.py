"""Record once, run on the whole batch: a graph of Values replayed on many samples at once with numpy.

    >>> import numpy as np
    >>> from autograd import Value
    >>> from autograd.batch import record
    >>> x, y, w, b = Value(0.0, label="x"), Value(0.0, label="y"), Value(2.0, label="w"), Value(0.5, label="b")
    >>> loss = (1 - y * (w * x + b)).relu()                  # placeholders x and y; parameters w and b
    >>> program = record(loss, inputs=[x, y])               # reads the graph once
    >>> program.forward({"x": np.array([1.0, -1.0, 0.1]), "y": np.array([1.0, 1.0, -1.0])})
    array([0. , 2.5, 1.7])
    >>> program.backward(reduce="mean")                     # what backward() on each row would add, averaged
    >>> round(w.grad, 6), round(b.grad, 6)
    (0.366667, 0.0)

The graph is any graph of Values: a network of :mod:`nn`, a loss, plain expressions.  Every op of the
op table runs with the table's own forwards and local derivatives, on arrays (see
:mod:`autograd.op_math`); nodes of one op are computed together, and a layer's ``dot`` nodes become
one matrix product ``Z = X·Wᵀ``.  The gradients are the scalar engine's, accumulated over the rows, to
rounding.

This is the only part of :mod:`autograd` that uses numpy: importing it registers numpy as the op table's
array backend; ``import autograd`` alone stays standard library only.  The pieces:

* :mod:`~autograd.batch.program`: :func:`record` and :class:`Program`;
* :mod:`~autograd.batch.recording`: reading the graph into blocks;
* :mod:`~autograd.batch.blocks`, :mod:`~autograd.batch.gather`: how a block computes, and where its numbers
  come from and go;
* :mod:`~autograd.batch.run`: the forward and the backward over the blocks;
* :mod:`~autograd.batch.fused`: how they run when nothing goes wrong: a layer's product, bias and activation,
  and any chain of blocks each reading the one before, as one step forward and one backward;
* :mod:`~autograd.batch.rows`: the op and the row of an error, in the scalar engine's words;
* :mod:`~autograd.batch.inputs`: reading a batch;
* :mod:`~autograd.batch.numpy_backend`: numpy, registered as the array backend.
"""

from . import numpy_backend as numpy_backend  # registers numpy with the op table's helpers
from .blocks import Block
from .program import Program, record

__all__ = ["Block", "Program", "record"]
