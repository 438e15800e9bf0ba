"""The durable model of one module: its functions, and which of them replay or run once.

One walk indexes the module (functions, scopes, assignments, loops and durable-operation calls);
a small fixpoint over the recorded operation calls then classifies each function as replayed
code, checkpointed code, or neither, following the catalogue's "Where rules apply".
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from durable_lint.analysis import sdk
from durable_lint.analysis.imports import ImportMap
from durable_lint.analysis.syntax import CHILD_FIELDS, child_fields

T = TypeVar("T")
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
ScopeNode = FunctionNode | ast.Module | ast.ClassDef


class Region(enum.Enum):
    """How code runs under replay."""

    NEUTRAL = "neutral"  # not known to run in a durable execution (module code, unreached helpers)
    REPLAYED = "replayed"  # runs again on every replay
    CHECKPOINTED = "checkpointed"  # runs once; its result is stored and returned on replay


@dataclass(frozen=True)
class Loop:
    """A `for` loop or comprehension generator and the names it binds on each iteration."""

    node: ast.AST
    targets: frozenset[str]


@dataclass(eq=False, slots=True)
class Scope:
    """A module, class or function body: the names it binds and what it was classified as."""

    node: ScopeNode
    parent: Scope | None
    name: str
    positional: list[str] = field(default_factory=list)
    params: set[str] = field(default_factory=set)
    loops: tuple[Loop, ...] = ()
    region: Region | None = None
    runs_inline: bool = False  # a lambda passed straight to a call: it runs where it is written
    contexts: frozenset[str] = frozenset()
    role: str = ""
    defs: dict[str, Scope] = field(default_factory=dict)
    classes: dict[str, Scope] = field(default_factory=dict)  # class statements in this body
    assigned: dict[str, list[ast.expr]] = field(default_factory=dict)
    bound: set[str] = field(default_factory=set)
    declared_outer: set[str] = field(default_factory=set)
    decorators: set[str] = field(default_factory=set)
    _chain: tuple[Scope, ...] | None = field(default=None, init=False, repr=False)

    @property
    def is_function(self) -> bool:
        return isinstance(self.node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))

    @property
    def is_async(self) -> bool:
        return isinstance(self.node, ast.AsyncFunctionDef)

    def classify(self, region: Region, role: str, contexts: frozenset[str] = frozenset()) -> bool:
        """Set the classification once; the first reason found wins."""
        if self.region is not None:
            return False
        self.region, self.role, self.contexts = region, role, contexts
        return True

    def lexical_chain(self) -> tuple[Scope, ...]:
        """This scope and the enclosing ones a name lookup sees (class bodies are skipped);
        worked out once, since nearly every name the rules look up walks it."""
        chain = self._chain
        if chain is None:
            outer = self.parent.lexical_chain() if self.parent is not None else ()
            if self.parent is not None and isinstance(self.parent.node, ast.ClassDef):
                outer = outer[1:]
            chain = self._chain = (self, *outer)
        return chain


@dataclass(frozen=True)
class OperationCall:
    """A call `receiver.op(...)` whose method name is a durable operation."""

    call: ast.Call
    scope: Scope


class ModuleModel:
    """Everything the rules need to know about one parsed module."""

    def __init__(
        self,
        tree: ast.Module,
        path: str,
        sdk_modules: tuple[str, ...] = sdk.DEFAULT_SDK_MODULES,
        module_name: str | None = None,
        is_package: bool = False,
    ) -> None:
        self.tree = tree
        self.path = path
        self.sdk_modules = sdk_modules
        self.imports = ImportMap(module_name, is_package)
        self.module_scope = Scope(tree, None, "<module>")
        self.scopes: dict[int, Scope] = {}
        self.operation_calls: list[OperationCall] = []
        self.plain_calls: list[tuple[ast.Call, Scope]] = []
        self.list_items: dict[tuple[int, str], list[ast.expr]] = {}
        self.call_loops: dict[int, tuple[Loop, ...]] = {}
        # What a loop variable iterates over, by (scope, name): `for appt in self.appointments`.
        self.loop_sources: dict[tuple[int, str], list[ast.expr]] = {}
        self.memo: dict[str, Any] = {}  # per-module results a rule computes once
        self._qualified: dict[int, str | None] = {}
        # What `values.value_of` found for a node, with what it read: key -> (value, reads).
        self.value_kinds: dict[Any, tuple[Any, Any]] = {}
        # Attributes read (not called) and the scope they are read in: a property read runs
        # its getter.
        self.attribute_reads: list[tuple[ast.Attribute, Scope]] = []
        self.operations: dict[int, str | None] = {}  # see the end of __init__
        # Nodes rules look at, in source order, with the scope they are evaluated in.
        self.nodes: list[tuple[ast.AST, Scope]] = []
        # The statement each recorded node belongs to (for fixes that rewrite statements).
        self.statements: dict[int, ast.stmt | None] = {}
        # Assignments and returns of each function's own body (not nested functions'), in
        # source order, by id of the scope: what class and return-value lookups read.
        self.own_statements: dict[int, list[ast.stmt]] = {}
        _Indexer(self).run()
        self.uses_sdk = self.imports.imports_module(sdk_modules)
        if self.uses_sdk:
            _classify(self)
        # Which `x.step(...)`-shaped calls are operations on a DurableContext, once the
        # contexts are known: rules ask this of nearly every call.
        self.operations = {
            id(operation.call): operation.call.func.attr  # type: ignore[attr-defined]
            if self.is_context(operation.call.func.value, operation.scope)  # type: ignore[attr-defined]
            else None
            for operation in self.operation_calls
        }

    def release(self) -> None:
        """Unlink what points back up (scopes to their parents, values to their model), so
        the module's tree and model are freed by reference counting as soon as it is
        dropped: a run then needs no garbage collection to find a file's cycles."""
        for scope in self.scopes.values():
            scope.parent = None
            scope._chain = None
            scope.defs.clear()
            scope.classes.clear()
        self.value_kinds.clear()
        self.memo.clear()

    def once(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()`, worked out once per module model and kept in `memo` under `key`."""
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = compute()
        return found

    # -- lookups -----------------------------------------------------------------------------

    def scope_of(self, node: ast.AST) -> Scope | None:
        return self.scopes.get(id(node))

    def qualify(self, node: ast.expr) -> str | None:
        key = id(node)
        try:
            return self._qualified[key]
        except KeyError:
            qualified = self._qualified[key] = self.imports.qualify(node)
            return qualified

    def sdk_decorator(self, decorator: ast.expr) -> str:
        """The SDK decorator an expression names (`durable_step`), bare or called, else ''."""
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        qualified = self.imports.qualify(target)
        if qualified is None:
            return ""
        head, _, last = qualified.rpartition(".")
        if last in sdk.DURABLE_DECORATORS and sdk.sdk_module_of(head, self.sdk_modules):
            return last
        return ""

    def lookup_function(self, name: str, scope: Scope) -> Scope | None:
        """The function a bare name refers to in `scope`, by Python's lexical rules."""
        for candidate in scope.lexical_chain():
            if name in candidate.defs:
                return candidate.defs[name]
            if name in candidate.params or name in candidate.bound:
                return None
        return None

    def lookup_assigned(self, name: str, scope: Scope) -> tuple[Scope, list[ast.expr]] | None:
        """The values assigned to `name` in the nearest scope that binds it."""
        for candidate in scope.lexical_chain():
            if name in candidate.params:
                return None
            if name in candidate.assigned:
                return candidate, candidate.assigned[name]
            if name in candidate.bound:  # a loop target, import or def: no value to read
                return None
        return None

    def context_owner(self, node: ast.expr, scope: Scope) -> Scope | None:
        """The replayed function whose DurableContext `node` is, or None."""
        if not isinstance(node, ast.Name):
            return None
        for candidate in scope.lexical_chain():
            if node.id in candidate.contexts:
                return candidate
            if node.id in candidate.params or node.id in candidate.bound:
                return None
        return None

    def is_context(self, node: ast.expr, scope: Scope) -> bool:
        return self.context_owner(node, scope) is not None

    def list_elements(self, node: ast.expr, scope: Scope) -> list[ast.expr]:
        """The callables in a list expression, following a local list built up by name."""
        if isinstance(node, (ast.List, ast.Tuple)):
            return [elt for elt in node.elts if not isinstance(elt, ast.Starred)]
        if isinstance(node, ast.ListComp):
            return [node.elt]
        if isinstance(node, ast.Name):
            for candidate in scope.lexical_chain():
                items = self.list_items.get((id(candidate), node.id))
                if items is not None:
                    elements: list[ast.expr] = []
                    for item in items:
                        if isinstance(item, (ast.List, ast.Tuple, ast.ListComp)):
                            elements.extend(self.list_elements(item, candidate))
                        else:
                            elements.append(item)
                    return elements
                if node.id in candidate.params:
                    return []
        return []

    def callable_scope(self, node: ast.expr, scope: Scope) -> Scope | None:
        """The function an expression passed as a callable stands for, if it is local code."""
        if isinstance(node, ast.Lambda):
            return self.scope_of(node)
        if isinstance(node, ast.Name):
            return self.lookup_function(node.id, scope)
        if isinstance(node, ast.Attribute):
            return self.local_method(node, scope)
        return None

    def local_method(self, node: ast.Attribute, scope: Scope) -> Scope | None:
        """The method of a class of this module that `obj.name` stands for, when the module
        says plainly what `obj` is: `self`/`cls` in a method, the class itself, or a name made
        from or annotated with the class. (`values` answers this across modules.)"""
        owner = self._local_class(node.value, scope)
        return owner.defs.get(node.attr) if owner is not None else None

    def _local_class(self, node: ast.expr, scope: Scope) -> Scope | None:
        if isinstance(node, ast.Call):
            return self._class_named(node.func, scope)
        if not isinstance(node, ast.Name):
            return None
        name = node.id
        for candidate in scope.lexical_chain():
            if name in candidate.params:
                if candidate.positional and candidate.positional[0] == name:
                    parent = candidate.parent
                    if parent is not None and isinstance(parent.node, ast.ClassDef):
                        return parent
                annotation = _annotation_of(candidate, name)
                return self._class_named(annotation, scope) if annotation is not None else None
            if name in candidate.classes:
                return candidate.classes[name]
            if name in candidate.assigned:
                for value in candidate.assigned[name]:
                    if isinstance(value, ast.Call):
                        found = self._class_named(value.func, candidate)
                        if found is not None:
                            return found
                return None
            if name in candidate.bound:
                return None
        return None

    def _class_named(self, node: ast.expr, scope: Scope) -> Scope | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node = ast.Name(node.value)
        if not isinstance(node, ast.Name):
            return None
        for candidate in scope.lexical_chain():
            if node.id in candidate.classes:
                return candidate.classes[node.id]
            if node.id in candidate.params or node.id in candidate.bound:
                return None
        return None


def _annotation_of(function: Scope, name: str) -> ast.expr | None:
    arguments = getattr(function.node, "args", None)
    if arguments is None:
        return None
    for parameter in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
        if parameter.arg == name:
            return parameter.annotation
    return None


def positional_params(args: ast.arguments) -> list[str]:
    return [a.arg for a in (*args.posonlyargs, *args.args)]


def all_params(args: ast.arguments) -> set[str]:
    names = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    if args.vararg:
        names.add(args.vararg.arg)
    if args.kwarg:
        names.add(args.kwarg.arg)
    return names


def store_names(target: ast.AST) -> list[str]:
    """Names bound by an assignment target (tuples unpacked)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for elt in target.elts for name in store_names(elt)]
    if isinstance(target, ast.Starred):
        return store_names(target.value)
    return []


# Statements `ModuleModel.own_statements` keeps for each body.
OWN_STATEMENTS = frozenset({ast.Assign, ast.AnnAssign, ast.Return})

# Node types the checker dispatches rules on; every rule visitor must use one of these.
RECORDED_NODES = frozenset(
    {
        ast.Call,
        ast.Assign,
        ast.AugAssign,
        ast.AnnAssign,
        ast.Delete,
        ast.For,
        ast.AsyncFor,
        ast.Try,
        *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
        ast.Expr,
        ast.Lambda,
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.Await,
    }
)


# Methods that keep a function for later instead of calling it.
STORING_METHODS = frozenset(
    {"append", "extend", "insert", "add", "setdefault", "update", "put", "put_nowait", "push"}
)


class _Indexer:
    """One recursive walk that records scopes, bindings, loops and durable-operation calls."""

    def __init__(self, model: ModuleModel) -> None:
        self.model = model
        self._call_arguments: set[int] = set()
        self._called: set[int] = set()  # attributes that are the function of a call
        self._local_imports: list[tuple[Scope, dict[str, str]]] = []  # imports in functions
        self._statement: ast.stmt | None = None

    def run(self) -> None:
        self.model.scopes[id(self.model.tree)] = self.model.module_scope
        for stmt in self.model.tree.body:
            self.visit(stmt, self.model.module_scope, ())
        for scope, names in self._local_imports:  # a function's imports bind in all of it
            self.model.imports.local(names, scope.node)

    def visit(self, node: ast.AST, scope: Scope, loops: tuple[Loop, ...]) -> None:
        kind = type(node)
        if kind is ast.Name:  # a third of all nodes: answered before the general dispatch
            if type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
                scope.bound.add(node.id)  # type: ignore[attr-defined]
            return
        plan = _PLANS.get(kind)
        if plan is None:
            plan = _PLANS[kind] = (
                kind in RECORDED_NODES,
                issubclass(kind, ast.stmt),
                getattr(_Indexer, "visit_" + kind.__name__, None),
            )
        recorded, statement, method = plan
        if recorded:
            self.model.nodes.append((node, scope))
            self.model.statements[id(node)] = self._statement
        if statement:
            outer, self._statement = self._statement, node
            if kind in OWN_STATEMENTS:
                self.model.own_statements.setdefault(id(scope), []).append(node)  # type: ignore[arg-type]
        if method is not None:
            method(self, node, scope, loops)
        else:
            self.children(node, scope, loops)
        if statement:
            self._statement = outer

    def children(self, node: ast.AST, scope: Scope, loops: tuple[Loop, ...]) -> None:
        """Visit the child nodes (`syntax.child_nodes`, read here field by field: most nodes
        go through this). Constants and names read are most leaves and index nothing."""
        visit = self.visit
        for name in CHILD_FIELDS.get(type(node)) or child_fields(type(node)):
            value = getattr(node, name)
            if type(value) is list:
                for child in value:
                    kind = type(child)
                    if not (
                        child is None
                        or kind is ast.Constant
                        or (kind is ast.Name and type(child.ctx) is ast.Load)  # type: ignore[attr-defined]
                    ):
                        visit(child, scope, loops)
            elif not (
                value is None
                or type(value) is ast.Constant
                or (type(value) is ast.Name and type(value.ctx) is ast.Load)  # type: ignore[attr-defined]
            ):
                visit(value, scope, loops)

    # -- scopes ------------------------------------------------------------------------------

    def _function(self, node: FunctionNode, scope: Scope, loops: tuple[Loop, ...]) -> Scope:
        name = getattr(node, "name", "<lambda>")
        inner = Scope(
            node,
            scope,
            name,
            positional=positional_params(node.args),
            params=all_params(node.args),
            loops=loops,
        )
        self.model.scopes[id(node)] = inner
        for default in (*node.args.defaults, *node.args.kw_defaults):
            if default is not None:
                self.visit(default, scope, loops)
        return inner

    def visit_FunctionDef(self, node: ast.FunctionDef, scope: Scope, loops) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator, scope, loops)
        inner = self._function(node, scope, loops)
        for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
            if arg.annotation is not None and self._is_context_annotation(arg.annotation):
                inner.contexts = inner.contexts | {arg.arg}
        inner.decorators = {self.model.sdk_decorator(d) for d in node.decorator_list} - {""}
        scope.defs[node.name] = inner
        scope.bound.add(node.name)
        for stmt in node.body:
            self.visit(stmt, inner, ())

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda, scope: Scope, loops) -> None:
        inner = self._function(node, scope, loops)
        inner.runs_inline = id(node) in self._call_arguments
        self.visit(node.body, inner, ())

    def visit_ClassDef(self, node: ast.ClassDef, scope: Scope, loops) -> None:
        for expr in (*node.decorator_list, *node.bases, *(k.value for k in node.keywords)):
            self.visit(expr, scope, loops)
        inner = Scope(node, scope, node.name)
        self.model.scopes[id(node)] = inner
        scope.bound.add(node.name)
        scope.classes[node.name] = inner
        for stmt in node.body:
            self.visit(stmt, inner, ())

    def _is_context_annotation(self, annotation: ast.expr) -> bool:
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            return annotation.value.rsplit(".", 1)[-1] == sdk.CONTEXT_TYPE
        if isinstance(annotation, ast.Subscript):  # Optional[DurableContext]
            return self._is_context_annotation(annotation.slice)
        if isinstance(annotation, ast.BinOp):  # DurableContext | None
            return self._is_context_annotation(annotation.left) or self._is_context_annotation(
                annotation.right
            )
        if isinstance(annotation, (ast.Name, ast.Attribute)):
            name = annotation.id if isinstance(annotation, ast.Name) else annotation.attr
            return name == sdk.CONTEXT_TYPE
        return False

    # -- bindings ----------------------------------------------------------------------------

    def visit_Import(self, node: ast.Import | ast.ImportFrom, scope: Scope, loops) -> None:
        bound = self.model.imports.add(node, module_level=not scope.is_function)
        scope.bound.update(bound)
        if scope.is_function and bound:
            self._local_imports.append((scope, bound))

    visit_ImportFrom = visit_Import

    def _bind(self, target: ast.AST, value: ast.expr | None, scope: Scope) -> None:
        for name in store_names(target):
            scope.bound.add(name)
            if value is not None:
                scope.assigned.setdefault(name, []).append(value)
        if isinstance(target, ast.Name) and value is not None:
            if isinstance(value, ast.Lambda):
                lambda_scope = self.model.scopes.get(id(value))
                if lambda_scope is not None:
                    scope.defs[target.id] = lambda_scope
            if isinstance(value, (ast.List, ast.Tuple, ast.ListComp)):
                self.model.list_items.setdefault((id(scope), target.id), []).append(value)

    def visit_Assign(self, node: ast.Assign, scope: Scope, loops) -> None:
        self.visit(node.value, scope, loops)
        single = node.value if len(node.targets) == 1 else None
        for target in node.targets:
            self.visit(target, scope, loops)
            if isinstance(target, (ast.Tuple, ast.List)) and isinstance(
                node.value, (ast.Tuple, ast.List)
            ):
                for sub_target, sub_value in zip(target.elts, node.value.elts, strict=False):
                    self._bind(sub_target, sub_value, scope)
            else:
                self._bind(target, single if single is not None else node.value, scope)

    def visit_AnnAssign(self, node: ast.AnnAssign, scope: Scope, loops) -> None:
        if node.value is not None:
            self.visit(node.value, scope, loops)
        self.visit(node.target, scope, loops)
        self._bind(node.target, node.value, scope)

    def visit_AugAssign(self, node: ast.AugAssign, scope: Scope, loops) -> None:
        self.visit(node.value, scope, loops)
        self.visit(node.target, scope, loops)
        if isinstance(node.target, ast.Name):
            scope.bound.add(node.target.id)
            if isinstance(node.value, (ast.List, ast.Tuple, ast.ListComp)):
                key = (id(scope), node.target.id)
                self.model.list_items.setdefault(key, []).append(node.value)

    def visit_NamedExpr(self, node: ast.NamedExpr, scope: Scope, loops) -> None:
        self.visit(node.value, scope, loops)
        self._bind(node.target, node.value, scope)

    def visit_Global(self, node: ast.Global, scope: Scope, loops) -> None:
        scope.declared_outer.update(node.names)

    visit_Nonlocal = visit_Global

    def visit_With(self, node: ast.With | ast.AsyncWith, scope: Scope, loops) -> None:
        for item in node.items:
            self.visit(item.context_expr, scope, loops)
            if item.optional_vars is not None:
                self.visit(item.optional_vars, scope, loops)
                self._bind(item.optional_vars, item.context_expr, scope)
        for stmt in node.body:
            self.visit(stmt, scope, loops)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler, scope: Scope, loops) -> None:
        if node.name:
            scope.bound.add(node.name)
        self.children(node, scope, loops)

    # -- loops -------------------------------------------------------------------------------

    def visit_For(self, node: ast.For | ast.AsyncFor, scope: Scope, loops) -> None:
        self.visit(node.iter, scope, loops)
        self.visit(node.target, scope, loops)
        self._iterates(node.target, node.iter, scope)
        inner = (*loops, Loop(node, frozenset(store_names(node.target))))
        for stmt in node.body:
            self.visit(stmt, scope, inner)
        for stmt in node.orelse:
            self.visit(stmt, scope, loops)

    visit_AsyncFor = visit_For

    def _iterates(self, target: ast.expr, iterable: ast.expr, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            self.model.loop_sources.setdefault((id(scope), target.id), []).append(iterable)

    def _comprehension(self, node, elements: list[ast.expr], scope: Scope, loops) -> None:
        inner = loops
        for generator in node.generators:
            self.visit(generator.iter, scope, inner)
            self.visit(generator.target, scope, inner)
            self._iterates(generator.target, generator.iter, scope)
            inner = (*inner, Loop(node, frozenset(store_names(generator.target))))
            for condition in generator.ifs:
                self.visit(condition, scope, inner)
        for element in elements:
            self.visit(element, scope, inner)

    def visit_ListComp(self, node, scope: Scope, loops) -> None:
        self._comprehension(node, [node.elt], scope, loops)

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp, scope: Scope, loops) -> None:
        self._comprehension(node, [node.key, node.value], scope, loops)

    # -- calls -------------------------------------------------------------------------------

    def visit_Attribute(self, node: ast.Attribute, scope: Scope, loops) -> None:
        if isinstance(node.ctx, ast.Load) and id(node) not in self._called:
            self.model.attribute_reads.append((node, scope))
        self.visit(node.value, scope, loops)

    def visit_Call(self, node: ast.Call, scope: Scope, loops) -> None:
        func = node.func
        args = node.args
        attribute = func.attr if type(func) is ast.Attribute else None  # type: ignore[attr-defined]
        if attribute is not None:
            self._called.add(id(func))
        if attribute not in STORING_METHODS:
            for argument in args:
                if type(argument) is ast.Lambda:
                    self._call_arguments.add(id(argument))
            for keyword in node.keywords:
                if type(keyword.value) is ast.Lambda:
                    self._call_arguments.add(id(keyword.value))
        if attribute is not None:
            if attribute in sdk.DURABLE_OPS:
                self.model.operation_calls.append(OperationCall(node, scope))
                self.model.call_loops[id(node)] = loops
            elif (
                attribute in ("append", "extend", "insert")
                and type(func.value) is ast.Name  # type: ignore[attr-defined]
                and args
            ):
                key = (id(scope), func.value.id)  # type: ignore[attr-defined]
                item = args[-1]
                values = [item] if attribute != "extend" else self._extended(item)
                self.model.list_items.setdefault(key, []).extend(values)
        if attribute is not None or type(func) is ast.Name:
            for argument in args:
                if type(argument) is ast.Name:  # it may pass a context, or apply a decorator
                    self.model.plain_calls.append((node, scope))
                    break
        self.children(node, scope, loops)

    @staticmethod
    def _extended(item: ast.expr) -> list[ast.expr]:
        return [item] if isinstance(item, (ast.List, ast.Tuple, ast.ListComp)) else []


def _skip(indexer: _Indexer, node: ast.AST, scope: Scope, loops: tuple[Loop, ...]) -> None:
    """Leaves with nothing to index (constants)."""


# Per node type: (recorded for the rules?, a statement?, the `_Indexer` method that visits it,
# or None for its children). Kept apart from the indexer: plain functions, so an indexer and
# the model it fills are freed as soon as they are dropped (see `ModuleModel.release`).
_PLANS: dict[type, tuple[bool, bool, Any]] = {ast.Constant: (False, False, _skip)}


# -- classification ---------------------------------------------------------------------------

_DECORATOR_ROLES: dict[str, tuple[Region, str, int | None]] = {
    # decorator: (region, role, index of the DurableContext parameter)
    sdk.HANDLER_DECORATOR: (Region.REPLAYED, "handler", 1),
    sdk.CHILD_DECORATOR: (Region.REPLAYED, "child context function", 0),
    sdk.BRANCH_DECORATOR: (Region.REPLAYED, "parallel branch", 0),
    sdk.STEP_DECORATOR: (Region.CHECKPOINTED, "durable_step function", None),
    sdk.SUBMITTER_DECORATOR: (Region.CHECKPOINTED, "callback submitter", None),
}


def _context_param(model: ModuleModel, scope: Scope, index: int | None) -> frozenset[str]:
    """The parameter at `index` of the arguments a call passes (after `self` for a method)."""
    if index is None:
        return frozenset()
    parent = scope.parent
    if (
        parent is not None
        and isinstance(parent.node, ast.ClassDef)
        and _takes_receiver(model, scope)
    ):
        index += 1
    if index >= len(scope.positional):
        return frozenset()
    return frozenset({scope.positional[index]})


def _classify(model: ModuleModel) -> None:
    functions = [s for s in model.scopes.values() if s.is_function]
    for scope in functions:
        for decorator in scope.decorators:
            _classify_as(model, scope, decorator)
            break
        else:
            if scope.contexts:
                scope.classify(Region.REPLAYED, "function taking a DurableContext", scope.contexts)
    for call, scope in model.plain_calls:
        _classify_wrapped(model, call, scope)
    waiting = model.operation_calls  # operations not yet known to be on a context
    calls = model.plain_calls  # calls that may yet pass a context to a local function
    changed = True
    while changed:
        changed = False
        still_waiting = []
        for operation in waiting:
            outcome = _classify_operation(model, operation)
            if outcome is None:
                still_waiting.append(operation)
            else:  # done: its callables are classified, and a later pass would change nothing
                changed |= outcome
        waiting = still_waiting
        unsettled = []
        for call, scope in calls:
            outcome = _classify_context_receiver(model, call, scope)
            if outcome is not None:
                unsettled.append((call, scope))
                changed |= outcome
        calls = unsettled


def _takes_receiver(model: ModuleModel, method: Scope) -> bool:
    """Whether a method's first parameter is bound to the instance or class (not static)."""
    for decorator in getattr(method.node, "decorator_list", ()):
        if model.qualify(decorator) in ("staticmethod", "builtins.staticmethod"):
            return False
    return True


def _classify_as(model: ModuleModel, scope: Scope, decorator: str) -> None:
    region, role, index = _DECORATOR_ROLES[decorator]
    scope.classify(region, role, _context_param(model, scope, index) | scope.contexts)


def _classify_wrapped(model: ModuleModel, call: ast.Call, scope: Scope) -> None:
    """`handler = durable_execution(process_order)`: the decorator applied as a call."""
    decorator = model.sdk_decorator(call.func)
    if decorator and isinstance(call.args[0], ast.Name):
        target = model.lookup_function(call.args[0].id, scope)
        if target is not None:
            _classify_as(model, target, decorator)


def _classify_operation(model: ModuleModel, operation: OperationCall) -> bool | None:
    """Classify the callables an operation runs; None while its receiver is not known to be
    a DurableContext, else whether anything new was classified."""
    call, scope = operation.call, operation.scope
    assert isinstance(call.func, ast.Attribute)
    if not model.is_context(call.func.value, scope):
        return None
    op = call.func.attr
    changed = False
    if op in sdk.CHECKPOINTED_CALLABLE:
        argument = sdk.call_argument(call, *sdk.CHECKPOINTED_CALLABLE[op])
        for target in callable_targets(model, argument, scope):
            changed |= target.classify(Region.CHECKPOINTED, f"{op} callable")
    elif op in sdk.REPLAYED_CALLABLE:
        argument = sdk.call_argument(call, *sdk.REPLAYED_CALLABLE[op])
        role = "map function" if op == "map" else "child context function"
        for target in callable_targets(model, argument, scope):
            changed |= target.classify(Region.REPLAYED, role, _context_param(model, target, 0))
    elif op == "parallel":
        argument = sdk.call_argument(call, *sdk.PARALLEL_FUNCTIONS)
        if argument is not None:
            for element in model.list_elements(argument, scope):
                for target in callable_targets(model, element, scope):
                    changed |= target.classify(
                        Region.REPLAYED, "parallel branch", _context_param(model, target, 0)
                    )
    return changed


def callable_targets(model: ModuleModel, node: ast.expr | None, scope: Scope) -> list[Scope]:
    """Local functions an argument passes as a callable (through partial and ParallelBranch)."""
    if node is None:
        return []
    direct = model.callable_scope(node, scope)
    if direct is not None:
        return [direct]
    if isinstance(node, ast.Call) and node.args:
        qualified = model.qualify(node.func) or ""
        if qualified == "functools.partial" or qualified.endswith(".ParallelBranch"):
            return callable_targets(model, node.args[0], scope)
    if isinstance(node, ast.Call):
        for keyword in node.keywords:
            if keyword.arg == "func":
                return callable_targets(model, keyword.value, scope)
    return []


def _classify_context_receiver(model: ModuleModel, call: ast.Call, scope: Scope) -> bool | None:
    """A local function or method called with a DurableContext argument is replayed code with
    that context. None once the call can classify nothing, in this pass or a later one; else
    whether it classified its function."""
    func = call.func
    if isinstance(func, ast.Name):
        target = model.lookup_function(func.id, scope)
        if target is None:
            return None
        skipped = 0
    elif isinstance(func, ast.Attribute):
        if not any(model.is_context(argument, scope) for argument in call.args):
            return False  # an argument may yet turn out to be a context
        target = model.local_method(func, scope)
        skipped = 1 if target is not None and _takes_receiver(model, target) else 0
    else:
        return None
    if target is None or target.region is not None or not isinstance(target.node, ast.FunctionDef):
        return None
    positional = target.positional[skipped:]
    contexts = {
        positional[index]
        for index, argument in enumerate(call.args)
        if index < len(positional) and model.is_context(argument, scope)
    }
    if not contexts:
        return False
    target.classify(Region.REPLAYED, "function given a DurableContext", frozenset(contexts))
    return True
