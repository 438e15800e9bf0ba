"""AWS's local test runner API (`aws_durable_execution_sdk_python_testing.runner`) on this
runtime, so suites written for it run unchanged with `pytest --durable-runtime` (served
under AWS's names by `compat`).

The runtime runs an execution synchronously: `run_async` invokes the handler until it ends or
waits on a callback, and answering a callback continues it at once. Time is always skipped:
a wait or a retry delay ends as soon as nothing else can happen first. Results and operation
payloads are in AWS's wire form (the execution's JSON result, the serdes' text of each
operation's value), so tests decode them as they do on AWS.
"""

from __future__ import annotations

import datetime
import itertools
import json
from dataclasses import dataclass, field
from typing import Any, cast

from durable_runtime.error_object import ErrorObject
from durable_runtime.execution import Clock, Executor, Outcome
from durable_runtime.lambda_service import (
    InvocationStatus,
    OperationPayload,
    OperationStatus,
    OperationType,
)
from durable_runtime.store import SUSPENDED, operation_order
from durable_runtime.store import Operation as StoredOperation

_executions = itertools.count(1)


class DurableFunctionsTestError(Exception):
    """A test asked for something the execution does not have."""


# -- operations, as tests read them ------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    operation_id: str
    operation_type: OperationType
    status: OperationStatus
    parent_id: str | None = field(default=None, kw_only=True)
    name: str | None = field(default=None, kw_only=True)
    sub_type: str | None = field(default=None, kw_only=True)
    start_timestamp: datetime.datetime | None = field(default=None, kw_only=True)
    end_timestamp: datetime.datetime | None = field(default=None, kw_only=True)


class _Named:
    """Finding operations by name among a list of them."""

    def _children(self) -> list[Operation]:
        raise NotImplementedError

    def get_operation_by_name(self, name: str) -> Operation:
        for operation in self._children():
            if operation.name == name:
                return operation
        raise DurableFunctionsTestError(f"Operation with name '{name}' not found")

    def get_step(self, name: str) -> StepOperation:
        return cast(StepOperation, self.get_operation_by_name(name))

    def get_wait(self, name: str) -> WaitOperation:
        return cast(WaitOperation, self.get_operation_by_name(name))

    def get_context(self, name: str) -> ContextOperation:
        return cast(ContextOperation, self.get_operation_by_name(name))

    def get_callback(self, name: str) -> CallbackOperation:
        return cast(CallbackOperation, self.get_operation_by_name(name))

    def get_invoke(self, name: str) -> InvokeOperation:
        return cast(InvokeOperation, self.get_operation_by_name(name))


@dataclass(frozen=True)
class ContextOperation(Operation, _Named):
    child_operations: list[Operation] = field(default_factory=list)
    result: OperationPayload | None = None
    error: ErrorObject | None = None

    def _children(self) -> list[Operation]:
        return self.child_operations


@dataclass(frozen=True)
class StepOperation(ContextOperation):
    attempt: int = 0
    next_attempt_timestamp: datetime.datetime | None = None


@dataclass(frozen=True)
class WaitOperation(Operation):
    scheduled_end_timestamp: datetime.datetime | None = None


@dataclass(frozen=True)
class CallbackOperation(ContextOperation):
    callback_id: str | None = None


@dataclass(frozen=True)
class InvokeOperation(Operation):
    result: OperationPayload | None = None
    error: ErrorObject | None = None


def _timestamp(seconds: float | None) -> datetime.datetime | None:
    if seconds is None:
        return None
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)


