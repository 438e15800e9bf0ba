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
    """Default: every rule that is on by default. A selector names a code or a prefix.

    A rule that is off by default is switched on only by a selector as specific as its own
    code (`--select DUR302` or `--extend-select DUR302`), so `--select DUR` never turns it on.
    Between a select and an ignore that both match, the longer one wins; a tie ignores.
    """

    def __init__(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        extend_select: Iterable[str] = (),
    ) -> None:
        explicit = None if select is None else parse_codes(select)
        self.select = ("DUR",) if not explicit else explicit
        self.select = self.select + parse_codes(extend_select)
        self.ignore = parse_codes(ignore)

    def enabled(self, code: str, default_enabled: bool = True) -> bool:
        chosen = _longest(code, self.select)
        if chosen < 0 or (not default_enabled and chosen < len(code)):
            return code == PARSE_ERROR and _longest(code, self.ignore) < len(code)
        return chosen > _longest(code, self.ignore)

    def rules(self) -> list[Rule]:
        return [rule for rule in ALL_RULES if self.enabled(rule.code, rule.default_enabled)]
