"""Findings of earlier runs, reused while nothing they depend on has changed.

One JSON file per configuration in `.durable_lint_cache/` at the project root, as ruff keeps
`.ruff_cache/`. Its name is a fingerprint of the tool (version and the modules it runs from),
the Python version and the settings, so a change to any of them starts a fresh file. Inside,
each linted file's entry holds the digest of the bytes it was linted from, its findings, and
what its analysis read (`Reads`: helper modules by digest, module lookups), so editing a
helper invalidates exactly the handlers that reached it.

A cache that cannot be read, parsed or written is ignored: it can only cost time, never a
result or a crash.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
from typing import Any

from durable_lint import __version__
from durable_lint.analysis.reads import Reads, digest
from durable_lint.analysis.source import read_bytes
from durable_lint.diagnostics.finding import Finding
from durable_lint.diagnostics.fix import Applicability, EditKind, Fix, Span
from durable_lint.engine.settings import Settings

CACHE_DIRECTORY = ".durable_lint_cache"
FORMAT = 1  # of the file's content; bump when it changes
KEPT_FILES = 8  # results of other settings or versions, most recently written first
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # durable_lint/


def tool_fingerprint() -> list[object]:
    """The version, and each module's size and modification time, so that an editable install
    whose rules were edited does not reuse results of the old code."""
    stamps: list[object] = [__version__, sys.version, FORMAT]
    for directory, subdirectories, filenames in os.walk(_PACKAGE):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for filename in sorted(filenames):
            if filename.endswith(".py"):
                status = os.stat(os.path.join(directory, filename))
                relative = os.path.relpath(os.path.join(directory, filename), _PACKAGE)
                stamps.append((relative, status.st_size, status.st_mtime_ns))
    return stamps


def settings_fingerprint(settings: Settings) -> str:
    """The name of the cache file for these settings and this tool."""
    text = json.dumps([tool_fingerprint(), dataclasses.astuple(settings)], default=repr)
    return digest(text.encode())


class ResultCache:
    """Per-file findings, keyed by path; see the module docstring for what keeps them valid."""

    def __init__(self, directory: str, settings: Settings) -> None:
        self.directory = os.path.abspath(directory)
        self.file = os.path.join(self.directory, f"results-{settings_fingerprint(settings)}.json")
        self._entries: dict[str, dict[str, Any]] = self._load()
        self._changed = False
        self._seen: set[str] = set()
        # What this run found on disk, looked up once however many entries depend on it.
        self._digests: dict[str, str | None] = {}
        self._isfile: dict[str, bool] = {}
        self._exists: dict[str, bool] = {}

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            with open(self.file, "rb") as handle:
                data = json.loads(handle.read())
        except (OSError, ValueError, RecursionError):  # missing, unreadable, or not JSON
            return {}
        entries = data.get("entries") if isinstance(data, dict) else None
        return entries if isinstance(entries, dict) else {}

    def get(
        self, path: str, content: str, applicable: frozenset[Applicability]
    ) -> list[Finding] | None:
        """The cached findings of `path`, when its content has digest `content` and everything
        its analysis read is unchanged; None when it must be analysed. With fixes to apply,
        a file that has one is analysed again (fixes are applied from a fresh analysis)."""
        key = os.path.abspath(path)
        self._seen.add(key)
        entry = self._entries.get(key)
        if not isinstance(entry, dict) or entry.get("digest") != content:
            return None
        try:
            if not self._still_holds(Reads.from_json(entry["reads"])):
                return None
            findings = [_decode_finding(path, item) for item in entry["findings"]]
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # an entry this version did not write
        if any(f.fix is not None and f.fix.applicability in applicable for f in findings):
            return None
        return findings

    def put(self, path: str, content: str, findings: list[Finding], reads: Reads) -> None:
        key = os.path.abspath(path)
        self._seen.add(key)
        self._entries[key] = {
            "digest": content,
            "findings": [_encode_finding(f) for f in findings],
            "reads": reads.as_json(),
        }
        self._changed = True

    def forget(self, path: str) -> None:
        """Drop a file's entry (it no longer needs analysing, or it changed while fixing)."""
        key = os.path.abspath(path)
        self._seen.add(key)
        if self._entries.pop(key, None) is not None:
            self._changed = True

    def save(self) -> None:
        """Write the entries atomically, dropping those of files that no longer exist."""
        for key in [k for k in self._entries if k not in self._seen]:
            if not os.path.exists(key):
                del self._entries[key]
                self._changed = True
        if not self._changed:
            return
        with contextlib.suppress(OSError):
            self._prepare_directory()
            data = json.dumps({"format": FORMAT, "entries": self._entries}, separators=(",", ":"))
            # Named after this process, so runs at the same time do not share one; created
            # with the usual permissions (the umask's), unlike a mkstemp file.
            temporary = f"{self.file}.{os.getpid()}.tmp"
            try:
                with open(temporary, "w", encoding="utf-8") as handle:
                    handle.write(data)
                os.replace(temporary, self.file)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
            self._changed = False
            self._prune()

    def _prune(self) -> None:
        """Delete all but the most recent files of other settings and tool versions, which
        pile up with upgrades (and with every edit to an editable install)."""
        others = []
        for entry in os.scandir(self.directory):
            name = entry.name
            if name.startswith("results-") and name.endswith(".json") and entry.path != self.file:
                others.append((entry.stat().st_mtime_ns, entry.path))
        for _, path in sorted(others, reverse=True)[KEPT_FILES:]:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def _prepare_directory(self) -> None:
        """The cache directory, ignored by git and marked as a cache for backup tools."""
        os.makedirs(self.directory, exist_ok=True)
        ignore = os.path.join(self.directory, ".gitignore")
        if not os.path.exists(ignore):
            with open(ignore, "w", encoding="utf-8") as handle:
                handle.write("# Created by durable-lint.\n*\n")
        tag = os.path.join(self.directory, "CACHEDIR.TAG")
        if not os.path.exists(tag):
            with open(tag, "w", encoding="utf-8") as handle:
                handle.write(
                    "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# This file is a cache directory tag created by durable-lint.\n"
                )

    # -- validity ------------------------------------------------------------------------------

    def _still_holds(self, reads: Reads) -> bool:
        for path, recorded in reads.modules.items():
            if self._digest_of(path) != recorded:
                return False
        for path, recorded in reads.files.items():
            found = self._isfile.get(path)
            if found is None:
                found = self._isfile[path] = os.path.isfile(path)
            if found != recorded:
                return False
        for path, recorded in reads.paths.items():
            found = self._exists.get(path)
            if found is None:
                found = self._exists[path] = os.path.exists(path)
            if found != recorded:
                return False
        return True

    def _digest_of(self, path: str) -> str | None:
        if path not in self._digests:
            data = read_bytes(path)
            self._digests[path] = None if isinstance(data, str) else digest(data)
        return self._digests[path]


