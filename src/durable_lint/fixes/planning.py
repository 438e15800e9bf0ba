"""Choosing the edit that clears a finding, from what the detector already knows.

Planning happens during detection, on `ast`, so a run without `--fix` pays nothing for libcst;
`fixes.apply` later applies the planned edits with libcst to the files that have any.
"""

from __future__ import annotations

import ast
import re

from durable_lint.analysis import sdk
from durable_lint.analysis.library import BOTO3_FACTORIES, DATABASE_CONNECT, REMOTE_FACTORIES
from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import dotted, walk_body
from durable_lint.diagnostics.codes import SIDE_EFFECT_CODES
from durable_lint.diagnostics.fix import Applicability, EditKind, Fix, Span

# Calls whose results a checkpoint cannot hold (generators, connections, struct_time): a step
# returning one would fail to serialise, or come back as something else on replay.
NOT_CHECKPOINTABLE = (
    frozenset(
        {
            "time.localtime",
            "time.gmtime",
            "random.Random",
            "random.SystemRandom",
            "numpy.random.default_rng",
            "numpy.random.RandomState",
            "numpy.random.Generator",
        }
    )
    | DATABASE_CONNECT
    | REMOTE_FACTORIES
    | BOTO3_FACTORIES
)
_UNMOVABLE = (ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr)
_LEAVES_FUNCTION = (ast.Return, ast.Break, ast.Continue, ast.Yield, ast.YieldFrom, ast.Await)


def slug(text: str) -> str:
    """`received_at` -> `received-at`, `table.put_item` -> `table-put-item`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "step"


def unique_step_name(site: Site, base: str) -> str:
    """A name no operation in the module uses yet; readable, and stable for the same source."""
    taken: set[str] = site.model.once("step-names", lambda: _literal_names(site))
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    taken.add(name)
    return name


def _literal_names(site: Site) -> set[str]:
    names = set()
    for operation in site.model.operation_calls:
        op = operation.call.func.attr  # type: ignore[attr-defined]
        name = sdk.call_argument(operation.call, sdk.NAME_ARGUMENT[op], "name")
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            names.add(name.value)
    return names


def _call_name(call: ast.Call) -> str:
    """`table.put_item(...)` -> `table-put-item`; `(base / "x").write_text()` -> `write-text`."""
    label = dotted(call.func) or getattr(call.func, "attr", None) or "step"
    return slug(label)


def _target_name(statement: ast.stmt | None) -> str | None:
    target = None
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
        target = statement.target
    if isinstance(target, ast.Name):
        return slug(target.id)
    if isinstance(target, ast.Attribute):
        return slug(target.attr)
    return None


def _statement_value(statement: ast.stmt | None) -> ast.expr | None:
    if isinstance(statement, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return)):
        return statement.value
    return None


def _uses_durable_code(node: ast.AST, site: Site) -> bool:
    """Code that cannot move into a step: the context, operations, await, yield, walrus."""
    for sub in ast.walk(node):
        if isinstance(sub, _UNMOVABLE):
            return True
        if isinstance(sub, ast.Name) and site.is_context(sub):
            return True
    return False


def _has_side_effects(node: ast.AST, site: Site, allowed: ast.AST) -> bool:
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call) or sub is allowed:
            continue
        for code, effect in site.project.effects.items():
            if code in SIDE_EFFECT_CODES and effect(sub, site):
                return True
        if SIDE_EFFECT_CODES & set(site.helper_chains(sub)):
            return True
    return False


def _checkpointable(node: ast.expr, site: Site) -> bool:
    return not (isinstance(node, ast.Call) and site.qualify(node.func) in NOT_CHECKPOINTABLE)


def _wrap(node: ast.expr, site: Site, name: str, applicability: Applicability) -> Fix | None:
    ctx = site.context_in_scope()
    if ctx is None or not _checkpointable(node, site):
        return None
    return Fix(
        applicability,
        f"wrap in `{ctx}.step(...)`",
        EditKind.WRAP_IN_STEP,
        Span.of(node),
        (("ctx", ctx), ("name", unique_step_name(site, name))),
    )


def wrap_value(call: ast.Call, site: Site, via_helper: bool = False) -> Fix | None:
    """For a non-deterministic read: checkpoint the whole assigned value when it is a pure
    computation around the read (`str(uuid4())` stays a string), else the call alone. A helper
    that also has side effects is a side effect: see `step_statement`."""
    if via_helper and SIDE_EFFECT_CODES & set(site.helper_chains(call)):
        return step_statement(call, site)
    statement = site.model.statements.get(id(call))
    if _uses_durable_code(call, site) or (
        isinstance(statement, ast.Expr) and statement.value is call
    ):
        return None  # a discarded result: the call matters for what it changes (shuffle)
    value = _statement_value(statement)
    target = _target_name(statement)
    if (
        value is not None
        and target is not None
        and not _uses_durable_code(value, site)
        and not _has_side_effects(value, site, call)
    ):
        return _wrap(value, site, target, Applicability.SAFE)
    return _wrap(call, site, _call_name(call), Applicability.SAFE)


def step_statement(call: ast.Call, site: Site) -> Fix | None:
    """For a side effect: run the statement (or its `with` block) once, as a step. Unsafe: it
    changes when the effect happens (at least once per retry) and the result must serialise.

    A statement whose value is discarded becomes a local function run by the step, so the
    step stores `None` rather than whatever the call returned (a cursor, a response...)."""
    statement = site.model.statements.get(id(call))
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        in_items = any(call in ast.walk(item.context_expr) for item in statement.items)
        return _statement_to_step(statement, call, site) if in_items else None
    if isinstance(statement, ast.Expr):
        return _statement_to_step(statement, call, site)
    value = _statement_value(statement)
    if value is not None and not _uses_durable_code(value, site):
        name = _target_name(statement) or _call_name(call)
        return _wrap(value, site, name, Applicability.UNSAFE)
    if not _uses_durable_code(call, site):
        return _wrap(call, site, _call_name(call), Applicability.UNSAFE)
    return None


def _statement_to_step(statement: ast.stmt, call: ast.Call, site: Site) -> Fix | None:
    if isinstance(statement, ast.AsyncWith):
        return None
    for sub in ast.walk(statement):
        if isinstance(sub, _LEAVES_FUNCTION) or (
            isinstance(sub, ast.Name) and site.is_context(sub)
        ):
            return None
    ctx = site.context_in_scope()
    if ctx is None:
        return None
    name = unique_step_name(site, _call_name(call))
    returns = _names_used_later(statement, site)
    return Fix(
        Applicability.UNSAFE,
        f"move the statement into a function run by `{ctx}.step(...)`",
        EditKind.BLOCK_TO_STEP,
        Span.of(statement),
        (
            ("ctx", ctx),
            ("name", name),
            ("function", name.replace("-", "_") + "_step"),
            ("returns", returns),
        ),
    )


def _names_used_later(statement: ast.stmt, site: Site) -> tuple[str, ...]:
    """Names the block binds that the rest of the function reads: the step must return them.

    Reads inside nested functions count only where the nested function does not bind the
    name itself (a closure over the block's variable)."""
    bound = []
    for sub in ast.walk(statement):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store) and sub.id not in bound:
            bound.append(sub.id)
    end = (statement.end_lineno, statement.end_col_offset)
    reads = site.model.once(("reads", id(site.scope.node)), lambda: _reads(site.scope.node, site))
    later = {name.id for name in reads if (name.lineno, name.col_offset) > end}
    return tuple(name for name in bound if name in later)


