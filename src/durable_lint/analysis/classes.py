"""What one class statement of the project defines: its methods and how each is bound, its
attributes and the expressions assigned to them, and its bases.

A method called on an instance is followed like a helper function, so replayed code that
calls `svc.save(order)` is checked through `save`'s body. A class's body is read only when
replayed code reaches the class, and once per module; what its bases add, possibly from other
modules, is looked up by `values`.
"""

from __future__ import annotations

import ast
import enum
from dataclasses import dataclass, field
from typing import Any

from durable_lint.analysis.model import ModuleModel, Scope


@dataclass(frozen=True, eq=False)
class ProjectClass:
    """A class statement of the project, with the module it stands in."""

    model: ModuleModel
    scope: Scope

    @property
    def key(self) -> tuple[str, int, int]:
        node = self.scope.node
        return (self.model.path, node.lineno, node.col_offset)  # type: ignore[union-attr]


@dataclass(frozen=True, eq=False)
class Instance:
    """An object of a project class.

    `origin` is the call that made it and the `Site` that call stands in (typed loosely: the
    site module builds on this one), kept only when the class stores its constructor's
    arguments (`self.table = table`, dataclass fields): what such an attribute holds is then
    read from that call's arguments.
    """

    cls: ProjectClass
    origin: tuple[ast.Call, Any] | None = None


@dataclass(frozen=True)
class ClassValue:
    """A project class itself, as `Repo.create()` or a classmethod's `cls` uses it."""

    cls: ProjectClass


class Binding(enum.Enum):
    """How a method receives its first argument, from its decorators."""

    INSTANCE = "instance"
    CLASS = "class"
    STATIC = "static"
    PROPERTY = "property"  # read as an attribute, which runs its body


DECORATOR_BINDINGS = {
    "staticmethod": Binding.STATIC,
    "classmethod": Binding.CLASS,
    "property": Binding.PROPERTY,
    "functools.cached_property": Binding.PROPERTY,
}
DATACLASS_DECORATORS = frozenset(
    {
        "dataclasses.dataclass",
        "attr.s",
        "attr.define",
        "attrs.define",
        "attr.frozen",
        "attrs.frozen",
    }
)


@dataclass
class ClassBody:
    """A class body's own members (not its bases')."""

    methods: dict[str, Scope] = field(default_factory=dict)
    bindings: dict[str, Binding] = field(default_factory=dict)
    # Expressions assigned to each attribute, with the scope they are evaluated in: class-level
    # assignments and dataclass fields, and `self.name = ...` in the methods.
    values: dict[str, list[tuple[ast.expr, Scope]]] = field(default_factory=dict)
    # `name: T` in the body and `self.name: T = ...` in methods.
    annotations: dict[str, tuple[ast.expr, Scope]] = field(default_factory=dict)
    # A dataclass's fields in order, which its generated `__init__` takes as arguments.
    fields: list[str] = field(default_factory=list)
    # Whether what an instance holds depends on the arguments it was made with: a dataclass
    # with fields, or an `__init__` that stores one of its parameters.
    stores_arguments: bool = False


def class_body(cls: ProjectClass) -> ClassBody:
    """The members of `cls`'s own body, read once per module."""
    bodies: dict[int, ClassBody] = cls.model.memo.setdefault("class-bodies", {})
    body = bodies.get(id(cls.scope))
    if body is None:
        body = bodies[id(cls.scope)] = _read_body(cls)
    return body


def enclosing_class(scope: Scope) -> Scope | None:
    """The class statement whose body defines the function `scope`, if it is a method."""
    parent = scope.parent
    return parent if parent is not None and isinstance(parent.node, ast.ClassDef) else None


def binding(model: ModuleModel, method: Scope) -> Binding:
    for decorator in getattr(method.node, "decorator_list", ()):
        found = DECORATOR_BINDINGS.get(model.qualify(decorator) or "")
        if found is not None:
            return found
    return Binding.INSTANCE


def _read_body(cls: ProjectClass) -> ClassBody:
    body = ClassBody()
    model, scope = cls.model, cls.scope
    node = scope.node
    assert isinstance(node, ast.ClassDef)
    for statement in node.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if _is_accessor(statement, body):
                continue  # `@total.setter`: the property stays the getter
            method = model.scope_of(statement)
            if method is not None:
                body.methods[statement.name] = method
                body.bindings[statement.name] = binding(model, method)
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    body.values.setdefault(target.id, []).append((statement.value, scope))
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            body.annotations[statement.target.id] = (statement.annotation, scope)
            if statement.value is not None:
                body.values.setdefault(statement.target.id, []).append((statement.value, scope))
            if not _is_class_variable(model, statement.annotation):
                body.fields.append(statement.target.id)
    if not _is_dataclass(model, node):
        body.fields = []
    body.stores_arguments = bool(body.fields)
    for name, method in body.methods.items():
        if body.bindings[name] is Binding.INSTANCE and method.positional:
            stores = _read_self_assignments(model, method, method.positional[0], body)
            if name == "__init__" and stores:
                body.stores_arguments = True
    return body


def _is_dataclass(model: ModuleModel, node: ast.ClassDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if model.qualify(target) in DATACLASS_DECORATORS:
            return True
    return False


def _is_class_variable(model: ModuleModel, annotation: ast.expr) -> bool:
    target = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    return model.qualify(target) in ("typing.ClassVar", "typing_extensions.ClassVar")


def _is_accessor(statement: ast.FunctionDef | ast.AsyncFunctionDef, body: ClassBody) -> bool:
    return any(
        isinstance(decorator, ast.Attribute)
        and decorator.attr in ("setter", "deleter")
        and isinstance(decorator.value, ast.Name)
        and body.bindings.get(decorator.value.id) is Binding.PROPERTY
        for decorator in statement.decorator_list
    )


def _read_self_assignments(
    model: ModuleModel, method: Scope, self_name: str, body: ClassBody
) -> bool:
    """`self.name = value` and `self.name: T = value` anywhere in a method's own body; whether
    one of the values reads a parameter of the method."""
    parameters = method.params - {self_name}
    stores = False
    for node in model.own_statements.get(id(method), ()):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == self_name
            ):
                if isinstance(node, ast.AnnAssign):
                    body.annotations.setdefault(target.attr, (node.annotation, method))
                if value is not None:
                    body.values.setdefault(target.attr, []).append((value, method))
                    stores = stores or any(
                        isinstance(sub, ast.Name) and sub.id in parameters
                        for sub in ast.walk(value)
                    )
    return stores
