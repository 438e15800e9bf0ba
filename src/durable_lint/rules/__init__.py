"""The rule catalogue: one module per code (`durXXX_name.py`), each defining `RULE`."""

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
