"""Text for people, as ruff prints it: `path:line:col: CODE message`.

On a terminal each finding also shows its source line with carets under the span; colour comes
from `rich` and only when the context asks for it, so piped output holds no escape codes. Lines
are built as styled segments; `rich` is imported only for a terminal, which keeps it out of the
start-up of runs whose output is piped (pre-commit, CI, editors).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence

from durable_lint.diagnostics.finding import Finding
from durable_lint.formats.base import RenderContext, marker, span_columns

Line = list[tuple[str, str]]  # (text, rich style; "" for none)

TAB_SIZE = 8
PATH_STYLE = "bold"
SEPARATOR_STYLE = "cyan"
CODE_STYLE = "bold red"
MARKER_STYLE = "cyan"
GUTTER_STYLE = "blue"
CARET_STYLE = "bold red"


def render(findings: Sequence[Finding], context: RenderContext) -> str:
    lines: list[Line] = []
    for finding in findings:
        lines.append(headline(finding))
        if context.is_terminal:
            lines.extend(snippet(finding, context))
    if not context.color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    return _colour(lines)


def headline(finding: Finding) -> Line:
    return [
        (finding.path, PATH_STYLE),
        (":", SEPARATOR_STYLE),
        (str(finding.line), ""),
        (":", SEPARATOR_STYLE),
        (str(finding.column), ""),
        (":", SEPARATOR_STYLE),
        (" ", ""),
        (finding.code, CODE_STYLE),
        (" ", ""),
        (marker(finding), MARKER_STYLE),
        (finding.message, ""),
    ]


def snippet(finding: Finding, context: RenderContext) -> list[Line]:
    """The finding's first source line and carets under its span, then a blank line."""
    from rich.cells import cell_len  # terminal width of wide characters

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
    code_line = [
        (f"{gutter} |", GUTTER_STYLE),
        (" " + shown.expandtabs(TAB_SIZE) if shown else "", ""),
    ]
    caret_line = [
        (" " * len(gutter) + " |", GUTTER_STYLE),
        (" " + " " * cell_len(before), ""),
        ("^" * width, CARET_STYLE),
    ]
    return [code_line, caret_line, []]


def _printable(line: str) -> str:
    """Control characters (an escape byte in a string literal) shown as U+FFFD, keeping tabs,
    so a source line cannot drive the terminal and carets stay aligned."""
    return "".join(
        "\ufffd" if ch != "\t" and unicodedata.category(ch) == "Cc" else ch for ch in line
    )


def _colour(lines: list[Line]) -> str:
    from rich.console import Console
    from rich.text import Text

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
        text = Text()
        for part, style in line:
            text.append(part, style or None)
        console.print(text)
    return buffer.getvalue()
