"""Which codes are on: `--select`/`--ignore` by code or prefix, the most specific wins."""

from __future__ import annotations

from collections.abc import Iterable

from durable_lint.rules import ALL_RULES
from durable_lint.rules.base import Rule

PARSE_ERROR = "DUR000"


def parse_codes(values: Iterable[str]) -> tuple[str, ...]:
    """Split comma- or space-separated code lists the way flake8 does."""
    codes: list[str] = []
    for value in values:
        codes.extend(part.strip().upper() for part in value.replace(",", " ").split())
    return tuple(code for code in codes if code)


def _longest(code: str, prefixes: Iterable[str]) -> int:
    return max((len(prefix) for prefix in prefixes if code.startswith(prefix)), default=-1)


class Selection:
    """Which codes are on, decided as flake8 decides: the longest matching prefix wins.

    Without `--select`, every rule that is on by default is selected. A rule that is off by
    default (DUR302) is selected only by an explicit `--select`/`--extend-select` that matches
    it (`DUR`, `DUR3` or `DUR302`). Between a select and an ignore that both match, the longer
    one wins and a tie ignores. Parse failures (DUR000) are always selected unless ignored.
    """

    def __init__(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        extend_select: Iterable[str] = (),
    ) -> None:
        self.explicit = parse_codes(select or ()) + parse_codes(extend_select)
        self.implicit = select is None or not parse_codes(select)
        self.ignore = parse_codes(ignore)

    def enabled(self, code: str, default_enabled: bool = True) -> bool:
        chosen = _longest(code, self.explicit)
        if chosen < 0 and (code == PARSE_ERROR or (self.implicit and default_enabled)):
            chosen = 0
        return chosen >= 0 and chosen > _longest(code, self.ignore)

    def rules(self) -> list[Rule]:
        return [rule for rule in ALL_RULES if self.enabled(rule.code, rule.default_enabled)]
