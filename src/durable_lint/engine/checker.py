"""Runs every enabled rule over the nodes the model recorded, each in its scope's region."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from durable_lint.analysis.model import RECORDED_NODES, ModuleModel, Region, Scope
from durable_lint.analysis.project import Project
from durable_lint.analysis.site import Site, effective_region
from durable_lint.diagnostics.finding import Finding
from durable_lint.rules.base import Gate, Rule, Visitor


class RuleSet:
    """The enabled rules, arranged once per run for dispatch by node type."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = list(rules)
        self.by_code = {rule.code: rule for rule in self.rules}
        self._visitors: dict[type[ast.AST], list[tuple[Rule, Visitor, Gate]]] = {}
        for rule in self.rules:
            for node_type, visitors in rule.visitors.items():
                assert node_type in RECORDED_NODES, f"{rule.code}: {node_type} is not recorded"
                for visitor, gate in visitors:
                    self._visitors.setdefault(node_type, []).append((rule, visitor, gate))
        self.node_types = frozenset(self._visitors)
        self._admitted: dict[tuple[type[ast.AST], int, bool], list[tuple[Rule, Visitor]]] = {}
        self.effect_rules = [rule for rule in self.rules if rule.effect is not None]

    def visitors(
        self, node_type: type[ast.AST], region: Region, operation: bool
    ) -> list[tuple[Rule, Visitor]]:
        """The visitors that can report on such a node in such a region, worked out once."""
        key = (node_type, id(region), operation)  # enum members hash slowly
        found = self._admitted.get(key)
        if found is None:
            found = self._admitted[key] = [
                (rule, visitor)
                for rule, visitor, gate in self._visitors.get(node_type, ())
                if gate.admits(region, operation)
            ]
        return found


class Checker:
    """Runs a rule set over one module model, multiplexing every rule into one pass."""

    def __init__(self, model: ModuleModel, project: Project, rules: RuleSet) -> None:
        self.model = model
        self.project = project
        self.by_code = rules.by_code
        self.rules = rules
        self.effect_rules = rules.effect_rules
        self.findings: list[Finding] = []

    def run(self) -> list[Finding]:
        sites: dict[int, Site] = {}
        rules = self.rules
        node_types = rules.node_types
        operations = self.model.operations
        for node, scope in self.model.nodes:
            kind = type(node)
            if kind not in node_types and kind is not ast.Call:
                continue
            site = sites.get(id(scope)) or self._new_site(sites, scope)
            operation = kind is ast.Call and operations.get(id(node)) is not None
            for rule, visitor in rules.visitors(kind, site.region, operation):
                for located, what in visitor(node, site):
                    self._report(rule, located, what, site)
            if kind is ast.Call and site.region is Region.REPLAYED and not operation:
                self._replayed_call(node, site)
        for attribute, scope in self.model.attribute_reads:
            site = sites.get(id(scope)) or self._new_site(sites, scope)
            if site.region is Region.REPLAYED:
                self._replayed_read(attribute, site)
        return sorted(set(self.findings))

    def _new_site(self, sites: dict[int, Site], scope: Scope) -> Site:
        """The site of a scope met for the first time in this run, kept for its other nodes."""
        site = sites[id(scope)] = Site(self.project, self.model, scope, effective_region(scope))
        return site

    def _replayed_read(self, attribute: ast.Attribute, site: Site) -> None:
        """A property read runs its getter: what the getter does is reported at the read.
        No fix is planned: the fixes rewrite calls and statements, not attribute reads."""
        for code, chain in site.helper_chains(attribute).items():
            rule = self.by_code.get(code)
            if rule is not None:
                what = chain.render(attribute, self.model.path)
                self._report(rule, attribute, what, site, via_helper=True, plan=False)

    def _replayed_call(self, call: ast.Call, site: Site) -> None:
        """Effects of a call in replayed code that is not an operation on the context (an
        operation is the durable way to do things), directly or through a helper."""
        hit = False
        for rule in self.effect_rules:
            assert rule.effect is not None
            what = rule.effect(call, site)
            if what is not None:
                self._report(rule, call, what, site, via_helper=False)
                hit = True
        if hit:
            return
        for code, chain in site.helper_chains(call).items():
            rule = self.by_code.get(code)
            if rule is not None:
                self._report(rule, call, chain.render(call, self.model.path), site, via_helper=True)

    def _report(
        self,
        rule: Rule,
        node: ast.AST,
        what: str,
        site: Site,
        via_helper: bool = False,
        plan: bool = True,
    ) -> None:
        line = getattr(node, "lineno", 1)
        column = getattr(node, "col_offset", 0)
        self.findings.append(
            Finding(
                path=self.model.path,
                line=line,
                column=column + 1,
                end_line=getattr(node, "end_lineno", None) or line,
                end_column=(getattr(node, "end_col_offset", None) or column) + 1,
                code=rule.code,
                message=rule.format(what, site.context_name()),
                fix=rule.planner(node, site, via_helper) if rule.planner and plan else None,
            )
        )
