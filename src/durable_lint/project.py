"""The linted project: finding helper modules by import name, and what their functions do.

Helper modules are parsed only when a handler's replayed code calls into them, and each helper's
summary (which replay-sensitive effects its body reaches) is computed once per run.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from durable_lint import sdk
from durable_lint.codes import NONDETERMINISTIC_CODES
from durable_lint.model import FunctionNode, ModuleModel, Region, Scope
from durable_lint.rules.base import Rule, call_label
from durable_lint.site import Site
from durable_lint.source import read_source

if TYPE_CHECKING:
    from collections.abc import Iterable

MAX_HELPER_DEPTH = 12
PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


@dataclass(frozen=True)
class Chain:
    """How a helper reaches an effect: the calls taken and where the effect stands."""

    calls: tuple[str, ...]
    path: str
    line: int

    def render(self, call: ast.Call, from_path: str) -> str:
        steps = " -> ".join((f"`{call_label(call)}`", *self.calls))
        return f"{steps} at {_display_path(self.path, from_path)}{self.line}"


def _display_path(path: str, from_path: str) -> str:
    """`line ` in the same file, else the helper's path relative to the linted file, `:`."""
    if os.path.abspath(path) == os.path.abspath(from_path):
        return "line "
    return _relative(path, from_path) + ":"


def _relative(path: str, from_path: str) -> str:
    try:
        return Path(os.path.relpath(path, os.path.dirname(os.path.abspath(from_path)))).as_posix()
    except ValueError:
        return Path(path).as_posix()