def _reads(node: ast.AST, site: Site) -> list[ast.Name]:
    reads = []
    for sub in walk_body(list(ast.iter_child_nodes(node))):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
            reads.append(sub)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inner = site.model.scope_of(sub)
            local = (inner.params | inner.bound) if inner is not None else set()
            reads.extend(name for name in _reads(sub, site) if name.id not in local)
    return reads


def durable_imports(site: Site, name: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """How to refer to an SDK name here, and the import to add if the file lacks it."""
    for local, qualified in site.model.imports.names.items():
        module, _, last = qualified.rpartition(".")
        if last == name and sdk.sdk_module_of(module, site.model.sdk_modules):
            return local, ()
    used = (
        sdk.sdk_module_of(qualified, site.model.sdk_modules)
        for qualified in site.model.imports.names.values()
    )
    sdk_module = next((module for module in used if module), site.model.sdk_modules[0])
    return name, ((f"{sdk_module}.config", name),)


def plan_checkpointed_read(node: ast.AST, site: Site, via_helper: bool) -> Fix | None:
    """The planner of DUR101-103: checkpoint the non-deterministic value."""
    assert isinstance(node, ast.Call)
    return wrap_value(node, site, via_helper)


def plan_side_effect_step(node: ast.AST, site: Site, via_helper: bool) -> Fix | None:
    """The planner of DUR401-402: run the side effect once, as a step."""
    assert isinstance(node, ast.Call)
    return step_statement(node, site)
