"""`DurableContext`: the operations a handler calls, checkpointed and replayed by position."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

from durable_runtime.concurrency.executor import check_not_orphaned, run_branches
from durable_runtime.concurrency.models import (
    BatchResult,
    completion_reason,
)
from durable_runtime.config import (
    CallbackConfig,
    ChildConfig,
    Duration,
    InvokeConfig,
    MapConfig,
    NestingType,
    ParallelBranch,
    ParallelConfig,
    StepConfig,
    StepSemantics,
    WaitForCallbackConfig,
)
from durable_runtime.error_object import ErrorObject
from durable_runtime.exceptions import (
    CallbackError,
    CallbackExternalError,
    CallbackSubmitterError,
    CallbackTimeoutError,
    ChildContextError,
    DurableOperationError,
    ExecutionError,
    InvocationError,
    InvokeError,
    RetryableSerDesError,
    SerDesError,
    StepError,
    StepInterruptedError,
    SuspendExecution,
    TimedSuspendExecution,
    ValidationError,
    WaitForConditionError,
)
from durable_runtime.retries import RetryPresets
from durable_runtime.serdes import (
    PassThroughSerDes,
    SerDes,
    SerDesContext,
    deserialize,
    fits_in_checkpoint,
    serialize,
)
from durable_runtime.state import (
    ExecutionState,
    error_record,
    event,
    invoked_execution,
    result_payload,
)
from durable_runtime.store import FAILED, PENDING, STARTED, SUCCEEDED, TIMED_OUT, Operation
from durable_runtime.types import Callback as CallbackProtocol
from durable_runtime.types import DurableContext as DurableContextProtocol
from durable_runtime.types import (
    LoggerInterface,
    StepContext,
    WaitForCallbackContext,
    WaitForConditionCheckContext,
)
from durable_runtime.waits import WaitForConditionConfig

T = TypeVar("T")
# A callback without serdes hands over the payload text as it came, as in the AWS SDK.
PASS_THROUGH_SERDES = PassThroughSerDes()


class ReplayAwareLogger:
    """Logs like `logging.Logger`, but stays quiet while the handler replays."""

    def __init__(
        self,
        state: ExecutionState,
        logger: logging.Logger | None = None,
        always: bool = False,
        operation: Operation | None = None,
    ) -> None:
        self._state = state
        self._logger = logger or state.logger
        self._always = always  # a context re-run to rebuild its result logs as it runs
        # The fields AWS's logger adds to every record: the execution, and inside a step the
        # operation and its attempt.
        self._extra: dict[str, object] = {"executionArn": state.execution}
        if operation is not None:
            self._extra.update(
                operationId=operation.id, operationName=operation.name, attempt=operation.attempt
            )
            if operation.parent_id is not None:
                self._extra["parentId"] = operation.parent_id

    def _log(self, level: int, msg: object, *args: object, extra=None) -> None:
        if self._always or not self._state.replaying or self._state.in_step:
            self._logger.log(level, msg, *args, extra={**self._extra, **(extra or {})})

    def debug(self, msg: object, *args: object, extra=None) -> None:
        self._log(logging.DEBUG, msg, *args, extra=extra)

    def info(self, msg: object, *args: object, extra=None) -> None:
        self._log(logging.INFO, msg, *args, extra=extra)

    def warning(self, msg: object, *args: object, extra=None) -> None:
        self._log(logging.WARNING, msg, *args, extra=extra)

    def error(self, msg: object, *args: object, extra=None) -> None:
        self._log(logging.ERROR, msg, *args, extra=extra)

    def exception(self, msg: object, *args: object, extra=None) -> None:
        if not self._state.replaying or self._state.in_step:
            self._logger.exception(msg, *args, extra=extra)


def _function_name(func: Any) -> str | None:
    """The default operation name, as the AWS SDK picks it: only functions built by the
    decorators (`durable_step(f)(...)`) carry one; plain functions and lambdas have none."""
    return getattr(func, "_original_name", None)


def _raise_stored(operation: Operation, kind: type[DurableOperationError]) -> NoReturn:
    """Raise the failed operation's `kind` error from its record (see `ErrorObject`)."""
    if operation.error is None:
        raise kind(f"operation {operation.id} failed with no error recorded")
    ErrorObject.from_record(operation.error).raise_as_operation_error(kind)


