"""`durable-run` as a user runs it: start, answer callbacks, suspend, resume elsewhere."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

HANDLER = textwrap.dedent(
    """
    import json

    from aws_durable_execution_sdk_python import DurableContext, durable_execution
    from aws_durable_execution_sdk_python.config import CallbackConfig, Duration


    @durable_execution
    def handler(event, context: DurableContext):
        total = context.step(lambda _: sum(event["items"]), name="total")
        config = CallbackConfig(timeout=Duration.from_hours(24))
        answer = context.create_callback(name="manager-approval", config=config).result()
        decision = json.loads(answer)  # the payload text, as the AWS SDK hands it over
        context.wait(Duration.from_seconds(1), name="cool-off")
        return {"total": total, "approved": decision["approved"]}
    """
)


def durable_run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("durable-run")
    return subprocess.run(
        [str(script), *args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "approval.py").write_text(HANDLER)
    (tmp_path / "event.json").write_text('{"items": [1, 2, 3]}')
    return tmp_path


def test_runs_to_the_end_with_time_skipped_and_the_callback_answered(project: Path) -> None:
    done = durable_run(
        "approval.py:handler",
        "--as-aws",
        "-e",
        "@event.json",
        "--skip-time",
        "--callback",
        'manager-approval={"approved": true}',
        "--json",
        cwd=project,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "SUCCEEDED"
    assert report["result"] == {"total": 6, "approved": True}
    assert [op["name"] for op in report["operations"]] == ["total", "manager-approval", "cool-off"]
    assert report["history"][0]["EventType"] == "ExecutionStarted"
    assert {"StepSucceeded", "CallbackStarted", "WaitSucceeded"} <= {
        event["EventType"] for event in report["history"]
    }


def test_suspends_and_resumes_from_another_process(project: Path) -> None:
    first = durable_run("approval.py:handler", "--as-aws", "-e", '{"items": [2, 2]}', cwd=project)
    assert first.returncode == 3
    name = first.stdout.splitlines()[0]
    assert "suspended on a callback" in first.stdout
    answered = durable_run(
        "--resume", name, "--callback", 'manager-approval={"approved": false}', cwd=project
    )
    assert answered.returncode == 3  # now on the one-second wait
    assert "suspended on time" in answered.stdout
    assert "replayed" in answered.stdout  # the step before came from its checkpoint
    time.sleep(1.1)
    last = durable_run("--resume", name, cwd=project)
    assert last.returncode == 0, last.stdout + last.stderr
    assert "succeeded: {'total': 4, 'approved': False}" in last.stdout


def test_usage_errors_exit_2(project: Path) -> None:
    assert durable_run(cwd=project).returncode == 2
    assert durable_run("missing.py:handler", cwd=project).returncode == 2
    assert durable_run("--resume", "nothing-here", cwd=project).returncode == 2
    bad_event = durable_run("approval.py:handler", "--as-aws", "-e", "{oops", cwd=project)
    assert bad_event.returncode == 2 and "not JSON" in bad_event.stderr


def test_a_failing_handler_exits_1(project: Path) -> None:
    (project / "broken.py").write_text(
        "from durable_runtime import durable_execution\n\n\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    return context.step(lambda _: 1 / 0, name='divide',"
        " config=__import__('durable_runtime').StepConfig("
        "retry_strategy=__import__('durable_runtime').RetryPresets.none()))\n"
    )
    failed = durable_run("broken.py:handler", cwd=project)
    assert failed.returncode == 1
    assert "failed: StepError: division by zero" in failed.stdout  # the class, for reading
    as_json = json.loads(durable_run("broken.py:handler", "--json", cwd=project).stdout)
    assert as_json["error"]["type"] == "durable_runtime.exceptions.StepError"  # the wire name


def test_asks_for_a_callback_answer_on_a_terminal(project: Path) -> None:
    import os
    import pty
    import select

    controller, terminal = pty.openpty()
    script = Path(sys.executable).with_name("durable-run")
    process = subprocess.Popen(
        [str(script), "approval.py:handler", "--as-aws", "-e", '{"items": [5]}', "--skip-time"],
        cwd=project,
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=terminal,
        text=True,
    )
    os.close(terminal)
    prompt, deadline = b"", time.monotonic() + 60
    while b"(JSON)" not in prompt:
        assert time.monotonic() < deadline, f"no prompt, only {prompt!r}"
        if select.select([controller], [], [], 1)[0]:
            prompt += os.read(controller, 1024)
    assert b"Answer for callback 'manager-approval'" in prompt
    os.write(controller, b"{oops\n")  # not JSON: said so, and asked again
    while prompt.count(b"(JSON)") < 2:
        assert time.monotonic() < deadline, f"not asked again, only {prompt!r}"
        if select.select([controller], [], [], 1)[0]:
            prompt += os.read(controller, 1024)
    assert b"not JSON" in prompt and b"Traceback" not in prompt
    os.write(controller, b'{"approved": true}\n')
    output, _ = process.communicate(timeout=60)
    os.close(controller)
    assert process.returncode == 0
    assert "succeeded: {'total': 5, 'approved': True}" in output


def test_a_handler_built_by_the_installed_aws_sdk_asks_for_as_aws(project: Path) -> None:
    pytest.importorskip("aws_durable_execution_sdk_python")
    result = durable_run("approval.py:handler", "--skip-time", cwd=project)
    assert result.returncode == 2
    assert "decorated by the installed AWS SDK" in result.stderr
    assert "--as-aws" in result.stderr and "Traceback" not in result.stderr


def test_a_module_that_fails_to_load_is_a_usage_error_naming_its_line(project: Path) -> None:
    (project / "broken.py").write_text('import os\n\nraise ValueError("no config")\n')
    result = durable_run("broken.py:handler", cwd=project)
    assert result.returncode == 2
    assert "cannot load broken.py (line 3): ValueError: no config" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_store_that_is_not_sqlite_is_a_usage_error(project: Path) -> None:
    (project / "notes.db").write_text("not a database\n" * 100)
    result = durable_run("approval.py:handler", "--as-aws", "--store", "notes.db", cwd=project)
    assert result.returncode == 2
    assert "notes.db: cannot open as a SQLite store" in result.stderr
    assert "Traceback" not in result.stderr
