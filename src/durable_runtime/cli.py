"""`durable-run`: run a durable handler locally on the SQLite store, and resume it later.

durable-run orders/handler.py:handler -e '{"order_id": "o-1"}' --skip-time
durable-run --resume handler-3f2a9c        # from another process, after a wait
"""

from __future__ import annotations

import contextlib
import datetime
import importlib.util
import json
import sqlite3
import sys
import traceback
import uuid
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from durable_runtime.compat import aws_sdk_on_runtime
from durable_runtime.execution import Executor, Outcome, handler_function
from durable_runtime.serdes import deserialize
from durable_runtime.store import SqliteStore, operation_order

EXIT_SUCCEEDED, EXIT_FAILED, EXIT_USAGE, EXIT_SUSPENDED = 0, 1, 2, 3
DEFAULT_STORE = "durable-executions.db"
AWS_SDK = "aws_durable_execution_sdk_python"
STYLES = {
    "Replayed": "dim",
    "Started": "cyan",
    "Succeeded": "green",
    "Failed": "red",
    "TimedOut": "red",
    "Retried": "yellow",
}


def load_target(target: str, as_aws: bool) -> Any:
    """`path/to/module.py:function` -> the handler, its module loaded from the file."""
    path, _, attribute = target.rpartition(":")
    if not path or not attribute or not Path(path).is_file():
        raise click.BadParameter(f"{target!r} is not PATH.py:HANDLER", param_hint="TARGET")
    switch = aws_sdk_on_runtime() if as_aws else contextlib.nullcontext()
    module_name = f"durable_run_{Path(path).stem}"
    with switch:
        spec = importlib.util.spec_from_file_location(module_name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        sys.path.insert(0, str(Path(path).resolve().parent))
        try:
            spec.loader.exec_module(module)
        except Exception as error:  # the user's module: say what failed, not our traceback
            raise click.UsageError(_load_failure(path, error, as_aws)) from error
    handler = getattr(module, attribute, None)
    if handler is None:
        raise click.BadParameter(f"{path} has no {attribute!r}", param_hint="TARGET")
    if not as_aws and _built_by_aws_sdk(handler):
        raise click.UsageError(
            f"{target} is decorated by the installed AWS SDK, which runs only on AWS Lambda; "
            "add --as-aws to run it on the runtime"
        )
    return handler_function(handler)


def _built_by_aws_sdk(handler: Any) -> bool:
    """The real SDK's `@durable_execution` wrapper: its code lives in the SDK's package."""
    code = getattr(handler, "__code__", None)
    return code is not None and AWS_SDK in Path(code.co_filename).parts


def open_store(path: str) -> SqliteStore:
    try:
        return SqliteStore(path)
    except sqlite3.Error as error:
        raise click.BadParameter(
            f"{path}: cannot open as a SQLite store: {error}", param_hint="--store"
        ) from error


def _load_failure(path: str, error: Exception, as_aws: bool) -> str:
    """`cannot load PATH (line N): Type: message`, with a hint for AWS SDK handlers."""
    lines = [
        frame.lineno
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve() == Path(path).resolve()
    ]
    where = f" (line {lines[-1]})" if lines else ""
    text = f"cannot load {path}{where}: {type(error).__name__}: {error}"
    missing = getattr(error, "name", None) or ""
    if not as_aws and missing.split(".")[0] == AWS_SDK:
        text += "; for a handler written for the AWS SDK, add --as-aws"
    return text


def parse_event(text: str | None) -> Any:
    if text is None:
        return {}
    try:
        if text.startswith("@"):
            return json.loads(Path(text[1:]).read_text())
        return json.loads(text)
    except (OSError, ValueError) as error:
        raise click.BadParameter(f"not JSON: {error}", param_hint="--event") from error


def parse_callbacks(values: tuple[str, ...]) -> dict[str, str]:
    """`NAME=JSON` answers by name. The JSON is checked, then sent as typed: the handler
    receives that text, as from AWS, unless its callback has a serdes to read it."""
    answers = {}
    for value in values:
        name, separator, payload = value.partition("=")
        if not separator:
            raise click.BadParameter(f"{value!r} is not NAME=JSON", param_hint="--callback")
        answers[name] = checked_json(payload, f"--callback {name}")
    return answers


def checked_json(text: str, what: str = "answer") -> str:
    try:
        json.loads(text)
    except ValueError as error:
        raise click.BadParameter(f"{what}: not JSON: {error}") from error
    return text


class Timeline:
    """Prints operations as they start, replay and complete."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def __call__(self, event: dict[str, Any]) -> None:
        kind = event["EventType"]
        verb = next((v for v in STYLES if kind.endswith(v)), kind)
        label = event.get("Name") or event.get("SubType", "")
        self.console.print(
            f"  {event.get('Id', ''):>6}  {event.get('SubType', ''):<18} {label:<28} "
            f"[{STYLES.get(verb, 'white')}]{verb.lower()}[/]",
            highlight=False,
        )


def drive(
    executor: Executor,
    name: str,
    handler: Any,
    skip_time: bool,
    answers: dict[str, str],
    console: Console,
    interactive: bool,
) -> Outcome:
    """Invoke until the execution ends, or cannot go on without time or an answer."""
    while True:
        outcome = executor.run(name, handler, skip_time)
        if outcome.status != "SUSPENDED" or not outcome.callback:
            return outcome
        answered = False
        for callback_id, names in executor.pending_callbacks(name):
            label = next((n for n in names if n), callback_id)
            if label in answers:
                executor.complete_callback(callback_id, payload=answers.pop(label))
                answered = True
            elif interactive:
                reply = click.prompt(
                    f"Answer for callback {label!r} (JSON)", err=True, value_proc=checked_json
                )
                executor.complete_callback(callback_id, payload=reply)
                answered = True
        if not answered:
            return outcome


def report(executor: Executor, outcome: Outcome) -> dict[str, Any]:
    operations = executor.store.load_operations(outcome.execution)
    return {
        "execution_name": outcome.execution,
        "status": outcome.status,
        "result": deserialize(outcome.result),
        "error": outcome.error,
        "operations": [
            {
                "id": op.id,
                "type": op.type,
                "subtype": op.subtype,
                "name": op.name,
                "status": op.status,
                "parent_id": op.parent_id,
            }
            for op in sorted(operations.values(), key=operation_order)
        ],
        "history": executor.history(outcome.execution),
    }


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("target", required=False)
@click.option("-e", "--event", help="The input: JSON, or @file.json.")
@click.option("--store", default=DEFAULT_STORE, show_default=True, help="SQLite file.")
@click.option("--skip-time", is_flag=True, help="Fire waits at once instead of suspending.")
@click.option("--resume", "resume_name", metavar="EXECUTION_NAME", help="Continue an execution.")
@click.option(
    "--callback",
    "callbacks",
    multiple=True,
    metavar="NAME=JSON",
    help="Answer the callback NAME (a callback or wait_for_callback name).",
)
@click.option("--as-aws", is_flag=True, help="Run a handler written for the AWS SDK.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object at the end.")
def main(
    target: str | None,
    event: str | None,
    store: str,
    skip_time: bool,
    resume_name: str | None,
    callbacks: tuple[str, ...],
    as_aws: bool,
    as_json: bool,
) -> None:
    """Run TARGET (path/to/module.py:handler) as a durable execution, or --resume one.

    Exit status: 0 succeeded, 1 failed, 2 usage error, 3 suspended (resume it later).
    """
    if (target is None) == (resume_name is None):
        raise click.UsageError("give a TARGET to start, or --resume EXECUTION_NAME")
    console = Console(stderr=as_json, quiet=as_json, soft_wrap=True)
    executor = Executor(open_store(store), observer=Timeline(console))
    if resume_name is not None:
        execution = executor.store.get_execution(resume_name)
        if execution is None:
            raise click.UsageError(f"no execution {resume_name!r} in {store}")
        reference, name = execution.handler, resume_name
        as_aws = as_aws or reference.startswith("aws:")
        handler = load_target(reference.removeprefix("aws:"), as_aws)
    else:
        assert target is not None
        handler = load_target(target, as_aws)
        name = f"{Path(target.rpartition(':')[0]).stem}-{uuid.uuid4().hex[:6]}"
        reference = ("aws:" if as_aws else "") + target
        executor.start(handler, parse_event(event), name, reference=reference)
    console.print(f"[bold]{name}[/]", highlight=False)
    switch = aws_sdk_on_runtime() if as_aws else contextlib.nullcontext()
    with switch:
        outcome = drive(
            executor,
            name,
            handler,
            skip_time,
            parse_callbacks(callbacks),
            console,
            interactive=sys.stdin.isatty() and not as_json,
        )
    if as_json:
        click.echo(json.dumps(report(executor, outcome), default=str))
    else:
        explain(console, outcome, store)
    sys.exit(
        {"SUCCEEDED": EXIT_SUCCEEDED, "FAILED": EXIT_FAILED}.get(outcome.status, EXIT_SUSPENDED)
    )


def explain(console: Console, outcome: Outcome, store: str) -> None:
    if outcome.status == "SUCCEEDED":
        console.print(f"[green]succeeded[/]: {deserialize(outcome.result)!r}", highlight=False)
    elif outcome.status == "FAILED":
        error = outcome.error or {}
        kind = (error.get("type") or "").rpartition(".")[2]  # the class, without its module
        console.print(f"[red]failed[/]: {kind}: {error.get('message')}", highlight=False)
    else:
        when = ""
        if outcome.resume_at and not outcome.callback:
            moment = datetime.datetime.fromtimestamp(outcome.resume_at, datetime.timezone.utc)
            when = f" until {moment:%Y-%m-%d %H:%M:%S} UTC"
        waiting = "a callback" if outcome.callback else "time"
        console.print(
            f"[yellow]suspended[/] on {waiting}{when}; continue with: "
            f"durable-run --store {store} --resume {outcome.execution}",
            highlight=False,
        )
