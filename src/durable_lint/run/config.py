"""`[tool.durable-lint]` in pyproject.toml: found by walking up from the linted paths, checked
key by key, so a typo is an error that names the key and the file instead of being ignored."""

from __future__ import annotations

import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from durable_lint.diagnostics.codes import NONDETERMINISTIC_CODES, PARSE_ERROR, SIDE_EFFECT_CODES
from durable_lint.engine.settings import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SECTION = "durable-lint"
_QUALIFIED_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")
_MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


@functools.lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    """Every code a configuration may name (the rules load only when one names codes)."""
    from durable_lint.rules import ALL_RULES

    return frozenset({PARSE_ERROR} | {rule.code for rule in ALL_RULES})


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    """The settings a configuration file gives; None where it says nothing."""

    path: Path | None = None  # the pyproject.toml they came from
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    sdk_modules: tuple[str, ...] = ()
    extra_calls: tuple[tuple[str, str], ...] = ()  # (qualified name, code)
    fix: bool | None = None
    unsafe_fixes: bool | None = None
    root: Path = field(default_factory=Path.cwd)  # what per-file patterns are relative to


def find(paths: tuple[str, ...]) -> Path | None:
    """The nearest pyproject.toml with a `[tool.durable-lint]` table, walking up from the
    common directory of `paths` (or the working directory)."""
    start = Path.cwd()
    if paths:
        absolute = [Path(p).resolve() for p in paths]
        directories = [p if p.is_dir() else p.parent for p in absolute]
        start = Path(_common(directories))
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_section(candidate):
            return candidate
    return None


def _common(directories: list[Path]) -> str:
    return os.path.commonpath([str(d) for d in directories])


def _has_section(path: Path) -> bool:
    data = _read(path)
    return isinstance(data.get("tool"), dict) and SECTION in data["tool"]


def _read(path: Path) -> dict[str, Any]:
    """A pyproject.toml's data; one that cannot be read is an error, as it is for pip."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error


def load(path: Path) -> Config:
    table = _read(path).get("tool", {}).get(SECTION, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{SECTION}] must be a table")
    return _parse(table, path)


_KEYS = (
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "sdk-modules",
    "nondeterministic-calls",
    "side-effect-calls",
    "fix",
    "unsafe-fixes",
)


def _parse(table: dict[str, Any], path: Path) -> Config:
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(
            f"{path}: unknown key `{unknown[0]}` in [tool.{SECTION}]; "
            f"the keys are: {', '.join(_KEYS)}"
        )
    reader = _Reader(table, path)
    select = reader.codes("select") if "select" in table else None
    exclude = reader.strings("exclude") if "exclude" in table else None
    return Config(
        path=path,
        select=select,
        ignore=reader.codes("ignore"),
        extend_select=reader.codes("extend-select"),
        per_file_ignores=reader.per_file_ignores(),
        exclude=exclude,
        extend_exclude=reader.strings("extend-exclude"),
        sdk_modules=reader.modules("sdk-modules"),
        extra_calls=reader.calls("nondeterministic-calls", NONDETERMINISTIC_CODES)
        + reader.calls("side-effect-calls", SIDE_EFFECT_CODES),
        fix=reader.boolean("fix"),
        unsafe_fixes=reader.boolean("unsafe-fixes"),
        root=path.parent,
    )


@dataclass
class _Reader:
    table: dict[str, Any]
    path: Path

    def fail(self, key: str, expected: str) -> ConfigError:
        value = self.table.get(key)
        return ConfigError(
            f"{self.path}: [tool.{SECTION}] `{key}` must be {expected}, not {value!r}"
        )

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a list of strings")
        return tuple(value)

    def codes(self, key: str, value: Any = None) -> tuple[str, ...]:
        values = self.table.get(key, []) if value is None else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.fail(key, 'a list of codes such as "DUR101" or prefixes such as "DUR1"')
        for code in values:
            if not code or not any(known.startswith(code.upper()) for known in known_codes()):
                raise ConfigError(
                    f"{self.path}: [tool.{SECTION}] `{key}` has `{code}`, which is no "
                    "durable-lint code or prefix (see `durable-lint --list-rules`)"
                )
        return tuple(code.upper() for code in values)

    def per_file_ignores(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        value = self.table.get("per-file-ignores", {})
        if not isinstance(value, dict):
            raise self.fail("per-file-ignores", 'a table of patterns, e.g. "tests/*" = ["DUR"]')
        return tuple(
            (pattern, self.codes(f"per-file-ignores.{pattern}", codes))
            for pattern, codes in value.items()
        )

    def modules(self, key: str) -> tuple[str, ...]:
        names = self.strings(key)
        for name in names:
            if not _MODULE_NAME.match(name):
                raise ConfigError(
                    f"{self.path}: [tool.{SECTION}] `{key}` has `{name}`, not a module name"
                )
        return names

    def calls(self, key: str, allowed: frozenset[str]) -> tuple[tuple[str, str], ...]:
        value = self.table.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, 'a table of names and codes, e.g. "clock.now" = "DUR101"')
        calls = []
        for name, code in value.items():
            if not _QUALIFIED_NAME.match(name):
                raise ConfigError(
                    f"{self.path}: [tool.{SECTION}] `{key}` has `{name}`, which is not a "
                    "qualified name such as `mypackage.clock.now`"
                )
            if not isinstance(code, str) or code.upper() not in allowed:
                raise ConfigError(
                    f"{self.path}: [tool.{SECTION}] `{key}.{name}` must be one of "
                    f"{', '.join(sorted(allowed))}, not {code!r}"
                )
            calls.append((name, code.upper()))
        return tuple(calls)

    def boolean(self, key: str) -> bool | None:
        value = self.table.get(key)
        if value is not None and not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value


def lint_settings(
    found: Config,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    extend_select: tuple[str, ...] = (),
) -> Settings:
    """The linter's settings: a configuration file's, with codes given on a command line over
    them. A given `select` replaces the file's whole selection (select, ignore,
    extend-select); `ignore` and `extend_select` add to it."""
    file_ignore, file_extend = ((), ()) if select else (found.ignore, found.extend_select)
    return Settings(
        select=select or found.select,
        ignore=file_ignore + ignore,
        extend_select=file_extend + extend_select,
        sdk_modules=Settings().sdk_modules + found.sdk_modules,
        per_file_ignores=found.per_file_ignores,
        root=str(found.root),
        extra_calls=found.extra_calls,
    )