def _raise_callback_failure(operation: Operation, kind: type[CallbackError]) -> NoReturn:
    """As in the AWS SDK, the callback's error keeps the external message, data and stack
    trace; the external error type stays on the callback's record."""
    error = operation.error or {}
    default = "Callback timed out" if kind is CallbackTimeoutError else "Callback failed"
    raise kind(
        error.get("message") or default,
        data=error.get("data"),
        stack_trace=error.get("stack_trace"),
    )


def _fail_child(error: Exception) -> ErrorObject:
    """What a child context records for `error`; errors that end the execution or the
    invocation pass through it, as in the AWS SDK."""
    if isinstance(error, (ExecutionError, InvocationError)):
        raise error
    return ErrorObject.from_exception(error)


class Callback(CallbackProtocol):
    """A pending answer from outside: `result()` suspends until it arrives or times out.

    The answer is the payload text as sent, unless the callback's config has a serdes to
    read it (`CallbackConfig(serdes=JsonSerDes())` for JSON), as in the AWS SDK."""

    def __init__(self, context: DurableContext, operation_id: str, serdes: Any = None) -> None:
        self._context = context
        self._operation_id = operation_id
        self._serdes = serdes

    @property
    def callback_id(self) -> str:
        return self._operation.callback_id or ""

    @property
    def _operation(self) -> Operation:
        return self._context._state.operations[self._operation_id]

    def result(self) -> Any:
        operation = self._operation
        if operation.status == SUCCEEDED:
            return deserialize(
                operation.result,
                self._serdes or PASS_THROUGH_SERDES,
                self._context._serdes_context(operation),
            )
        if operation.status == FAILED:
            _raise_callback_failure(operation, CallbackExternalError)
        if operation.status == TIMED_OUT:
            _raise_callback_failure(operation, CallbackTimeoutError)
        self._context._state.replaying = False
        deadlines = [d for d in (operation.timeout_at, heartbeat_deadline(operation)) if d]
        if deadlines:
            message = f"waiting for callback {operation.id}"
            raise TimedSuspendExecution(message, min(deadlines), callback=True)
        raise SuspendExecution(f"waiting for callback {operation.id}")


def heartbeat_deadline(operation: Operation) -> float | None:
    """When a callback times out for want of a heartbeat (None: it has no heartbeat timeout)."""
    if not operation.heartbeat_timeout:
        return None
    return (operation.heartbeat_at or operation.started_at or 0.0) + operation.heartbeat_timeout


@dataclass(frozen=True)
class ExecutionContext:
    """What a context knows about its execution (`context.execution_context`)."""

    durable_execution_arn: str


