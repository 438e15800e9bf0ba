"""One walk over a module that runs every enabled rule at every node, knowing the region."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from durable_lint.findings import Finding
from durable_lint.model import ModuleModel, Region
from durable_lint.project import Project
from durable_lint.rules.base import Rule, Visitor
from durable_lint.site import Site, effective_region

_FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


class Checker:
    """Runs rules over one module model; the rules are multiplexed into a single traversal."""

    def __init__(self, model: ModuleModel, project: Project, rules: Iterable[Rule]) -> None:
        self.model = model
        self.project = project
        self.rules = list(rules)
        self.by_code = {rule.code: rule for rule in self.rules}
        self.visitors: dict[type[ast.AST], list[tuple[Rule, Visitor]]] = {}
        for rule in self.rules:
            for node_type, visitors in rule.visitors.items():
                for visitor in visitors:
                    self.visitors.setdefault(node_type, []).append((rule, visitor))
        self.effect_rules = [rule for rule in self.rules if rule.effect is not None]
        self.findings: list[Finding] = []

    def run(self) -> list[Finding]:
        site = Site(self.project, self.model, self.model.module_scope, Region.NEUTRAL)
        for stmt in self.model.tree.body:
            self._walk(stmt, site)
        return sorted(set(self.findings))

    def _walk(self, node: ast.AST, site: Site) -> None:
        visitors = self.visitors.get(type(node))
        if visitors:
            for rule, visitor in visitors:
                for located, what in visitor(node, site):
                    self._report(rule, located, what, site)
        if isinstance(node, ast.Call) and site.region is Region.REPLAYED:
            self._replayed_call(node, site)
        if isinstance(node, _FUNCTION_NODES):
            inner = self.model.scope_of(node)
            if inner is not None:
                self._walk_function(node, site, inner)
                return
        for child in ast.iter_child_nodes(node):
            self._walk(child, site)

    def _walk_function(self, node: ast.AST, outer: Site, scope) -> None:
        # Decorators, defaults and annotations are evaluated where the function is defined.
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for decorator in node.decorator_list:
                self._walk(decorator, outer)
        if isinstance(node, ast.ClassDef):
            for base in (*node.bases, *node.keywords):
                self._walk(base, outer)
            body = node.body
        else:
            args = node.args
            for default in (*args.defaults, *args.kw_defaults):
                if default is not None:
                    self._walk(default, outer)
            body = node.body if isinstance(node.body, list) else [node.body]
        site = Site(self.project, self.model, scope, effective_region(scope))
        for stmt in body:
            self._walk(stmt, site)

    def _replayed_call(self, call: ast.Call, site: Site) -> None:
        hit = False
        for rule in self.effect_rules:
            assert rule.effect is not None
            what = rule.effect(call, site)
            if what is not None:
                self._report(rule, call, what, site)
                hit = True
        if hit:
            return
        for code, chain in site.helper_chains(call).items():
            rule = self.by_code.get(code)
            if rule is not None:
                self._report(rule, call, chain.render(call, self.model.path), site)

    def _report(self, rule: Rule, node: ast.AST, what: str, site: Site) -> None:
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
            )
        )
