"""Running executions: one invocation replays the handler from its checkpoints and runs on
until it returns, fails or suspends; an executor invokes again when a timer or callback fires."""

from __future__ import annotations

import datetime
import functools
import importlib
import itertools
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from durable_runtime.context import DurableContext, heartbeat_deadline

# `X as X`: names the AWS SDK's execution module also offers, for handlers importing them here.
from durable_runtime.error_object import ErrorObject as ErrorObject
from durable_runtime.exceptions import BackgroundThreadError as BackgroundThreadError
from durable_runtime.exceptions import BotoClientError as BotoClientError
from durable_runtime.exceptions import CheckpointError as CheckpointError
from durable_runtime.exceptions import ExecutionError as ExecutionError
from durable_runtime.exceptions import InvocationError as InvocationError
from durable_runtime.exceptions import SuspendExecution, TimedSuspendExecution
from durable_runtime.lambda_service import InvocationStatus as InvocationStatus
from durable_runtime.plugin import (
    Invocation,
    InvocationEndInfo,
    InvocationStartInfo,
    check_factories,
)
from durable_runtime.plugin import InvocationStatus as PluginStatus
from durable_runtime.serdes import deserialize, serialize_result
from durable_runtime.state import (
    CURRENT,
    ExecutionState,
    error_payload,
    error_record,
    event,
    invoked_execution,
    result_payload,
)
from durable_runtime.store import (
    FAILED,
    STARTED,
    SUCCEEDED,
    SUSPENDED,
    TIMED_OUT,
    CheckpointStore,
    Execution,
    MemoryStore,
    Operation,
    SqliteStore,
)

Handler = Callable[[Any, DurableContext], Any]
_direct_runs = itertools.count(1)  # names of executions run by calling a handler directly


def durable_execution(
    func: Handler | None = None, *, boto3_client: Any = None, plugins: list[Any] | None = None
) -> Any:
    """Marks `handler(event, context)` as durable, bare or called (`@durable_execution()`).

    Outside a runner, calling the decorated handler runs it to completion in memory with
    waits fired at once, which is what a plain unit test of the handler wants.
    """
    if func is None:
        return functools.partial(durable_execution, boto3_client=boto3_client, plugins=plugins)

    @functools.wraps(func)
    def wrapper(event: Any, context: Any = None) -> Any:
        executor = Executor()
        name = f"direct-{next(_direct_runs)}"
        executor.start(wrapper, event, name)
        outcome = executor.run(name, wrapper)
        if outcome.status != SUCCEEDED:
            raise RuntimeError(f"execution {outcome.status.lower()}: {outcome.error}")
        return deserialize(outcome.result)

    wrapper.__durable_handler__ = func  # type: ignore[attr-defined]
    wrapper.__durable_plugins__ = check_factories(plugins or [])  # type: ignore[attr-defined]
    return wrapper


def handler_function(handler: Any) -> Handler:
    """The user's `(event, context)` function behind a decorated or plain handler."""
    return getattr(handler, "__durable_handler__", handler)


def handler_reference(handler: Any) -> str:
    function = handler_function(handler)
    return f"{function.__module__}:{function.__qualname__}"


def load_handler(reference: str) -> Handler:
    return handler_function(load_target(reference))


def load_target(reference: str) -> Any:
    """What `module:qualname` names: the decorated handler, with its plugins."""
    module, _, qualname = reference.partition(":")
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


@dataclass
class Outcome:
    """How one invocation (or a whole run) ended."""

    execution: str
    status: str  # SUCCEEDED, FAILED, SUSPENDED
    result: str | None = None  # serialised
    error: dict[str, Any] | None = None
    resume_at: float | None = None  # when a timer (or a callback's timeout) fires
    callback: bool = False  # suspended on a callback: an answer may come before `resume_at`


def _observers(*observers: Callable[[dict[str, Any]], None] | None) -> Any:
    """One observer telling each of the given ones, or None when there are none."""
    present = [observer for observer in observers if observer is not None]
    if len(present) <= 1:
        return present[0] if present else None
    return lambda event: [observer(event) for observer in present]


def _invocation_end(name: str, event: Any, operations: dict, outcome: Outcome) -> Any:
    status = {SUCCEEDED: PluginStatus.SUCCEEDED, FAILED: PluginStatus.FAILED}.get(
        outcome.status, PluginStatus.PENDING
    )
    return InvocationEndInfo(
        None,
        name,
        not operations,
        None,
        event,
        status=status,
        error=ErrorObject.from_record(outcome.error) if outcome.error else None,
        execution_result=outcome.result,
    )


