"""What kind of object an expression holds, from how the code made it.

Rules ask this of call receivers: `table.put_item(...)` is a remote call only when `table` came
from boto3, `logger.info(...)` repeats on replay only when `logger` is a stdlib/powertools logger.
A value is known from a constructor or factory of a known library, or as an instance of a
project class: constructed, annotated (parameters, fields, return types), assigned to an
attribute (`self.table = ...`, class attributes, dataclass fields) or returned by a project
function or method. Nothing is guessed from a name: where the code does not say, the value is
unknown and no rule fires.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from durable_lint.analysis.classes import (
    Binding,
    ClassValue,
    Instance,
    ProjectClass,
    binding,
    class_body,
    enclosing_class,
)
from durable_lint.analysis.library import (
    ANNOTATED_KINDS,
    BOTO3_STUB_PREFIX,
    LOGGER_OBJECTS,
    Kind,
    library_call,
    library_method,
)
from durable_lint.analysis.model import ModuleModel, Scope
from durable_lint.analysis.site import Bindings, Site


@dataclass(frozen=True)
class Elements:
    """A collection whose items are known: `list[Appointment]`, `[Order(...) for ...]`."""

    item: Kind | Instance


Value = Kind | Instance | ClassValue | Elements
# Annotations of collections whose first argument is the type of their items.
COLLECTIONS = frozenset(
    {
        "list",
        "List",
        "set",
        "Set",
        "frozenset",
        "FrozenSet",
        "tuple",
        "Tuple",
        "Sequence",
        "MutableSequence",
        "Iterable",
        "Iterator",
        "Collection",
        "deque",
    }
)
# How far one evaluation may follow values through names, attributes and calls.
MAX_VALUE_DEPTH = 24
# Declarations of a dataclass (or attrs) field, whose `default_factory` makes its value.
FIELD_CALLS = frozenset({"dataclasses.field", "attr.ib", "attrs.field", "attr.field"})
# Wrappers in annotations whose first argument is the type (`Optional[Repo]`, `Final[Clock]`).
TYPE_WRAPPERS = frozenset({"Optional", "Final", "ClassVar", "Annotated", "Union", "Type", "type"})


def value_of(node: ast.expr, site: Site) -> Value | None:
    """What `node` holds when evaluated at `site`, if the code says so plainly; memoised per
    node, scope and receiver, since several rules ask it of the same receiver."""
    receiver = site.receiver
    origin = receiver.origin if receiver is not None else None
    # Every read of a name in one scope holds the same value: one entry for all of them.
    subject = node.id if type(node) is ast.Name else id(node)  # type: ignore[attr-defined]
    bindings = site.bindings
    if origin is None and bindings is None:
        key: tuple[Any, ...] = (subject, id(site.scope), 0)
        hit = site.model.value_kinds.get(key)
        if hit is not None and not hit[1]:  # the common case: known, and it read no module
            return hit[0]
        return site.project.remember_value(site, key, lambda: _value(node, site), None)
    made_by = id(origin[0]) if origin is not None else 0
    key = (subject, id(site.scope), made_by, bindings.key if bindings is not None else ())
    made_in = origin[1].model if origin is not None else None
    return site.project.remember_value(
        site, key, lambda: _value(node, site), made_in, file_only=bindings is not None
    )


def value_key(value: Value) -> tuple[Any, ...]:
    """Tells values apart in cache keys: a kind, or a class and the call that made it."""
    if isinstance(value, Kind):
        return ("kind", value.value)
    if isinstance(value, Instance):
        return ("instance", id(value.cls), id(value.origin[0]) if value.origin else 0)
    if isinstance(value, ClassValue):
        return ("class", id(value.cls))
    return ("elements", value_key(value.item))


def bind_arguments(
    call: ast.Call, site: Site, function: Scope, skip_first: bool
) -> Bindings | None:
    """What a call passes the parameters of `function`, where the caller knows it (an
    object of a known kind or class): the callee is then read with those, not with what its
    annotations say (a subclass passed for a base class) or without them."""
    positional = function.positional[1:] if skip_first else function.positional
    found: dict[tuple[int, str], Value] = {}
    for index, argument in enumerate(call.args):
        if isinstance(argument, ast.Starred) or index >= len(positional):
            break
        value = value_of(argument, site)
        if value is not None:
            found[(id(function), positional[index])] = value
    for keyword in call.keywords:
        if keyword.arg is not None and keyword.arg in function.params:
            value = value_of(keyword.value, site)
            if value is not None:
                found[(id(function), keyword.arg)] = value
    if not found:
        return None
    return Bindings(found, tuple(sorted((k[1], value_key(v)) for k, v in found.items())))


def value_kind(node: ast.expr, site: Site) -> Kind | None:
    """The library kind of object `node` holds (a boto3 client, a logger...), if known."""
    value = value_of(node, site)
    return value if isinstance(value, Kind) else None


def _value(node: ast.expr, site: Site) -> Value | None:
    kind = type(node)
    if kind is ast.Name:
        return _name_value(node.id, site)  # type: ignore[attr-defined]
    if kind is ast.Attribute:
        return _attribute_value(node, site)  # type: ignore[arg-type]
    if kind is ast.Call:
        return _call_value(node, site)  # type: ignore[arg-type]
    if kind is ast.Set or kind is ast.SetComp:
        return Kind.SET
    if kind is ast.Await:
        return value_of(node.value, site)  # type: ignore[attr-defined]
    if kind is ast.BinOp:
        assert isinstance(node, ast.BinOp)
        if isinstance(node.op, ast.Div) and value_of(node.left, site) is Kind.PATH:
            return Kind.PATH
        if isinstance(node.op, SET_OPERATORS) and Kind.SET in (
            value_of(node.left, site),
            value_of(node.right, site),
        ):
            return Kind.SET  # `set(a) | set(b)`
        return None
    if kind is ast.ListComp or kind is ast.GeneratorExp:
        return _elements(value_of(node.elt, site))  # type: ignore[attr-defined]
    if kind is ast.List or kind is ast.Tuple:
        return _elements(_first_known(node.elts, site))  # type: ignore[attr-defined]
    if kind is ast.BoolOp:  # `table or boto3.resource(...).Table(...)`
        return _first_known(node.values, site)  # type: ignore[attr-defined]
    if kind is ast.IfExp:
        assert isinstance(node, ast.IfExp)
        return _first_known((node.body, node.orelse), site)
    return None


SET_OPERATORS = (ast.BitOr, ast.BitAnd, ast.Sub, ast.BitXor)


def _elements(item: Value | None) -> Elements | None:
    return Elements(item) if isinstance(item, (Kind, Instance)) else None


def _first_known(nodes, site: Site) -> Value | None:
    for node in nodes:
        value = value_of(node, site)
        if value is not None:
            return value
    return None


# -- names -------------------------------------------------------------------------------------


def _name_value(name: str, site: Site) -> Value | None:
    for scope in site.scope.lexical_chain():
        if name in scope.params:
            return _parameter_value(scope, name, site)
        if name in scope.assigned:
            return _first_known(scope.assigned[name], site.at(scope))
        if name in scope.classes:
            return ClassValue(project_class(site.model, scope.classes[name]))
        if name in scope.bound:
            iterated = site.model.loop_sources.get((id(scope), name))
            if iterated is not None:  # a loop variable: an item of what it iterates
                collection = _first_known(iterated, site.at(scope))
                return collection.item if isinstance(collection, Elements) else None
            break  # a def or an import
    qualified = site.model.imports.names.get(name)
    if qualified is not None:
        return _global_value(qualified, site)
    return None


def _parameter_value(function: Scope, name: str, site: Site) -> Value | None:
    """`self` and `cls` of a method, what the followed call passed, an argument the instance
    was made with, or what the parameter's annotation (else its default) says."""
    if site.bindings is not None:
        bound = site.bindings.values.get((id(function), name))
        if bound is not None:
            return bound
    owner = enclosing_class(function)
    if owner is not None and function.positional and function.positional[0] == name:
        bound_as = binding(site.model, function)
        if bound_as is Binding.INSTANCE or bound_as is Binding.PROPERTY:
            if site.receiver is not None:
                return site.receiver
            return Instance(project_class(site.model, owner))
        if bound_as is Binding.CLASS:  # the class it was called on, a subclass maybe
            if site.receiver is not None:
                return ClassValue(site.receiver.cls)
            return ClassValue(project_class(site.model, owner))
    receiver = site.receiver
    if (
        receiver is not None
        and receiver.origin is not None
        and owner is not None
        and function.name == "__init__"
    ):
        call, made_at = receiver.origin
        argument = _passed(call, function.positional[1:], name)
        if argument is not None:
            return value_of(argument, made_at)
    arguments = function.node.args  # type: ignore[union-attr]
    outer = site.at(function.parent) if function.parent is not None else site
    for parameter in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
        if parameter.arg == name and parameter.annotation is not None:
            return annotation_value(parameter.annotation, outer)
    default = _default(arguments, name)
    return value_of(default, outer) if default is not None else None


