"""Groups of codes that several parts of the linter share."""

from __future__ import annotations

from collections.abc import Iterable

PARSE_ERROR = "DUR000"
# Rules that flag values which differ between runs (a step must produce them).
NONDETERMINISTIC_CODES = frozenset({"DUR101", "DUR102", "DUR103", "DUR104"})
# Rules that flag effects which repeat on every replay.
SIDE_EFFECT_CODES = frozenset({"DUR401", "DUR402", "DUR404", "DUR502", "DUR503"})


def parse_codes(values: Iterable[str]) -> tuple[str, ...]:
    """Split comma- or space-separated code lists the way flake8 does."""
    codes: list[str] = []
    for value in values:
        codes.extend(part.strip().upper() for part in value.replace(",", " ").split())
    return tuple(code for code in codes if code)
