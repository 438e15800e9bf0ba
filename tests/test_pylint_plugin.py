"""The pylint plugin, run by the real pylint, agrees with the engine and obeys pylint pragmas."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_support import FIXTURES, ROOT, expectations, fixture_files
from pylint.lint import Run
from pylint.reporters import CollectingReporter

from durable_lint.diagnostics.codes import PARSE_ERROR
from durable_lint.engine.linter import Linter, Settings
from durable_lint.pylint import MESSAGES, message_id
from durable_lint.rules import ALL_RULES

PLUGIN = ("--rcfile", os.devnull, "--load-plugins", "durable_lint.pylint")
ONLY_OURS = ("--disable=all", f"--enable={','.join(MESSAGES)}")
TEMPLATE = "--msg-template={path}|{line}|{column}|{msg_id}|{symbol}|{msg}"
ALL_CODES = {PARSE_ERROR} | {rule.code for rule in ALL_RULES}
SYMBOLS = {definition[0].split()[0]: definition[1] for definition in MESSAGES.values()}


def run_pylint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pylint", *PLUGIN, "--score=n", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def reported(*args: str, cwd: Path = ROOT) -> set[tuple[str, int, int, str]]:
    """(path, line, column, DUR code) of each message, checking its id, symbol and text."""
    result = run_pylint(*ONLY_OURS, TEMPLATE, *args, cwd=cwd)
    assert not result.stderr, result.stderr
    found = set()
    for line in result.stdout.splitlines():
        if line.startswith("*" * 13):  # pylint's "Module x" header
            continue
        path, number, column, msgid, symbol, text = line.split("|", 5)
        code = text.split()[0]
        assert (msgid, symbol) == (message_id(code), SYMBOLS[code]), line
        found.add((path, int(number), int(column) + 1, code))
    return found


def test_pylint_reports_exactly_what_the_engine_reports_on_every_fixture() -> None:
    paths = [str(path.relative_to(ROOT)) for path in fixture_files()]
    linter = Linter(Settings(select=("DUR",)))
    from_engine = {
        (path, f.line, f.column, f.code) for path in paths for f in linter.lint_path(path)
    }
    assert len(from_engine) > 200
    assert reported(*paths) == from_engine


def _fixture(fixture: str, comments: dict[int, str]) -> list[str]:
    """A fixture's lines, with the trailing comment of some lines replaced."""
    lines = (FIXTURES / fixture).read_text(encoding="utf-8").splitlines()
    for number, comment in comments.items():
        lines[number - 1] = f"{lines[number - 1].split('  # ')[0]}  {comment}"
    return lines


def _write(tmp_path: Path, lines: list[str]) -> None:
    (tmp_path / "handler.py").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _lines_and_codes(tmp_path: Path) -> set[tuple[int, str]]:
    return {(line, code) for _, line, _, code in reported("handler.py", cwd=tmp_path)}


def _from_engine(tmp_path: Path) -> set[tuple[int, str]]:
    """What durable-lint finds in the file, pragmas or not."""
    findings = Linter(Settings(select=("DUR",))).lint_path(str(tmp_path / "handler.py"))
    return {(f.line, f.code) for f in findings}


def test_line_disable_by_symbol_or_id_suppresses_only_that_line(tmp_path: Path) -> None:
    fixture = "DUR101/bad_alias_datetime_module.py"
    assert expectations(FIXTURES / fixture) == {(25, "DUR101"), (26, "DUR101"), (33, "DUR101")}
    comments = {25: "# pylint: disable=durable-clock-outside-step", 33: "# pylint: disable=W9101"}
    _write(tmp_path, _fixture(fixture, comments))
    assert _from_engine(tmp_path) == {(25, "DUR101"), (26, "DUR101"), (33, "DUR101")}
    assert _lines_and_codes(tmp_path) == {(26, "DUR101")}


def test_file_level_disable_silences_one_message_in_the_whole_file(tmp_path: Path) -> None:
    fixture = "DUR301/bad_inline_clock_in_name.py"
    assert expectations(FIXTURES / fixture) == {(13, "DUR101"), (13, "DUR301")}
    _write(tmp_path, ["# pylint: disable=durable-clock-outside-step", *_fixture(fixture, {})])
    found = _from_engine(tmp_path)
    assert (14, "DUR101") in found  # one line down, below the pragma
    assert _lines_and_codes(tmp_path) == {(line, code) for line, code in found if code != "DUR101"}


def test_dur302_is_disabled_by_default_and_can_be_enabled(tmp_path: Path) -> None:
    target = tmp_path / "handler.py"
    target.write_text((FIXTURES / "DUR302" / "bad_fstring_from_event.py").read_text())
    by_default = run_pylint(TEMPLATE, "handler.py", cwd=tmp_path).stdout
    enabled = run_pylint(
        TEMPLATE, "--enable=durable-dynamic-operation-name", "handler.py", cwd=tmp_path
    )
    assert "|W9302|" not in by_default
    assert "|durable-dynamic-operation-name|DUR302 " in enabled.stdout


def test_message_list_has_every_dur_code_with_its_mapped_id() -> None:
    listing = run_pylint("--list-msgs").stdout
    pattern = re.compile(r"^:(durable-[a-z-]+) \(([EW]9\d{3})\): \*(DUR\d{3}) %s\*$", re.M)
    listed = {code: (msgid, symbol) for symbol, msgid, code in pattern.findall(listing)}
    assert set(listed) == ALL_CODES
    assert all(msgid == message_id(code) for code, (msgid, _) in listed.items())
    assert len({symbol for _, symbol in listed.values()}) == len(ALL_CODES)


def test_dur302_is_listed_as_disabled_and_the_others_as_enabled() -> None:
    listing = run_pylint("--list-msgs-enabled").stdout
    enabled, disabled = listing.split("Disabled messages:")
    for code in ALL_CODES:
        section = disabled if code == "DUR302" else enabled
        assert f"({message_id(code)})" in section, code


def test_an_engine_failure_becomes_a_not_checked_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Linter, "lint_source", explode)
    reporter = CollectingReporter()
    path = FIXTURES / "DUR101" / "bad_alias_datetime_module.py"
    Run([*PLUGIN, *ONLY_OURS, str(path)], reporter=reporter, exit=False)
    assert [(m.msg_id, m.symbol, m.line) for m in reporter.messages] == [
        ("E9000", "durable-file-not-checked", 1)
    ]
    assert (
        reporter.messages[0].msg == "DUR000 durable-lint failed on this file: RuntimeError('boom')"
    )
