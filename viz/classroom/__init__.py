"""The classroom: what a course does with the engine beyond pictures.

* :mod:`~viz.classroom.formula`: the formula language of ``pizarra`` (``"0.5*(relu(w*x + b) - y)**2"``),
  read through a whitelist over Python's ``ast``, never ``eval`` (its vocabulary and its error live in
  :mod:`~viz.classroom.formula_vocabulary` and :mod:`~viz.classroom.formula_errors`);
* :mod:`~viz.classroom.answers`: the answer checker's documentation and public names, which live in
  :mod:`~viz.classroom.names`, :mod:`~viz.classroom.solution`, :mod:`~viz.classroom.exercises`,
  :mod:`~viz.classroom.grading`, :mod:`~viz.classroom.answerfile`, :mod:`~viz.classroom.loading`,
  :mod:`~viz.classroom.errors` and :mod:`~viz.classroom.summary`;
* :mod:`~viz.classroom.worksheet`: exercise sheets with their key and answers file, written through
  :mod:`~viz.classroom.documents`; :mod:`~viz.classroom.kinds` lists what a sheet can be;
* :mod:`~viz.classroom.words`: their words in English and Spanish.

This is the only part of the project that needs ``nn`` and ``pyyaml``; ``import viz`` does not load it,
and neither do :mod:`~viz.classroom.formula` and :mod:`~viz.classroom.kinds`, which the ``pizarra``
command needs for every subcommand.
"""

__all__: list[str] = []
