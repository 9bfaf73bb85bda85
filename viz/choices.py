"""The choices a picture's options take, named once for the pictures and for ``pizarra``'s command line.

The command line offers them in its options (``--rankdir``, a network's ``--fit``) without loading graphviz or
the pictures, so ``pizarra steps`` and ``pizarra --help`` start at once.
"""

from __future__ import annotations

__all__ = ["NETWORK_FITS", "RANKDIRS"]

#: The directions a graph diagram is laid out in (graphviz's ``rankdir``): left to right first.
RANKDIRS = ("LR", "TB", "RL", "BT")

#: The frames a network picture is fitted to (``fit=``), each with its aspect ratio width/height, the slide's first.
NETWORK_FITS = {"16:9": 16 / 9, "4:3": 4 / 3, "2:1": 2.0}
