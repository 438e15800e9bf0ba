"""DUR203: branches made in a loop that read the loop variable when they finally run."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis import sdk
from durable_lint.analysis.model import Scope, callable_targets
from durable_lint.analysis.site import Site
from durable_lint.diagnostics.fix import Applicability, EditKind, Fix, Span
from durable_lint.rules._operations import passed_callables
from durable_lint.rules.base import Report, Rule

LATER = frozenset({"parallel", "map"})

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
        '    branches.append(lambda ctx: ctx.step(lambda _: deploy(region), name="deploy"))\n'
        "context.parallel(branches)\n"
    ),
    good=(
        "branches = []\n"
        "for region in regions:\n"
        "    branches.append(lambda ctx, region=region: "
        'ctx.step(lambda _: deploy(region), name="deploy"))\n'
        "context.parallel(branches)\n"
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR203/bad_replay_region_rollout.py`): every "
        "`parallel` branch deploys to the loop's last region."
    ),
    fix="Safe: bind the loop variable as a default argument: `lambda ctx, region=region: ...`.",
    fix_safety="safe",
)

# For each function node an operation runs: (operation, ids of the loops the call sits in).
_Uses = dict[int, list[tuple[str, frozenset[int]]]]


def _operation_uses(site: Site) -> _Uses:
    return site.model.once(RULE.code, lambda: _find_operation_uses(site))


def _find_operation_uses(site: Site) -> _Uses:
    uses: _Uses = {}
    for operation in site.model.operation_calls:
        inner = site.at(operation.scope)
        op = inner.durable_operation(operation.call)
        if op is None:
            continue
        loops = frozenset(id(loop.node) for loop in site.model.call_loops[id(operation.call)])
        for argument in passed_callables(operation.call, op, inner):
            for target in callable_targets(site.model, argument, operation.scope):
                uses.setdefault(id(target.node), []).append((op, loops))
    return uses


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


def _is_branch_shaped(scope: Scope) -> bool:
    """Its first parameter is used as a DurableContext: a branch or map function."""
    if not scope.positional:
        return False
    first = scope.positional[0]
    node = scope.node
    body = node.body if isinstance(node.body, list) else [node.body]
    return any(
        isinstance(sub, ast.Call)
        and isinstance(sub.func, ast.Attribute)
        and sub.func.attr in sdk.DURABLE_OPS
        and isinstance(sub.func.value, ast.Name)
        and sub.func.value.id == first
        for stmt in body
        for sub in ast.walk(stmt)
    )


def _late_captures(scope: Scope, uses: list[tuple[str, frozenset[int]]]) -> set[str]:
    """Loop variables the function reads that the loop rebinds before it runs; its body is
    walked only when some loop variable could be late."""
    if not uses:
        if not _is_branch_shaped(scope):
            return set()
        late = {name for loop in scope.loops for name in loop.targets}
    else:
        late = set()
        for op, running_in in uses:
            if op in LATER:
                late |= {
                    name
                    for loop in scope.loops
                    if id(loop.node) not in running_in
                    for name in loop.targets
                }
    return late & _free_names(scope) if late else late


@RULE.on(ast.Lambda, ast.FunctionDef)
def check(node: ast.Lambda | ast.FunctionDef, site: Site) -> Iterator[Report]:
    if not site.model.uses_sdk:
        return
    scope = site.model.scope_of(node)
    if scope is None or not scope.loops:
        return
    captured = _late_captures(scope, _operation_uses(site).get(id(node), []))
    if captured:
        yield node, ", ".join(f"`{name}`" for name in sorted(captured))


@RULE.fixes
def plan(node: ast.AST, site: Site, via_helper: bool) -> Fix | None:
    scope = site.model.scope_of(node)
    if scope is None:
        return None
    captured = _late_captures(scope, _operation_uses(site).get(id(node), []))
    return Fix(
        Applicability.SAFE,
        "bind " + ", ".join(f"`{name}={name}`" for name in sorted(captured)),
        EditKind.BIND_DEFAULTS,
        Span.of(node),
        (("names", tuple(sorted(captured))),),
    )
