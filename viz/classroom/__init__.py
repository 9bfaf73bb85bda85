"""The classroom: what a course does with the engine beyond pictures.

* :mod:`~viz.classroom.formula`: the formula language of ``pizarra`` (``"0.5*(relu(w*x + b) - y)**2"``),
  read through a whitelist over Python's ``ast``, never ``eval`` (its names in
  :mod:`~viz.classroom.formula_statements`, its tree walks in :mod:`~viz.classroom.formula_tree`, its
  vocabulary in :mod:`~viz.classroom.formula_vocabulary`, its error in :mod:`~viz.classroom.formula_errors`
  and the Spanish of the error's fields in :mod:`~viz.classroom.formula_words`);
* :mod:`~viz.classroom.answers`: the answer checker's documentation and public names, which live in
  :mod:`~viz.classroom.names`, :mod:`~viz.classroom.solution`, :mod:`~viz.classroom.exercises`
  (with :mod:`~viz.classroom.loss_names`), :mod:`~viz.classroom.grading`, :mod:`~viz.classroom.slips` (with
  :mod:`~viz.classroom.changed_graphs`), :mod:`~viz.classroom.answerfile`, :mod:`~viz.classroom.loading`,
  :mod:`~viz.classroom.errors` and :mod:`~viz.classroom.summary`; :mod:`~viz.classroom.sheet_answers` grades a
  sheet's answers given as a mapping (the browser page);
* :mod:`~viz.classroom.worksheet`: exercise sheets with their key and answers file, written through
  :mod:`~viz.classroom.documents`, the statement from :mod:`~viz.classroom.statement`, the key's chain
  rule from :mod:`~viz.classroom.key_chain`; :mod:`~viz.classroom.kinds` lists what a sheet can be;
* :mod:`~viz.classroom.export`: any network exercise (the playground's weights on one sample) as the
  students' answers file, the teacher's key and the statement;
* :mod:`~viz.classroom.words`: all their words in English and Spanish, the formula language's too.

This is the only part of the project that needs ``nn`` and ``pyyaml``; ``import viz`` does not load it,
and neither do :mod:`~viz.classroom.formula` and :mod:`~viz.classroom.kinds`, which the ``pizarra``
command needs for every subcommand.  PyYAML is imported only to read an answers file
(:func:`~viz.classroom.loading.load_answers`), numpy only to write the key's chain rule
(:mod:`~viz.classroom.key_chain`) and for the numpy views of an exercise's numbers: a sheet, its statement,
its answers file and its grading need neither (the browser page has neither).
"""

__all__: list[str] = []
