"""DUR404: printing and logging that repeats on every replay."""

from __future__ import annotations

import ast

from durable_lint.analysis.library import Kind
from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label
from durable_lint.analysis.values import value_kind
from durable_lint.diagnostics.fix import Applicability, EditKind, Fix, Span
from durable_lint.fixes.planning import step_statement
from durable_lint.rules.base import Rule

LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
)
PRINT_CALLS = frozenset(
    {"print", "pprint.pprint", "pprint.pp", "sys.stdout.write", "sys.stderr.write"}
)
# Powertools metrics are published by printing them (CloudWatch EMF): a metric added or flushed
# in replayed code is counted once per replay. Tracer calls are left alone: each invocation
# records its own trace, so a replay adds no duplicate to the first one's.
METRIC_METHODS = frozenset({"add_metric", "flush_metrics"})
METRIC_CONTEXTS = frozenset(
    {"aws_lambda_powertools.metrics.single_metric", "aws_lambda_powertools.single_metric"}
)

RULE = Rule(
    code="DUR404",
    name="print-outside-step",
    summary=(
        "`print()`, logging or Powertools metrics in replayed code, which repeat on every replay."
    ),
    message=(
        "{what} prints or logs in replayed code, so the line repeats on every replay; "
        "use `{ctx}.logger`, which skips output while replaying"
    ),
    why=(
        "Every replay runs the handler from the top, so a print or log line outside a step is "
        "emitted once per replay: a handler with ten steps logs its first line ten times. The "
        "context's logger knows when it is replaying and stays quiet. Powertools metrics are "
        "printed too (CloudWatch EMF), so a metric added in replayed code is counted once per "
        "replay."
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
    on_runtime=(
        "On the reference runtime (`fixtures/DUR404/bad_replay_print_and_log_progress.py`): "
        "the `print` and the log record repeat on every replay."
    ),
    fix=(
        "Safe: replace the call with `context.logger.<level>(...)` with the same text. Output "
        "the logger cannot carry (`print(file=...)`, helpers that print, metrics) becomes a "
        "step: unsafe."
    ),
    fix_safety="safe",
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
    if qualified in METRIC_CONTEXTS:
        return f"`{call_label(call)}` (a metric, printed as an EMF log line when it closes)"
    if not isinstance(call.func, ast.Attribute):
        return None
    method = call.func.attr
    if method in LOG_METHODS and value_kind(call.func.value, site) is Kind.LOGGER:
        return f"`{call_label(call)}`"
    if method in METRIC_METHODS and value_kind(call.func.value, site) is Kind.METRICS:
        return f"`{call_label(call)}` (metrics are printed as EMF log lines)"
    return None


# AWS's context logger has no `critical`: the nearest level keeps the line visible.
LOGGER_LEVELS = {"warn": "warning", "fatal": "error", "critical": "error"}


@RULE.fixes
def plan(node: ast.AST, site: Site, via_helper: bool) -> Fix | None:
    assert isinstance(node, ast.Call)
    if via_helper or not _is_print_or_log(node, site):
        return step_statement(node, site)
    options = _logger_options(node, site)
    if options is None:  # output that context.logger cannot carry: run it once instead
        return step_statement(node, site)
    ctx = site.context_in_scope()
    if ctx is None:
        return None
    return Fix(
        Applicability.SAFE,
        f"log with `{ctx}.logger`",
        EditKind.CALL_TO_LOGGER,
        Span.of(node),
        (("ctx", ctx), *options),
    )


def _is_print_or_log(call: ast.Call, site: Site) -> bool:
    qualified = site.qualify(call.func)
    if qualified is not None:
        return qualified in PRINT_CALLS or qualified.rpartition(".")[2] in LOG_METHODS
    return isinstance(call.func, ast.Attribute) and call.func.attr in LOG_METHODS


def _logger_options(call: ast.Call, site: Site) -> tuple[tuple[str, object], ...] | None:
    qualified = site.qualify(call.func)
    if qualified == "print":
        keywords = {keyword.arg: keyword.value for keyword in call.keywords}
        if (
            "file" in keywords
            or None in keywords
            or any(isinstance(argument, ast.Starred) for argument in call.args)
        ):
            return None
        separator = keywords.get("sep")
        if separator is not None and not (
            isinstance(separator, ast.Constant) and isinstance(separator.value, str)
        ):
            return None
        sep = " " if separator is None else separator.value
        return (("level", "info"), ("print", True), ("sep", sep))
    method = (qualified or "").rpartition(".")[2] or getattr(call.func, "attr", "")
    if method == "log" or any(keyword.arg not in ("extra",) for keyword in call.keywords):
        return None  # exc_info=, stack_info=... are not in the context logger's signature
    return (("level", LOGGER_LEVELS.get(method, method)), ("print", False))
