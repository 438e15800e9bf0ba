"""DUR302: operation names that are not fixed strings (off by default)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis.site import Site
from durable_lint.rules.base import Report, Rule
from durable_lint.rules.dur301_nondeterministic_operation_name import operation_name

RULE = Rule(
    code="DUR302",
    name="dynamic-operation-name",
    summary="An operation `name` that is not a string literal or a module constant.",
    message=(
        "operation name {what} is computed at run time; if it can differ between runs, replay "
        "fails with NonDeterministicExecutionError; use a string literal or a module constant"
    ),
    why=(
        "Names identify operations in the execution history. A computed name is deterministic "
        "only as long as everything it is built from is, which the linter cannot always prove. "
        "Teams that want names they can grep for turn this rule on. It is off by default "
        "because names built from the event or a loop index are common and correct."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    context.step(lambda _: ship(event), name=event["step_name"])\n'
    ),
    good=(
        'SHIP = "ship-order"\n'
        "\n"
        "\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    context.step(lambda _: ship(event), name=SHIP)\n"
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR302/bad_replay_warm_container_counter.py`): a "
        "name built from a counter kept in the warm container changes on the next invocation: "
        "`name 'render-1' -> 'render-2'` (`NonDeterministicExecutionError`)."
    ),
    fix="None automatic: use a string literal or a module-level constant.",
    default_enabled=False,
)


def _is_fixed(name: ast.expr, site: Site) -> bool:
    if isinstance(name, ast.Constant):
        return True
    if isinstance(name, ast.JoinedStr):
        return all(isinstance(part, ast.Constant) for part in name.values)
    if isinstance(name, ast.Name):
        found = site.model.lookup_assigned(name.id, site.scope)
        if found is not None:
            scope, values = found
            return scope is site.model.module_scope and all(
                isinstance(value, ast.Constant) and isinstance(value.value, str) for value in values
            )
        return name.id in site.model.imports.names and name.id.isupper()
    if isinstance(name, ast.Attribute):
        return name.attr.isupper()
    return False


@RULE.on(ast.Call, operations=True)
def check(node: ast.Call, site: Site) -> Iterator[Report]:
    op = site.durable_operation(node)
    if op is None:
        return
    name = operation_name(node, op)
    if name is not None and not _is_fixed(name, site):
        yield name, f"`{ast.unparse(name)}`"