# -- findings as JSON ----------------------------------------------------------------------------


def _encode_finding(finding: Finding) -> list[object]:
    fix = finding.fix
    encoded_fix = None
    if fix is not None:
        encoded_fix = [
            fix.applicability.value,
            fix.description,
            fix.kind.value,
            [fix.span.line, fix.span.column, fix.span.end_line, fix.span.end_column],
            [[key, value] for key, value in fix.options],
            [list(pair) for pair in fix.imports],
        ]
    return [
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.code,
        finding.message,
        encoded_fix,
    ]


def _decode_finding(path: str, item: list[Any]) -> Finding:
    line, column, end_line, end_column, code, message, fix = item
    for number in (line, column, end_line, end_column):
        if not isinstance(number, int):
            raise TypeError("positions must be integers")
    if not isinstance(code, str) or not isinstance(message, str):
        raise TypeError("code and message must be strings")
    return Finding(path, line, column, end_line, end_column, code, message, _decode_fix(fix))


def _decode_fix(item: list[Any] | None) -> Fix | None:
    if item is None:
        return None
    applicability, description, kind, span, options, imports = item
    return Fix(
        Applicability(applicability),
        str(description),
        EditKind(kind),
        Span(*(int(number) for number in span)),
        tuple((str(key), _tuples(value)) for key, value in options),
        tuple((str(module), str(name)) for module, name in imports),
    )


def _tuples(value: object) -> object:
    """JSON has lists where fix options have tuples."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    return value
