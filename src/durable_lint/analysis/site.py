"""The checker's position: which module, which scope, and whether that code replays.

Rules receive a `Site` and ask it the questions the catalogue needs answered: is this receiver
a DurableContext, what does this name hold, what does this call to a project helper do.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from durable_lint.analysis.chains import Chain
from durable_lint.analysis.classes import Instance
from durable_lint.analysis.model import ModuleModel, Region, Scope
from durable_lint.analysis.syntax import child_nodes
from durable_lint.diagnostics.codes import NONDETERMINISTIC_CODES

# What a call does in replayed code, for one code: a description of the effect, or None. The
# rules supply these; the analysis runs them on helper bodies too.
Effect = Callable[[ast.Call, "Site"], "str | None"]


class ProjectView(Protocol):
    """What a site asks of the run's project (`project.Project`), declared here so that the
    project can build sites without the two modules importing each other."""

    effects: Mapping[str, Effect]
    nondeterministic_effects: Mapping[str, Effect]

    def helper_chains(self, site: Site, node: ast.expr) -> dict[str, Chain]: ...

    def reference(self, site: Site, node: ast.expr) -> tuple[ModuleModel, Scope] | None: ...

    def resolve_global(self, qualified: str, from_path: str) -> tuple[ModuleModel, str] | None: ...

    def defines(self, qualified: str, from_path: str) -> bool: ...

    def remember_value(
        self,
        site: Site,
        key: Hashable,
        compute: Callable[[], Any],
        made_in: ModuleModel | None,
        file_only: bool = False,
    ) -> Any: ...


def effective_region(scope: Scope) -> Region:
    """Where code in `scope` runs. A lambda passed straight to a call (`sorted(key=...)`) runs
    where it is written unless an operation says otherwise; a def, or a lambda stored for later
    (a compensation kept in a list), runs wherever it is eventually called."""
    current: Scope | None = scope
    while current is not None:
        if current.region is not None:
            return current.region
        if not current.runs_inline:
            return Region.NEUTRAL
        current = current.parent
    return Region.NEUTRAL


@dataclass(frozen=True)
class Bindings:
    """What a followed call passed its callee's parameters, where the caller knew it:
    `values` by (id of the function's scope, parameter name); `key` tells bindings apart."""

    values: Mapping[tuple[int, str], Any]
    key: tuple[Any, ...]


class Site:
    """Where a node is evaluated. `receiver` is the instance `self` stands for while the
    analysis follows a method called on a known object (None: the enclosing class's);
    `bindings` what the call being followed passed its parameters."""

    __slots__ = ("bindings", "model", "project", "qualify", "receiver", "region", "scope")

    def __init__(
        self,
        project: ProjectView,
        model: ModuleModel,
        scope: Scope,
        region: Region,
        receiver: Instance | None = None,
        bindings: Bindings | None = None,
    ) -> None:
        self.project = project
        self.model = model
        self.scope = scope
        self.region = region
        self.receiver = receiver
        self.bindings = bindings
        # The dotted name an expression refers to through imports (`ModuleModel.qualify`),
        # bound once: rules ask it of nearly every call.
        self.qualify: Callable[[ast.expr], str | None] = model.qualify

    def at(self, scope: Scope) -> Site:
        return Site(
            self.project, self.model, scope, effective_region(scope), self.receiver, self.bindings
        )

    # -- names -------------------------------------------------------------------------------

    def is_context(self, node: ast.expr) -> bool:
        return self.model.is_context(node, self.scope)

    def context_owner(self, node: ast.expr) -> Scope | None:
        return self.model.context_owner(node, self.scope)

    def durable_operation(self, node: ast.AST) -> str | None:
        """The operation name when `node` is `<context>.<operation>(...)`."""
        return self.model.operations.get(id(node))

    def replay_scope(self) -> Scope | None:
        """The nearest replayed function that owns a DurableContext, if any."""
        for scope in self.scope.lexical_chain():
            if scope.region is Region.REPLAYED and scope.contexts:
                return scope
        return None

    def context_in_scope(self) -> str | None:
        """The name of the DurableContext code here can use, if there is one."""
        owner = self.replay_scope()
        return sorted(owner.contexts)[0] if owner is not None else None

    def context_name(self) -> str:
        """The context to name in advice: the one in scope here, else `context`."""
        return self.context_in_scope() or "context"

    # -- helpers -----------------------------------------------------------------------------

    def helper_chains(self, node: ast.expr) -> dict[str, Chain]:
        """What a call to a project function or method, or a read of a property, does in
        replayed code, by code, through helpers."""
        return self.project.helper_chains(self, node)

    def _evaluated(self, node: ast.expr):
        """Nodes evaluated with `node` here: not function bodies, not inside durable operations
        (an operation's result comes from its checkpoint on replay)."""
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, ast.Lambda) or self.durable_operation(current):
                continue
            yield current
            stack.extend(child_nodes(current))

    def nondeterministic(self, node: ast.expr, _seen: frozenset[str] = frozenset()) -> str | None:
        """A description of the non-deterministic value `node` is computed from, if any."""
        for sub in self._evaluated(node):
            if isinstance(sub, ast.Call):
                for effect in self.project.nondeterministic_effects.values():
                    what = effect(sub, self)
                    if what is not None:
                        return what
            if isinstance(sub, (ast.Call, ast.Attribute)):
                for code, chain in self.helper_chains(sub).items():
                    if code in NONDETERMINISTIC_CODES:
                        return chain.render(sub, self.model.path)
            elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
                if sub.id in _seen:
                    continue
                found = self.model.lookup_assigned(sub.id, self.scope)
                if found is None:
                    continue
                scope, values = found
                inner = self.at(scope)
                if inner.region is not Region.REPLAYED:
                    continue
                for value in values:
                    what = inner.nondeterministic(value, _seen | {sub.id})
                    if what is not None:
                        return f"`{sub.id}` (from {what})"
        return None
