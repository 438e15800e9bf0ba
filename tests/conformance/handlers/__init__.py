"""Handlers for AWS's conformance requirements, one module per suite.

Each module has `HANDLERS` (requirement id -> handler) and may have `CRASHING` (handlers that
kill their process, run with each invocation in a process of its own) and `TARGETS` (function
name -> handler, for `context.invoke`). Requirements without a handler are reported as skipped.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

HANDLERS: dict[str, Any] = {}
CRASHING: dict[str, Any] = {}  # handlers whose process dies mid-invocation
TARGETS: dict[str, Any] = {}

for _module in pkgutil.iter_modules(__path__):
    _suite = importlib.import_module(f"{__name__}.{_module.name}")
    HANDLERS.update(getattr(_suite, "HANDLERS", {}))
    CRASHING.update(getattr(_suite, "CRASHING", {}))
    TARGETS.update(getattr(_suite, "TARGETS", {}))
