"""One invocation's view of an execution: its checkpoints, its clock, and replay status."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from durable_runtime.concurrency.executor import check_not_orphaned
from durable_runtime.error_object import ErrorObject
from durable_runtime.exceptions import NonDeterministicExecutionError
from durable_runtime.store import CheckpointStore, Operation


@dataclass
class ExecutionState:
    """What every context of one invocation shares.

    `replaying` is true from the start of an invocation that has checkpoints until the
    handler reaches an operation that had not completed before it: from there on it runs new
    code (a wait whose time has come counts as new: the handler resumes there).
    """

    store: CheckpointStore
    execution: str
    operations: dict[str, Operation]
    now: Callable[[], float]
    logger: logging.Logger = field(default_factory=lambda: logging.getLogger("durable_runtime"))
    replaying: bool = False
    # Told of every history event as it is written, and of each completed operation that the
    # handler replays (`{"EventType": "Replayed", ...}`): what `durable-run` prints.
    observer: Callable[[dict[str, Any]], None] | None = None
    # Per thread, since the branches of a batch run on threads of their own.
    _steps: threading.local = field(default_factory=threading.local, repr=False)

    def __post_init__(self) -> None:
        self.replaying = bool(self.operations)

    @property
    def in_step(self) -> bool:
        """Whether this thread runs user code inside a step, submitter or check."""
        return getattr(self._steps, "depth", 0) > 0

    def existing(
        self, operation_id: str, kind: str, subtype: str, name: str | None, parent_id: str | None
    ) -> Operation | None:
        """The checkpoint at this position, checked against what the code asks for now."""
        stored = self.operations.get(operation_id)
        if stored is None:
            self.replaying = False
            return None
        expected = (stored.type, stored.subtype, stored.name, stored.parent_id)
        actual = (kind, subtype, name, parent_id)
        if expected != actual:
            differences = ", ".join(
                f"{label} {old!r} -> {new!r}"
                for label, old, new in zip(
                    ("type", "subtype", "name", "parent"), expected, actual, strict=True
                )
                if old != new
            )
            raise NonDeterministicExecutionError(
                f"operation {operation_id} does not match its checkpoint on replay: {differences}"
            )
        if not stored.completed:
            self.replaying = False
        elif self.observer is not None:
            self.observer(event("Replayed", stored))
        return stored

    def checkpoint(self, operation: Operation, *events: dict[str, Any]) -> None:
        check_not_orphaned(operation.id)  # a step that ends after its batch is not recorded
        stamped = [self.stamp(e) for e in events]
        self.store.checkpoint(self.execution, operation, stamped)
        self.operations[operation.id] = operation
        if self.observer is not None:
            for stamped_event in stamped:
                self.observer(stamped_event)

    def stamp(self, event: dict[str, Any]) -> dict[str, Any]:
        moment = datetime.datetime.fromtimestamp(self.now(), datetime.timezone.utc)
        return {**event, "EventTimestamp": moment.isoformat()}

    @contextlib.contextmanager
    def running_step(self, operation_id: str) -> Iterator[None]:
        """Marks user code that runs once (a step body): what runs outside it replays."""
        depth = getattr(self._steps, "depth", 0)
        self._steps.depth = depth + 1
        try:
            yield
        finally:
            self._steps.depth = depth


# The invocation running on this thread, for observers such as the replay checker.
CURRENT: contextvars.ContextVar[ExecutionState | None] = contextvars.ContextVar(
    "durable_runtime_current", default=None
)


def invoked_execution(name: str, operation_id: str) -> str:
    """The name of the execution that operation `operation_id` of `name` invoked."""
    return f"{name}/invoke-{operation_id}"


def event(kind: str, operation: Operation, details: dict[str, Any] | None = None) -> dict:
    """A history event in the AWS format, e.g. `StepSucceeded` with `StepSucceededDetails`.

    A `...Succeeded` event carries the operation's result and a `...Failed` or `...TimedOut`
    event its error, as AWS payloads; `details` adds the rest (`RetryDetails`, `Duration`).
    """
    record: dict[str, Any] = {"EventType": kind, "SubType": operation.subtype, "Id": operation.id}
    if operation.name is not None:
        record["Name"] = operation.name
    if operation.parent_id is not None:
        record["ParentId"] = operation.parent_id
    body: dict[str, Any] = {}
    if kind.endswith("Succeeded") and operation.result is not None:
        body["Result"] = result_payload(operation.result)
    if kind.endswith(("Failed", "TimedOut")) and operation.error is not None:
        body["Error"] = error_payload(operation.error)
    record[f"{kind}Details"] = {**body, **(details or {})}
    return record


def result_payload(serialized: str) -> dict[str, Any]:
    return {"Payload": serialized, "Truncated": False}


def error_record(error: BaseException) -> dict[str, Any]:
    """How a failure is checkpointed (see `ErrorObject.from_exception`)."""
    return ErrorObject.from_exception(error).to_record()


def error_payload(error: dict[str, Any]) -> dict[str, Any]:
    """The runtime's error record as AWS's `ErrorObject` (`ErrorType`, `ErrorMessage`, ...)."""
    return {"Payload": ErrorObject.from_record(error).to_dict(), "Truncated": False}
