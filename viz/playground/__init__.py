"""``viz.playground``: TensorFlow Playground's live training, with a sample's backprop step by step.

* :mod:`viz.playground.app`: :class:`Playground`, the state (data, model, training) and its stills;
* :mod:`viz.playground.figure`: the live picture, on a fixed-layout matplotlib canvas;
* :mod:`viz.playground.network`: the network panel, a heat map per neuron and a line per weight;
* :mod:`viz.playground.controls`: the ipywidgets app shown in Jupyter.

The package can be called as the function it is named after: ``viz.playground(data="moons")`` is
:func:`viz.playground.app.playground`, whichever of the two ``viz.playground`` names at the time.
"""

import sys
import types
from typing import Any

from .app import DATASETS, OPTIMIZERS, SETTINGS, STILL_DPI, Playground, TrainSummary, playground

__all__ = ["DATASETS", "OPTIMIZERS", "SETTINGS", "STILL_DPI", "Playground", "TrainSummary", "playground"]


class _CallablePackage(types.ModuleType):
    """This package, callable as :func:`playground`: importing a submodule (``viz.playground.figure``)
    makes ``viz.playground`` the package again, and ``viz.playground(...)`` must still work."""

    def __call__(self, *args: Any, **kwargs: Any) -> Playground:
        return playground(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
