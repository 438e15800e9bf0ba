"""DUR508: coroutines where the synchronous durable SDK expects plain functions."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis import sdk
from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label
from durable_lint.rules._operations import passed_callables
from durable_lint.rules.base import Report, Rule

RULE = Rule(
    code="DUR508",
    name="async-durable-code",
    summary=(
        "An `async def` used as a handler, step, child context, branch or submitter, or "
        "`await` on a durable operation."
    ),
    message=(
        "{what}, but the durable SDK is synchronous: it calls the function without awaiting "
        "it and tries to checkpoint the coroutine; use a plain `def` and call async code with "
        "`asyncio.run` inside a step"
    ),
    why=(
        "The Python SDK calls handlers, steps and branches synchronously. An `async def` returns "
        "a coroutine that is never awaited, its result cannot be serialised, and the work it "
        "should have done never happens. Durable operations return values, not awaitables."
    ),
    bad=(
        "@durable_step\n"
        "async def fetch_rates(step_context):\n"
        "    async with httpx.AsyncClient() as client:\n"
        "        return (await client.get(RATES_URL)).json()\n"
    ),
    good=(
        "@durable_step\ndef fetch_rates(step_context):\n    return httpx.get(RATES_URL).json()\n"
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR508/bad_replay_async_step.py`): the `async "
        "def` step returns a coroutine, which cannot be checkpointed: the execution fails "
        "with `SerDesError`."
    ),
    fix="None automatic: make the function synchronous.",
)


@RULE.on(ast.AsyncFunctionDef)
def check_decorated(node: ast.AsyncFunctionDef, site: Site) -> Iterator[Report]:
    scope = site.model.scope_of(node)
    if scope is not None and scope.decorators & sdk.DURABLE_DECORATORS:
        decorator = sorted(scope.decorators & sdk.DURABLE_DECORATORS)[0]
        yield node, f"`async def {node.name}` is decorated with `@{decorator}`"


@RULE.on(ast.Call, operations=True)
def check_passed(node: ast.Call, site: Site) -> Iterator[Report]:
    op = site.durable_operation(node)
    if op is None:
        return
    for argument in passed_callables(node, op, site):
        if not isinstance(argument, (ast.Name, ast.Attribute)):
            continue
        found = site.project.reference(site, argument)
        if found is not None and found[1].is_async and not found[1].decorators:
            yield argument, f"`{ast.unparse(argument)}` is an `async def` passed to `{op}`"


@RULE.on(ast.Await)
def check_await(node: ast.Await, site: Site) -> Iterator[Report]:
    if isinstance(node.value, ast.Call) and site.durable_operation(node.value):
        yield node, f"`await {call_label(node.value)}` awaits a durable operation"
