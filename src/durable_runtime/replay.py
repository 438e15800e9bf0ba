"""The replay checker: run a handler, then replay it from its own history after every
operation, and report the first divergence and every side effect that ran twice.

A replay here is what AWS does after a wait or a crash: the handler runs again from the top
against the checkpoints completed so far. Replays run in a shifted world: `random` reseeded,
and every clock a day later per replay (through `time-machine`, when it is installed), so
non-determinism shows even when two runs agree by chance.
Side effects are the ones Python reports through audit hooks (files opened for writing,
sockets, processes, file removal, database connections), plus `print`, log records,
`time.sleep` and thread starts, counted only
when they happen outside a step: inside a step they run once by design.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import inspect
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from durable_runtime.concurrency.executor import BRANCH_THREAD_PREFIX
from durable_runtime.exceptions import NonDeterministicExecutionError, wire_names
from durable_runtime.execution import Clock, Executor, Outcome, handler_function
from durable_runtime.serdes import deserialize
from durable_runtime.state import CURRENT
from durable_runtime.store import (
    COMPLETED,
    CheckpointStore,
    MemoryStore,
    Operation,
    SqliteStore,
    operation_order,
)

RUNTIME_DIRECTORY = str(Path(__file__).resolve().parent) + os.sep
THREADING_DIRECTORY = str(Path(threading.__file__).resolve().parent) + os.sep
LOG_METHODS = ("debug", "info", "warning", "error", "exception", "critical", "log")
AUDITED = {
    "open": lambda args: (
        len(args) > 1 and isinstance(args[1], str) and bool(set(args[1]) & set("wax+"))
    ),
    "socket.connect": lambda args: True,
    "subprocess.Popen": lambda args: True,
    "os.system": lambda args: True,
    "os.remove": lambda args: True,
    "os.rename": lambda args: True,
    "os.mkdir": lambda args: True,
    "shutil.copyfile": lambda args: True,
    "shutil.rmtree": lambda args: True,
    "sqlite3.connect": lambda args: True,
    "_thread.start_new_thread": lambda args: True,
    "urllib.Request": lambda args: True,
    "smtplib.connect": lambda args: True,
}


@dataclass(frozen=True)
class Divergence:
    """Where a replay stopped matching the first run."""

    after: int  # how many completed operations the replay started from
    operation: str | None
    expected: str
    actual: str


@dataclass
class ReplayReport:
    operations: list[Operation]
    result: Any
    status: str = "SUCCEEDED"
    error: dict[str, Any] | None = None  # how the first run failed, if it did
    replays: int = 0
    divergence: Divergence | None = None
    repeated_side_effects: list[str] = field(default_factory=list)

    @property
    def unfinished_operations(self) -> list[Operation]:
        """Operations still open after the execution ended: a swallowed suspension."""
        if self.status != "SUCCEEDED":
            return []
        return [op for op in self.operations if op.status not in COMPLETED]

    @property
    def ok(self) -> bool:
        return (
            self.divergence is None
            and not self.repeated_side_effects
            and not self.unfinished_operations
        )


class _Recorder:
    """Side effects that run again: seen outside any step while the handler replays.

    Audit hooks cannot be removed, so one hook is installed once and switched on and off."""

    active: _Recorder | None = None
    _installed = False
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.repeated: list[str] = []

    @classmethod
    def install(cls) -> None:
        with cls._lock:
            if not cls._installed:
                sys.addaudithook(cls._hook)
                cls._installed = True

    @classmethod
    def _hook(cls, name: str, args: tuple) -> None:
        recorder = cls.active
        check = AUDITED.get(name)
        if recorder is not None and check is not None and check(args):
            recorder.note(f"{name}{args[:2]!r}")

    def note(self, effect: str) -> None:
        state = CURRENT.get()
        if state is not None and state.replaying and not state.in_step:
            self.repeated.append(effect)


def _message(level: str, msg: object, args: tuple) -> str:
    """The text a logging call would print (`log(level, msg, *args)` shifts one place)."""
    if level == "log":
        msg, args = (args[0], args[1:]) if args else ("", ())
    try:
        return str(msg) % args if args else str(msg)
    except (TypeError, ValueError):
        return str(msg)


@contextlib.contextmanager
def _recording(recorder: _Recorder) -> Iterator[None]:
    """Route print, logging and sleep through the recorder while the handler runs."""
    _Recorder.install()
    import builtins

    real_print, real_sleep = builtins.print, time.sleep
    real_log = {level: getattr(logging.Logger, level) for level in LOG_METHODS}

    def counted_print(*args: Any, **kwargs: Any) -> None:
        recorder.note("print " + " ".join(map(str, args)))

    def counted_sleep(seconds: float) -> None:
        recorder.note(f"time.sleep({seconds})")

    real_start = threading.Thread.start

    def counted_start(thread: threading.Thread) -> None:
        if not thread.name.startswith(BRANCH_THREAD_PREFIX):  # the runtime's own workers
            recorder.note("threading.Thread.start")
        real_start(thread)

    def counted_log(level: str):
        def log(logger: logging.Logger, msg: object, *args: Any, **kwargs: Any) -> None:
            if logger.name != "durable_runtime":  # the context logger is replay-aware
                recorder.note(f"log {_message(level, msg, args)!r}")  # at any level: it reran
            real_log[level](logger, msg, *args, **kwargs)

        return log

    builtins.print, time.sleep = counted_print, counted_sleep
    threading.Thread.start = counted_start  # type: ignore[method-assign]
    for level in LOG_METHODS:
        setattr(logging.Logger, level, counted_log(level))
    _Recorder.active = recorder
    try:
        yield
    finally:
        _Recorder.active = None
        for level, method in real_log.items():
            setattr(logging.Logger, level, method)
        builtins.print, time.sleep = real_print, real_sleep
        threading.Thread.start = real_start  # type: ignore[method-assign]


def _later_by_days(days: int) -> contextlib.AbstractContextManager[Any]:
    """Move the wall clock (`time.time`, `datetime.now`, `date.today`...) on by `days`."""
    try:
        import time_machine
    except ImportError:  # optional: without it only the runtime's own clock moves
        return contextlib.nullcontext()
    return time_machine.travel(time.time() + days * 86_400, tick=True)


def _signature(operations: dict[str, Operation]) -> list[tuple[str, str, str, str | None]]:
    ordered = sorted(operations.values(), key=operation_order)
    return [(op.id, op.type, op.subtype, op.name) for op in ordered]


def _run(
    handler: Any,
    event: Any,
    store: CheckpointStore,
    name: str,
    recorder: _Recorder,
    callback_result: Any,
    clock: Clock,
) -> Any:
    executor = Executor(store, clock)
    with _recording(recorder):
        for _ in range(1000):
            outcome = executor.run(name, handler)
            if outcome.status != "SUSPENDED":
                return outcome
            pending = executor.pending_callbacks(name)
            if not pending:
                return outcome
            for callback_id, _ in pending:
                executor.complete_callback(callback_id, callback_result)
    raise RuntimeError("the execution did not finish in 1000 invocations")


def check_replay(
    handler: Any,
    event: Any = None,
    callback_result: Any = None,
    seed: int = 1,
    processes: bool = False,
) -> ReplayReport:
    """Run `handler(event)` to the end (answering callbacks with `callback_result`: a str as
    it is, anything else as its JSON text), then replay it from each prefix of its completed
    operations and compare.

    With `processes`, each replay runs in a new Python process with its own PYTHONHASHSEED,
    as a resumed Lambda would: set iteration order and other per-process values change too.
    """
    store = MemoryStore()
    clock = Clock()
    executor = Executor(store, clock)
    executor.start(handler, event, "reference")
    first = _Recorder()
    random.seed(seed)
    outcome = _run(handler, event, store, "reference", first, callback_result, clock)
    reference = store.load_operations("reference")
    report = ReplayReport(
        sorted(reference.values(), key=operation_order),
        deserialize(outcome.result),
        outcome.status,
        outcome.error,
    )
    completed = sorted(
        (op for op in reference.values() if op.status in COMPLETED),
        key=lambda op: (op.ended_at or 0.0, operation_order(op)),
    )
    report.repeated_side_effects.extend(f"{effect} (first run)" for effect in first.repeated)
    replay = _replay_in_process if not processes else _replay_in_subprocess
    for count in range(1, len(completed) + 1):
        clock.offset += 86_400
        replayed, operations, repeated = replay(
            handler, event, completed[:count], callback_result, seed + count, count, clock
        )
        report.replays += 1
        report.repeated_side_effects.extend(
            f"{effect} (replay after {count} operations)" for effect in repeated
        )
        report.divergence = _compare(report, reference, replayed, operations, count)
        if report.divergence is not None:
            break
    return report


def _compare(
    report: ReplayReport,
    reference: dict[str, Operation],
    replayed: Any,
    operations: dict[str, Operation],
    count: int,
) -> Divergence | None:
    failure = replayed.error or {}
    if failure.get("type") in wire_names(NonDeterministicExecutionError):
        return Divergence(count, None, "the recorded operations", failure["message"])
    expected, actual = _signature(reference), _signature(operations)
    if expected != actual:
        position = next(
            (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
            min(len(expected), len(actual)),
        )
        want = expected[position] if position < len(expected) else None
        got = actual[position] if position < len(actual) else None
        where = (want or got)[0] if (want or got) else None
        return Divergence(count, where, repr(want), repr(got))
    result = deserialize(replayed.result)
    if result != report.result:
        return Divergence(count, None, f"result {report.result!r}", f"result {result!r}")
    return None


def _seed(
    store: CheckpointStore,
    clock: Clock,
    handler: Any,
    event: Any,
    name: str,
    operations: Iterable[Operation],
) -> None:
    """A new execution of `handler` that already has these checkpoints: where a replay (or a
    resume on other code) starts."""
    Executor(store, clock).start(handler, event, name)
    for operation in operations:
        store.checkpoint(name, operation)


def _replay_in_process(handler, event, prefix, callback_result, seed, days, clock):
    store = MemoryStore()
    name = "replay"
    _seed(store, clock, handler, event, name, prefix)
    random.seed(seed)  # a shifted world: other draws, a later clock
    recorder = _Recorder()
    with _later_by_days(days):
        replayed = _run(handler, event, store, name, recorder, callback_result, clock)
    return replayed, store.load_operations(name), recorder.repeated


def _replay_in_subprocess(handler, event, prefix, callback_result, seed, days, clock):
    function = handler_function(handler)
    source = inspect.getsourcefile(function)
    with tempfile.TemporaryDirectory() as folder:
        database = str(Path(folder) / "replay.db")
        store = SqliteStore(database)
        _seed(store, clock, handler, event, "replay", prefix)
        store.close()
        environment = dict(os.environ, PYTHONHASHSEED=str(seed))
        environment["PYTHONPATH"] = os.pathsep.join(sys.path)
        arguments = [
            database,
            str(source),
            function.__name__,
            str(seed),
            str(days),
            json.dumps(callback_result),
            str(clock.offset),
        ]
        completed = subprocess.run(
            [sys.executable, "-m", "durable_runtime.replay", *arguments],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"replay process failed: {completed.stderr.strip()[-2000:]}")
        answer = json.loads(completed.stdout.splitlines()[-1])
        store = SqliteStore(database)
        operations = store.load_operations("replay")
        store.close()
    return Outcome(**answer["outcome"]), operations, answer["repeated"]


def _worker(
    database: str,
    source: str,
    attribute: str,
    seed: str,
    days: str,
    callback_result: str,
    offset: str,
) -> None:
    """One replay in this process: load the handler from its file, replay, print JSON."""
    from durable_runtime.compat import aws_sdk_on_runtime

    with aws_sdk_on_runtime():
        spec = importlib.util.spec_from_file_location("replayed_handler", source)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["replayed_handler"] = module
        sys.path.insert(0, str(Path(source).parent))
        spec.loader.exec_module(module)
        handler = getattr(module, attribute)
        clock = Clock()
        clock.offset = float(offset)
        store = SqliteStore(database)
        event = deserialize(store.get_execution("replay").input)
        random.seed(int(seed))
        recorder = _Recorder()
        with _later_by_days(int(days)):
            outcome = _run(
                handler, event, store, "replay", recorder, json.loads(callback_result), clock
            )
    print(json.dumps({"outcome": dataclasses.asdict(outcome), "repeated": recorder.repeated}))


@dataclass(frozen=True)
class Resume:
    """An execution of the old handler suspended as it started `operation`, resumed on the new
    handler: how it ended, and where in the new handler's file replay stopped matching."""

    operation: Operation
    status: str
    error: dict[str, Any] | None = None
    # Set when the resume failed with NonDeterministicExecutionError: the (file, line) of the
    # innermost handler code (not the runtime's) that asked for the mismatched operation.
    location: tuple[str, int] | None = None

    @property
    def nondeterministic(self) -> bool:
        return (self.error or {}).get("type") in wire_names(NonDeterministicExecutionError)