def _passed(call: ast.Call, positional: list[str], name: str) -> ast.expr | None:
    """The argument a call passes for `name`, by keyword or by its place among `positional`
    (the parameters it fills in order: `__init__`'s after `self`, a dataclass's fields)."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    index = positional.index(name) if name in positional else -1
    if 0 <= index < len(call.args) and not any(
        isinstance(argument, ast.Starred) for argument in call.args[: index + 1]
    ):
        return call.args[index]
    return None


def _default(arguments: ast.arguments, name: str) -> ast.expr | None:
    positional = [*arguments.posonlyargs, *arguments.args]
    offset = len(positional) - len(arguments.defaults)
    for index, parameter in enumerate(positional):
        if parameter.arg == name:
            return arguments.defaults[index - offset] if index >= offset else None
    for parameter, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        if parameter.arg == name:
            return default
    return None


def _global_value(qualified: str, site: Site) -> Value | None:
    """What a module-level name of a project module holds: a class, or its assigned value."""
    if qualified in LOGGER_OBJECTS:
        return Kind.LOGGER
    if "." not in qualified or not site.project.defines(qualified, site.model.path):
        return None
    found = site.project.resolve_global(qualified, site.model.path)
    if found is None:
        return None
    model, name = found
    scope = model.module_scope
    if name in scope.classes:
        return ClassValue(project_class(model, scope.classes[name]))
    values = scope.assigned.get(name)
    if values is None:
        return None
    return _first_known(values, Site(site.project, model, scope, site.region))


def project_class(model: ModuleModel, scope: Scope) -> ProjectClass:
    """One `ProjectClass` per class statement, so classes compare by identity."""
    classes: dict[int, ProjectClass] = model.memo.setdefault("project-classes", {})
    found = classes.get(id(scope))
    if found is None:
        found = classes[id(scope)] = ProjectClass(model, scope)
    return found


# -- attributes --------------------------------------------------------------------------------


def _attribute_value(node: ast.Attribute, site: Site) -> Value | None:
    if node.attr == "logger" and site.is_context(node.value):
        return Kind.CONTEXT_LOGGER  # quiet while replaying, whatever a parameter's annotation
    qualified = site.qualify(node)
    if qualified is not None:  # `module.name` through an import, or an imported object's
        if qualified in LOGGER_OBJECTS:
            return Kind.LOGGER
        if not site.project.defines(qualified, site.model.path):
            return None  # nothing of the project along the way: a library's attribute
        found = _global_value(qualified, site)
        if found is not None:
            return found
    receiver = value_of(node.value, site)
    if receiver is None:
        return None
    if isinstance(receiver, Kind):
        if receiver is Kind.PATH and node.attr == "parent":
            return Kind.PATH
        if receiver is Kind.BOTO3 and node.attr in ("meta", "client"):
            return Kind.BOTO3  # `table.meta.client`
        return None
    if isinstance(receiver, Elements):
        return None
    return member_value(receiver, node.attr, site)


def member_value(owner: Instance | ClassValue, name: str, site: Site) -> Value | None:
    """What `owner.name` holds: a property's result, a field, an attribute set in a method."""
    instance = owner if isinstance(owner, Instance) else None
    for cls in mro(owner.cls, site):
        body = class_body(cls)
        if name in body.methods:
            if body.bindings[name] is Binding.PROPERTY and instance is not None:
                return return_value(cls.model, body.methods[name], site, instance)
            return None  # a method: a callable, not an object the rules look into
        if name not in body.values and name not in body.annotations:
            continue
        if instance is not None and instance.origin is not None and name in body.fields:
            call, made_at = instance.origin
            argument = _passed(call, body.fields, name)
            if argument is not None:
                return value_of(argument, made_at)
        for expression, scope in sorted(body.values.get(name, ()), key=_assignment_order):
            inner = Site(site.project, cls.model, scope, site.region, instance)
            value = value_of(expression, inner)
            if value is not None:
                return _constructed(value) if _is_field_call(expression, inner) else value
        annotation = body.annotations.get(name)
        if annotation is not None:
            expression, scope = annotation
            outer = Site(site.project, cls.model, scope, site.region)
            return annotation_value(expression, outer)
        return None
    return None


