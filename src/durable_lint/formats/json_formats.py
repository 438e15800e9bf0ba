"""JSON for machines: one array (`json`), or one object a line (`json-lines`)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from durable_lint.diagnostics.finding import Finding
from durable_lint.formats.base import RenderContext


def render_json(findings: Sequence[Finding], context: RenderContext) -> str:
    return json.dumps([f.as_json() for f in findings], indent=2) + "\n"


def render_json_lines(findings: Sequence[Finding], context: RenderContext) -> str:
    return "".join(json.dumps(f.as_json()) + "\n" for f in findings)