def callback_payload(result: Any) -> str | None:
    """The text a callback answer carries: a str as it is, anything else as JSON."""
    if result is None or isinstance(result, str):
        return result
    return serialize_result(result, compact=True)


class Clock:
    """Wall time plus an offset that tests and `--skip-time` move forward."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance_to(self, moment: float) -> None:
        self.offset += max(0.0, moment - self.now())


class Executor:
    """Invokes handlers of executions kept in a checkpoint store."""

    def __init__(
        self,
        store: CheckpointStore | None = None,
        clock: Clock | None = None,
        handlers: dict[str, Any] | None = None,
        observer: Callable[[dict[str, Any]], None] | None = None,
        isolated: bool = False,
    ) -> None:
        """`isolated` runs each invocation in a forked process, as Lambda does, so a handler
        that kills its process (a crash) fails that invocation only; it needs a store that
        other processes can open (`SqliteStore`)."""
        self.store = store or MemoryStore()
        self.clock = clock or Clock()
        self.handlers = dict(handlers or {})  # for `invoke`: name -> handler
        self.observer = observer
        if isolated and not isinstance(self.store, SqliteStore):
            raise ValueError("isolated invocations need a SqliteStore")
        self.isolated = isolated

    def start(
        self,
        handler: Any,
        event: Any,
        name: str,
        parent: str | None = None,
        reference: str | None = None,
        payload: str | None = None,
    ) -> None:
        """Record a new execution; `reference` says how a later process finds the handler
        (by default `module:function`), `payload` is the event already serialised."""
        execution = Execution(
            name,
            reference or handler_reference(handler),
            payload if payload is not None else serialize_result(event),  # Lambda's JSON
            created_at=self.clock.now(),
            parent=parent,
        )
        self.store.create_execution(execution)
        self.store.update_execution(
            execution, [{"EventType": "ExecutionStarted", "ExecutionStartedDetails": {}}]
        )

    def invoke(self, name: str, handler: Any = None) -> Outcome:
        """One invocation: replay from the checkpoints, run on, record how it ended.

        As the service does, it first times out callbacks and advances invoked executions;
        the handler runs only when something it waits for has happened, and otherwise the
        execution stays suspended without an invocation.
        """
        execution = self.store.get_execution(name)
        if execution is None:
            raise KeyError(f"no execution named {name!r}")
        if execution.status in (SUCCEEDED, FAILED):
            return Outcome(name, execution.status, execution.result, execution.error)
        if not self._serve(execution):
            return self._suspended(name, callback=execution.waits_for_answer)
        if self.isolated:
            return self._invoke_in_process(name, handler)
        return self._invoke_handler(name, handler)

    def _invoke_in_process(self, name: str, handler: Any) -> Outcome:
        """The invocation in a forked process; a process that dies before recording how
        the invocation ended is a crash, which Lambda answers by invoking again."""
        process = multiprocessing.get_context("fork").Process(
            target=self._child_process, args=(name, handler)
        )
        process.start()
        process.join()
        execution = self.store.get_execution(name)
        assert execution is not None
        if process.exitcode != 0:
            error = {
                "type": "Runtime.ExitError",
                "message": f"the invocation's process exited with status {process.exitcode}",
            }
            execution.status, execution.wake = SUSPENDED, True
            completed = {
                "EventType": "InvocationCompleted",
                "InvocationCompletedDetails": {"Error": error_payload(error)},
            }
            self.store.update_execution(execution, [self._stamp(completed)])
            return self._suspended(name, callback=False)
        if execution.status == SUSPENDED:
            return self._suspended(name, callback=execution.waits_for_answer)
        return Outcome(name, execution.status, execution.result, execution.error)

    def _child_process(self, name: str, handler: Any) -> None:
        assert isinstance(self.store, SqliteStore)
        self.store = SqliteStore(self.store.path)  # a connection of its own, not the parent's
        try:
            self._invoke_handler(name, handler)
        finally:
            self.store.close()
        os._exit(0)  # skip the parent's exit handlers (test runners, atexit)

    def _invoke_handler(self, name: str, handler: Any) -> Outcome:
        execution = self.store.get_execution(name)
        assert execution is not None
        source = handler if handler else load_target(execution.handler)
        function = handler_function(source)
        operations = self.store.load_operations(name)
        event = deserialize(execution.input)
        factories = getattr(source, "__durable_plugins__", None)
        plugins = (
            Invocation(factories, InvocationStartInfo(None, name, not operations, None, event))
            if factories
            else None
        )
        state = ExecutionState(
            self.store,
            name,
            operations,
            self.clock.now,
            observer=_observers(self.observer, plugins.observe if plugins else None),
        )
        token = CURRENT.set(state)
        try:
            outcome = self._run(function, event, state, name)
        finally:
            CURRENT.reset(token)
        if plugins is not None:
            plugins.end(_invocation_end(name, event, operations, outcome))
        execution.status = SUSPENDED if outcome.status == SUSPENDED else outcome.status
        execution.result, execution.error = outcome.result, outcome.error
        execution.resume_at, execution.wake = outcome.resume_at, False
        execution.waits_for_answer = outcome.callback
        events = [{"EventType": "InvocationCompleted", "InvocationCompletedDetails": {}}]
        if outcome.status == SUCCEEDED:
            result = {"Result": result_payload(outcome.result or "null")}
            events.append({"EventType": "ExecutionSucceeded", "ExecutionSucceededDetails": result})
        elif outcome.status == FAILED:
            failure = {"Error": error_payload(outcome.error or {})}
            events.append({"EventType": "ExecutionFailed", "ExecutionFailedDetails": failure})
        self.store.update_execution(execution, [self._stamp(e) for e in events])
        if outcome.status == SUSPENDED:
            return self._suspended(name, callback=outcome.callback)
        return outcome

    def _suspended(self, name: str, callback: bool) -> Outcome:
        """A suspended execution's outcome: when it next wakes, and whether only an answer
        from outside can wake it."""
        invoking = any(
            op.type == "CHAINED_INVOKE" and op.status == STARTED
            for op in self.store.load_operations(name).values()
        )
        return Outcome(
            name, SUSPENDED, resume_at=self.next_wake(name), callback=callback and not invoking
        )

    def next_wake(self, name: str) -> float | None:
        """The earliest moment something happens to a suspended execution by itself: its
        timer, a callback's deadline, or progress of an execution it invoked."""
        execution = self.store.get_execution(name)
        if execution is None or execution.status in (SUCCEEDED, FAILED):
            return None
        now = self.clock.now()
        if execution.wake or execution.status != SUSPENDED:
            return now
        moments = [execution.resume_at]
        for operation in self.store.load_operations(name).values():
            if operation.status != STARTED:
                continue
            if operation.type == "CALLBACK":
                moments += [operation.timeout_at, heartbeat_deadline(operation)]
            elif operation.type == "CHAINED_INVOKE":
                child = invoked_execution(name, operation.id)
                moments.append(
                    now if self.store.get_execution(child) is None else self.next_wake(child)
                )
        due = [moment for moment in moments if moment is not None]
        return min(due) if due else None

    def _serve(self, execution: Execution) -> bool:
        """The service's work before an invocation; true when the handler should run."""
        now = self.clock.now()
        woken = execution.status != SUSPENDED or execution.wake
        woken |= execution.resume_at is not None and execution.resume_at <= now
        woken |= self._expire_callbacks(execution.name)
        woken |= self._advance_invoked(execution.name)
        return woken

    def _advance_invoked(self, name: str) -> bool:
        """Start or resume the executions this one invoked; record those that ended on the
        invoking operation. True when one ended."""
        ended = False
        for operation in self.store.load_operations(name).values():
            if operation.type != "CHAINED_INVOKE" or operation.status != STARTED:
                continue
            child = invoked_execution(name, operation.id)
            handler = self.handlers.get(operation.target or "")
            if handler is None:
                operation.status, operation.ended_at = FAILED, self.clock.now()
                message = f"no function named {operation.target!r} to invoke"
                operation.error = {"type": "InvokeError", "message": message, "data": None}
                self._record(name, operation, "ChainedInvokeFailed")
                ended = True
                continue
            if self.store.get_execution(child) is None:
                self.start(handler, None, child, parent=name, payload=operation.state)
            wake = self.next_wake(child)
            if wake is not None and wake <= self.clock.now():
                self.invoke(child, handler)
            target = self.store.get_execution(child)
            if target is None or target.status not in (SUCCEEDED, FAILED):
                continue
            operation.ended_at = self.clock.now()
            if target.status == SUCCEEDED:
                operation.status, operation.result = SUCCEEDED, target.result
                self._record(name, operation, "ChainedInvokeSucceeded")
            else:
                operation.status, operation.error = FAILED, target.error
                self._record(name, operation, "ChainedInvokeFailed")
            ended = True
        return ended

    @staticmethod
    def _run(function: Handler, event: Any, state: ExecutionState, name: str) -> Outcome:
        try:
            result = serialize_result(function(event, DurableContext(state)))
        except TimedSuspendExecution as suspension:
            return Outcome(
                name, SUSPENDED, resume_at=suspension.resume_at, callback=suspension.callback
            )
        except SuspendExecution:
            return Outcome(name, SUSPENDED, callback=True)
        except Exception as error:
            return Outcome(name, FAILED, error=error_record(error))
        return Outcome(name, SUCCEEDED, result=result)

    def run(self, name: str, handler: Any = None, skip_time: bool = True) -> Outcome:
        """Invoke until the execution ends, or waits on a callback (or on time, unless
        `skip_time` fires timers at once)."""
        while True:
            outcome = self.invoke(name, handler)
            if outcome.status != SUSPENDED or outcome.callback or not skip_time:
                return outcome
            if outcome.resume_at is None:
                return outcome
            self.clock.advance_to(outcome.resume_at)

    def complete_callback(
        self,
        callback_id: str,
        result: Any = None,
        error: dict[str, Any] | None = None,
        payload: str | None = None,
    ) -> None:
        """Deliver an external answer: failure with `error`, or success with `payload` (the
        text as sent) or `result` (a str as it is, anything else as its JSON text); with
        neither, the answer has no payload and the callback's result is None."""
        execution, operation = self._open_callback(callback_id)
        operation.ended_at = self.clock.now()
        if error is None:
            operation.status = SUCCEEDED
            operation.result = payload if payload is not None else callback_payload(result)
            kind = "CallbackSucceeded"
        else:
            operation.status, operation.error = FAILED, error
            kind = "CallbackFailed"
        self._record(execution, operation, kind)
        self._wake(execution)

    def _wake(self, name: str) -> None:
        """Something the execution waits for happened: invoke its handler next time."""
        execution = self.store.get_execution(name)
        if execution is not None and execution.status == SUSPENDED:
            execution.wake = True
            self.store.update_execution(execution)

    def _open_callback(self, callback_id: str) -> tuple[str, Operation]:
        found = self.store.find_callback(callback_id)
        if found is None:
            raise KeyError(f"no callback {callback_id!r}")
        execution, operation = found
        if operation.status != STARTED:
            raise ValueError(f"callback {callback_id} is already {operation.status.lower()}")
        return execution, operation

    def _record(self, execution: str, operation: Operation, kind: str) -> None:
        """Checkpoint a change the service makes (not the handler), with its event."""
        stamped = self._stamp(event(kind, operation))
        self.store.checkpoint(execution, operation, [stamped])
        if self.observer is not None:
            self.observer(stamped)

    def _stamp(self, record: dict[str, Any]) -> dict[str, Any]:
        moment = datetime.datetime.fromtimestamp(self.clock.now(), datetime.timezone.utc)
        return {**record, "EventTimestamp": moment.isoformat()}

    def _expire_callbacks(self, name: str) -> bool:
        """Time out the callbacks whose deadline or heartbeat has passed, as the service does
        before it invokes the handler again. True when one timed out."""
        now, expired = self.clock.now(), False
        for operation in self.store.load_operations(name).values():
            if operation.type != "CALLBACK" or operation.status != STARTED:
                continue
            heartbeat = heartbeat_deadline(operation)
            if operation.timeout_at is not None and now >= operation.timeout_at:
                error_type, message = "Callback.Timeout", "Callback timed out"
            elif heartbeat is not None and now >= heartbeat:
                error_type, message = "Callback.Heartbeat", "Callback heartbeat timed out"
            else:
                continue
            operation.status, operation.ended_at = TIMED_OUT, now
            operation.error = {"type": error_type, "message": message, "data": None}
            self._record(name, operation, "CallbackTimedOut")
            expired = True
        return expired

    def pending_callbacks(self, name: str) -> list[tuple[str, tuple[str | None, ...]]]:
        """(callback id, names to find it by) for each callback of `name` still waiting: its
        own name, and the name of the `wait_for_callback` it belongs to."""
        operations = self.store.load_operations(name)
        waiting = []
        for operation in operations.values():
            if operation.type == "CALLBACK" and operation.status == STARTED:
                parent = operations.get(operation.parent_id or "")
                names = (operation.name, parent.name if parent else None)
                waiting.append((operation.callback_id or "", names))
        return waiting

    def history(self, name: str) -> list[dict[str, Any]]:
        """The execution's events in order, numbered from 1 as AWS numbers them."""
        events = self.store.events(name)
        return [{**event, "EventId": number} for number, event in enumerate(events, start=1)]

    def heartbeat_callback(self, callback_id: str) -> None:
        execution, operation = self._open_callback(callback_id)
        operation.heartbeat_at = self.clock.now()
        self.store.checkpoint(execution, operation)
