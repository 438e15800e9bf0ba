"""DUR404: printing and logging that repeats on every replay."""

from __future__ import annotations

import ast

from durable_lint.rules.base import Rule, call_label
from durable_lint.site import Site
from durable_lint.values import Kind

LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
)
PRINT_CALLS = frozenset(
    {"print", "pprint.pprint", "pprint.pp", "sys.stdout.write", "sys.stderr.write"}
)

RULE = Rule(
    code="DUR404",
    name="print-outside-step",
    summary="`print()` or logging in replayed code, which repeats on every replay.",
    message=(
        "{what} prints or logs in replayed code, so the line repeats on every replay; "
        "use `{ctx}.logger`, which skips output while replaying"
    ),
    why=(
        "Every replay runs the handler from the top, so a print or log line outside a step is "
        "emitted once per replay: a handler with ten steps logs its first line ten times. The "
        "context's logger knows when it is replaying and stays quiet."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    print(f\"processing order {event['order_id']}\")\n"
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    context.logger.info(f\"processing order {event['order_id']}\")\n"
    ),
    fix="Replace the call with `context.logger.<level>(...)` keeping the same text.",
)


@RULE.detects
def detect(call: ast.Call, site: Site) -> str | None:
    qualified = site.qualify(call.func)
    if qualified is not None:
        if qualified in PRINT_CALLS:
            return f"`{call_label(call)}`"
        module, _, name = qualified.rpartition(".")
        if module == "logging" and name in LOG_METHODS:
            return f"`{call_label(call)}`"
    if (
        isinstance(call.func, ast.Attribute)
        and call.func.attr in LOG_METHODS
        and site.value_kind(call.func.value) is Kind.LOGGER
    ):
        return f"`{call_label(call)}`"
    return None
