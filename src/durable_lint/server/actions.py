"""What the editor offers on a finding: its fix, every safe fix of the file, a `# noqa`
comment, and the rule's explanation. Each returns new text (None: nothing to do)."""

from __future__ import annotations

import ast

from durable_lint.diagnostics.finding import Finding
from durable_lint.diagnostics.fix import Applicability
from durable_lint.engine.linter import Linter
from durable_lint.explain import UnknownRuleCode, find_rule, rule_page


def with_fix(text: str, finding: Finding) -> str | None:
    """The text with this finding's fix applied, if it has one that yields valid code."""
    if finding.fix is None:
        return None
    import libcst

    from durable_lint.fixes.apply import Unfixable, apply_fixes

    try:
        fixed = apply_fixes(text, [finding.fix])
        ast.parse(fixed)
    except (Unfixable, libcst.ParserSyntaxError, SyntaxError, ValueError, RecursionError):
        return None  # as `--fix` does: a fix that cannot be made or would break the code
    return fixed if fixed != text else None


def with_all_fixes(linter: Linter, text: str, path: str) -> str | None:
    """The text with every safe fix applied, as `durable-lint --fix` would leave it."""
    from durable_lint.fixes.apply import fix_source

    outcome = fix_source(
        text, lambda new: linter.lint_text(new, path), frozenset({Applicability.SAFE})
    )
    return outcome.text if outcome.error is None and outcome.text != text else None


def with_noqa(text: str, finding: Finding) -> str | None:
    from durable_lint.fixes.add_noqa import add_noqa

    changed, lines = add_noqa(text, [finding])
    return changed if lines else None


def explanation(code: str) -> str | None:
    """The rule's page, as Markdown, for a hover."""
    try:
        return rule_page(find_rule(code))
    except UnknownRuleCode:
        return None
