"""Groups of codes that several parts of the linter share."""

from __future__ import annotations

PARSE_ERROR = "DUR000"
# Rules that flag values which differ between runs (a step must produce them).
NONDETERMINISTIC_CODES = frozenset({"DUR101", "DUR102", "DUR103", "DUR104"})
# Rules that flag effects which repeat on every replay.
SIDE_EFFECT_CODES = frozenset({"DUR401", "DUR402", "DUR404", "DUR502", "DUR503"})