class DurableContext(DurableContextProtocol):
    """The operations of one (root or child) context, numbered by their position in it."""

    def __init__(
        self, state: ExecutionState, parent_id: str | None = None, id_prefix: str | None = None
    ) -> None:
        self._state = state
        self._parent_id = parent_id
        # Operation ids start with the context's own id; a virtual (FLAT) branch has an id
        # for its operations but no checkpoint, so they name the batch as their parent.
        self._id_prefix = id_prefix or parent_id
        self._counter = 0
        self.logger: LoggerInterface = ReplayAwareLogger(state)

    # -- bookkeeping -------------------------------------------------------------------------

    def is_replaying(self) -> bool:
        return self._state.replaying

    @property
    def execution_context(self) -> ExecutionContext:
        """The execution's name, where AWS has its ARN."""
        return ExecutionContext(self._state.execution)

    def _serdes_context(self, operation: Operation) -> SerDesContext:
        return SerDesContext(operation.id, self._state.execution)

    def _next_id(self) -> str:
        self._counter += 1
        return f"{self._id_prefix}-{self._counter}" if self._id_prefix else str(self._counter)

    def _begin(
        self, kind: str, subtype: str, name: str | None, operation_id: str | None = None
    ) -> tuple[Operation, bool]:
        """(the operation at the next position, or at `operation_id` when it was given out
        ahead, and whether it comes from the checkpoint)."""
        operation_id = operation_id or self._next_id()
        check_not_orphaned(operation_id)
        stored = self._state.existing(operation_id, kind, subtype, name, self._parent_id)
        if stored is not None:
            return stored, True
        fresh = Operation(
            operation_id,
            self._parent_id,
            kind,
            subtype,
            name,
            STARTED,
            started_at=self._state.now(),
        )
        return fresh, False

    def _finish(self, operation: Operation, status: str, kind: str, **changes: Any) -> None:
        operation.status, operation.ended_at = status, self._state.now()
        for key, value in changes.items():
            setattr(operation, key, value)
        self._state.checkpoint(operation, event(kind, operation))

    # -- step --------------------------------------------------------------------------------

    def step(
        self,
        func: Callable[[StepContext], T],
        name: str | None = None,
        config: StepConfig | None = None,
    ) -> T:
        config = config or StepConfig()
        operation, stored = self._begin(
            "STEP", config.sub_type or "Step", name or _function_name(func)
        )
        if operation.status == SUCCEEDED:
            return deserialize(operation.result, config.serdes, self._serdes_context(operation))
        if operation.status == FAILED:
            _raise_stored(operation, StepError)
        now = self._state.now()
        if operation.status == PENDING and operation.resume_at and now < operation.resume_at:
            raise TimedSuspendExecution(f"step {operation.id} retries later", operation.resume_at)
        at_most_once = config.step_semantics is StepSemantics.AT_MOST_ONCE_PER_RETRY
        interrupted = stored and operation.status == STARTED  # its process died mid-attempt
        if interrupted and at_most_once:
            error = StepInterruptedError(f"step {operation.id} was interrupted")
            return self._step_failed(operation, config, error)
        if not interrupted:  # an at-least-once step that was interrupted just runs again
            operation.status = STARTED
            self._state.checkpoint(operation, event("StepStarted", operation))
        context = self._serdes_context(operation)
        try:
            with self._state.running_step(operation.id):
                logger = ReplayAwareLogger(self._state, operation=operation)
                result = func(StepContext(logger, operation.id, operation.attempt))
            payload = serialize(result, config.serdes, context)
            # Read back before the checkpoint, as AWS does: the first run returns what a
            # replay will, and a value that cannot be read back fails the step.
            value = deserialize(payload, config.serdes, context)
        except (ExecutionError, RetryableSerDesError):
            raise  # they end the execution or the invocation, not the step
        except SerDesError as error:  # the result cannot be stored: failed, never retried
            return self._step_failed(operation, config, error, retry=False)
        except Exception as error:  # BaseException (suspension) passes through
            return self._step_failed(operation, config, error)
        operation.status, operation.result = SUCCEEDED, payload
        operation.ended_at = self._state.now()
        retry = {"RetryDetails": {"CurrentAttempt": operation.attempt}}
        self._state.checkpoint(operation, event("StepSucceeded", operation, retry))
        return value

    def _step_failed(
        self, operation: Operation, config: StepConfig, error: Exception, retry: bool = True
    ) -> Any:
        """Record a failed attempt: pending a retry (and suspend until it), or failed, which
        raises `StepError` (a `SerDesError` for a result that could not be stored)."""
        strategy = config.retry_strategy or RetryPresets.default()
        decision = strategy(error, operation.attempt) if retry else None
        operation.error = error_record(error)
        details: dict[str, Any] = {"CurrentAttempt": operation.attempt}
        if decision is not None and decision.should_retry:
            delay = round(decision.delay.to_seconds())
            details["NextAttemptDelaySeconds"] = delay
            failed = event("StepFailed", operation, {"RetryDetails": details})
            operation.status = PENDING
            operation.resume_at = self._state.now() + delay
            operation.attempt += 1
            self._state.checkpoint(operation, failed)
            raise TimedSuspendExecution(f"step {operation.id} retries later", operation.resume_at)
        operation.status, operation.ended_at = FAILED, self._state.now()
        failed = event("StepFailed", operation, {"RetryDetails": details})
        self._state.checkpoint(operation, failed)
        _raise_stored(operation, StepError)

    # -- wait --------------------------------------------------------------------------------

    def wait(self, duration: Duration, name: str | None = None) -> None:
        seconds = duration.to_seconds()
        if seconds < 1:
            raise ValidationError("duration must be at least 1 second")
        operation, stored = self._begin("WAIT", "Wait", name)
        if operation.status == SUCCEEDED:
            return
        now = self._state.now() if stored else (operation.started_at or self._state.now())
        if not stored:
            operation.resume_at = now + seconds  # the scheduled end: start + duration exactly
            details = {"Duration": seconds}
            self._state.checkpoint(operation, event("WaitStarted", operation, details))
        if now >= (operation.resume_at or 0):
            operation.status, operation.ended_at = SUCCEEDED, now
            self._state.checkpoint(
                operation, event("WaitSucceeded", operation, {"Duration": seconds})
            )
            return
        raise TimedSuspendExecution(f"wait {operation.id}", operation.resume_at or now)

    # -- callbacks ---------------------------------------------------------------------------

    def create_callback(
        self, name: str | None = None, config: CallbackConfig | None = None
    ) -> Callback:
        config = config or CallbackConfig()
        operation, stored = self._begin("CALLBACK", config.sub_type or "Callback", name)
        if not stored:
            now = self._state.now()
            operation.callback_id = uuid.uuid4().hex  # the runtime's own id, checkpointed at once
            timeout, heartbeat = config.timeout.to_seconds(), config.heartbeat_timeout.to_seconds()
            operation.timeout_at = now + timeout if timeout else None
            operation.heartbeat_timeout = heartbeat or None
            details: dict[str, Any] = {"CallbackId": operation.callback_id}
            if timeout:
                details["Timeout"] = round(timeout)
            if heartbeat:
                details["HeartbeatTimeout"] = round(heartbeat)
            self._state.checkpoint(operation, event("CallbackStarted", operation, details))
        return Callback(self, operation.id, config.serdes)

    def wait_for_callback(
        self,
        submitter: Callable[[str, WaitForCallbackContext], Any],
        name: str | None = None,
        config: WaitForCallbackConfig | None = None,
    ) -> Any:
        # As in the AWS SDK, the config's serdes reads the callback's answer and also stores
        # the submitter's result, and the submitter retries as a step does unless the
        # config has a retry strategy.
        step_config = (
            StepConfig(retry_strategy=config.retry_strategy, serdes=config.serdes)
            if config
            else None
        )

        step_name = name or _function_name(submitter)
        # The inner operations' names, as the AWS SDK gives them.
        prefix = f"{step_name} " if step_name else ""

        def in_child(child: DurableContext) -> Any:
            callback = child.create_callback(name=f"{prefix}create callback id", config=config)
            child.step(
                lambda step: submitter(
                    callback.callback_id,
                    WaitForCallbackContext(step.logger, step.operation_id, step.attempt),
                ),
                name=f"{prefix}submitter",
                config=step_config,
            )
            return callback.result()

        # The context fails as any child does; what failed inside it, rebuilt from its
        # record as the error's cause, says which error the handler gets (also on replay).
        try:
            return self._child(in_child, step_name, "WaitForCallback")
        except ChildContextError as error:
            inner = error.__cause__
            if isinstance(inner, CallbackError):
                raise inner from None
            if isinstance(inner, StepError):
                raise CallbackSubmitterError(
                    inner.message or "Callback submitter failed",
                    data=inner.data,
                    stack_trace=inner.stack_trace,
                ) from inner
            raise

    # -- polling -----------------------------------------------------------------------------

    def wait_for_condition(
        self,
        check: Callable[[T, WaitForConditionCheckContext], T],
        config: WaitForConditionConfig[T],
        name: str | None = None,
    ) -> T:
        if check is None or config is None:
            raise ValidationError("wait_for_condition needs a check and a config")
        operation, _ = self._begin("STEP", "WaitForCondition", name or _function_name(check))
        if operation.status == SUCCEEDED:
            return deserialize(operation.result, config.serdes, self._serdes_context(operation))
        if operation.status == FAILED:
            _raise_stored(operation, WaitForConditionError)
        now = self._state.now()
        if operation.status == PENDING and operation.resume_at and now < operation.resume_at:
            raise TimedSuspendExecution(
                f"condition {operation.id} polls later", operation.resume_at
            )
        state = (
            deserialize(operation.state, config.serdes, self._serdes_context(operation))
            if operation.state is not None
            else config.initial_state
        )
        operation.status = STARTED
        started = event("StepStarted", operation)
        retry: dict[str, Any] = {"CurrentAttempt": operation.attempt}
        context = self._serdes_context(operation)
        try:
            with self._state.running_step(operation.id):
                state = check(
                    state,
                    WaitForConditionCheckContext(self.logger, operation.id, operation.attempt),
                )
            # As in the AWS SDK, the state is stored and read back before the strategy sees
            # it, so it decides on what a replay will have; a serdes failure fails the poll.
            payload = serialize(state, config.serdes, context)
            state = deserialize(payload, config.serdes, context)
            decision = config.wait_strategy(state, operation.attempt)
        except InvocationError:
            raise  # it ends the invocation, not the operation
        except Exception as error:
            operation.status, operation.ended_at = FAILED, self._state.now()
            operation.error = error_record(error)
            failed = event("StepFailed", operation, {"RetryDetails": retry})
            self._state.checkpoint(operation, started, failed)
            _raise_stored(operation, WaitForConditionError)
        if not decision.should_continue:
            operation.status, operation.result = SUCCEEDED, payload
            operation.ended_at = self._state.now()
            succeeded = event("StepSucceeded", operation, {"RetryDetails": retry})
            self._state.checkpoint(operation, started, succeeded)
            return deserialize(payload, config.serdes, context)
        # Each poll that goes on is a succeeded attempt carrying the state so far.
        delay = round(decision.delay.to_seconds())
        retry["NextAttemptDelaySeconds"] = delay
        polled = event(
            "StepSucceeded",
            operation,
            {"Result": result_payload(payload), "RetryDetails": retry},
        )
        operation.status, operation.state = PENDING, payload
        operation.resume_at = now + delay
        operation.attempt += 1
        self._state.checkpoint(operation, started, polled)
        raise TimedSuspendExecution(f"condition {operation.id} polls later", operation.resume_at)

    # -- child contexts ----------------------------------------------------------------------

    def run_in_child_context(
        self,
        func: Callable[[DurableContext], T],
        name: str | None = None,
        config: ChildConfig | None = None,
    ) -> T:
        subtype = (config.sub_type if config else None) or "RunInChildContext"
        serdes = config.serdes if config else None
        return self._child(func, name or _function_name(func), subtype, serdes)

    def _child(
        self,
        func: Callable[[DurableContext], T],
        name: str | None,
        subtype: str,
        serdes: Any = None,
        operation_id: str | None = None,
    ) -> T:
        """Run `func` in a child context. An error escaping it fails the context, which
        raises `ChildContextError` caused by that error rebuilt from the record."""
        operation, stored = self._begin("CONTEXT", subtype, name, operation_id)
        context = self._serdes_context(operation)
        if operation.status == SUCCEEDED and operation.replay_children:
            # Its result was too large to checkpoint: rebuild it from the children's.
            rebuilding = DurableContext(self._state, operation.id)
            rebuilding.logger = ReplayAwareLogger(self._state, always=True)
            return func(rebuilding)
        if operation.status == SUCCEEDED:
            return deserialize(operation.result, serdes, context)
        if operation.status == FAILED:
            _raise_stored(operation, ChildContextError)
        if not stored:
            self._state.checkpoint(operation, event("ContextStarted", operation))
        try:
            result = func(DurableContext(self._state, operation.id))
            payload = serialize(result, serdes, context, limit=False)
            value = deserialize(payload, serdes, context)  # what a replay will return
        except Exception as error:  # BaseException (suspension) passes through
            failure = _fail_child(error)
            self._finish(operation, FAILED, "ContextFailed", error=failure.to_record())
            failure.raise_as_operation_error(ChildContextError)
        if fits_in_checkpoint(payload):
            self._finish(operation, SUCCEEDED, "ContextSucceeded", result=payload)
        else:
            self._finish(operation, SUCCEEDED, "ContextSucceeded", replay_children=True)
        return value

    # -- batches -----------------------------------------------------------------------------

    def parallel(
        self,
        functions: Sequence[Callable[[DurableContext], T] | ParallelBranch[T]],
        name: str | None = None,
        config: ParallelConfig | None = None,
    ) -> BatchResult[T]:
        config = config or ParallelConfig()
        branches = []
        for index, function in enumerate(functions):
            if isinstance(function, ParallelBranch):
                branches.append((function.name or f"parallel-branch-{index}", function.func))
            else:
                branches.append((_function_name(function) or f"parallel-branch-{index}", function))
        return self._batch(name, "Parallel", "ParallelBranch", branches, config)

    def map(
        self,
        inputs: Sequence[Any],
        func: Callable[[DurableContext, Any, int, Sequence[Any]], T],
        name: str | None = None,
        config: MapConfig | None = None,
    ) -> BatchResult[T]:
        config = config or MapConfig()
        items = list(inputs)
        namer = config.item_namer or (lambda _item, index: f"map-item-{index}")
        branches = [
            (
                namer(item, index),
                lambda child, item=item, index=index: func(child, item, index, items),
            )
            for index, item in enumerate(items)
        ]
        return self._batch(name or _function_name(func), "Map", "MapIteration", branches, config)

    def _batch(
        self,
        name: str | None,
        subtype: str,
        item_subtype: str,
        branches: list[tuple[str, Callable[[DurableContext], Any]]],
        config: ParallelConfig | MapConfig,
    ) -> BatchResult:
        """Run branches in child contexts (or, with FLAT nesting, in virtual ones whose
        operations sit directly under the batch) until the completion config is met."""
        concurrency = config.max_concurrency
        if concurrency is not None and (not isinstance(concurrency, int) or concurrency < 1):
            raise ValidationError(
                f"max_concurrency must be a positive integer, not {concurrency!r}"
            )
        completion = config.completion_config
        flat = config.nesting_type is NestingType.FLAT
        names: list[str | None] = [branch_name for branch_name, _ in branches]

        def branch(batch: DurableContext, branch_name: str, function: Callable) -> Callable:
            """The branch as a call, its operation id given out now, in index order."""
            operation_id = batch._next_id()
            if not flat:
                return lambda: batch._child(
                    function, branch_name, item_subtype, config.item_serdes, operation_id
                )

            def run_virtual() -> Any:
                try:
                    return function(
                        DurableContext(self._state, batch._parent_id, id_prefix=operation_id)
                    )
                except Exception as error:  # a virtual context fails without a record of its own
                    _fail_child(error).raise_as_operation_error(ChildContextError)

            return run_virtual

        def run(batch: DurableContext) -> BatchResult:
            calls = [branch(batch, branch_name, function) for branch_name, function in branches]
            return run_branches(
                calls,
                concurrency,
                lambda items: completion_reason(items, len(branches), completion, names),
            )

        return self._child(run, name, subtype, _BatchSerDes(config.serdes))

    # -- invoke ------------------------------------------------------------------------------

    def invoke(
        self,
        function_name: str,
        payload: Any,
        name: str | None = None,
        config: InvokeConfig | None = None,
    ) -> Any:
        """Start another durable function and suspend until it ends (the executor runs it)."""
        config = config or InvokeConfig()
        operation, stored = self._begin("CHAINED_INVOKE", "ChainedInvoke", name)
        context = self._serdes_context(operation)
        if operation.status == SUCCEEDED:
            return deserialize(operation.result, config.serdes_result, context)
        if operation.status == FAILED:
            _raise_stored(operation, InvokeError)
        if not stored:
            operation.target = function_name
            operation.state = serialize(payload, config.serdes_payload, context)
            details: dict[str, Any] = {
                "FunctionName": function_name,
                "Input": result_payload(operation.state),
                "ExecutedVersion": "$LATEST",
                "DurableExecutionArn": invoked_execution(self._state.execution, operation.id),
            }
            if config.tenant_id is not None:
                details["TenantId"] = config.tenant_id
            self._state.checkpoint(operation, event("ChainedInvokeStarted", operation, details))
        self._state.replaying = False
        raise SuspendExecution(f"invoke {operation.id} waits for {function_name}")


