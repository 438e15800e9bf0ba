"""Positions in the editor's terms. LSP counts lines from 0, and columns in the units the client
and server agreed on at start-up (UTF-16 code units unless the client offered UTF-8 or UTF-32);
findings count lines from 1 and columns in UTF-8 bytes from 1 (characters for DUR000, whose
columns come from the parser's message)."""

from __future__ import annotations

from lsprotocol import types

from durable_lint.diagnostics.codes import PARSE_ERROR
from durable_lint.diagnostics.finding import Finding

UTF16 = types.PositionEncodingKind.Utf16.value


def units(text: str, encoding: str = UTF16) -> int:
    """How long `text` is in the agreed units."""
    if encoding == types.PositionEncodingKind.Utf8.value:
        return len(text.encode("utf-8"))
    if encoding == types.PositionEncodingKind.Utf32.value:
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _column(line: str, column: int, in_bytes: bool, encoding: str) -> int:
    """A finding's 1-based column on `line` as a 0-based column in the agreed units."""
    if in_bytes:
        prefix = line.encode("utf-8")[: max(column - 1, 0)].decode("utf-8", errors="ignore")
    else:
        prefix = line[: max(column - 1, 0)]
    return units(prefix, encoding)


def finding_range(finding: Finding, lines: list[str], encoding: str = UTF16) -> types.Range:
    in_bytes = finding.code != PARSE_ERROR

    def position(line: int, column: int) -> types.Position:
        index = min(max(line - 1, 0), max(len(lines) - 1, 0))
        text = lines[index] if lines else ""
        return types.Position(line=index, character=_column(text, column, in_bytes, encoding))

    return types.Range(
        start=position(finding.line, finding.column),
        end=position(finding.end_line, finding.end_column),
    )


def position_at(text: str, offset: int, encoding: str = UTF16) -> types.Position:
    """The position of a character offset into `text`."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return types.Position(line=line, character=units(text[start:offset], encoding))


def replacement(old: str, new: str, encoding: str = UTF16) -> types.TextEdit:
    """One edit turning `old` into `new`: the span between what they share at both ends."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    start = position_at(old, prefix, encoding)
    end = position_at(old, len(old) - suffix, encoding)
    return types.TextEdit(
        range=types.Range(start=start, end=end), new_text=new[prefix : len(new) - suffix]
    )


def size(span: types.Range) -> tuple[int, int]:
    """How much a range covers, to order nested findings (lines first, then columns)."""
    return span.end.line - span.start.line, span.end.character - span.start.character


def overlaps(a: types.Range, b: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)