def _assignment_order(assignment: tuple[ast.expr, Scope]) -> int:
    """What `__init__` stores replaces a class-level default on every instance, so it is
    read first; other methods' assignments come next, the class body's last."""
    scope = assignment[1]
    if scope.is_function:
        return 0 if scope.name == "__init__" else 1
    return 2


def _is_field_call(node: ast.expr, site: Site) -> bool:
    return isinstance(node, ast.Call) and site.qualify(node.func) in FIELD_CALLS


def _constructed(value: Value) -> Value | None:
    """`field(default_factory=Clock)` holds what calling `Clock` makes."""
    if isinstance(value, ClassValue):
        return Instance(value.cls)
    return value if isinstance(value, Kind) else None


def mro(cls: ProjectClass, site: Site) -> Iterator[ProjectClass]:
    """The class and its project bases, depth first, each once."""
    seen: set[int] = set()
    stack = [cls]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        node = current.scope.node
        assert isinstance(node, ast.ClassDef)
        parent = current.scope.parent or current.model.module_scope
        outer = Site(site.project, current.model, parent, site.region)
        bases = [value_of(base, outer) for base in node.bases]
        stack.extend(base.cls for base in reversed(bases) if isinstance(base, ClassValue))


def find_method(cls: ProjectClass, name: str, site: Site) -> tuple[ProjectClass, Scope] | None:
    """The method `name` of a class or its project bases, and the class that defines it."""
    for current in mro(cls, site):
        body = class_body(current)
        method = body.methods.get(name)
        if method is not None:
            return current, method
        if name in body.values:
            return None  # an attribute shadows any base's method
    return None


