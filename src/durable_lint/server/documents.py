"""The editor's open documents, checked as they are in the editor: unsaved text, the settings
of the project they belong to, and helper modules read from their open buffers when open."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from durable_lint.diagnostics.finding import Finding
from durable_lint.engine.linter import Linter
from durable_lint.engine.settings import Settings
from durable_lint.run import config as configuration


@dataclass
class Checked:
    """A document's last check: the text checked, its findings, the linter that made them (for
    fixes), and the project files it read."""

    text: str
    findings: list[Finding]
    linter: Linter
    reads: set[str] = field(default_factory=set)


class Documents:
    def __init__(self) -> None:
        self.texts: dict[str, str] = {}  # absolute path -> text
        self.checked: dict[str, Checked] = {}

    def update(self, path: str, text: str) -> None:
        self.texts[os.path.abspath(path)] = text

    def close(self, path: str) -> None:
        self.texts.pop(os.path.abspath(path), None)
        self.checked.pop(os.path.abspath(path), None)

    def check(self, path: str) -> Checked:
        """Lint an open document. A bad configuration raises `ConfigError`."""
        path = os.path.abspath(path)
        linter = Linter(settings_for(path))
        linter.project.overlay = self.texts
        text = self.texts.get(path, "")
        # As a run does: a file that names no durable SDK is not parsed, nor reported.
        mentions = linter.mentions_sdk(text.encode("utf-8", errors="surrogatepass"))
        findings = linter.lint_text(text, path) if mentions else []
        checked = Checked(text, findings, linter, set(linter.project.reads.modules))
        self.checked[path] = checked
        return checked

    def current(self, path: str) -> Checked | None:
        """The last check of a document, if it was of its present text. A helper's edit or
        close re-checks its dependents, so their last check stays current too."""
        checked = self.checked.get(os.path.abspath(path))
        if checked is not None and checked.text == self.texts.get(os.path.abspath(path)):
            return checked
        return None

    def dependents(self, path: str) -> list[str]:
        """Open documents whose last check read `path` (a helper module they reach)."""
        path = os.path.abspath(path)
        return sorted(p for p, c in self.checked.items() if p != path and path in c.reads)


def settings_for(path: str) -> Settings:
    """The settings of the nearest `[tool.durable-lint]` above the file, else the defaults."""
    found = configuration.find((path,)) if Path(path).parent.exists() else None
    return configuration.lint_settings(
        configuration.load(found) if found else configuration.Config()
    )
