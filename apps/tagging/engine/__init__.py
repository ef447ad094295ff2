"""The tagger itself, free of the database: rules, the learned model, evaluation.

Everything here works on plain data (titles, abstracts, tag slugs), so the
commands, the tasks and the tests share one implementation.
"""
