"""Text for people, as ruff prints it: `path:line:col: CODE message`.

On a terminal each finding also shows its source line with carets under the span; colour comes
from `rich` and only when the context asks for it, so piped output holds no escape codes.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from durable_lint.findings import Finding
from durable_lint.formats.base import RenderContext, marker, span_columns

TAB_SIZE = 8
PATH_STYLE = "bold"
SEPARATOR_STYLE = "cyan"
CODE_STYLE = "bold red"
MARKER_STYLE = "cyan"
GUTTER_STYLE = "blue"
CARET_STYLE = "bold red"


def render(findings: Sequence[Finding], context: RenderContext) -> str:
    lines: list[Text] = []
    for finding in findings:
        lines.append(headline(finding))
        if context.is_terminal:
            lines.extend(snippet(finding, context))
    if not context.color:
        return "".join(line.plain + "\n" for line in lines)
    return _colour(lines)


def headline(finding: Finding) -> Text:
    text = Text()
    text.append(finding.path, PATH_STYLE)
    for number in (finding.line, finding.column):
        text.append(":", SEPARATOR_STYLE)
        text.append(str(number))
    text.append(":", SEPARATOR_STYLE)
    text.append(" ")
    text.append(finding.code, CODE_STYLE)
    text.append(" ")
    text.append(marker(finding), MARKER_STYLE)
    text.append(finding.message)
    return text


def snippet(finding: Finding, context: RenderContext) -> list[Text]:
    """The finding's first source line and carets under its span, then a blank line."""
    source = context.line(finding.path, finding.line)
    if source is None:
        return []
    end_source = source if finding.end_line == finding.line else None
    start, end = span_columns(finding, source, end_source)
    shown = _printable(source).rstrip()
    before = shown[: start - 1].expandtabs(TAB_SIZE)
    if end_source is not None and end > start:
        underlined = shown[: end - 1].expandtabs(TAB_SIZE)[len(before) :]
        width = max(cell_len(underlined), 1)
    else:
        width = 1
    gutter = str(finding.line)
    code_line = Text()
    code_line.append(f"{gutter} |", GUTTER_STYLE)
    code_line.append(" " + shown.expandtabs(TAB_SIZE) if shown else "")
    caret_line = Text()
    caret_line.append(" " * len(gutter) + " |", GUTTER_STYLE)
    caret_line.append(" " + " " * cell_len(before))
    caret_line.append("^" * width, CARET_STYLE)
    return [code_line, caret_line, Text()]


def _printable(line: str) -> str:
    """Control characters (an escape byte in a string literal) shown as U+FFFD, keeping tabs,
    so a source line cannot drive the terminal and carets stay aligned."""
    return "".join(
        "\ufffd" if ch != "\t" and unicodedata.category(ch) == "Cc" else ch for ch in line
    )


def _colour(lines: list[Text]) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        no_color=False,
        width=1_000_000,
        soft_wrap=True,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
        tab_size=TAB_SIZE,
    )
    for line in lines:
        console.print(line)
    return buffer.getvalue()
