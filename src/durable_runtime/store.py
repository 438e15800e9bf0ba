"""Checkpoint stores: in memory, and SQLite as the embedded default.

A checkpoint is one operation record (and the history events it adds), written in one
transaction. A process killed at any point therefore leaves each operation either at its
previous checkpoint or at its next one: never half-written, and never recorded twice, since an
operation's id is its key.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

# Operation statuses.
STARTED, PENDING, SUCCEEDED, FAILED, TIMED_OUT = (
    "STARTED",
    "PENDING",
    "SUCCEEDED",
    "FAILED",
    "TIMED_OUT",
)
COMPLETED = frozenset({SUCCEEDED, FAILED, TIMED_OUT})
# Execution statuses.
RUNNING, SUSPENDED = "RUNNING", "SUSPENDED"


@dataclass
class Operation:
    """One checkpointed operation. `id` is positional: `3` at the top, `3-2` inside `3`."""

    id: str
    parent_id: str | None
    type: str  # STEP, WAIT, CALLBACK, CONTEXT, CHAINED_INVOKE
    subtype: str  # Step, Wait, Callback, RunInChildContext, Parallel, ParallelBranch, Map, ...
    name: str | None
    status: str
    result: str | None = None
    error: dict[str, Any] | None = None
    attempt: int = 1
    resume_at: float | None = None  # a wait's end, a retry's or a poll's next attempt
    callback_id: str | None = None
    timeout_at: float | None = None
    heartbeat_timeout: float | None = None
    heartbeat_at: float | None = None
    state: str | None = None  # wait_for_condition's state between polls; an invoke's input
    target: str | None = None  # the function an invoke calls
    replay_children: bool = False  # a context whose result is rebuilt by replaying it
    started_at: float | None = None
    ended_at: float | None = None

    @property
    def completed(self) -> bool:
        return self.status in COMPLETED


def operation_order(operation: Operation) -> list[int]:
    """Sort key putting operations in execution order: `2` < `2-1` < `2-10` < `3`."""
    return [int(part) for part in operation.id.split("-")]


@dataclass
class Execution:
    name: str
    handler: str  # "module:qualname", to resume from another process
    input: str
    status: str = RUNNING
    result: str | None = None
    error: dict[str, Any] | None = None
    created_at: float = 0.0
    resume_at: float | None = None
    parent: str | None = None  # the execution that invoked this one
    wake: bool = False  # something it waits for happened: invoke the handler next time
    waits_for_answer: bool = False  # suspended until an answer from outside (a callback)


@dataclass
class _Record:
    execution: Execution
    operations: dict[str, Operation] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)


class CheckpointStore:
    """The interface the executor uses; both stores implement it."""

    def create_execution(self, execution: Execution) -> None:
        raise NotImplementedError

    def get_execution(self, name: str) -> Execution | None:
        raise NotImplementedError

    def update_execution(self, execution: Execution, events: list[dict] = ()) -> None:
        raise NotImplementedError

    def load_operations(self, name: str) -> dict[str, Operation]:
        raise NotImplementedError

    def checkpoint(self, name: str, operation: Operation, events: list[dict] = ()) -> None:
        raise NotImplementedError

    def find_callback(self, callback_id: str) -> tuple[str, Operation] | None:
        raise NotImplementedError

    def events(self, name: str) -> list[dict[str, Any]]:
        raise NotImplementedError

    def executions(self) -> list[Execution]:
        raise NotImplementedError


class MemoryStore(CheckpointStore):
    """Everything in a dict; copies go in and out so callers cannot alias stored records."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def create_execution(self, execution: Execution) -> None:
        with self._lock:
            if execution.name in self._records:
                raise ValueError(f"execution {execution.name!r} already exists")
            self._records[execution.name] = _Record(copy.copy(execution))

    def get_execution(self, name: str) -> Execution | None:
        record = self._records.get(name)
        return copy.copy(record.execution) if record else None

    def update_execution(self, execution: Execution, events: list[dict] = ()) -> None:
        with self._lock:
            record = self._records[execution.name]
            record.execution = copy.copy(execution)
            record.events.extend(events)

    def load_operations(self, name: str) -> dict[str, Operation]:
        return {key: copy.copy(op) for key, op in self._records[name].operations.items()}

    def checkpoint(self, name: str, operation: Operation, events: list[dict] = ()) -> None:
        with self._lock:
            record = self._records[name]
            record.operations[operation.id] = copy.copy(operation)
            record.events.extend(events)

    def find_callback(self, callback_id: str) -> tuple[str, Operation] | None:
        for name, record in self._records.items():
            for operation in record.operations.values():
                if operation.callback_id == callback_id:
                    return name, copy.copy(operation)
        return None

    def events(self, name: str) -> list[dict[str, Any]]:
        return list(self._records[name].events)

    def executions(self) -> list[Execution]:
        return [copy.copy(record.execution) for record in self._records.values()]


