"""Rule metadata is complete, and the README's table is generated from it."""

from __future__ import annotations

import re

import pytest
from fixture_support import ROOT

from durable_lint.docs import with_table
from durable_lint.rules import ALL_RULES

CATALOGUE = [
    "DUR101",
    "DUR102",
    "DUR103",
    "DUR104",
    "DUR201",
    "DUR202",
    "DUR203",
    "DUR301",
    "DUR302",
    "DUR401",
    "DUR402",
    "DUR404",
    "DUR501",
    "DUR502",
    "DUR503",
    "DUR504",
    "DUR505",
    "DUR506",
    "DUR507",
    "DUR508",
]


def test_every_catalogue_code_has_exactly_one_rule() -> None:
    assert [rule.code for rule in ALL_RULES] == CATALOGUE


def test_only_dur302_is_off_by_default() -> None:
    assert [rule.code for rule in ALL_RULES if not rule.default_enabled] == ["DUR302"]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_documentation_is_complete(rule) -> None:
    assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule.name)
    for text in (rule.summary, rule.why, rule.bad, rule.good, rule.fix):
        assert text.strip()
    message = rule.format(what="`x()`", ctx="context")  # raises on an unknown placeholder
    assert "\n" not in message and "`x()`" in message
    assert rule.effect is not None or rule.visitors


def test_readme_rule_table_is_up_to_date() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_table(readme) == readme, "run: python -m durable_lint.docs"
