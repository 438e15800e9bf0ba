"""The flake8 plugin, run by the real flake8, agrees with the CLI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from fixture_support import FIXTURES, ROOT

from durable_lint.engine.linter import Linter, Settings
from durable_lint.flake8_plugin import DurableLintPlugin

FORMAT = "%(path)s:%(row)d:%(col)d:%(code)s"


def run_flake8(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", f"--format={FORMAT}", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.splitlines()


def test_flake8_reports_exactly_what_the_cli_reports_on_every_fixture() -> None:
    from_flake8 = {tuple(line.rsplit(":", 3)) for line in run_flake8("--select", "DUR", "fixtures")}
    linter = Linter(Settings(select=("DUR",)))
    from_cli = {
        (str(path.relative_to(ROOT)), str(f.line), str(f.column), f.code)
        for path in sorted(FIXTURES.rglob("*.py"))
        for f in linter.lint_path(str(path), str(path.relative_to(ROOT)))
    }
    assert len(from_cli) > 100
    assert from_flake8 == from_cli


def test_dur302_is_off_by_default_in_flake8(tmp_path: Path) -> None:
    target = tmp_path / "handler.py"
    target.write_text((FIXTURES / "DUR302" / "bad_fstring_from_event.py").read_text())
    default = run_flake8("handler.py", cwd=tmp_path)
    chosen = run_flake8("--select", "DUR302", "handler.py", cwd=tmp_path)
    assert not [line for line in default if ":DUR" in line]
    assert chosen and all(line.endswith("DUR302") for line in chosen)


def test_plugin_reads_standard_input_through_flake8() -> None:
    path = FIXTURES / "DUR101" / "bad_decorator_applied_as_call.py"
    lines = run_flake8("--select", "DUR", "-", stdin=path.read_text())
    assert lines and all(line.startswith("stdin:") for line in lines)


def test_plugin_turns_internal_errors_into_a_finding(monkeypatch) -> None:
    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Linter, "lint_source", explode)
    source = "from durable_runtime import durable_execution\n"
    plugin = DurableLintPlugin(ast.parse(source), source.splitlines(True), "x.py")
    results = list(plugin.run())
    assert len(results) == 1
    assert results[0][2].startswith("DUR000 durable-lint failed on this file")


def test_plugin_skips_files_without_a_durable_sdk() -> None:
    source = "import time\nprint(time.time())\n"
    plugin = DurableLintPlugin(ast.parse(source), source.splitlines(True), "x.py")
    assert list(plugin.run()) == []
