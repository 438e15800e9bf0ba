"""The callables a durable operation call is given, shared by DUR507 and DUR508."""

from __future__ import annotations

import ast

from durable_lint.analysis import sdk
from durable_lint.analysis.site import Site


def passed_callables(call: ast.Call, op: str, site: Site) -> list[ast.expr]:
    """Expressions the operation will call: the step function, child function, branches..."""
    if op in sdk.CHECKPOINTED_CALLABLE:
        argument = sdk.call_argument(call, *sdk.CHECKPOINTED_CALLABLE[op])
    elif op in sdk.REPLAYED_CALLABLE:
        argument = sdk.call_argument(call, *sdk.REPLAYED_CALLABLE[op])
    elif op == "parallel":
        functions = sdk.call_argument(call, *sdk.PARALLEL_FUNCTIONS)
        return site.model.list_elements(functions, site.scope) if functions is not None else []
    else:
        return []
    return [argument] if argument is not None else []
