"""Handlers for AWS's conformance requirements, one module per suite.

Each module has `HANDLERS` (requirement id -> handler) and may have `TARGETS` (function name
-> handler, for `context.invoke`). Requirements without a handler are reported as skipped.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

HANDLERS: dict[str, Any] = {}
TARGETS: dict[str, Any] = {}

for _module in pkgutil.iter_modules(__path__):
    _suite = importlib.import_module(f"{__name__}.{_module.name}")
    HANDLERS.update(getattr(_suite, "HANDLERS", {}))
    TARGETS.update(getattr(_suite, "TARGETS", {}))
