"""What a rule is: its public identity, its documentation and its checks, in one object."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from durable_lint.analysis.model import Region
from durable_lint.analysis.site import Effect, Site

if TYPE_CHECKING:
    from durable_lint.diagnostics.fix import Fix


@dataclass(frozen=True)
class Gate:
    """Where a visitor can report: a region (None: any) and whether only on operation calls."""

    region: Region | None = None
    operations: bool = False

    def admits(self, region: Region, operation: bool) -> bool:
        return (self.region is None or self.region is region) and (operation or not self.operations)


# A check reports (node, what): the node locates the finding, `what` fills the message.
Report = tuple[ast.AST, str]
Visitor = Callable[[ast.AST, Site], Iterable[Report]]
# Plans the fix for a reported node; `via_helper` when the finding comes through a helper call.
Planner = Callable[[ast.AST, Site, bool], "Fix | None"]


@dataclass
class Rule:
    """One catalogue entry.

    `message` is a one-line template with `{what}` (the offending code, or a helper chain) and
    `{ctx}` (the DurableContext in scope). A rule with an `effect` flags calls in replayed code,
    and the engine follows project helpers for it; other rules register node visitors.
    """

    code: str
    name: str
    summary: str
    message: str
    why: str
    bad: str
    good: str
    fix: str
    on_runtime: str = ""  # what the rule's bad_replay fixture does on durable_runtime
    default_enabled: bool = True
    fix_safety: str = ""  # "safe" or "unsafe" for rules with an automatic fix
    effect: Effect | None = None
    planner: Planner | None = None
    visitors: dict[type[ast.AST], list[tuple[Visitor, Gate]]] = field(default_factory=dict)

    def detects(self, effect: Effect) -> Effect:
        """Decorator: the call detector for replayed code (followed through helpers)."""
        self.effect = effect
        return effect

    def fixes(self, planner: Planner) -> Planner:
        """Decorator: the fix planner for this rule's findings."""
        self.planner = planner
        return planner

    def on(
        self,
        *node_types: type[ast.AST],
        region: Region | None = None,
        operations: bool = False,
    ) -> Callable[[Visitor], Visitor]:
        """Decorator: a visitor for these node types, in every region or only in `region`;
        with `operations`, only for calls that are durable operations on a context. The
        engine skips a visitor where it cannot report, which is most of the time."""

        def register(visitor: Visitor) -> Visitor:
            for node_type in node_types:
                gate = Gate(region, operations)
                self.visitors.setdefault(node_type, []).append((visitor, gate))
            return visitor

        return register

    def format(self, what: str, ctx: str) -> str:
        return self.message.format(what=what, ctx=ctx)
