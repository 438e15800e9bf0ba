"""The operation plan of a handler: the operations its replayed code issues, in order, with
the control flow around them. Two revisions of a handler are compared plan to plan.

Each context numbers its operations by position, so the plan keeps one block per context:
the handler's, and one per child context, map function and parallel branch. Helpers called
with the context are read in place, in this module and in the project's other modules; step
bodies are not read, since what runs inside a step is never replayed.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from durable_lint.analysis import sdk
from durable_lint.analysis.model import ModuleModel, Scope
from durable_lint.analysis.project import Project
from durable_lint.compat.spelling import Spelling, written_name

# What the runtime checks an operation against on replay: its type and subtype, by method.
KINDS = {
    "step": "step",
    "wait": "wait",
    "create_callback": "callback",
    "wait_for_callback": "wait_for_callback",
    "wait_for_condition": "wait_for_condition",
    "invoke": "invoke",
    "run_in_child_context": "child context",
    "parallel": "parallel",
    "map": "map",
}
# Operations whose callable gets a name from the function when the call gives none.
NAMED_BY_FUNCTION = {"step": 0, "run_in_child_context": 0, "map": 1, "wait_for_condition": 0}
MAX_HELPER_DEPTH = 8


@dataclass(frozen=True)
class Span:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def of(cls, path: str, node: ast.AST) -> Span:
        return cls(
            path,
            node.lineno,  # type: ignore[attr-defined]
            node.col_offset + 1,  # type: ignore[attr-defined]
            node.end_lineno or node.lineno,  # type: ignore[attr-defined]
            (node.end_col_offset or 0) + 1,  # type: ignore[attr-defined]
        )


@dataclass(frozen=True)
class Operation:
    """One operation call. `name` is the name as written: a literal, a template such as
    `item-{index}`, `{expr}` for a computed one, or None. `contexts` are the blocks of the
    contexts it opens (a child context, a map function, each parallel branch)."""

    kind: str
    name: str | None
    span: Span = field(compare=False)
    contexts: tuple[Block, ...] = ()
    inputs: str | None = None  # what a map maps over, as `Spelling` renders it
    written: str | None = field(default=None, compare=False)  # the name as the code spells it

    @property
    def key(self) -> tuple[str, str, str | None]:
        return ("operation", self.kind, self.name)

    def describe(self) -> str:
        name = self.written if self.written is not None else self.name
        return f"{self.kind} {name!r}" if name is not None else f"unnamed {self.kind}"


@dataclass(frozen=True)
class Control:
    """A branch or loop with operations in it: `if`, `match`, `try`, `for` (a comprehension
    too) or `while`. `header` is its condition or what it iterates, as `Spelling` renders it."""

    kind: str
    header: str
    span: Span = field(compare=False)
    arms: tuple[Block, ...] = ()
    written: str = field(default="", compare=False)  # the header as the code spells it
    # Per arm: whether it ends the context (a `return` or `raise` at its end), so that what
    # follows the statement never runs after it.
    exits: tuple[bool, ...] = field(default=(), compare=False)

    @property
    def key(self) -> tuple[str, str, str | None]:
        return ("control", self.kind, self.header)

    @property
    def loops(self) -> bool:
        return self.kind in ("for", "while")

    def describe(self) -> str:
        header = self.written or self.header
        return f"`{self.kind} {header}`" if header else f"`{self.kind}`"


Item = Operation | Control
Block = tuple[Item, ...]


@dataclass(frozen=True)
class HandlerPlan:
    qualname: str
    span: Span
    block: Block


def handler_plans(model: ModuleModel, project: Project) -> dict[str, HandlerPlan]:
    """The plan of every handler (`@durable_execution`) in a module, by qualified name."""
    plans = {}
    for scope in model.scopes.values():
        if scope.role != "handler" or not isinstance(
            scope.node, (ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            continue
        plans[_qualname(scope)] = _plan(model, project, scope, _qualname(scope))
    for name, scope in _wrapped_handlers(model):
        plans[name] = _plan(model, project, scope, name)
    return plans


def _plan(model: ModuleModel, project: Project, scope: Scope, name: str) -> HandlerPlan:
    block = _Builder(project).function(model, scope, _context_names(scope, 1), ())
    return HandlerPlan(name, Span.of(model.path, scope.node), block)


def _wrapped_handlers(model: ModuleModel) -> Iterator[tuple[str, Scope]]:
    """`handler = durable_execution(process_order)`: the handler is known by its new name."""
    for statement in model.tree.body:
        if not isinstance(statement, ast.Assign) or not isinstance(statement.value, ast.Call):
            continue
        call = statement.value
        if model.sdk_decorator(call.func) != sdk.HANDLER_DECORATOR or not call.args:
            continue
        wrapped = call.args[0]
        scope = model.module_scope.defs.get(wrapped.id) if isinstance(wrapped, ast.Name) else None
        if scope is None:
            continue
        for target in statement.targets:
            if isinstance(target, ast.Name):
                yield target.id, scope


def operations(block: Block) -> Iterator[Operation]:
    """The operations of a block in execution order, arms and loop bodies included (not the
    contexts operations open)."""
    for item in block:
        if isinstance(item, Operation):
            yield item
        else:
            for arm in item.arms:
                yield from operations(arm)


def _qualname(scope: Scope) -> str:
    parts = []
    current: Scope | None = scope
    while current is not None and current.parent is not None:
        parts.append(current.name)
        current = current.parent
    return ".".join(reversed(parts))


def _context_names(scope: Scope, index: int) -> frozenset[str]:
    positional = scope.positional
    names = set(scope.contexts)
    if index < len(positional):
        names.add(positional[index])
    return frozenset(names)


class _Builder:
    """Reads function bodies into blocks; `stack` keeps helpers from being read recursively."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def function(
        self,
        model: ModuleModel,
        scope: Scope,
        contexts: frozenset[str],
        stack: tuple[int, ...],
        bindings: dict[str, ast.expr] | None = None,
    ) -> Block:
        node = scope.node
        if id(node) in stack or len(stack) > MAX_HELPER_DEPTH:
            return ()
        reader = _Reader(self, model, scope, contexts, (*stack, id(node)), bindings)
        if isinstance(node, ast.Lambda):
            return tuple(reader.expression(node.body))
        return reader.block(node.body)  # type: ignore[union-attr]


