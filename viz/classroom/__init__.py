"""The classroom: what a course does with the engine beyond pictures.

* :mod:`~viz.classroom.formula`: the formula language of ``pizarra`` (``"0.5*(relu(w*x + b) - y)**2"``),
  read through a whitelist over Python's ``ast``, never ``eval``;
* :mod:`~viz.classroom.answers`: exercises, their solutions read from the engine, and grading a
  student's answers file;
* :mod:`~viz.classroom.worksheet`: exercise sheets with their key and answers file.

This is the only part of the project that needs ``nn`` and ``pyyaml``; ``import viz`` does not load it.
"""

__all__: list[str] = []
