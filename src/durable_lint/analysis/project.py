"""The linted project: finding helper modules by import name, and what their functions do.

Helper modules are parsed only when a handler's replayed code calls into them, and each helper's
summary (which replay-sensitive effects its body reaches) is computed once per run.

A file's findings depend only on its own text and on what its analysis reads (the modules its
replayed code reaches and the lookups that found them), never on which files were linted
before it: every memoised lookup keeps what it read (`Reads`) and hands it on to each analysis
that uses it, and summaries cut short by a recursion cycle or the depth limit are kept for the
current file only. That is what lets the result cache reuse a file's findings and the parallel
workers reproduce a serial run.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from durable_lint.analysis import sdk
from durable_lint.analysis.chains import Chain, label
from durable_lint.analysis.classes import Binding, Instance, binding, class_body, enclosing_class
from durable_lint.analysis.model import FunctionNode, ModuleModel, Region, Scope
from durable_lint.analysis.reads import Reads, digest
from durable_lint.analysis.site import Bindings, Effect, Site
from durable_lint.analysis.source import decode, read_bytes
from durable_lint.analysis.syntax import child_nodes, walk_body
from durable_lint.analysis.values import (
    MAX_VALUE_DEPTH,
    bind_arguments,
    call_target,
    find_method,
    value_of,
)
from durable_lint.diagnostics.codes import NONDETERMINISTIC_CODES

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Mapping

T = TypeVar("T")

MAX_HELPER_DEPTH = 12
# A method, constructor or property getter, with the instance it runs on when that is known.
Callee = tuple[ModuleModel, Scope, "Instance | None", "Bindings | None"]
PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


class Project:
    """Per-run state shared by every file: parsed helper modules and helper summaries."""

    def __init__(self, effects: Mapping[str, Effect], sdk_modules: tuple[str, ...]) -> None:
        """`effects`: the detector of each enabled code that flags calls in replayed code."""
        self.sdk_modules = sdk_modules
        self.effects = dict(effects)
        # Texts that stand for files on disk: an editor's unsaved buffers, by absolute path.
        self.overlay: Mapping[str, str] = {}
        self.nondeterministic_effects = {
            code: effect for code, effect in self.effects.items() if code in NONDETERMINISTIC_CODES
        }
        # Memoised lookups, each with what it read: (value, reads).
        self._models: dict[Hashable, tuple[ModuleModel | None, Reads]] = {}
        self._markers: dict[Hashable, tuple[str | None, Reads]] = {}
        self._modules: dict[Hashable, tuple[str | None, Reads]] = {}
        self._package_parts: dict[Hashable, tuple[tuple[str, list[str]], Reads]] = {}
        self._globals: dict[Hashable, tuple[tuple[ModuleModel, str] | None, Reads]] = {}
        self._project_names: dict[Hashable, tuple[bool, Reads]] = {}
        self._project_tops: dict[Hashable, tuple[bool, Reads]] = {}
        self._listings: dict[str, dict[str, bool]] = {}  # directory -> its entries (`_entries`)
        self._helper_models: set[int] = set()  # ids of the models `_models` keeps for the run
        self._directories: dict[str, str] = {}  # a file's absolute directory, by its path
        # Summaries of helper-module functions, keyed by where the function stands.
        self._summaries: dict[tuple[str, int, int], tuple[dict[str, Chain], Reads]] = {}
        # Summaries valid for the current file only: its own functions (the linted text may
        # not be what is on disk, during --fix) and those cut short by a cycle or the depth
        # limit. Keyed by the function node, which lives as long as the file's analysis.
        self._file_summaries: dict[tuple[int, int], tuple[dict[str, Chain], Reads]] = {}
        # Values of helper-module nodes that depend on the current file (an instance it made)
        # or were cut short by a cycle: (id(model), key) -> (value, reads).
        self._file_values: dict[Hashable, tuple[object, Reads]] = {}
        # Summaries and values being computed, innermost last: [key, cut short].
        self._in_progress: list[list] = []
        self._value_frames: dict[Hashable, int] = {}  # value frames in progress: their depth
        self._summary_depth = 0
        self._recorders: list[Reads] = [Reads()]

    # -- what an analysis read -----------------------------------------------------------------

    def start_file(self) -> None:
        """Forget the previous file's own summaries and start recording what this one reads."""
        self._file_summaries.clear()
        self._file_values.clear()
        self._in_progress.clear()
        self._value_frames.clear()
        self._summary_depth = 0
        self._recorders = [Reads()]

    @property
    def reads(self) -> Reads:
        """What the current file's analysis has read so far."""
        return self._recorders[0]

    def _remember(
        self, table: dict[Hashable, tuple[T, Reads]], key: Hashable, compute: Callable[[], T]
    ) -> T:
        """A memoised lookup whose reads count for every analysis that uses it."""
        hit = table.get(key)
        if hit is None:
            hit = table[key] = self._recorded(compute)
        if hit[1]:
            self._recorders[-1].update(hit[1])
        return hit[0]

    def _recorded(self, compute: Callable[[], T]) -> tuple[T, Reads]:
        """`compute()` and what it read, recorded apart from the enclosing analysis."""
        reads = Reads()
        self._recorders.append(reads)
        try:
            return compute(), reads
        finally:
            self._recorders.pop()

    def _isfile(self, path: str) -> bool:
        """`os.path.isfile`, answered from one listing of the path's directory per run: each
        import tries a few candidate files in the same few directories."""
        directory, name = os.path.split(path)
        found = self._entries(directory).get(name, False)
        self._recorders[-1].files[path] = found
        return found

    def _exists(self, path: str) -> bool:
        found = os.path.exists(path)
        self._recorders[-1].paths[path] = found
        return found

    def _listed(self, path: str) -> bool:
        """`_exists`, answered from one listing of the path's directory per run: the same
        few directories are asked about every imported name."""
        directory, name = os.path.split(path)
        found = name in self._entries(directory)
        self._recorders[-1].paths[path] = found
        return found

    def _entries(self, directory: str) -> dict[str, bool]:
        """A directory's entries, each with whether it is a file (symbolic links followed)."""
        entries = self._listings.get(directory)
        if entries is None:
            try:
                with os.scandir(directory or ".") as listing:
                    entries = {entry.name: _is_file(entry) for entry in listing}
            except OSError:
                entries = {}
            self._listings[directory] = entries
        return entries

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
        return self._remember(self._models, os.path.abspath(path), lambda: self._read(path))

    def _read(self, path: str) -> ModuleModel | None:
        unsaved = self.overlay.get(os.path.abspath(path))
        data = unsaved.encode("utf-8") if unsaved is not None else read_bytes(path)
        self._recorders[-1].modules[os.path.abspath(path)] = (
            None if isinstance(data, str) else digest(data)
        )
        if isinstance(data, str):
            return None
        source = decode(data)
        if source.text is None:
            return None
        try:
            tree = ast.parse(source.text, filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError):  # the last: nested too deep
            return None
        model = self.model(tree, path)
        self._helper_models.add(id(model))
        return model

    def _is_helper_module(self, model: ModuleModel) -> bool:
        """Whether a model is a helper module loaded from disk (kept for the run), rather than
        a linted file's text."""
        return id(model) in self._helper_models

    def resolve_function(self, qualified: str, from_path: str) -> tuple[ModuleModel, Scope] | None:
        """The project module and function a dotted name refers to, or None."""
        found = self.resolve_global(qualified, from_path)
        if found is None:
            return None
        model, name = found
        scope = model.module_scope.defs.get(name)
        return (model, scope) if scope is not None else None

    def resolve_global(self, qualified: str, from_path: str) -> tuple[ModuleModel, str] | None:
        """The project module that defines a dotted name at its top level (a function, class
        or assigned variable), following re-exports, and the name there."""
        if "." not in qualified:
            return None
        directory = self._directory(from_path)
        return self._remember(
            self._globals, (qualified, directory), lambda: self._resolve(qualified, from_path, 0)
        )

    def _resolve(
        self, qualified: str, from_path: str, depth: int
    ) -> tuple[ModuleModel, str] | None:
        if depth > 4 or "." not in qualified or sdk.sdk_module_of(qualified, self.sdk_modules):
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
            scope = model.module_scope
            if name in scope.defs or name in scope.classes or name in scope.assigned:
                return model, name
            reexport = model.imports.names.get(name)
            if reexport is not None:
                return self._resolve(reexport, path, depth + 1)
            return None
        return None

    def _top_exists(self, top: str, directory: str) -> bool:
        """Whether a top-level module or package (namespace packages too) of that name is in
        one of the roots imports from `directory` search."""
        return any(
            self._listed(os.path.join(root, top)) or self._listed(os.path.join(root, top + ".py"))
            for root in self._roots(directory)
        )

    def _directory(self, path: str) -> str:
        directory = self._directories.get(path)
        if directory is None:
            directory = self._directories[path] = os.path.dirname(os.path.abspath(path))
        return directory

    def _find_module(self, parts: list[str], from_path: str) -> str | None:
        directory = self._directory(from_path)
        return self._remember(
            self._modules, (directory, *parts), lambda: self._search(parts, directory)
        )

    def _search(self, parts: list[str], directory: str) -> str | None:
        for root in self._roots(directory):
            base = os.path.join(root, *parts)
            for candidate in (base + ".py", os.path.join(base, "__init__.py")):
                if self._isfile(candidate) and not _is_installed(candidate):
                    return candidate
        return None

    def _packages(self, directory: str) -> tuple[str, list[str]]:
        return self._remember(
            self._package_parts, directory, lambda: package_parts(directory, self._isfile)
        )

    def _module_name(self, path: str) -> tuple[str | None, bool]:
        """The dotted module name of a file, from the packages around it, and whether it is one."""
        directory, filename = self._directory(path), os.path.basename(path)
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
        return self._remember(self._markers, directory, lambda: self._find_root(directory))

    def _find_root(self, directory: str) -> str | None:
        parent = os.path.dirname(directory)
        if any(self._exists(os.path.join(directory, m)) for m in PROJECT_MARKERS):
            return directory
        return None if parent == directory else self._project_root(parent)

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

    def callee(self, site: Site, call: ast.Call) -> Callee | None:
        """The project function, method or constructor a call in `site` runs, when it is plain
        code to follow (not itself replayed or checkpointed code)."""
        func = call.func
        qualified = site.qualify(func)
        if qualified is not None and not self._may_be_project(qualified, func, site):
            return None  # a builtin, or a library's function or class
        found = self.reference(site, func)
        target = (*found, None) if found is not None else call_target(call, site)
        if target is None or target[1].region is not None:
            return None
        model, function, receiver = target
        # A method's first parameter is its `self` or `cls`, which the call does not pass.
        takes_receiver = (
            enclosing_class(function) is not None and binding(model, function) is not Binding.STATIC
        )
        bindings = bind_arguments(call, site, function, skip_first=takes_receiver)
        return model, function, receiver, bindings

    def _may_be_project(self, qualified: str, func: ast.expr, site: Site) -> bool:
        """Whether a name reached through imports (or a builtin's) can stand for project code:
        a local binding shadows it, or a prefix of it is a name a project module defines."""
        if "." not in qualified:  # a builtin, unless the code binds the name itself
            return isinstance(func, ast.Name) and any(
                func.id in scope.bound or func.id in scope.params
                for scope in site.scope.lexical_chain()
            )
        return self.defines(qualified, site.model.path)

    def defines(self, qualified: str, from_path: str) -> bool:
        """Whether a dotted name, or a prefix of it, is a top-level name of a project module
        (so `json.loads` is not, and `shop.deps.repository.save` is)."""
        if sdk.sdk_module_of(qualified, self.sdk_modules):
            return False
        directory = self._directory(from_path)
        top = qualified.partition(".")[0]
        if not self._remember(
            self._project_tops, (top, directory), lambda: self._top_exists(top, directory)
        ):
            return False  # `json`, `boto3`: no module or package of that name in the project
        return self._remember(
            self._project_names,
            (qualified, directory),
            lambda: any(
                self.resolve_global(prefix, from_path) is not None
                for prefix in _prefixes(qualified)
            ),
        )

    def getter(self, site: Site, node: ast.Attribute) -> Callee | None:
        """The property getter a read of `node` runs, when the object's class is known."""
        if not isinstance(node.ctx, ast.Load):
            return None
        receiver = value_of(node.value, site)
        if not isinstance(receiver, Instance):
            return None
        found = find_method(receiver.cls, node.attr, site)
        if found is None or class_body(found[0]).bindings[node.attr] is not Binding.PROPERTY:
            return None
        if found[1].region is not None:
            return None
        return found[0].model, found[1], receiver, None

    def _imported(self, qualified: str, model: ModuleModel) -> tuple[ModuleModel, Scope] | None:
        return self.resolve_function(qualified, model.path)

    def helper_chains(self, site: Site, node: ast.expr) -> dict[str, Chain]:
        if isinstance(node, ast.Call):
            callee = self.callee(site, node)
        elif isinstance(node, ast.Attribute):
            callee = self.getter(site, node)
        else:
            return {}
        if callee is None:
            return {}
        return self.summary(*callee)

    # -- values --------------------------------------------------------------------------------

    def remember_value(
        self,
        site: Site,
        key: Hashable,
        compute: Callable[[], T],
        made_in: ModuleModel | None,
        file_only: bool = False,
    ) -> T | None:
        """A value lookup (`values.value_of`) memoised with what it read. One that depends on
        an instance the current file made, on what the current file passed a followed call,
        or that a cycle cut short, holds for this file only."""
        table: dict = site.model.value_kinds
        if (made_in is not None and not self._is_helper_module(made_in)) or (
            file_only and not self._shareable(site.bindings)
        ):
            table, key = self._file_values, (id(site.model), key)
        hit = table.get(key)
        if hit is None and self._file_values and table is not self._file_values:
            hit = self._file_values.get((id(site.model), key))
            if hit is not None:
                self._cut_short(0)
        if hit is not None:
            if hit[1]:
                self._recorders[-1].update(hit[1])
            return hit[0]
        frame_key = ("value", id(site.model), key)
        depth = self._value_frames.get(frame_key)
        if depth is not None or len(self._in_progress) >= MAX_HELPER_DEPTH + MAX_VALUE_DEPTH:
            self._cut_short(0 if depth is None else depth + 1)
            return None
        frame = [frame_key, False]
        self._value_frames[frame_key] = len(self._in_progress)
        self._in_progress.append(frame)
        try:
            value, reads = self._recorded(compute)
        finally:
            self._in_progress.pop()
            del self._value_frames[frame_key]
        if frame[1] and table is not self._file_values:
            table, key = self._file_values, (id(site.model), key)
        table[key] = (value, reads)
        if reads:
            self._recorders[-1].update(reads)
        return value

    def summary(
        self,
        model: ModuleModel,
        scope: Scope,
        receiver: Instance | None = None,
        bindings: Bindings | None = None,
    ) -> dict[str, Chain]:
        """Effects a helper's body reaches when it runs in replayed code, first one per code.
        A method's summary depends on the instance it runs on when that instance's class
        stores its constructor's arguments, and any helper's on the objects it was passed."""
        node = scope.node
        origin = receiver.origin if receiver is not None else None
        made_by = (id(origin[0]) if origin else 0, bindings.key if bindings else ())
        key = (model.path, node.lineno, node.col_offset, made_by)
        shared = (
            self._is_helper_module(model)
            and (origin is None or self._is_helper_module(origin[1].model))
            and self._shareable(bindings)
        )
        done = self._summaries.get(key) if shared else None
        if done is None:
            done = self._file_summaries.get((id(node), made_by))
            if done is not None:
                self._cut_short(0)  # what depends on a file-only summary is file-only too
        if done is not None:
            self._recorders[-1].update(done[1])
            return done[0]
        depth = next((i for i, frame in enumerate(self._in_progress) if frame[0] == key), None)
        if depth is not None:  # a cycle: the frames inside it see this helper unfinished
            self._cut_short(depth + 1)
            return {}
        if self._summary_depth >= MAX_HELPER_DEPTH:
            self._cut_short(0)
            return {}
        frame = [key, False]
        self._in_progress.append(frame)
        self._summary_depth += 1
        reads = Reads()
        self._recorders.append(reads)
        try:
            found: dict[str, Chain] = {}
            site = Site(self, model, scope, Region.REPLAYED, receiver, bindings)
            # Listed once per function: a summary is made again for each file whose objects
            # the helper is called with.
            evaluated_here = model.once(
                ("evaluated", id(scope.node)), lambda: _evaluated_in_body(scope.node)
            )
            for evaluated in evaluated_here:
                self._summarise(site, evaluated, found)
            for decorator, (wrapper_model, wrapper) in self._wrappers(model, scope):
                for code, chain in self.summary(wrapper_model, wrapper).items():
                    step = f"`@{label(decorator)}`"
                    found.setdefault(code, Chain((step, *chain.calls), chain.path, chain.line))
        finally:
            self._recorders.pop()
            self._in_progress.pop()
            self._summary_depth -= 1
        if shared and not frame[1]:
            self._summaries[key] = (found, reads)
        else:
            self._file_summaries[(id(node), made_by)] = (found, reads)
        self._recorders[-1].update(reads)
        return found

    def _wrappers(
        self, model: ModuleModel, scope: Scope
    ) -> list[tuple[ast.expr, tuple[ModuleModel, Scope]]]:
        """The wrapper functions the project's own decorators put around a function: calling
        it runs them too (`@retrying(3)` -> `decorate` -> `wrapper`)."""
        decorators = getattr(scope.node, "decorator_list", ())
        if not decorators:
            return []
        site = Site(self, model, scope.parent or model.module_scope, Region.NEUTRAL)
        wrappers = []
        for decorator in decorators:
            factory = decorator.func if isinstance(decorator, ast.Call) else decorator
            found = self.reference(site, factory)
            if found is not None and isinstance(decorator, ast.Call):
                found = _returned_function(*found)
            if found is not None:
                found = _returned_function(*found)
            if found is not None and found[1].region is None:
                wrappers.append((decorator, found))
        return wrappers

    def _shareable(self, bindings: Bindings | None) -> bool:
        """Whether what a call passed is made of helper modules' objects only (kept for the
        run), so analyses that depend on it hold for every file."""
        if bindings is None:
            return True
        return all(self._kept(value) for value in bindings.values.values())

    def _kept(self, value: object) -> bool:
        if isinstance(value, Instance):
            origin = value.origin
            return self._is_helper_module(value.cls.model) and (
                origin is None or self._is_helper_module(origin[1].model)
            )
        cls = getattr(value, "cls", None)
        if cls is not None:
            return self._is_helper_module(cls.model)
        item = getattr(value, "item", None)
        return self._kept(item) if item is not None else True

    def _cut_short(self, start: int) -> None:
        """Mark the summaries in progress from `start` inwards as valid for this file only."""
        for frame in self._in_progress[start:]:
            frame[1] = True

    def _summarise(self, site: Site, node: ast.expr, found: dict[str, Chain]) -> None:
        """What one call or property read in a helper's body adds to its summary."""
        if isinstance(node, ast.Call):
            direct = {}
            for code, effect in self.effects.items():
                what = effect(node, site)
                if what is not None:
                    direct[code] = what
            if direct:
                for code, what in direct.items():
                    found.setdefault(code, Chain((what,), site.model.path, node.lineno))
                return
        for code, chain in self.helper_chains(site, node).items():
            found.setdefault(
                code, Chain((f"`{label(node)}`", *chain.calls), chain.path, chain.line)
            )


