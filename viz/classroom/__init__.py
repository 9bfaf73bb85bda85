"""The classroom: the formula language, exercises, grading and worksheets, built on the engine.

* :mod:`~viz.classroom.formula`: the formula language of ``pizarra`` (``"0.5*(relu(w*x + b) - y)**2"``),
  read through a whitelist over Python's ``ast``, never ``eval``;
* :mod:`~viz.classroom.answers`: the answer checker's public names (its manual is ``docs/answers.md``);
* :mod:`~viz.classroom.worksheet`: exercise sheets from a seed, with their key and answers file;
* :mod:`~viz.classroom.export`: any network exercise as the students' answers file, the key and the statement;
* :mod:`~viz.classroom.words`: all their words in English and Spanish, the formula language's too.

``import viz`` does not load the classroom.  The formula language and :mod:`~viz.classroom.kinds`, which
the ``pizarra`` command needs for every subcommand, load neither ``nn``, numpy nor PyYAML; a sheet, its
answers file and its grading need none of them either (the browser page has none).  PyYAML is imported
only to read an answers file, numpy only for an exercise's array views and the key's chain rule.
"""

__all__: list[str] = []