class _Reader:
    """One function body: its statements in order, the operations in evaluation order."""

    def __init__(
        self,
        builder: _Builder,
        model: ModuleModel,
        scope: Scope,
        contexts: frozenset[str],
        stack: tuple[int, ...],
        bindings: dict[str, ast.expr] | None = None,
    ) -> None:
        self.builder, self.model, self.scope = builder, model, scope
        self.contexts, self.stack = set(contexts), stack
        self.spelling = Spelling(model, scope, builder.project, bindings)
        # A helper read in place returns to its caller, whose operations go on.
        self.inlined = bindings is not None

    def span(self, node: ast.AST) -> Span:
        return Span.of(self.model.path, node)

    # -- statements --------------------------------------------------------------------------

    def block(self, statements: list[ast.stmt]) -> Block:
        items: list[Item] = []
        for statement in statements:
            items.extend(self.statement(statement))
        return tuple(items)

    def statement(self, node: ast.stmt) -> list[Item]:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return []  # defined, not run: what calls it is read where it is called
        if isinstance(node, ast.If):
            head = self.expression(node.test)
            return head + self.control("if", node.test, node, [node.body, node.orelse])
        if isinstance(node, (ast.For, ast.AsyncFor)):
            head = self.expression(node.iter)
            loop = self.loop(node.target, node.iter, node, lambda: [self.block(node.body)])
            return head + loop + self.block_items(node.orelse)
        if isinstance(node, ast.While):
            return self.control("while", node.test, node, [node.body]) + self.block_items(
                node.orelse
            )
        if isinstance(node, (ast.Try, ast.TryStar)):
            # The protected code runs as written; a handler only after it raised, which an
            # operation that completed never does on replay.
            protected = self.block_items(node.body)
            handlers = self.control("except", None, node, [h.body for h in node.handlers])
            rest = self.block_items(node.orelse) + self.block_items(node.finalbody)
            return protected + handlers + rest
        if isinstance(node, ast.Match):
            head = self.expression(node.subject)
            arms = [case.body for case in node.cases]
            return head + self.control("match", node.subject, node, arms)
        if isinstance(node, (ast.With, ast.AsyncWith)):
            items: list[Item] = []
            for item in node.items:
                items.extend(self.expression(item.context_expr))
            return items + self.block_items(node.body)
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Name)
            and node.value.id in self.contexts
        ):  # `ctx = context`: another name for the same context
            self.contexts.update(t.id for t in node.targets if isinstance(t, ast.Name))
        items = []
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                items.extend(self.expression(child))
        return items

    def block_items(self, statements: list[ast.stmt]) -> list[Item]:
        return list(self.block(statements))

    def control(
        self, kind: str, header: ast.expr | None, node: ast.AST, bodies: list[list[ast.stmt]]
    ) -> list[Item]:
        arms = tuple(self.block(body) for body in bodies)
        if not any(arms):
            return []  # no operation depends on it
        text = self.spelling.expression(header) if header is not None else ""
        written = ast.unparse(header) if header is not None else ""
        exits = tuple(self.exits(body) for body in bodies)
        return [Control(kind, text, self.span(node), arms, written, exits)]

    def exits(self, body: list[ast.stmt]) -> bool:
        """Whether running `body` to its end leaves the context."""
        last = body[-1] if body else None
        return isinstance(last, ast.Raise) or (isinstance(last, ast.Return) and not self.inlined)

    def loop(
        self, target: ast.expr, iterable: ast.expr, node: ast.AST, body: Callable[[], list[Block]]
    ) -> list[Item]:
        """A `for` loop or comprehension: its variables named by position, then its body."""
        iterated = self.spelling.expression(iterable)
        saved = self.spelling.enter_loop(target)
        try:
            header = f"{self.spelling.expression(target)} in {iterated}"
            arms = tuple(body())
        finally:
            self.spelling.leave_loop(saved)
        if not any(arms):
            return []
        written = f"{ast.unparse(target)} in {ast.unparse(iterable)}"
        return [Control("for", header, self.span(node), arms, written)]

    # -- expressions -------------------------------------------------------------------------

    def expression(self, node: ast.expr) -> list[Item]:
        """The operations an expression issues, in the order Python evaluates its parts."""
        if isinstance(node, ast.Lambda):
            return []  # a callable: read where it is passed to an operation or called
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            return self.comprehension(node)
        if isinstance(node, ast.Call):
            items: list[Item] = []
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    items.extend(self.expression(child))
                elif isinstance(child, ast.keyword):
                    items.extend(self.expression(child.value))
            return items + self.call(node)
        items = []
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                items.extend(self.expression(child))
        return items

    def comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> list[Item]:
        first, *_ = node.generators
        head = self.expression(first.iter)
        parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]

        def body() -> list[Block]:
            items: list[Item] = []
            for part in parts:
                items.extend(self.expression(part))
            return [tuple(items)]

        return head + self.loop(first.target, first.iter, node, body)

    def call(self, node: ast.Call) -> list[Item]:
        op = self.operation_name(node)
        if op is not None:
            return [self.operation(node, op)]
        return list(self.helper(node))

    def operation_name(self, node: ast.Call) -> str | None:
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr not in KINDS:
            return None
        if isinstance(func.value, ast.Name) and func.value.id in self.contexts:
            return func.attr
        return func.attr if self.model.operations.get(id(node)) else None

    def operation(self, node: ast.Call, op: str) -> Operation:
        contexts: tuple[Block, ...] = ()
        if op in sdk.REPLAYED_CALLABLE:
            function = sdk.call_argument(node, *sdk.REPLAYED_CALLABLE[op])
            contexts = (self.opened_context(function),)
        elif op == "parallel":
            # The batch's own context holds one child context per branch, by position.
            functions = sdk.call_argument(node, *sdk.PARALLEL_FUNCTIONS)
            branches = self.model.list_elements(functions, self.scope) if functions else []
            batch = tuple(
                Operation(
                    "branch",
                    self.branch_name(branch, index),
                    self.span(branch),
                    (self.opened_context(branch),),
                )
                for index, branch in enumerate(branches)
            )
            contexts = (batch,)
        inputs = sdk.call_argument(node, 0, "inputs") if op == "map" else None
        rendered = self.spelling.expression(inputs) if inputs is not None else None
        written = sdk.call_argument(node, sdk.NAME_ARGUMENT[op], "name")
        spelled = written_name(written) if written is not None else None
        name = self.name(node, op)
        return Operation(KINDS[op], name, self.span(node), contexts, rendered, spelled or name)

    def opened_context(self, function: ast.expr | None) -> Block:
        """The block of a function run with a new context as its first argument."""
        if function is None:
            return ()
        target = self.callable_target(function)
        if target is None:
            return ()
        model, scope = target
        return self.builder.function(model, scope, _context_names(scope, 0), self.stack)

    def encloses(self, scope: Scope) -> bool:
        """Whether `scope` is a function defined inside the one being read."""
        parent = scope.parent
        while parent is not None:
            if parent is self.scope:
                return True
            parent = parent.parent
        return False

    def callable_target(self, function: ast.expr) -> tuple[ModuleModel, Scope] | None:
        if isinstance(function, ast.Call):  # functools.partial(f, ...), ParallelBranch(f), f(x)
            qualified = self.model.qualify(function.func) or ""
            if qualified == "functools.partial" or qualified.endswith(".ParallelBranch"):
                inner = function.args[0] if function.args else None
                for keyword in function.keywords:
                    if keyword.arg == "func":
                        inner = keyword.value
                return self.callable_target(inner) if inner is not None else None
            return self.callable_target(function.func)  # a decorated function called
        local = self.model.callable_scope(function, self.scope)
        if local is not None:
            return self.model, local
        qualified = self.model.qualify(function)
        if qualified:
            return self.builder.project.resolve_function(qualified, self.model.path)
        return None

    def branch_name(self, branch: ast.expr, index: int) -> str:
        """A branch's name as the runtime gives it: the one written, the decorated
        function's, or its position."""
        if isinstance(branch, ast.Call):
            for keyword in branch.keywords:
                if keyword.arg == "name":
                    return self.spelling.name(keyword.value)
            if not (self.model.qualify(branch.func) or "").endswith(".ParallelBranch"):
                return self.callee_name(branch.func) or f"parallel-branch-{index}"
        return f"parallel-branch-{index}"

    def name(self, node: ast.Call, op: str) -> str | None:
        """The name as written, else the name of a decorated function's call (`fetch(id)`
        for a `@durable_step` function): plain functions and lambdas give none."""
        written = sdk.call_argument(node, sdk.NAME_ARGUMENT[op], "name")
        if written is not None and not (
            isinstance(written, ast.Constant) and written.value is None
        ):
            return self.spelling.name(written)
        if op in NAMED_BY_FUNCTION:
            function = sdk.call_argument(node, NAMED_BY_FUNCTION[op], "func")
            if isinstance(function, ast.Call):
                return self.callee_name(function.func)
        return None

    def callee_name(self, node: ast.expr) -> str | None:
        """The name a decorated function gives its operation: its own, not an alias's."""
        qualified = self.model.qualify(node)
        if qualified:
            return qualified.rpartition(".")[2]
        return _callee_name(node)

    def helper(self, node: ast.Call) -> Iterator[Item]:
        """The operations of a project function called with a DurableContext, read in place."""
        passed = [
            index
            for index, argument in enumerate(node.args)
            if isinstance(argument, ast.Name) and argument.id in self.contexts
        ]
        keywords = [
            keyword.arg
            for keyword in node.keywords
            if isinstance(keyword.value, ast.Name) and keyword.value.id in self.contexts
        ]
        target = self.callable_target(node.func)
        if target is None:
            return
        model, scope = target
        positional = scope.positional
        if isinstance(node.func, ast.Attribute) and positional[:1] in (["self"], ["cls"]):
            positional = positional[1:]
        bindings = {
            parameter: self.spelling.substituted(argument)
            for parameter, argument in zip(positional, node.args, strict=False)
            if not isinstance(argument, ast.Starred)
        }
        bindings |= {
            keyword.arg: self.spelling.substituted(keyword.value)
            for keyword in node.keywords
            if keyword.arg
        }
        if not passed and not keywords:
            # A function defined in this one that uses its context without being passed it.
            if self.encloses(scope):
                free = frozenset(self.contexts - set(scope.params))
                yield from self.builder.function(model, scope, free, self.stack, bindings)
            return
        names = {positional[index] for index in passed if index < len(positional)}
        names |= {keyword for keyword in keywords if keyword}
        yield from self.builder.function(model, scope, frozenset(names), self.stack, bindings)


def _callee_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None