@dataclass
class UpgradeReport:
    """`check_upgrade`'s answer: one resume per operation the old handler started."""

    resumes: list[Resume] = field(default_factory=list)

    @property
    def compatible(self) -> bool:
        return not any(resume.nondeterministic for resume in self.resumes)

    @property
    def first_break(self) -> Resume | None:
        return next((resume for resume in self.resumes if resume.nondeterministic), None)


class _SnapshotStore(MemoryStore):
    """A memory store that keeps each checkpoint's operation as it was written."""

    def __init__(self) -> None:
        super().__init__()
        self.snapshots: list[Operation] = []

    def checkpoint(self, name: str, operation: Operation, events: list[dict] = ()) -> None:
        super().checkpoint(name, operation, events)
        self.snapshots.append(dataclasses.replace(operation))


def check_upgrade(
    old_handler: Any, new_handler: Any, event: Any = None, callback_result: Any = None
) -> UpgradeReport:
    """Deploy `new_handler` over executions of `old_handler` in flight: run the old handler
    to its end, then, for every operation it started, take its checkpoints as they were at
    that moment (an execution suspended there: at a wait or callback, retrying a step, or cut
    short) and resume them on the new handler to its end (callbacks answered with
    `callback_result`). A resume that meets an operation that does not match its checkpoint
    fails with NonDeterministicExecutionError; its `location` says where in the handler's
    code (or its helpers') that happened."""
    store, clock = _SnapshotStore(), Clock()
    Executor(store, clock).start(old_handler, event, "old")
    _run(old_handler, event, store, "old", _Recorder(), callback_result, clock)
    report = UpgradeReport()
    seen: dict[str, Operation] = {}
    for snapshot in store.snapshots:
        first = snapshot.id not in seen
        seen[snapshot.id] = snapshot
        if first:
            report.resumes.append(
                _resume(new_handler, event, dict(seen), snapshot, callback_result)
            )
    return report


def _resume(
    handler: Any,
    event: Any,
    operations: dict[str, Operation],
    at: Operation,
    callback_result: Any,
) -> Resume:
    locations: list[tuple[str, int]] = []
    function = handler_function(handler)

    def probe(event: Any, context: Any) -> Any:
        try:
            return function(event, context)
        except NonDeterministicExecutionError as error:
            frames = traceback.extract_tb(error.__traceback__)
            locations.extend((f.filename, f.lineno or 0) for f in frames if _user_code(f.filename))
            raise

    store, clock = MemoryStore(), Clock()
    clock.offset = max((op.started_at or 0.0) for op in operations.values()) - time.time()
    _seed(store, clock, probe, event, "new", operations.values())
    outcome = _run(probe, event, store, "new", _Recorder(), callback_result, clock)
    return Resume(at, outcome.status, outcome.error, locations[-1] if locations else None)


def _user_code(filename: str) -> bool:
    """Not the runtime's own code, nor the standard library's thread pool."""
    return not filename.startswith((RUNTIME_DIRECTORY, THREADING_DIRECTORY))


if __name__ == "__main__":
    _worker(*sys.argv[1:8])