def _prefixes(qualified: str) -> list[str]:
    """`a.b.c` -> [`a.b.c`, `a.b`]: the names a project module could define."""
    parts = qualified.split(".")
    return [".".join(parts[:end]) for end in range(len(parts), 1, -1)]


def _returned_function(model: ModuleModel, function: Scope) -> tuple[ModuleModel, Scope] | None:
    """The nested function a function returns by name (a decorator's wrapper)."""
    body = function.node.body
    if not isinstance(body, list):
        return None
    for statement in walk_body(body):
        if isinstance(statement, ast.Return) and isinstance(statement.value, ast.Name):
            nested = function.defs.get(statement.value.id)
            if nested is not None:
                return model, nested
    return None


def _evaluated_in_body(node: FunctionNode) -> list[ast.expr]:
    """The calls and attribute reads a function body makes itself, in source order, not those
    of nested functions; the attribute a call calls is the call's, not a read of its own."""
    found: list[ast.expr] = []
    called: set[int] = set()
    body = node.body if isinstance(node.body, list) else [node.body]  # a lambda's expression
    stack = list(reversed(body))
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(current, ast.Call):
            found.append(current)
            called.add(id(current.func))
        elif (
            isinstance(current, ast.Attribute)
            and id(current) not in called
            and isinstance(current.ctx, ast.Load)
        ):
            found.append(current)
        stack.extend(reversed(child_nodes(current)))
    return found


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:  # a link to somewhere it may not look
        return False


def _is_installed(path: str) -> bool:
    parts = Path(path).parts
    return "site-packages" in parts or "dist-packages" in parts


def package_parts(
    directory: str, isfile: Callable[[str], bool] = os.path.isfile
) -> tuple[str, list[str]]:
    """The directory imports of this one's top-level package start from, and the packages
    between them (`src`, ["app", "orders"] for src/app/orders/)."""
    parts: list[str] = []
    while isfile(os.path.join(directory, "__init__.py")):
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        parts.insert(0, os.path.basename(directory))
        directory = parent
    return directory, parts
