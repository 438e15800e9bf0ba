"""The settings of a run, apart from the engine, so a run served from the cache can start
without importing the rules."""

from __future__ import annotations

from dataclasses import dataclass

from durable_lint.analysis.sdk import DEFAULT_SDK_MODULES


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    sdk_modules: tuple[str, ...] = DEFAULT_SDK_MODULES
    # (glob, codes): codes ignored in the files the glob matches, relative to `root`
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    root: str = "."
    extra_calls: tuple[tuple[str, str], ...] = ()  # (qualified name, code to report it as)


def sdk_markers(settings: Settings) -> tuple[bytes, ...]:
    """Byte strings one of which a file must contain to be worth parsing."""
    return tuple(module.encode() for module in settings.sdk_modules)


def mentions_sdk(data: bytes, markers: tuple[bytes, ...]) -> bool:
    """The cheap test that lets files without a durable SDK skip parsing altogether."""
    return any(marker in data for marker in markers)
