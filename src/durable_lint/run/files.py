"""Which files a run covers: the paths given, and Python files below directories, minus what
`exclude`, `extend-exclude` and `.gitignore` files leave out."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

EXCLUDED_DIRECTORIES = (
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    ".eggs",
    "*.egg-info",
    "__pycache__",
    "__pypackages__",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".durable_lint_cache",
)
PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass(frozen=True)
class MissingPath:
    path: str


@dataclass(frozen=True)
class FileFilter:
    """What to leave out. A pattern without a slash matches any file or directory name; one
    with a slash matches the path relative to `root` (where the configuration lives)."""

    exclude: tuple[str, ...] = EXCLUDED_DIRECTORIES
    extend_exclude: tuple[str, ...] = ()
    root: str = "."
    gitignore: bool = True
    force_exclude: bool = False  # apply the exclusions to paths given explicitly too
    _patterns: tuple[str, ...] = field(init=False, repr=False)
    _names: re.Pattern[str] | None = field(init=False, repr=False)  # the patterns without a slash
    _with_slash: bool = field(init=False, repr=False)
    _gitignores: _GitIgnores = field(init=False, repr=False)

    def __post_init__(self) -> None:
        patterns = self.exclude + self.extend_exclude
        names = [fnmatch.translate(p) for p in patterns if "/" not in p]
        object.__setattr__(self, "_patterns", patterns)
        object.__setattr__(self, "_names", re.compile("|".join(names)) if names else None)
        object.__setattr__(self, "_with_slash", len(names) != len(patterns))
        object.__setattr__(self, "_gitignores", _GitIgnores())

    def excluded(self, path: str) -> bool:
        absolute = os.path.abspath(path)
        relative = os.path.relpath(absolute, os.path.abspath(self.root)).replace(os.sep, "/")
        for pattern in self._patterns:
            if "/" in pattern:
                pattern = pattern.strip("/")
                if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(
                    relative, pattern + "/*"
                ):
                    return True
            elif any(fnmatch.fnmatchcase(part, pattern) for part in relative.split("/")):
                return True
        return self.gitignore and self._gitignores.ignores(absolute)

    def excluded_in_walk(self, path: str, name: str, absolute: str) -> bool:
        """`excluded(path)` for an entry `name` (at `absolute`) of a directory the walk has
        already kept, whose other parts have therefore been checked against the name patterns."""
        if self._names is not None and self._names.match(name):
            return True
        if self._with_slash:
            return self.excluded(path)
        return self.gitignore and self._gitignores.ignores(absolute)

    def excludes_a_part_of(self, top: str) -> bool:
        """Whether a part of `top` (relative to `root`) matches a name pattern."""
        relative = os.path.relpath(os.path.abspath(top), os.path.abspath(self.root))
        parts = [] if relative == "." else relative.replace(os.sep, "/").split("/")
        return self._names is not None and any(self._names.match(part) for part in parts)


def discover(
    paths: tuple[str, ...], files: FileFilter | None = None
) -> Iterator[str | MissingPath]:
    """Files to lint in a stable order; a path that does not exist is yielded as MissingPath."""
    files = files or FileFilter()
    for path in paths:
        if not os.path.exists(path):
            yield MissingPath(path)
        elif files.force_exclude and files.excluded(path):
            continue
        elif os.path.isdir(path):
            yield from _walk(path, files)
        else:  # a file, or something else that reading reports (a named pipe, a device)
            yield path


def _walk(top: str, files: FileFilter) -> Iterator[str]:
    if files.excludes_a_part_of(top):
        return  # every path below has that part too
    absolute_top = os.path.abspath(top)
    for directory, subdirectories, filenames in os.walk(top):
        # os.walk joins names onto `top`, so the absolute form is a change of prefix.
        absolute = os.path.normpath(absolute_top + os.sep + directory[len(top) :])
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not files.excluded_in_walk(
                os.path.join(directory, name), name, os.path.join(absolute, name)
            )
            and not os.path.isfile(os.path.join(directory, name, "pyvenv.cfg"))
        )
        for filename in sorted(filenames):
            if filename.endswith(PYTHON_SUFFIXES):
                path = os.path.join(directory, filename)
                if not files.excluded_in_walk(path, filename, os.path.join(absolute, filename)):
                    yield path


class _GitIgnores:
    """The `.gitignore` files of git work trees, read once per run."""

    def __init__(self) -> None:
        self._repositories: dict[str, str | None] = {}
        self._specs: dict[str, pathspec.GitIgnoreSpec | None] = {}
        self._chains: dict[str, list[tuple[str, pathspec.GitIgnoreSpec]]] = {}

    def ignores(self, path: str) -> bool:
        """Whether a `.gitignore` of the work tree holding `path` ignores it."""
        chain = self._chain(os.path.dirname(path))
        if not chain:
            return False
        suffix = "/" if os.path.isdir(path) else ""
        for directory, spec in chain:
            relative = os.path.relpath(path, directory).replace(os.sep, "/")
            if spec.match_file(relative + suffix):
                return True
        return False

    def _chain(self, directory: str) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
        """The `.gitignore` files that apply in `directory`: its own, then its parents' up to
        the top of the work tree."""
        chain = self._chains.get(directory)
        if chain is None:
            repository = self._repository(directory)
            chain = []
            if repository is not None:
                spec = self._spec(directory)
                if spec is not None:
                    chain.append((directory, spec))
                if directory != repository:
                    chain += self._chain(os.path.dirname(directory))
            self._chains[directory] = chain
        return chain

    def _repository(self, directory: str) -> str | None:
        if directory not in self._repositories:
            parent = os.path.dirname(directory)
            if os.path.exists(os.path.join(directory, ".git")):
                self._repositories[directory] = directory
            else:
                self._repositories[directory] = (
                    None if parent == directory else self._repository(parent)
                )
        return self._repositories[directory]

    def _spec(self, directory: str) -> pathspec.GitIgnoreSpec | None:
        if directory not in self._specs:
            try:
                with open(os.path.join(directory, ".gitignore"), encoding="utf-8") as handle:
                    import pathspec  # only for trees that have a .gitignore

                    self._specs[directory] = pathspec.GitIgnoreSpec.from_lines(handle)
            except (OSError, UnicodeDecodeError):
                self._specs[directory] = None
        return self._specs[directory]


def display(path: str) -> str:
    """Paths under the working directory are shown relative to it, as ruff and flake8 do."""
    if not os.path.isabs(path):  # what relpath gives, without its two abspath calls
        relative = os.path.normpath(path)
        return path if relative.startswith("..") else relative
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