class _BatchSerDes(SerDes[BatchResult]):
    """A batch's result through the user's serdes, which gets the `BatchResult` itself, or
    through the default one (AWS's `br` envelope); one stored as its dictionary form reads
    back too."""

    def __init__(self, serdes: SerDes | None) -> None:
        self.serdes = serdes

    def serialize(self, value: BatchResult, serdes_context: SerDesContext) -> str:
        if self.serdes is not None:
            return self.serdes.serialize(value, serdes_context)
        return serialize(value, context=serdes_context, limit=False)

    def deserialize(self, data: str, serdes_context: SerDesContext) -> BatchResult:
        if self.serdes is not None:
            value = self.serdes.deserialize(data, serdes_context)
            return value if isinstance(value, BatchResult) else BatchResult.from_dict(value)
        value = deserialize(data, context=serdes_context)
        return value if isinstance(value, BatchResult) else BatchResult.from_dict(value)


# -- decorators ------------------------------------------------------------------------------


def durable_step(func: Callable[..., T]) -> Callable[..., Callable[[StepContext], T]]:
    """`f(step_context, *args)` -> `f(*args)` builds the callable `context.step` runs."""

    def wrapper(*args: Any, **kwargs: Any) -> Callable[[StepContext], T]:
        def function_with_arguments(step_context: StepContext) -> T:
            return func(step_context, *args, **kwargs)

        function_with_arguments._original_name = func.__name__  # type: ignore[attr-defined]
        return function_with_arguments

    return wrapper


