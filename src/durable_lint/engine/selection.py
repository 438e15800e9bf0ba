"""Which codes are on: `--select`/`--ignore` by code or prefix, the most specific wins."""

from __future__ import annotations

import dataclasses
import fnmatch
import os
from collections.abc import Callable, Iterable

from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label
from durable_lint.diagnostics.codes import PARSE_ERROR, parse_codes
from durable_lint.rules import ALL_RULES
from durable_lint.rules.base import Rule


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

    @staticmethod
    def ignored_in(
        path: str, per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...], root: str
    ) -> Callable[[str], bool]:
        """Whether a code is ignored in `path` by a per-file pattern. A pattern with a slash
        matches the path relative to `root`, one without matches the file name."""
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(
            os.sep, "/"
        )
        name = os.path.basename(path)
        prefixes = tuple(
            code
            for pattern, codes in per_file_ignores
            if fnmatch.fnmatchcase(relative if "/" in pattern else name, pattern)
            for code in codes
        )
        return lambda code: code.startswith(prefixes) if prefixes else False


def with_extra_calls(rules: list[Rule], extra_calls: tuple[tuple[str, str], ...]) -> list[Rule]:
    """The rules, where configured calls (`mypackage.clock.now` = DUR101) are flagged by the
    rule of their code as well as what it finds itself."""
    names: dict[str, frozenset[str]] = {}
    for name, code in extra_calls:
        names[code] = names.get(code, frozenset()) | {name}
    return [
        _extended(rule, names[rule.code]) if rule.code in names and rule.effect else rule
        for rule in rules
    ]


def _extended(rule: Rule, names: frozenset[str]) -> Rule:
    original = rule.effect
    assert original is not None

    def effect(call, site: Site) -> str | None:  # type: ignore[no-untyped-def]
        found = original(call, site)
        if found is None and site.qualify(call.func) in names:
            return f"`{call_label(call)}`"
        return found

    return dataclasses.replace(rule, effect=effect)
