"""What each imported name in a module stands for, so calls resolve through aliases."""

from __future__ import annotations

import ast
import builtins

BUILTIN_NAMES = frozenset(dir(builtins))


class ImportMap:
    """Maps names bound by imports anywhere in a module to dotted qualified names.

    One flat map for the module: imports inside functions are rare enough to share it, and a
    single pass keeps the cost at one walk of the import statements.
    """

    def __init__(self, module_name: str | None = None, is_package: bool = False) -> None:
        self.names: dict[str, str] = {}
        self._module_level: set[str] = set()  # names a top-level import binds
        # What a name read inside a function that imports it stands for there, by node.
        self.overrides: dict[int, str] = {}
        self._targets: set[str] = set()  # everything imported, anywhere
        self._module_name = module_name
        self._is_package = is_package

    def add(self, node: ast.Import | ast.ImportFrom, module_level: bool = True) -> dict[str, str]:
        """Record an import; the names it binds and what they stand for. One inside a
        function (a lazy import) binds its names there only, so it never replaces what a
        top-level import bound (`local` then says what they mean inside that function)."""
        bound: dict[str, str] = {}
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    top = alias.name.split(".", 1)[0]
                    bound[top] = top
        else:
            base = self._absolute_base(node)
            if base is None:
                return bound
            for alias in node.names:
                if alias.name != "*":
                    target = f"{base}.{alias.name}" if base else alias.name
                    bound[alias.asname or alias.name] = target
        for name, target in bound.items():
            self._targets.add(target)
            if module_level:
                self._module_level.add(name)
            elif name in self._module_level:
                continue
            self.names[name] = target
        return bound

    def local(self, names: dict[str, str], body: ast.AST) -> None:
        """Inside `body` (a function that imports `names`), reads of those names stand for
        what that function imported."""
        for node in ast.walk(body):
            if isinstance(node, ast.Name) and node.id in names:
                self.overrides[id(node)] = names[node.id]

    def _absolute_base(self, node: ast.ImportFrom) -> str | None:
        if not node.level:
            return node.module or ""
        if self._module_name is None:
            return None
        parts = self._module_name.split(".")
        if not self._is_package:
            parts = parts[:-1]
        drop = node.level - 1
        if drop > len(parts):
            return None
        parts = parts[: len(parts) - drop] if drop else parts
        if node.module:
            parts = [*parts, node.module]
        return ".".join(parts)

    def qualify(self, node: ast.expr) -> str | None:
        """The dotted name an expression refers to through imports, or None when unknown.

        A bare name that is neither imported nor a builtin is a local value: it has no
        qualified name, so `random = Random(4)` never reads as the `random` module.
        """
        if isinstance(node, ast.Name):
            target = self.overrides.get(id(node)) or self.names.get(node.id)
            if target is not None:
                return target
            return node.id if node.id in BUILTIN_NAMES else None
        if isinstance(node, ast.Attribute):
            base = self.qualify(node.value)
            if base is None or base in BUILTIN_NAMES:
                return None
            return f"{base}.{node.attr}"
        return None

    def imports_module(self, prefixes: tuple[str, ...]) -> bool:
        return any(
            target == prefix or target.startswith(prefix + ".")
            for target in self._targets
            for prefix in prefixes
        )
