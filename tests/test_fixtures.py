"""Every fixture produces exactly the findings its `# error:` comments announce."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_support import FIXTURES, expectations, fixture_files, rule_folder

from durable_lint.engine.linter import Linter, Settings
from durable_lint.rules import ALL_RULES

FILES = fixture_files()


def lint(path: Path) -> set[tuple[int, str]]:
    code = rule_folder(path)
    settings = Settings(extend_select=(code,)) if code else Settings()
    return {(f.line, f.code) for f in Linter(settings).lint_path(str(path))}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_findings_match_inline_expectations(path: Path) -> None:
    assert lint(path) == expectations(path)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_every_rule_has_bad_and_good_fixtures(rule) -> None:
    folder = FIXTURES / rule.code
    bad = [p for p in folder.rglob("bad_*.py") if any(c == rule.code for _, c in expectations(p))]
    good = list(folder.rglob("good_*.py"))
    assert bad, f"{rule.code} has no bad fixture expecting it"
    assert good, f"{rule.code} has no good fixture"
    assert all(not expectations(p) for p in good), "good fixtures must expect no finding"
