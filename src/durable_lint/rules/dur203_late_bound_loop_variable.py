"""DUR203: branches made in a loop that read the loop variable when they finally run."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint import sdk
from durable_lint.model import Scope, callable_targets
from durable_lint.rules.base import Report, Rule
from durable_lint.site import Site

RULE = Rule(
    code="DUR203",
    name="late-bound-loop-variable",
    summary=(
        "A lambda or def created in a loop or comprehension captures the loop variable and is "
        "run later by `parallel` or `map`."
    ),
    message=(
        "this function captures loop variable {what} by reference, so when `parallel`/`map` "
        "runs it every branch sees the last value; bind it as a default argument "
        "(`lambda ctx, name=name: ...`)"
    ),
    why=(
        "Python closures read a variable when the function runs, not when it is created. "
        "Branches collected in a loop and handed to `parallel` or `map` afterwards all run after "
        "the loop has finished, so they all see its final value and do the same work."
    ),
    bad=(
        "branches = []\n"
        "for region in regions:\n"
        "    branches.append(lambda ctx: ctx.step(lambda _: deploy(region), name='deploy'))\n"
        "context.parallel(branches)\n"
    ),
    good=(
        "branches = []\n"
        "for region in regions:\n"
        "    branches.append(\n"
        "        lambda ctx, region=region: ctx.step(lambda _: deploy(region), name='deploy')\n"
        "    )\n"
        "context.parallel(branches)\n"
    ),
    fix="Bind the loop variable as a default argument: `lambda ctx, region=region: ...`.",
)


def _branches(call: ast.Call, op: str, site: Site) -> list[ast.expr]:
    if op == "parallel":
        functions = sdk.call_argument(call, *sdk.PARALLEL_FUNCTIONS)
        return site.model.list_elements(functions, site.scope) if functions is not None else []
    function = sdk.call_argument(call, *sdk.REPLAYED_CALLABLE["map"])
    return [function] if function is not None else []


def _free_names(scope: Scope) -> set[str]:
    node = scope.node
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
    body = node.body if isinstance(node.body, list) else [node.body]
    loaded = {
        sub.id
        for stmt in body
        for sub in ast.walk(stmt)
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load)
    }
    return loaded - scope.params - scope.bound


@RULE.on(ast.Call)
def check(node: ast.Call, site: Site) -> Iterator[Report]:
    op = site.durable_operation(node)
    if op not in ("parallel", "map"):
        return
    running_in = {id(loop.node) for loop in site.model.call_loops.get(id(node), ())}
    reported: set[int] = set()
    for branch in _branches(node, op, site):
        for target in callable_targets(site.model, branch, site.scope):
            finished = {
                name
                for loop in target.loops
                if id(loop.node) not in running_in
                for name in loop.targets
            }
            captured = sorted(finished & _free_names(target))
            if captured and id(target.node) not in reported:
                reported.add(id(target.node))
                yield target.node, ", ".join(f"`{name}`" for name in captured)
