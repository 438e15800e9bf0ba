"""Rule metadata is complete, and the README's table is generated from it."""

from __future__ import annotations

import re

import pytest
from fixture_support import ROOT

from durable_lint.docs import generated, stale
from durable_lint.rules import ALL_RULES
from durable_lint.rules import CATALOGUE as CATALOGUE_RULES

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
    for text in (rule.summary, rule.why, rule.bad, rule.good, rule.fix, rule.on_runtime):
        assert text.strip()
    message = rule.format(what="`x()`", ctx="context")  # raises on an unknown placeholder
    assert "\n" not in message and "`x()`" in message
    assert rule.effect is not None or rule.visitors
    proof = rule.on_runtime.split("`")[1]
    assert proof.startswith(f"fixtures/{rule.code}/bad_replay_") and (ROOT / proof).is_file()


def test_readme_table_and_rule_pages_are_up_to_date() -> None:
    expected = generated(ROOT)
    assert len(expected) == len(CATALOGUE_RULES) + 2  # README, the rules index, a page per rule
    assert stale(ROOT, expected) == [], "run: python -m durable_lint.docs"


def test_a_rule_page_says_what_explain_says() -> None:
    page = (ROOT / "docs" / "rules" / "DUR101.md").read_text(encoding="utf-8")
    for heading in ("What it flags", "Why it breaks", "Example", "Fix", "Default"):
        assert f"## {heading}" in page
    assert "datetime.now(timezone.utc)" in page and "Safe automatic fix" in page


def test_stale_pages_are_found(tmp_path) -> None:
    (tmp_path / "README.md").write_text("<!-- rule-table:start -->\n<!-- rule-table:end -->\n")
    pages = tmp_path / "docs" / "rules"
    pages.mkdir(parents=True)
    (pages / "DUR999.md").write_text("# gone\n")
    expected = generated(tmp_path)
    found = stale(tmp_path, expected)
    assert tmp_path / "README.md" in found and pages / "DUR999.md" in found
    assert pages / "DUR101.md" in found  # not written yet
