"""Output formats: a renderer per name, each `render(findings, context) -> str`.

`render("sarif", findings, RenderContext(root=find_root()))` is the whole API; `RENDERERS`
names every format's module and function, in the order a help text lists them. A format's
module is imported when it is asked for, so a run that prints text loads no XML or SARIF code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from durable_lint.diagnostics.finding import Finding
from durable_lint.formats.base import (
    REPOSITORY_URL,
    RULE_DOCS_URL,
    RenderContext,
    SourceLines,
    find_root,
    rule_doc_url,
)
from durable_lint.formats.statistics import statistics

Renderer = Callable[[Sequence[Finding], RenderContext], str]

RENDERERS: dict[str, tuple[str, str]] = {  # format name -> (module in formats/, function)
    "text": ("text", "render"),
    "json": ("json_formats", "render_json"),
    "json-lines": ("json_formats", "render_json_lines"),
    "sarif": ("sarif", "render"),
    "github": ("github", "render"),
    "junit": ("junit", "render"),
}
FORMAT_NAMES: tuple[str, ...] = tuple(RENDERERS)


def renderer(name: str) -> Renderer:
    """The renderer of format `name` (a key of RENDERERS); KeyError for an unknown name."""
    module, function = RENDERERS[name]
    renderer: Renderer = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return renderer


def render(name: str, findings: Sequence[Finding], context: RenderContext | None = None) -> str:
    """The findings in format `name` (a key of RENDERERS); KeyError for an unknown name."""
    return renderer(name)(findings, context if context is not None else RenderContext())


__all__ = [
    "FORMAT_NAMES",
    "RENDERERS",
    "REPOSITORY_URL",
    "RULE_DOCS_URL",
    "RenderContext",
    "Renderer",
    "SourceLines",
    "find_root",
    "render",
    "renderer",
    "rule_doc_url",
    "statistics",
]