# -- calls -------------------------------------------------------------------------------------


def _call_value(call: ast.Call, site: Site) -> Value | None:
    func = call.func
    qualified = site.qualify(func)
    if qualified is not None and isinstance(func, ast.Name) and _bound_here(func.id, site):
        qualified = None  # `class Repo` after `from shop import Repo`: the class wins
    if qualified is not None:  # an imported or builtin name, or an attribute of one
        known = library_call(qualified)
        if known is not None:
            return known
        if qualified in FIELD_CALLS:
            for keyword in call.keywords:
                if keyword.arg in ("default_factory", "factory"):
                    return value_of(keyword.value, site)
            return None
        if not site.project.defines(qualified, site.model.path):
            return None  # a builtin, or a library's function
        found = site.project.resolve_global(qualified, site.model.path)
        if found is not None:
            model, name = found
            scope = model.module_scope
            if name in scope.classes:
                return construct(project_class(model, scope.classes[name]), call, site)
            if name in scope.defs:
                return return_value(model, scope.defs[name], site)
            return None
        if not isinstance(func, ast.Attribute):
            return None  # a builtin or a library function
        # `Repo.create()` on an imported class, `container.orders()` on an imported object
        return _method_result(callable_target(func, site), site)
    if isinstance(func, ast.Attribute):
        receiver = value_of(func.value, site)
        if isinstance(receiver, Kind):
            return library_method(receiver, func.attr)
        return _method_result(callable_target(func, site), site)
    target = value_of(func, site)
    if isinstance(target, ClassValue):
        return construct(target.cls, call, site)
    callee = call_target(call, site)
    if callee is None:
        function_found = site.project.reference(site, func)
        return return_value(*function_found, site) if function_found is not None else None
    return _method_result(callee, site)


