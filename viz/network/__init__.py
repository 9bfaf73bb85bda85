"""``viz.network``: the classic layer picture of an MLP, one file per job.

* :mod:`viz.network.diagram`: :func:`network`, the picture itself (graphviz);
* :mod:`viz.network.data`: what it draws, read from a model and computed for one sample;
* :mod:`viz.network.layout`: where each layer, node and label goes;
* :mod:`viz.network.options`: :class:`NetworkShow` and :class:`NetworkLayout`, the picture's ``show=`` and ``layout=``;
* :mod:`viz.network.docs`: the course's 2-3-1 network, drawn for the README's ``docs/``.

``viz.network`` is the function: ``import viz; viz.network(model)``.
"""

from .diagram import EDGE_LABEL_LIMIT, network
from .options import NetworkLayout, NetworkShow

__all__ = ["EDGE_LABEL_LIMIT", "NetworkLayout", "NetworkShow", "network"]
