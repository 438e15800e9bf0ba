"""Which files a run covers: the paths given, and Python files below directories."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

EXCLUDED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".eggs",
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
    }
)
PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass(frozen=True)
class MissingPath:
    path: str


def _is_virtualenv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg"))


def discover(paths: tuple[str, ...]) -> Iterator[str | MissingPath]:
    """Files to lint in a stable order; a path that does not exist is yielded as MissingPath."""
    for path in paths:
        if os.path.isfile(path):
            yield path
        elif os.path.isdir(path):
            yield from _walk(path)
        else:
            yield MissingPath(path)


def _walk(top: str) -> Iterator[str]:
    for directory, subdirectories, filenames in os.walk(top):
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name not in EXCLUDED_DIRECTORIES
            and not name.endswith(".egg-info")
            and not _is_virtualenv(os.path.join(directory, name))
        )
        for filename in sorted(filenames):
            if filename.endswith(PYTHON_SUFFIXES):
                yield os.path.join(directory, filename)
