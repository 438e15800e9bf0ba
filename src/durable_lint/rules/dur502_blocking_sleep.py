"""DUR502: sleeping in replayed code instead of a durable wait."""

from __future__ import annotations

import ast

from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label
from durable_lint.diagnostics.fix import Applicability, EditKind, Fix, Span
from durable_lint.fixes.planning import durable_imports, unique_step_name
from durable_lint.rules.base import Rule

SLEEP_CALLS = frozenset({"time.sleep", "asyncio.sleep"})

RULE = Rule(
    code="DUR502",
    name="blocking-sleep",
    summary="`time.sleep` or `asyncio.sleep` in replayed code.",
    message=(
        "{what} blocks in replayed code: the function pays for idle time, sleeps again on every "
        "replay and may hit its timeout; use `{ctx}.wait(Duration.from_seconds(n))`, which "
        "suspends without compute"
    ),
    why=(
        "A durable wait suspends the execution and resumes it later at no cost; a sleep keeps "
        "the invocation running, is repeated on every replay, and counts against the Lambda "
        "timeout."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    context.step(lambda _: start_export(event), name="start")\n'
        "    time.sleep(30)\n"
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    context.step(lambda _: start_export(event), name="start")\n'
        '    context.wait(Duration.from_seconds(30), name="let-export-run")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR502/bad_replay_sleep_before_retry.py`): the "
        "handler sleeps again on every replay, once per replay."
    ),
    fix=(
        "Unsafe: replace `time.sleep(n)` with `context.wait(Duration.from_seconds(n), name=...)`, "
        "adding the `Duration` import; waits are whole seconds, at least one."
    ),
    fix_safety="unsafe",
)


@RULE.detects
def detect(call: ast.Call, site: Site) -> str | None:
    if site.qualify(call.func) in SLEEP_CALLS:
        return f"`{call_label(call)}`"
    return None


@RULE.fixes
def plan(node: ast.AST, site: Site, via_helper: bool) -> Fix | None:
    assert isinstance(node, ast.Call)
    statement = site.model.statements.get(id(node))
    if (
        via_helper
        or site.qualify(node.func) != "time.sleep"
        or not isinstance(statement, ast.Expr)
        or statement.value is not node
        or len(node.args) != 1
        or node.keywords
        or site.context_in_scope() is None
    ):
        return None
    ctx = site.context_name()
    duration, imports = durable_imports(site, "Duration")
    return Fix(
        Applicability.UNSAFE,
        f"suspend with `{ctx}.wait(...)` (whole seconds, at least 1)",
        EditKind.SLEEP_TO_WAIT,
        Span.of(node),
        (("ctx", ctx), ("name", unique_step_name(site, "sleep")), ("duration", duration)),
        imports,
    )
