"""Documentation generated from the rule modules, so it is never written twice.

`python -m durable_lint.docs` rewrites the README's rule table; a test fails when it is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from durable_lint.rules import ALL_RULES

TABLE_START = "<!-- rule-table:start -->"
TABLE_END = "<!-- rule-table:end -->"


def rule_table() -> str:
    lines = ["| code | name | flags | default | fix |", "|---|---|---|---|---|"]
    for rule in ALL_RULES:
        summary = rule.summary.replace("|", "\\|")
        default = "on" if rule.default_enabled else "off"
        fix = rule.fix_safety or "none"
        lines.append(f"| {rule.code} | {rule.name} | {summary} | {default} | {fix} |")
    return "\n".join(lines) + "\n"


def with_table(readme: str) -> str:
    pattern = re.compile(re.escape(TABLE_START) + ".*?" + re.escape(TABLE_END), re.DOTALL)
    return pattern.sub(f"{TABLE_START}\n{rule_table()}{TABLE_END}", readme)


def main() -> None:
    readme = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    readme.write_text(with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
