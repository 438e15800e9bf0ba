"""The rule catalogue: one module per code (`durXXX_name.py`), each defining `RULE`.

`ALL_RULES` are what a check runs; `CATALOGUE` adds the compatibility rules (DUR6xx) that
`durable-lint compat` reports, for explanations and documentation."""

from __future__ import annotations

import importlib
import pkgutil

from durable_lint.rules.base import Rule

ALL_RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            importlib.import_module(f"{__name__}.{module.name}").RULE
            for module in pkgutil.iter_modules(__path__)
            if module.name.startswith("dur")
        ),
        key=lambda rule: rule.code,
    )
)

# Imported after ALL_RULES: the compatibility rules live in a subpackage of this one.
from durable_lint.rules.compat import COMPAT_RULES  # noqa: E402

CATALOGUE: tuple[Rule, ...] = ALL_RULES + COMPAT_RULES


def is_compat(rule: Rule) -> bool:
    """Reported by `durable-lint compat`, comparing two revisions, not by a check of one."""
    return rule in COMPAT_RULES
