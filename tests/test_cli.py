"""The `durable-lint` command as users run it: paths, selection, formats, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from durable_lint.cli import main

BAD = """\
import time
import uuid
from aws_durable_execution_sdk_python import durable_execution


@durable_execution
def handler(event, context):
    started = time.time()
    request_id = str(uuid.uuid4())
    print("started", started)
    return context.step(lambda _: request_id, name="id")
"""
CLEAN = """\
from aws_durable_execution_sdk_python import durable_execution


@durable_execution
def handler(event, context):
    return context.step(lambda _: event["id"], name="id")
"""
TEXT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>DUR\d{3}) \S.*$")


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def test_text_output_and_exit_code(project: Path) -> None:
    status, out, _ = run("app", cwd=project)
    findings = [line for line in out.splitlines() if TEXT_LINE.match(line)]
    assert status == 1
    assert [
        (m["path"], m["line"], m["col"], m["code"]) for m in map(TEXT_LINE.match, findings)
    ] == [
        ("app/bad.py", "8", "15", "DUR101"),
        ("app/bad.py", "9", "22", "DUR103"),
        ("app/bad.py", "10", "5", "DUR404"),
    ]
    assert out.splitlines()[-2:] == [
        "Found 3 findings in 1 of 3 files.",
        "[*] 3 fixable with `--fix`.",
    ]


def test_clean_files_exit_zero(project: Path) -> None:
    status, out, err = run("app/clean.py", "app/plain.py", cwd=project)
    assert status == 0
    assert out == ""
    assert "All checks passed (2 files checked)." in err


def test_default_path_is_the_working_directory(project: Path) -> None:
    status, out, _ = run(cwd=project / "app")
    assert status == 1
    assert "bad.py:8:15: DUR101" in out


def test_json_output(project: Path) -> None:
    status, out, _ = run("--format", "json", "app/bad.py", cwd=project)
    records = json.loads(out)
    assert status == 1
    assert set(records[0]) == {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "message",
        "fixable",
        "fix",
    }
    first = records[0]
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (
        8,
        15,
        8,
        26,
    )
    assert first["fixable"] is True
    assert first["fix"] == {"applicability": "safe", "message": "wrap in `context.step(...)`"}
    assert records[2]["fix"]["applicability"] == "safe"  # print -> context.logger
    assert [r["code"] for r in records] == ["DUR101", "DUR103", "DUR404"]


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        (("--select", "DUR1"), ["DUR101", "DUR103"]),
        (("--select", "DUR101,DUR404"), ["DUR101", "DUR404"]),
        (("--select", "DUR101", "--select", "DUR404"), ["DUR101", "DUR404"]),
        (("--ignore", "DUR10"), ["DUR404"]),
        (("--select", "DUR1", "--ignore", "DUR103"), ["DUR101"]),
    ],
)
def test_select_and_ignore_by_code_or_prefix(project: Path, args, codes) -> None:
    _, out, _ = run("--format", "json", *args, "app/bad.py", cwd=project)
    assert [r["code"] for r in json.loads(out)] == codes


def test_dur302_only_when_selected(tmp_path: Path) -> None:
    (tmp_path / "h.py").write_text(CLEAN.replace('name="id"', 'name=event["step"]'))
    assert run("h.py", cwd=tmp_path)[0] == 0
    status, out, _ = run("--extend-select", "DUR302", "h.py", cwd=tmp_path)
    assert status == 1
    assert "h.py:6:53: DUR302" in out


def test_syntax_error_is_a_finding_and_the_run_goes_on(project: Path) -> None:
    (project / "app" / "broken.py").write_text(
        "from durable_runtime import durable_execution\ndef handler(event, context:\n"
    )
    status, out, _ = run("app", cwd=project)
    assert status == 1
    broken = [line for line in out.splitlines() if line.startswith("app/broken.py")]
    assert len(broken) == 1
    assert re.match(
        r"app/broken.py:2:\d+: DUR000 file could not be parsed.*'\(' was never closed", broken[0]
    )
    assert "app/bad.py:8:15: DUR101" in out


def test_missing_path_is_an_error_but_other_paths_are_checked(project: Path) -> None:
    status, out, err = run("nope.py", "app/bad.py", cwd=project)
    assert status == 2
    assert "nope.py: no such file or directory" in err
    assert "app/bad.py:8:15: DUR101" in out


def test_bad_option_is_a_usage_error(project: Path) -> None:
    status, _, err = run("--format", "xml", "app", cwd=project)
    assert status == 2
    assert "Invalid value for '--format'" in err


def test_skips_virtualenvs_and_build_directories(project: Path) -> None:
    for directory in (".git", ".venv", "build", "dist", "__pycache__", "myenv"):
        (project / directory).mkdir()
        (project / directory / "bad.py").write_text(BAD)
    (project / "myenv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    _, out, _ = run(".", cwd=project)
    paths = {line.split(":")[0] for line in out.splitlines() if TEXT_LINE.match(line)}
    assert paths == {"app/bad.py"}


def test_helper_in_another_module_is_reported_at_the_call_site(tmp_path: Path) -> None:
    package = tmp_path / "orders"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "ids.py").write_text(
        "import uuid\n\n\ndef new_request_id():\n    return f'req-{uuid.uuid4()}'\n"
    )
    (package / "handler.py").write_text(
        "from aws_durable_execution_sdk_python import durable_execution\n"
        "from orders.ids import new_request_id\n\n\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    request_id = new_request_id()\n"
        "    return context.step(lambda _: request_id, name='submit')\n"
    )
    status, out, _ = run("orders", cwd=tmp_path)
    assert status == 1
    assert out.splitlines()[0].startswith(
        "orders/handler.py:7:18: DUR103 [*] `new_request_id()` -> `uuid.uuid4()` at ids.py:5 "
    )


def test_console_script_runs_as_installed(project: Path) -> None:
    script = Path(sys.executable).with_name("durable-lint")
    result = subprocess.run(
        [str(script), "app/bad.py"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "app/bad.py:8:15: DUR101" in result.stdout


def test_a_subcommand_without_its_extra_says_which_to_install() -> None:
    code = (
        "import sys; sys.modules['pygls'] = sys.modules['lsprotocol'] = None; "
        "sys.argv = ['durable-lint', 'server']; "
        "from durable_lint.cli import entry; entry()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2
    assert "pip install 'durable-lint[server]'" in done.stderr
    assert "Traceback" not in done.stderr
