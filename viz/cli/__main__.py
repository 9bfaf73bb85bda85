"""``python -m viz.cli``: the ``pizarra`` command."""

import sys

from .commands import main

sys.exit(main())