def durable_with_child_context(
    func: Callable[..., T],
) -> Callable[..., Callable[[DurableContext], T]]:
    """`f(ctx, *args)` -> `f(*args)` builds the callable `run_in_child_context` runs."""

    def wrapper(*args: Any, **kwargs: Any) -> Callable[[DurableContext], T]:
        def function_with_arguments(child_context: DurableContext) -> T:
            return func(child_context, *args, **kwargs)

        function_with_arguments._original_name = func.__name__  # type: ignore[attr-defined]
        return function_with_arguments

    return wrapper


def durable_parallel_branch(name: str | None = None):
    """Decorator factory: `f(ctx, *args)` -> `f(*args)` builds a named `ParallelBranch`."""

    def decorator(func: Callable[..., T]) -> Callable[..., ParallelBranch[T]]:
        def wrapper(*args: Any, **kwargs: Any) -> ParallelBranch[T]:
            def function_with_arguments(ctx: DurableContext) -> T:
                return func(ctx, *args, **kwargs)

            return ParallelBranch(func=function_with_arguments, name=name or func.__name__)

        return wrapper

    return decorator


def durable_wait_for_callback(func: Callable[..., Any]) -> Callable[..., Callable[[str, Any], Any]]:
    """`f(callback_id, context, *args)` -> `f(*args)` builds a `wait_for_callback` submitter."""

    def wrapper(*args: Any, **kwargs: Any) -> Callable[[str, Any], Any]:
        def submitter_with_arguments(callback_id: str, context: Any) -> Any:
            return func(callback_id, context, *args, **kwargs)

        submitter_with_arguments._original_name = func.__name__  # type: ignore[attr-defined]
        return submitter_with_arguments

    return wrapper
