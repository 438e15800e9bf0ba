"""DUR507: durable_step-style functions passed uncalled, or called without an operation."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis import sdk
from durable_lint.analysis.model import Scope
from durable_lint.analysis.site import Site
from durable_lint.diagnostics.fix import Applicability, EditKind, Fix, Span
from durable_lint.rules._operations import passed_callables
from durable_lint.rules.base import Report, Rule

# Decorators whose functions return the callable an operation runs.
FACTORY_DECORATORS = frozenset(
    {sdk.STEP_DECORATOR, sdk.CHILD_DECORATOR, sdk.SUBMITTER_DECORATOR, sdk.BRANCH_DECORATOR}
)
OPERATIONS_TAKING_FACTORIES = frozenset(
    {"step", "run_in_child_context", "wait_for_callback", "parallel"}
)

RULE = Rule(
    code="DUR507",
    name="durable-step-call-shape",
    summary=(
        "A `durable_step` (or `durable_with_child_context`, `durable_wait_for_callback`) "
        "function passed to an operation without calling it, or called without an operation."
    ),
    message=(
        "{what}; these decorated functions return the callable the operation runs, so pass "
        "the call to the operation: `{ctx}.step(fn(args))`"
    ),
    why=(
        "`@durable_step` turns `fn(step_context, *args)` into a factory: `fn(*args)` returns the "
        "function the step will run. Passing `fn` itself makes the SDK call the factory with a "
        "step context as its first argument, which fails or runs nothing; calling `fn(...)` on "
        "its own only builds the step and throws it away."
    ),
    bad=(
        "@durable_step\n"
        "def load_profile(step_context):\n"
        "    return profiles.get(step_context)\n"
        "\n"
        "\n"
        "context.step(load_profile)\n"
    ),
    good="context.step(load_profile())\n",
    on_runtime=(
        "On the reference runtime (`fixtures/DUR507/bad_replay_step_passed_uncalled.py`): the "
        "step function passed without calling it returns a function, which cannot be "
        "checkpointed: the execution fails with `SerDesError`."
    ),
    fix=(
        "Safe: add the call `()` when the function takes no arguments besides the ones the SDK "
        "passes; a discarded call is left to the author."
    ),
    fix_safety="safe",
)


def _factory(node: ast.expr, site: Site) -> Scope | None:
    found = site.project.reference(site, node)
    if found is None:
        return None
    scope = found[1]
    return scope if scope.decorators & FACTORY_DECORATORS else None


@RULE.on(ast.Call, operations=True)
def check_operation(node: ast.Call, site: Site) -> Iterator[Report]:
    op = site.durable_operation(node)
    if op not in OPERATIONS_TAKING_FACTORIES:
        return
    for argument in passed_callables(node, op, site):
        if isinstance(argument, (ast.Name, ast.Attribute)) and _factory(argument, site):
            name = ast.unparse(argument)
            yield argument, f"`{name}` is passed without calling it"


@RULE.on(ast.Expr)
def check_discarded(node: ast.Expr, site: Site) -> Iterator[Report]:
    call = node.value
    if isinstance(call, ast.Call) and _factory(call.func, site):
        yield call, f"`{ast.unparse(call)}` only builds the operation's function and nothing runs"


# How many leading parameters the SDK fills in, by decorator.
SDK_PARAMETERS = {sdk.SUBMITTER_DECORATOR: 2}


@RULE.fixes
def plan(node: ast.AST, site: Site, via_helper: bool) -> Fix | None:
    if isinstance(node, ast.Call):
        return None  # a discarded call: which operation it was meant for is the author's call
    factory = _factory(node, site)
    if factory is None or _takes_arguments(factory):
        return None
    return Fix(Applicability.SAFE, "add `()`", EditKind.ADD_CALL, Span.of(node))


def _takes_arguments(factory: Scope) -> bool:
    node = factory.node
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    skipped = min(SDK_PARAMETERS.get(d, 1) for d in factory.decorators & FACTORY_DECORATORS)
    required = len(factory.positional) - len(node.args.defaults)
    keyword_only = any(default is None for default in node.args.kw_defaults)
    return required > skipped or keyword_only