def _operation(stored: StoredOperation, children: dict[str | None, list[StoredOperation]]):
    """A stored operation as AWS's runner shows it, with its children for contexts."""
    common: dict[str, Any] = {
        "operation_id": stored.id,
        "operation_type": OperationType(stored.type),
        "status": OperationStatus(stored.status),
        "parent_id": stored.parent_id,
        "name": stored.name,
        "sub_type": stored.subtype,
        "start_timestamp": _timestamp(stored.started_at),
        "end_timestamp": _timestamp(stored.ended_at),
    }
    error = ErrorObject.from_record(stored.error) if stored.error else None
    nested = [_operation(child, children) for child in children.get(stored.id, [])]
    if stored.type == "STEP":
        return StepOperation(
            **common,
            child_operations=nested,
            result=stored.result,
            error=error,
            attempt=stored.attempt,
            next_attempt_timestamp=_timestamp(stored.resume_at),
        )
    if stored.type == "WAIT":
        return WaitOperation(**common, scheduled_end_timestamp=_timestamp(stored.resume_at))
    if stored.type == "CALLBACK":
        return CallbackOperation(
            **common,
            child_operations=nested,
            result=stored.result,
            error=error,
            callback_id=stored.callback_id,
        )
    if stored.type == "CHAINED_INVOKE":
        return InvokeOperation(**common, result=stored.result, error=error)
    return ContextOperation(**common, child_operations=nested, result=stored.result, error=error)


# -- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DurableFunctionTestResult(_Named):
    status: InvocationStatus
    operations: list[Operation]
    result: OperationPayload | None = None
    error: ErrorObject | None = None

    def _children(self) -> list[Operation]:
        return self.operations

    def get_all_operations(self) -> list[Operation]:
        """Every operation, nested ones too."""
        found: list[Operation] = []
        stack = list(self.operations)
        while stack:
            operation = stack.pop()
            found.append(operation)
            stack.extend(getattr(operation, "child_operations", None) or ())
        return found


# -- the runner --------------------------------------------------------------------------------


