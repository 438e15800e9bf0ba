"""Fixes: planned on `ast` while rules detect, applied with libcst, written atomically; and
`--add-noqa`. Knows no rule: a rule hands over a planned `Fix`."""
