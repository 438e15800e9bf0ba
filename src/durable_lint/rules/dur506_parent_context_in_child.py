"""DUR506: a child function that runs operations on its parent's context."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis.model import Region
from durable_lint.analysis.site import Site
from durable_lint.diagnostics.fix import Applicability, EditKind, Fix, Span
from durable_lint.rules.base import Report, Rule

RULE = Rule(
    code="DUR506",
    name="parent-context-in-child",
    summary=(
        "Inside a child context function, `parallel` branch or `map` function, a durable "
        "operation is called on an enclosing context instead of the function's own."
    ),
    message=(
        "{what} runs on an enclosing context from inside a child context, branch or map "
        "function, so its id depends on how the branches interleave and replay cannot match "
        "it; call it on this function's own context `{ctx}`"
    ),
    why=(
        "Each child context numbers its own operations, which is what makes concurrent "
        "branches replay deterministically. An operation started on the parent from a branch "
        "takes the parent's next id in whatever order the branches happen to run, so the ids "
        "differ between runs and replay fails or returns another branch's result."
    ),
    bad=(
        "def process(child_ctx, item, index, items):\n"
        '    return context.step(lambda _: charge(item), name=f"charge-{index}")\n'
        "\n"
        "\n"
        'context.map(event["items"], process, name="charge-all")\n'
    ),
    good=(
        "def process(child_ctx, item, index, items):\n"
        '    return child_ctx.step(lambda _: charge(item), name=f"charge-{index}")\n'
        "\n"
        "\n"
        'context.map(event["items"], process, name="charge-all")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR506/bad_replay_child_uses_parent.py`): the "
        "operation run on the parent context takes the parent's next position, so replay "
        "fails: `operation 2 does not match its checkpoint on replay` "
        "(`NonDeterministicExecutionError`)."
    ),
    fix="Safe: call the operation on the function's own context parameter.",
    fix_safety="safe",
)


@RULE.on(ast.Call, region=Region.REPLAYED, operations=True)
def check(node: ast.Call, site: Site) -> Iterator[Report]:
    if site.region is not Region.REPLAYED or not site.durable_operation(node):
        return
    assert isinstance(node.func, ast.Attribute)
    owner = site.context_owner(node.func.value)
    own = site.replay_scope()
    if owner is not None and own is not None and owner is not own:
        yield node, f"`{ast.unparse(node.func)}(...)`"


@RULE.fixes
def plan(node: ast.AST, site: Site, via_helper: bool) -> Fix | None:
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    own = site.context_name()
    return Fix(
        Applicability.SAFE,
        f"use this function's context `{own}`",
        EditKind.RENAME,
        Span.of(node.func.value),
        (("name", own),),
    )