def _bound_here(name: str, site: Site) -> bool:
    """Whether the code binds `name` itself (a class, def, assignment or parameter) where it
    is read, which shadows an import of that name."""
    for scope in site.scope.lexical_chain():
        if name in scope.classes or name in scope.defs or name in scope.assigned:
            return True
        if name in scope.params:
            return True
        if name in scope.bound:
            return False  # bound by the import (or a loop)
    return False


def _method_result(
    callee: tuple[ModuleModel, Scope, Instance | None] | None, site: Site
) -> Value | None:
    if callee is None:
        return None
    model, function, instance = callee
    if function.name == "__init__" and instance is not None:
        return instance
    return return_value(model, function, site, instance)


def construct(cls: ProjectClass, call: ast.Call, site: Site) -> Instance:
    """The instance a call of a project class makes (with its arguments, where they count)."""
    if class_body(cls).stores_arguments:
        return Instance(cls, (call, site))
    return Instance(cls)


def return_value(
    model: ModuleModel, function: Scope, site: Site, receiver: Instance | None = None
) -> Value | None:
    """What a project function or method returns: the first `return` whose value is known
    (a subclass it makes, where the annotation names the base), else its return annotation."""
    node = function.node
    if isinstance(node, ast.Lambda):
        return value_of(node.body, Site(site.project, model, function, site.region, receiver))
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    inner = Site(site.project, model, function, site.region, receiver)
    for statement in model.own_statements.get(id(function), ()):
        if isinstance(statement, ast.Return) and statement.value is not None:
            value = value_of(statement.value, inner)
            if value is not None:
                return value
    if node.returns is not None:
        outer = Site(site.project, model, function.parent or model.module_scope, site.region)
        return annotation_value(node.returns, outer)
    return None


def call_target(call: ast.Call, site: Site) -> tuple[ModuleModel, Scope, Instance | None] | None:
    """The project method (or constructor) a call runs, with the instance it runs on, when
    the receiver's class is known; plain functions are `Project.reference`'s."""
    func = call.func
    target = _called_value(func, site)
    if isinstance(target, ClassValue):
        instance = construct(target.cls, call, site)
        found = find_method(target.cls, "__init__", site) or find_method(
            target.cls, "__post_init__", site
        )
        return (found[0].model, found[1], instance) if found is not None else None
    if isinstance(target, Instance):
        found = find_method(target.cls, "__call__", site)
        return (found[0].model, found[1], target) if found is not None else None
    return callable_target(func, site)


def _called_value(func: ast.expr, site: Site) -> Value | None:
    """What a called expression is, where it may be a class or a callable object: a name, or
    `module.Name` through an import. `obj.method` is a method, looked up by `callable_target`."""
    if isinstance(func, ast.Name):
        return value_of(func, site)
    if isinstance(func, ast.Attribute):
        qualified = site.qualify(func)
        return _global_value(qualified, site) if qualified is not None else None
    return None


