"""Running handlers from tests: start, skip time, answer callbacks, inspect the result.

runner = DurableRunner(handler)
result = runner.run({"order_id": "o-1"})
runner.complete_callback("manager-approval", {"approved": True})  # sent as JSON text
result = runner.resume()
assert result.status == "SUCCEEDED"
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from durable_runtime.execution import Clock, Executor, Outcome
from durable_runtime.serdes import deserialize
from durable_runtime.store import CheckpointStore, Operation, operation_order

_names = itertools.count(1)


@dataclass
class ExecutionResult:
    """How a run ended, with the operations and history it left behind."""

    execution_name: str
    status: str  # SUCCEEDED, FAILED or SUSPENDED
    result: Any = None
    error: dict[str, Any] | None = None
    operations: list[Operation] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)

    def get_operation(self, name: str) -> Operation:
        for operation in self.operations:
            if operation.name == name:
                return operation
        raise KeyError(f"no operation named {name!r}")


class DurableRunner:
    """A handler on a local executor. Time is skipped unless `skip_time=False`, in which case
    waits suspend the execution until `advance` moves the clock."""

    def __init__(
        self,
        handler: Any,
        store: CheckpointStore | None = None,
        skip_time: bool = True,
        handlers: dict[str, Any] | None = None,
        isolated: bool = False,
    ) -> None:
        """`isolated` runs each invocation in its own process (needs a `SqliteStore`), so a
        handler may crash its process as a Lambda invocation can."""
        self.handler = handler
        self.skip_time = skip_time
        self.clock = Clock()
        self.executor = Executor(store, self.clock, handlers, isolated=isolated)
        self.execution_name: str | None = None

    def run(self, event: Any = None, name: str | None = None) -> ExecutionResult:
        self.execution_name = name or f"execution-{next(_names)}"
        self.executor.start(self.handler, event, self.execution_name)
        return self.resume()

    def resume(self, name: str | None = None) -> ExecutionResult:
        name = name or self._name()
        return self._result(self.executor.run(name, self.handler, self.skip_time))

    def advance(self, seconds: float) -> None:
        self.clock.offset += seconds

    def callback_id(self, name: str) -> str:
        """The id of a pending callback, found by its operation's name (or its
        `wait_for_callback`'s name)."""
        for callback_id, names in self.executor.pending_callbacks(self._name()):
            if name in names:
                return callback_id
        raise KeyError(f"no pending callback named {name!r}")

    def complete_callback(self, name: str, result: Any = None) -> None:
        """Answer the callback: a str is the payload text, anything else is sent as its JSON
        text. As in the AWS SDK, the handler receives that text unless the callback's config
        has a serdes to read it (`CallbackConfig(serdes=JsonSerDes())`)."""
        self.executor.complete_callback(self.callback_id(name), result)

    def fail_callback(
        self,
        name: str,
        message: str,
        error_type: str = "Error",
        data: str | None = None,
        stack_trace: list[str] | None = None,
    ) -> None:
        """Fail the callback as an external system does, with AWS's error fields."""
        error = {"type": error_type, "message": message, "data": data, "stack_trace": stack_trace}
        self.executor.complete_callback(self.callback_id(name), error=error)

    def heartbeat_callback(self, name: str) -> None:
        self.executor.heartbeat_callback(self.callback_id(name))

    def _name(self) -> str:
        if self.execution_name is None:
            raise RuntimeError("run() the handler first")
        return self.execution_name

    def _result(self, outcome: Outcome) -> ExecutionResult:
        operations = self.executor.store.load_operations(outcome.execution).values()
        return ExecutionResult(
            outcome.execution,
            outcome.status,
            deserialize(outcome.result),
            outcome.error,
            sorted(operations, key=operation_order),
            self.executor.history(outcome.execution),
        )