class Project:
    """Per-run state shared by every file: parsed helper modules and helper summaries."""

    def __init__(self, rules: Iterable[Rule], sdk_modules: tuple[str, ...]) -> None:
        self.sdk_modules = sdk_modules
        self.effect_rules = [rule for rule in rules if rule.effect is not None]
        self.nondeterministic_rules = [
            rule for rule in self.effect_rules if rule.code in NONDETERMINISTIC_CODES
        ]
        self.nondeterministic_codes = NONDETERMINISTIC_CODES
        self._models: dict[str, ModuleModel | None] = {}
        # Keyed by where the function stands: a linted file's model is gone after its run.
        self._summaries: dict[tuple[str, int, int], dict[str, Chain]] = {}
        self._in_progress: set[tuple[str, int, int]] = set()
        self._markers: dict[str, str | None] = {}
        self._modules: dict[tuple[str, ...], str | None] = {}
        self._package_parts: dict[str, tuple[str, list[str]]] = {}

    # -- modules -----------------------------------------------------------------------------

    def model(self, tree: ast.Module, path: str) -> ModuleModel:
        """The model of a file the caller has already parsed.

        Linted files are not kept: holding every tree of a large run makes the garbage
        collector's passes grow with it. Helper modules are kept (`_load`), since many
        handlers reach the same ones.
        """
        name, is_package = self._module_name(path)
        return ModuleModel(tree, path, self.sdk_modules, name, is_package)

    def _load(self, path: str) -> ModuleModel | None:
        key = os.path.abspath(path)
        if key not in self._models:
            self._models[key] = None
            source = read_source(path)
            if source.text is not None:
                try:
                    tree = ast.parse(source.text, filename=path)
                except (SyntaxError, ValueError):
                    tree = None
                if tree is not None:
                    self._models[key] = self.model(tree, path)
        return self._models[key]

    def resolve_function(
        self, qualified: str, from_path: str, depth: int = 0
    ) -> tuple[ModuleModel, Scope] | None:
        """The project module and function a dotted name refers to, or None."""
        if depth > 4:
            return None
        parts = qualified.split(".")
        for split in range(len(parts) - 1, 0, -1):
            path = self._find_module(parts[:split], from_path)
            if path is None:
                continue
            if split != len(parts) - 1:
                return None
            model = self._load(path)
            if model is None:
                return None
            name = parts[-1]
            scope = model.module_scope.defs.get(name)
            if scope is not None:
                return model, scope
            reexport = model.imports.names.get(name)
            if reexport is not None:
                return self.resolve_function(reexport, path, depth + 1)
            return None
        return None

    def _find_module(self, parts: list[str], from_path: str) -> str | None:
        directory = os.path.dirname(os.path.abspath(from_path))
        key = (directory, *parts)
        if key not in self._modules:
            self._modules[key] = None
            for root in self._roots(directory):
                base = os.path.join(root, *parts)
                for candidate in (base + ".py", os.path.join(base, "__init__.py")):
                    if os.path.isfile(candidate) and not _is_installed(candidate):
                        self._modules[key] = candidate
                        break
                if self._modules[key] is not None:
                    break
        return self._modules[key]

    def _packages(self, directory: str) -> tuple[str, list[str]]:
        found = self._package_parts.get(directory)
        if found is None:
            found = self._package_parts[directory] = package_parts(directory)
        return found

    def _module_name(self, path: str) -> tuple[str | None, bool]:
        """The dotted module name of a file, from the packages around it, and whether it is one."""
        directory, filename = os.path.split(os.path.abspath(path))
        stem = filename[:-3] if filename.endswith(".py") else filename
        is_package = stem == "__init__"
        parts = [*self._packages(directory)[1], *([] if is_package else [stem])]
        if not parts or not all(part.isidentifier() for part in parts):
            return None, is_package
        return ".".join(parts), is_package

    def _roots(self, directory: str) -> list[str]:
        roots = [self._packages(directory)[0], directory]
        project_root = self._project_root(directory)
        if project_root is not None:
            roots += [project_root, os.path.join(project_root, "src")]
        return list(dict.fromkeys(roots))

    def _project_root(self, directory: str) -> str | None:
        if directory not in self._markers:
            parent = os.path.dirname(directory)
            if any(os.path.exists(os.path.join(directory, m)) for m in PROJECT_MARKERS):
                self._markers[directory] = directory
            elif parent == directory:
                self._markers[directory] = None
            else:
                self._markers[directory] = self._project_root(parent)
        return self._markers[directory]

    # -- helpers -----------------------------------------------------------------------------

    def reference(self, site: Site, node: ast.expr) -> tuple[ModuleModel, Scope] | None:
        """The function a name or dotted name refers to: local, or in another project module."""
        if isinstance(node, ast.Name):
            local = site.model.lookup_function(node.id, site.scope)
            if local is not None:
                return site.model, local
            if node.id in site.model.imports.names:
                return self._imported(site.model.imports.names[node.id], site.model)
        elif isinstance(node, ast.Attribute):
            qualified = site.qualify(node)
            if qualified is not None:
                return self._imported(qualified, site.model)
        return None

    def callee(self, site: Site, call: ast.Call) -> tuple[ModuleModel, Scope] | None:
        """The project function a call in `site` invokes, when it is plain code to follow."""
        found = self.reference(site, call.func)
        if found is None:
            return None
        if found[1].region is not None:
            return None
        return found

    def _imported(self, qualified: str, model: ModuleModel) -> tuple[ModuleModel, Scope] | None:
        if sdk.sdk_module_of(qualified, self.sdk_modules) or "." not in qualified:
            return None
        return self.resolve_function(qualified, model.path)

    def helper_chains(self, site: Site, call: ast.Call) -> dict[str, Chain]:
        callee = self.callee(site, call)
        if callee is None:
            return {}
        return self.summary(*callee)

    def summary(self, model: ModuleModel, scope: Scope) -> dict[str, Chain]:
        """Effects a helper's body reaches when it runs in replayed code, first one per code."""
        node = scope.node
        key = (model.path, node.lineno, node.col_offset)
        cached = self._summaries.get(key)
        if cached is not None:
            return cached
        if key in self._in_progress or len(self._in_progress) >= MAX_HELPER_DEPTH:
            return {}
        self._in_progress.add(key)
        try:
            found: dict[str, Chain] = {}
            site = Site(self, model, scope, Region.REPLAYED)
            for call in _calls_in_body(scope.node):
                self._summarise_call(site, call, found)
        finally:
            self._in_progress.discard(key)
        self._summaries[key] = found
        return found

    def _summarise_call(self, site: Site, call: ast.Call, found: dict[str, Chain]) -> None:
        direct = {}
        for rule in self.effect_rules:
            assert rule.effect is not None
            what = rule.effect(call, site)
            if what is not None:
                direct[rule.code] = what
        if direct:
            for code, what in direct.items():
                found.setdefault(code, Chain((what,), site.model.path, call.lineno))
            return
        for code, chain in self.helper_chains(site, call).items():
            found.setdefault(
                code, Chain((f"`{call_label(call)}`", *chain.calls), chain.path, chain.line)
            )


def _calls_in_body(node: FunctionNode) -> list[ast.Call]:
    """Calls a function body makes itself, in source order, not those of nested functions."""
    calls: list[ast.Call] = []
    body = node.body if isinstance(node.body, list) else [node.body]  # a lambda's expression
    stack = list(reversed(body))
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(current, ast.Call):
            calls.append(current)
        stack.extend(reversed(list(ast.iter_child_nodes(current))))
    return calls


def _is_installed(path: str) -> bool:
    parts = Path(path).parts
    return "site-packages" in parts or "dist-packages" in parts


def package_parts(directory: str) -> tuple[str, list[str]]:
    """The directory imports of this one's top-level package start from, and the packages
    between them (`src`, ["app", "orders"] for src/app/orders/)."""
    parts: list[str] = []
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        parts.insert(0, os.path.basename(directory))
        directory = parent
    return directory, parts
