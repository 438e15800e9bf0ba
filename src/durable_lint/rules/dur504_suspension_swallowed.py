"""DUR504: catching BaseException around durable operations."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import walk_body
from durable_lint.diagnostics.fix import Applicability, EditKind, Fix, Span
from durable_lint.rules.base import Report, Rule

RULE = Rule(
    code="DUR504",
    name="suspension-swallowed",
    summary=(
        "A bare `except:` or `except BaseException` without a re-raise, around code that runs "
        "a durable operation."
    ),
    message=(
        "{what} also catches the SDK's suspension signal (a BaseException) raised by the durable "
        "operation in its `try`, so the execution cannot suspend; catch `Exception` instead, or "
        "re-raise"
    ),
    why=(
        "To wait, the SDK stops the handler by raising a BaseException subclass from the "
        "operation. A handler that catches BaseException keeps running past the wait, returns "
        "early or records a failure, and the execution never resumes where it should."
    ),
    bad=(
        "try:\n"
        "    approval = callback.result()\n"
        '    context.step(lambda _: apply(approval), name="apply")\n'
        "except:\n"
        '    return {"status": "failed"}\n'
    ),
    good=(
        "try:\n"
        '    context.step(lambda _: apply(approval), name="apply")\n'
        "except Exception:\n"
        '    return {"status": "failed"}\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR504/bad_replay_bare_except_cooling_off.py`): "
        "the bare `except` swallows the suspension, so the execution is reported SUCCEEDED "
        "while its `cooling-off` wait is still open."
    ),
    fix="Safe: replace `except:`/`except BaseException` with `except Exception`.",
    fix_safety="safe",
)


def _catches_base_exception(handler: ast.ExceptHandler, site: Site) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(site.qualify(kind) == "BaseException" for kind in types)


def _reraises(handler: ast.ExceptHandler) -> bool:
    for node in walk_body(handler.body):
        if isinstance(node, ast.Raise) and (
            node.exc is None
            or (isinstance(node.exc, ast.Name) and handler.name and node.exc.id == handler.name)
        ):
            return True
    return False


def _is_callback_result(call: ast.Call, site: Site) -> bool:
    """`callback.result()` on a callback this scope created: it suspends until the answer."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "result"):
        return False
    if not isinstance(func.value, ast.Name):
        return False
    found = site.model.lookup_assigned(func.value.id, site.scope)
    return found is not None and any(
        site.durable_operation(value) == "create_callback" for value in found[1]
    )


def _runs_durable_code(body: list[ast.stmt], site: Site) -> bool:
    for node in walk_body(body):
        if isinstance(node, ast.Call) and (
            site.durable_operation(node)
            or any(site.is_context(argument) for argument in node.args)
            or _is_callback_result(node, site)
        ):
            return True
    return False


TRY_NODES = (ast.Try, ast.TryStar) if hasattr(ast, "TryStar") else (ast.Try,)


@RULE.on(*TRY_NODES)
def check(node: ast.Try, site: Site) -> Iterator[Report]:
    risky = [h for h in node.handlers if _catches_base_exception(h, site) and not _reraises(h)]
    if risky and _runs_durable_code(node.body, site):
        for handler in risky:
            label = "bare `except:`" if handler.type is None else "`except BaseException`"
            yield handler, label


@RULE.fixes
def plan(node: ast.AST, site: Site, via_helper: bool) -> Fix | None:
    return Fix(
        Applicability.SAFE,
        "catch `Exception`",
        EditKind.CATCH_EXCEPTION,
        Span.of(node),
    )
