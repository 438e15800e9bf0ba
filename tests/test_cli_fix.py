"""`durable-lint --fix/--diff` as users run it: atomic rewrites, exit codes, summaries."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import run

HANDLER = """\
import time
import uuid

import boto3
from aws_durable_execution_sdk_python import durable_execution

table = boto3.resource("dynamodb").Table("orders")


@durable_execution
def handler(event, context):
    # the id must be stable across replays
    order_id = str(uuid.uuid4())
    table.put_item(Item={"id": order_id})
    print('stored', order_id)
    return order_id
"""
SAFE_FIXED = """\
import time
import uuid

import boto3
from aws_durable_execution_sdk_python import durable_execution

table = boto3.resource("dynamodb").Table("orders")


@durable_execution
def handler(event, context):
    # the id must be stable across replays
    order_id = context.step(lambda _: str(uuid.uuid4()), name="order-id")
    table.put_item(Item={"id": order_id})
    context.logger.info("stored %s", order_id)
    return order_id
"""


@pytest.fixture
def handler(tmp_path: Path) -> Path:
    path = tmp_path / "handler.py"
    path.write_text(HANDLER)
    path.chmod(0o640)
    return path


def test_fix_applies_safe_fixes_and_reports_what_remains(handler: Path) -> None:
    status, out, _ = run("--fix", "--show-fixes", "handler.py", cwd=handler.parent)
    assert handler.read_text() == SAFE_FIXED
    assert stat.S_IMODE(handler.stat().st_mode) == 0o640
    assert status == 1  # the unsafe DUR401 remains
    assert "handler.py:14:5: DUR401 `table.put_item()` (boto3)" in out
    assert "Fixed 2 findings, 1 remaining." in out
    assert "1 more finding fixable with `--unsafe-fixes`." in out
    assert "Fixed in handler.py:\n    1 x DUR103 (uuid-outside-step)\n    1 x DUR404" in out
    assert not [p for p in handler.parent.iterdir() if p.name != "handler.py"]


def test_unsafe_fixes_clear_everything_and_a_second_run_changes_nothing(handler: Path) -> None:
    status, out, err = run("--fix", "--unsafe-fixes", "handler.py", cwd=handler.parent)
    fixed = handler.read_text()
    assert (status, out) == (0, "")
    assert fixed.splitlines()[13:16] == [
        "    def table_put_item_step(_):",
        '        table.put_item(Item={"id": order_id})',
        '    context.step(table_put_item_step, name="table-put-item")',
    ]
    assert "Fixed 3 findings, 0 remaining." in err
    status, out, err = run("--fix", "--unsafe-fixes", "handler.py", cwd=handler.parent)
    assert status == 0
    assert handler.read_text() == fixed


def test_diff_prints_and_writes_nothing(handler: Path) -> None:
    status, out, err = run("--diff", "handler.py", cwd=handler.parent)
    assert status == 1
    assert handler.read_text() == HANDLER
    assert out.startswith("--- handler.py\n+++ handler.py\n")
    assert '+    order_id = context.step(lambda _: str(uuid.uuid4()), name="order-id")' in out
    assert "Would fix 2 findings, 1 remaining." in err
    run("--fix", "handler.py", cwd=handler.parent)
    status, out, _ = run("--diff", "handler.py", cwd=handler.parent)
    assert (status, out) == (0, "")


def test_exit_non_zero_on_fix_for_pre_commit(handler: Path) -> None:
    status, _, _ = run(
        "--fix", "--unsafe-fixes", "--exit-non-zero-on-fix", "handler.py", cwd=handler.parent
    )
    assert status == 1
    status, _, _ = run(
        "--fix", "--unsafe-fixes", "--exit-non-zero-on-fix", "handler.py", cwd=handler.parent
    )
    assert status == 0


def test_file_changed_while_fixing_is_left_alone(handler: Path, monkeypatch) -> None:
    import durable_lint.fixes.apply as fixer

    real = fixer.fix_source

    def edit_behind_our_back(*args, **kwargs):
        outcome = real(*args, **kwargs)
        handler.write_text(HANDLER + "# edited meanwhile\n")
        return outcome

    monkeypatch.setattr(fixer, "fix_source", edit_behind_our_back)
    status, _, err = run("--fix", "handler.py", cwd=handler.parent)
    assert status == 2
    assert "changed on disk while fixing; left as it was" in err
    assert handler.read_text().endswith("# edited meanwhile\n")


def test_fix_keeps_bom_and_crlf_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "handler.py"
    path.write_bytes(b"\xef\xbb\xbf" + HANDLER.replace("\n", "\r\n").encode())
    run("--fix", "handler.py", cwd=tmp_path)
    assert path.read_bytes() == b"\xef\xbb\xbf" + SAFE_FIXED.replace("\n", "\r\n").encode()


def test_a_failed_write_leaves_the_file_and_no_temporary(handler: Path, monkeypatch) -> None:
    def refuse(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    status, _, err = run("--fix", "handler.py", cwd=handler.parent)
    assert status == 2
    assert "cannot write the fixed file: [Errno 13] Permission denied" in err
    assert handler.read_text() == HANDLER
    assert [p.name for p in handler.parent.iterdir()] == ["handler.py"]


def test_libcst_is_not_loaded_without_fixes(handler: Path) -> None:
    probe = (
        "import sys; from durable_lint.cli import main\n"
        "try:\n    main(['handler.py'])\nexcept SystemExit:\n    pass\n"
        "print('libcst' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=handler.parent, capture_output=True, text=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