class DurableFunctionTestRunner:
    """A handler on the runtime, driven as AWS's local runner drives it."""

    def __init__(
        self,
        handler: Any,
        poll_interval: float = 1.0,
        max_invocation_page_bytes: int | None = None,
        execution_timeout: int = 300,
        invocation_timeout: int = 900,
        store: Any = None,
        skip_time: bool = True,
        region: str = "us-west-2",
    ) -> None:
        """The polling, paging, timeout, store and clock options of AWS's runner are
        accepted for compatibility; the runtime needs none of them."""
        self.handler = handler
        self.poll_interval = poll_interval
        self._region = region
        self._clock = Clock()
        self._executor = Executor(None, self._clock)
        self._outcomes: dict[str, Outcome] = {}

    def register_durable_function(
        self, function_name: str, handler: Any, *_: Any, **__: Any
    ) -> DurableFunctionTestRunner:
        """A target that `context.invoke(function_name, ...)` runs as its own execution (its
        timeout and retention options are accepted and not needed)."""
        self._executor.handlers[function_name] = handler
        return self

    register_function = register_durable_function

    def __enter__(self) -> DurableFunctionTestRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing runs in the background, so nothing is left to stop."""

    def run(
        self,
        input: str | None = None,
        execution_timeout: int | None = None,
        timeout: int | None = None,
        function_name: str = "test-function",
        execution_name: str = "execution-name",
        account_id: str = "123456789012",
        tenant_id: str | None = None,
    ) -> DurableFunctionTestResult:
        """Start the execution and return its result once it ends."""
        arn = self.run_async(input, execution_timeout, timeout, function_name, execution_name)
        return self.wait_for_result(arn)

    def run_async(
        self,
        input: str | None = None,
        execution_timeout: int | None = None,
        timeout: int | None = None,
        function_name: str = "test-function",
        execution_name: str = "execution-name",
        account_id: str = "123456789012",
        tenant_id: str | None = None,
    ) -> str:
        """Start the execution and run it until it ends or waits on a callback; its ARN."""
        arn = (
            f"arn:aws:lambda:{self._region}:{account_id}:function:{function_name}:$LATEST"
            f"/durable-execution/{execution_name}/{next(_executions)}"
        )
        payload = _normalized_input(input)
        event = json.loads(payload) if payload is not None else None
        self._executor.start(self.handler, event, arn, payload=payload)
        self._continue(arn)
        return arn

    def wait_for_result(self, execution_arn: str, timeout: int = 60) -> DurableFunctionTestResult:
        """The result once the execution ends; a callback nobody answers (and that has no
        timeout of its own) leaves it waiting, which is AWS's `TimeoutError` at once."""
        outcome = self._outcome(execution_arn)
        while outcome.status == SUSPENDED:
            if outcome.resume_at is None:
                raise TimeoutError("Execution did not complete within timeout")
            self._clock.offset += max(0.0, outcome.resume_at - self._clock.now())
            outcome = self._continue(execution_arn)
        return self._result(outcome)

    def wait_for_callback(
        self, execution_arn: str, name: str | None = None, timeout: int = 60
    ) -> str:
        """The id of the newest callback the execution waits on (of that name, if given)."""
        self._outcome(execution_arn)
        for callback_id, names in reversed(self._executor.pending_callbacks(execution_arn)):
            if name is None or name in names:
                return callback_id
        raise TimeoutError(f"Callback did not become available within {timeout}s")

    def send_callback_success(self, callback_id: str, result: bytes | None = None) -> None:
        payload = result.decode("utf-8") if isinstance(result, bytes) else result
        execution = self._execution_of(callback_id)
        self._executor.complete_callback(callback_id, payload=payload)
        self._continue(execution)

    def send_callback_failure(self, callback_id: str, error: ErrorObject | None = None) -> None:
        execution = self._execution_of(callback_id)
        error = error or ErrorObject(None, None)
        record = {
            "message": error.message,
            "type": error.type,
            "data": error.data,
            "stack_trace": error.stack_trace,
        }
        self._executor.complete_callback(callback_id, error=record)
        self._continue(execution)

    def send_callback_heartbeat(self, callback_id: str) -> None:
        self._executor.heartbeat_callback(callback_id)

    # -- internals ------------------------------------------------------------------------

    def _continue(self, execution_arn: str) -> Outcome:
        outcome = self._executor.run(execution_arn, self.handler, skip_time=True)
        self._outcomes[execution_arn] = outcome
        return outcome

    def _outcome(self, execution_arn: str) -> Outcome:
        outcome = self._outcomes.get(execution_arn)
        if outcome is None:
            raise DurableFunctionsTestError(f"no execution {execution_arn!r} in this runner")
        return outcome

    def _execution_of(self, callback_id: str) -> str:
        for arn in self._outcomes:
            if any(found == callback_id for found, _ in self._executor.pending_callbacks(arn)):
                return arn
        raise DurableFunctionsTestError(f"no callback {callback_id!r} is waiting")

    def _result(self, outcome: Outcome) -> DurableFunctionTestResult:
        stored = sorted(
            self._executor.store.load_operations(outcome.execution).values(), key=operation_order
        )
        children: dict[str | None, list[StoredOperation]] = {}
        for operation in stored:
            children.setdefault(operation.parent_id, []).append(operation)
        return DurableFunctionTestResult(
            status=InvocationStatus(outcome.status),
            operations=[_operation(op, children) for op in children.get(None, [])],
            result=outcome.result,
            error=ErrorObject.from_record(outcome.error) if outcome.error else None,
        )


def _normalized_input(value: Any) -> str | None:
    """The execution's input as AWS's runner takes it: JSON text as it is, anything else (a
    plain string, a dict) as its JSON text."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            json.loads(value)
        except ValueError:
            return json.dumps(value)
        return value
    return json.dumps(value)


class DurableFunctionCloudTestRunner:
    """AWS's runner for deployed functions: there is no cloud behind `--durable-runtime`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise DurableFunctionsTestError(
            "DurableFunctionCloudTestRunner runs tests against functions deployed on AWS; "
            "with --durable-runtime the suite runs locally. Run cloud tests without the switch."
        )
