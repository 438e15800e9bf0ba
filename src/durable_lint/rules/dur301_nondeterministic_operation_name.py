"""DUR301: operation names computed from values that change on every replay."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis import sdk
from durable_lint.analysis.model import Region
from durable_lint.analysis.site import Site
from durable_lint.rules.base import Report, Rule

RULE = Rule(
    code="DUR301",
    name="nondeterministic-operation-name",
    summary="An operation `name` computed from a clock, random or UUID value in replayed code.",
    message=(
        "operation name built from {what} changes on every replay, so the operation no longer "
        "matches its checkpoint (NonDeterministicExecutionError); build the name from the "
        "event, an index or a step result"
    ),
    why=(
        "On replay each operation is matched to its checkpoint by position and checked by name. "
        "A name made from a new UUID, a timestamp or a random value differs on every replay, so "
        "the SDK raises NonDeterministicExecutionError, or the history becomes unreadable."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    context.step(lambda _: export(event), name=f"export-{uuid.uuid4()}")\n'
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    context.step(lambda _: export(event), name=f\"export-{event['job_id']}\")\n"
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR301/bad_replay_export_batch_name.py`): the "
        "name built from the clock differs when the execution resumes after its wait: "
        "`operation 1 does not match its checkpoint on replay: name 'export-...'` "
        "(`NonDeterministicExecutionError`)."
    ),
    fix="None automatic: derive the name from deterministic inputs.",
)


def operation_name(call: ast.Call, op: str) -> ast.expr | None:
    name = sdk.call_argument(call, sdk.NAME_ARGUMENT[op], "name")
    if isinstance(name, ast.Constant) and name.value is None:
        return None
    return name


@RULE.on(ast.Call, region=Region.REPLAYED, operations=True)
def check(node: ast.Call, site: Site) -> Iterator[Report]:
    if site.region is not Region.REPLAYED:
        return
    op = site.durable_operation(node)
    if op is None:
        return
    name = operation_name(node, op)
    if name is None:
        return
    source = site.nondeterministic(name)
    if source is not None:
        yield name, source