_SCHEMA = """
CREATE TABLE IF NOT EXISTS executions (name TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS operations (
    execution TEXT NOT NULL, id TEXT NOT NULL, callback_id TEXT, data TEXT NOT NULL,
    PRIMARY KEY (execution, id)
);
CREATE INDEX IF NOT EXISTS operations_by_callback ON operations (callback_id);
CREATE TABLE IF NOT EXISTS events (
    execution TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (execution, seq)
);
"""


class SqliteStore(CheckpointStore):
    """One SQLite file in WAL mode; every checkpoint is one transaction.

    A later process opening the same file sees every committed checkpoint, so a suspended
    execution can be resumed elsewhere.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes
        self._connection.execute("PRAGMA busy_timeout=10000")
        self._connection.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._connection.close()

    def _transaction(self, write: Callable[[sqlite3.Cursor], None]) -> None:
        """Run `write(cursor)` as one immediate transaction (other writers wait for it)."""
        with self._lock:
            cursor = self._connection.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                write(cursor)
                cursor.execute("COMMIT")
            except BaseException:
                cursor.execute("ROLLBACK")
                raise

    @staticmethod
    def _append_events(cursor: sqlite3.Cursor, name: str, events: list[dict]) -> None:
        if not events:
            return
        first = cursor.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM events WHERE execution = ?", (name,)
        ).fetchone()[0]
        cursor.executemany(
            "INSERT INTO events (execution, seq, data) VALUES (?, ?, ?)",
            [(name, first + n, json.dumps(event)) for n, event in enumerate(events, start=1)],
        )

    def create_execution(self, execution: Execution) -> None:
        def write(cursor: sqlite3.Cursor) -> None:
            cursor.execute(
                "INSERT INTO executions (name, data) VALUES (?, ?)",
                (execution.name, json.dumps(asdict(execution))),
            )

        try:
            self._transaction(write)
        except sqlite3.IntegrityError as error:
            raise ValueError(f"execution {execution.name!r} already exists") from error

    def get_execution(self, name: str) -> Execution | None:
        row = self._connection.execute(
            "SELECT data FROM executions WHERE name = ?", (name,)
        ).fetchone()
        return Execution(**json.loads(row[0])) if row else None

    def update_execution(self, execution: Execution, events: list[dict] = ()) -> None:
        def write(cursor: sqlite3.Cursor) -> None:
            cursor.execute(
                "UPDATE executions SET data = ? WHERE name = ?",
                (json.dumps(asdict(execution)), execution.name),
            )
            self._append_events(cursor, execution.name, list(events))

        self._transaction(write)

    def load_operations(self, name: str) -> dict[str, Operation]:
        rows = self._connection.execute(
            "SELECT data FROM operations WHERE execution = ?", (name,)
        ).fetchall()
        operations = (Operation(**json.loads(row[0])) for row in rows)
        return {operation.id: operation for operation in operations}

    def checkpoint(self, name: str, operation: Operation, events: list[dict] = ()) -> None:
        def write(cursor: sqlite3.Cursor) -> None:
            cursor.execute(
                "INSERT OR REPLACE INTO operations (execution, id, callback_id, data) "
                "VALUES (?, ?, ?, ?)",
                (name, operation.id, operation.callback_id, json.dumps(asdict(operation))),
            )
            self._append_events(cursor, name, list(events))

        self._transaction(write)

    def find_callback(self, callback_id: str) -> tuple[str, Operation] | None:
        row = self._connection.execute(
            "SELECT execution, data FROM operations WHERE callback_id = ?", (callback_id,)
        ).fetchone()
        return (row[0], Operation(**json.loads(row[1]))) if row else None

    def events(self, name: str) -> list[dict[str, Any]]:
        rows = self._connection.execute(
            "SELECT data FROM events WHERE execution = ? ORDER BY seq", (name,)
        ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def executions(self) -> list[Execution]:
        rows = self._connection.execute("SELECT data FROM executions ORDER BY name").fetchall()
        return [Execution(**json.loads(row[0])) for row in rows]