def callable_target(
    node: ast.expr, site: Site, depth: int = 0
) -> tuple[ModuleModel, Scope, Instance | None] | None:
    """The method a callable expression stands for: `repo.save`, `Repo.create`, a name bound
    to one, or `functools.partial` of one."""
    if depth > 4:
        return None
    if isinstance(node, ast.Attribute) and _is_super(node.value):
        return _base_method(node.attr, site)
    if isinstance(node, ast.Attribute):
        receiver = value_of(node.value, site)
        if isinstance(receiver, (Instance, ClassValue)):
            found = find_method(receiver.cls, node.attr, site)
            if found is None or class_body(found[0]).bindings[node.attr] is Binding.PROPERTY:
                return None
            if isinstance(receiver, Instance):
                return found[0].model, found[1], receiver
            # On the class itself: `cls` in a classmethod is that class, a subclass maybe.
            return found[0].model, found[1], Instance(receiver.cls)
        return None
    if isinstance(node, ast.Call) and node.args:
        if site.qualify(node.func) == "functools.partial":
            return callable_target(node.args[0], site, depth + 1)
        return None
    if isinstance(node, ast.Name):
        for scope in site.scope.lexical_chain():
            if node.id in scope.assigned:
                inner = site.at(scope)
                for value in scope.assigned[node.id]:
                    found = callable_target(value, inner, depth + 1)
                    if found is not None:
                        return found
                return None
            if node.id in scope.params or node.id in scope.bound:
                return None
    return None


def _is_super(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def _base_method(name: str, site: Site) -> tuple[ModuleModel, Scope, Instance | None] | None:
    """`super().name`: the method of the enclosing class's project bases, on the same `self`."""
    for function in site.scope.lexical_chain():
        owner = enclosing_class(function) if function.is_function else None
        if owner is None:
            continue
        cls = project_class(site.model, owner)
        for base in mro(cls, site):
            if base is cls:
                continue
            method = class_body(base).methods.get(name)
            if method is not None:
                receiver = function.positional and _name_value(function.positional[0], site)
                instance = receiver if isinstance(receiver, Instance) else None
                return base.model, method, instance
        return None
    return None


# -- annotations -------------------------------------------------------------------------------


def annotation_value(annotation: ast.expr, site: Site) -> Value | None:
    """The object a type annotation promises: an instance of a project class, or a known
    library kind (`logging.Logger`, `requests.Session`, boto3 stub types)."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        parsed = _parsed_annotation(annotation.value, site.model)
        return annotation_value(parsed, site) if parsed is not None else None
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return annotation_value(annotation.left, site) or annotation_value(annotation.right, site)
    if isinstance(annotation, ast.Subscript):
        wrapper = annotation.value
        name = wrapper.attr if isinstance(wrapper, ast.Attribute) else getattr(wrapper, "id", "")
        if name in COLLECTIONS:
            inner = annotation.slice
            first = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
            return _elements(annotation_value(first, site))
        if name not in TYPE_WRAPPERS:
            return None
        inner = annotation.slice
        elements = inner.elts if isinstance(inner, ast.Tuple) else [inner]
        if name != "Union":
            elements = elements[:1]
        for element in elements:
            value = annotation_value(element, site)
            if value is not None:
                return value
        return None
    if not isinstance(annotation, (ast.Name, ast.Attribute)):
        return None
    qualified = site.qualify(annotation)
    if qualified is not None:
        known = ANNOTATED_KINDS.get(qualified)
        if known is not None:
            return known
        if qualified.startswith(BOTO3_STUB_PREFIX):
            return Kind.BOTO3
        if "." not in qualified:
            return None  # a builtin type: `dict`, `str`
    value = value_of(annotation, site)
    return Instance(value.cls) if isinstance(value, ClassValue) else None


def _parsed_annotation(text: str, model: ModuleModel) -> ast.expr | None:
    """A string annotation's expression, parsed once per module (kept, so node ids stay valid
    for the value cache)."""
    parsed: dict[str, ast.expr | None] = model.memo.setdefault("string-annotations", {})
    if text not in parsed:
        try:
            parsed[text] = ast.parse(text.strip(), mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            parsed[text] = None
    return parsed[text]
