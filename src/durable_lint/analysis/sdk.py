"""Names of the durable SDKs: modules, decorators and context operations."""

from __future__ import annotations

import ast

DEFAULT_SDK_MODULES: tuple[str, ...] = ("aws_durable_execution_sdk_python", "durable_runtime")

# Decorators, by their last dotted component.
HANDLER_DECORATOR = "durable_execution"
STEP_DECORATOR = "durable_step"
CHILD_DECORATOR = "durable_with_child_context"
BRANCH_DECORATOR = "durable_parallel_branch"
SUBMITTER_DECORATOR = "durable_wait_for_callback"
DURABLE_DECORATORS = frozenset(
    {HANDLER_DECORATOR, STEP_DECORATOR, CHILD_DECORATOR, BRANCH_DECORATOR, SUBMITTER_DECORATOR}
)
CONTEXT_TYPE = "DurableContext"

# Methods of DurableContext that create an operation with a positional id.
DURABLE_OPS = frozenset(
    {
        "step",
        "wait",
        "create_callback",
        "wait_for_callback",
        "wait_for_condition",
        "parallel",
        "map",
        "run_in_child_context",
        "invoke",
    }
)

# Where each operation takes its `name`: (positional index, keyword).
NAME_ARGUMENT: dict[str, int] = {
    "step": 1,
    "wait": 1,
    "create_callback": 0,
    "wait_for_callback": 1,
    "wait_for_condition": 2,
    "parallel": 1,
    "map": 2,
    "run_in_child_context": 1,
    "invoke": 2,
}

# Where callback operations take their config.
CONFIG_ARGUMENT: dict[str, int] = {"create_callback": 1, "wait_for_callback": 2}

# Operations whose callable runs once and is checkpointed: (positional index, keyword).
CHECKPOINTED_CALLABLE: dict[str, tuple[int, str]] = {
    "step": (0, "func"),
    "wait_for_callback": (0, "submitter"),
    "wait_for_condition": (0, "check"),
}

# Operations whose callable receives a child DurableContext as its first parameter and replays.
REPLAYED_CALLABLE: dict[str, tuple[int, str]] = {
    "run_in_child_context": (0, "func"),
    "map": (1, "func"),
}
PARALLEL_FUNCTIONS = (0, "functions")


def call_argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    """The argument bound to a parameter, given positionally or by keyword, or None."""
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    positional = call.args
    if position < len(positional) and not any(
        isinstance(arg, ast.Starred) for arg in positional[: position + 1]
    ):
        return positional[position]
    return None


def sdk_module_of(qualified: str, modules: tuple[str, ...]) -> str | None:
    """The SDK module (of `modules`) that a qualified name is in, if any."""
    for module in modules:
        if qualified == module or qualified.startswith(module + "."):
            return module
    return None
