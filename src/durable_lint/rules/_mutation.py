"""Mutations inside checkpointed code, shared by DUR201 (outer state) and DUR202 (arguments)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from durable_lint.analysis.model import Region, Scope
from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import root_name
from durable_lint.rules.base import Report

# The statements and calls that can change a variable: what DUR201 and DUR202 visit.
MUTATING_NODES = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete, ast.Call)

MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "update",
        "add",
        "setdefault",
        "pop",
        "popitem",
        "remove",
        "clear",
        "discard",
        "sort",
        "reverse",
        "appendleft",
        "extendleft",
        "popleft",
        "rotate",
        "difference_update",
        "intersection_update",
        "symmetric_difference_update",
    }
)
# Parameters before these indexes are the SDK's own (step context, callback id and context).
_FIRST_ARGUMENT = {"durable_step function": 1, "callback submitter": 2}


@dataclass(frozen=True)
class Mutation:
    node: ast.AST
    changed: ast.expr  # the target, or the method called
    name: str
    declared: bool  # a `global`/`nonlocal` rebinding rather than an in-place change

    @property
    def what(self) -> str:
        """How the message names it (unparsed only for a mutation that is reported)."""
        if isinstance(self.changed, ast.Name):
            return f"`{self.changed.id}`"
        if isinstance(self.node, ast.Call):
            return f"`{ast.unparse(self.changed)}(...)`"
        return f"`{ast.unparse(self.changed)}`"


def checkpointed_root(site: Site) -> Scope | None:
    """The step callable, durable_step body, submitter or check this code belongs to."""
    if site.region is not Region.CHECKPOINTED:
        return None
    for scope in site.scope.lexical_chain():
        if scope.region is Region.CHECKPOINTED:
            return scope
    return None


def mutations(node: ast.AST) -> Iterator[Mutation]:
    """The mutations a statement or call performs, by the variable they change."""
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        for target in targets:
            yield from _target_mutations(node, target, isinstance(node, ast.AugAssign))
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in MUTATING_METHODS
    ):
        base = root_name(node.func.value)
        if base is not None:
            yield Mutation(node, node.func, base.id, False)


def _target_mutations(statement: ast.AST, target: ast.AST, augmented: bool) -> Iterator[Mutation]:
    if isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _target_mutations(statement, element, augmented)
    elif isinstance(target, ast.Starred):
        yield from _target_mutations(statement, target.value, augmented)
    elif isinstance(target, (ast.Subscript, ast.Attribute)):
        base = root_name(target)
        if base is not None:
            yield Mutation(statement, target, base.id, False)
    elif isinstance(target, ast.Name):
        yield Mutation(statement, target, target.id, True)


def owner_of(name: str, site: Site, root: Scope) -> str:
    """Where a mutated name lives: 'local', 'argument', 'outer', or 'unknown'."""
    for scope in site.scope.lexical_chain():
        if name in scope.declared_outer:
            return "outer"
        if name in scope.params:
            # A parameter rebound to a value of its own (`order = dict(order)`) no longer
            # names the caller's object.
            if scope is root and name in _arguments(root) and name not in scope.assigned:
                return "argument"
            return "local"
        if name in scope.bound:
            return "local"
        if scope is root:
            break
    if name in site.model.imports.names:
        return "unknown"
    for scope in root.parent.lexical_chain() if root.parent else ():
        if name in scope.params or name in scope.bound:
            return "outer"
    return "unknown"


def _arguments(root: Scope) -> set[str]:
    first = _FIRST_ARGUMENT.get(root.role)
    if first is None:
        return set()
    node = root.node
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
    keyword_only = {arg.arg for arg in node.args.kwonlyargs}
    return set(root.positional[first:]) | keyword_only


def mutations_of(node: ast.AST, site: Site, owner: str) -> Iterator[Report]:
    """Mutations in checkpointed code of a variable owned as `owner` ('outer', 'argument')."""
    root = checkpointed_root(site)
    if root is None:
        return
    for mutation in mutations(node):
        if owner == "argument" and mutation.declared:
            continue  # rebinding a parameter changes nothing the caller holds
        if owner_of(mutation.name, site, root) == owner:
            yield mutation.node, mutation.what
