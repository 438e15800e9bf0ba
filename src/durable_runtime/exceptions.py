"""The exception hierarchy, named as the AWS SDK names it, so handlers catch the same types."""

from __future__ import annotations

import enum

# While the runtime serves the AWS SDK's module names (`compat`), its errors are recorded under
# those names, as the SDK records its own: runtime module -> the AWS module it stands for.
_SERVED_AS: dict[str, str] = {}
AWS_EXCEPTIONS_MODULE = "aws_durable_execution_sdk_python.exceptions"


def serve_module_names(served: dict[str, str]) -> dict[str, str]:
    """Name errors after the AWS modules the runtime's modules are served as (empty: after
    the runtime's own); returns the naming in force before, to restore."""
    before = dict(_SERVED_AS)
    _SERVED_AS.clear()
    _SERVED_AS.update(served)
    return before


def qualified_name(kind: type) -> str:
    """A class as it is named on the wire: `module.QualName`, builtins unqualified."""
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{_SERVED_AS.get(kind.__module__, kind.__module__)}.{kind.__qualname__}"


def wire_names(kind: type) -> frozenset[str]:
    """Every name a record may give `kind`: the runtime's, and the AWS SDK's for its errors."""
    names = {f"{kind.__module__}.{kind.__qualname__}", qualified_name(kind)}
    if kind.__module__ == __name__:
        names.add(f"{AWS_EXCEPTIONS_MODULE}.{kind.__qualname__}")
    return frozenset(names)


class DurableExecutionsError(Exception):
    """Base of the runtime's ordinary errors."""


class _ErrorRecord(Exception):
    """The fields AWS records for a failure: its message, the type that escaped (this class
    when none is given), data, and a stack trace."""

    def __init__(
        self,
        message: str | None = None,
        error_type: str | None = None,
        data: str | None = None,
        stack_trace: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error_type = error_type or qualified_name(type(self))
        self.data = data
        self.stack_trace = stack_trace


class ValidationError(DurableExecutionsError):
    """An operation was called with arguments it cannot accept."""


class SerDesError(_ErrorRecord, DurableExecutionsError):
    """A result could not be serialised into, or read back from, a checkpoint."""


class PluginLoadError(DurableExecutionsError):
    """An instrumentation plugin could not be loaded."""


class TerminationReason(enum.Enum):
    """Why an unrecoverable error ended the execution or the invocation."""

    UNHANDLED_ERROR = "UNHANDLED_ERROR"
    INVOCATION_ERROR = "INVOCATION_ERROR"
    EXECUTION_ERROR = "EXECUTION_ERROR"
    CHECKPOINT_FAILED = "CHECKPOINT_FAILED"
    NON_DETERMINISTIC_EXECUTION = "NON_DETERMINISTIC_EXECUTION"
    STEP_INTERRUPTED = "STEP_INTERRUPTED"
    SERIALIZATION_ERROR = "SERIALIZATION_ERROR"


class UnrecoverableError(DurableExecutionsError):
    """An error that retrying the invocation cannot fix."""

    def __init__(self, message: str, termination_reason: TerminationReason) -> None:
        super().__init__(message)
        self.termination_reason = termination_reason


class ExecutionError(UnrecoverableError):
    """The execution cannot continue: its history and its code disagree."""

    def __init__(
        self,
        message: str,
        termination_reason: TerminationReason = TerminationReason.EXECUTION_ERROR,
    ) -> None:
        super().__init__(message, termination_reason)


class InvocationError(UnrecoverableError):
    """The invocation failed in the runtime itself; on AWS, Lambda invokes again."""

    def __init__(
        self,
        message: str,
        termination_reason: TerminationReason = TerminationReason.INVOCATION_ERROR,
    ) -> None:
        super().__init__(message, termination_reason)

    def is_retryable(self) -> bool:
        return True


class StepInterruptedError(InvocationError):
    """An at-most-once step started and never finished (its process died): not rerun."""

    def __init__(self, message: str, step_id: str | None = None) -> None:
        super().__init__(message, TerminationReason.STEP_INTERRUPTED)
        self.step_id = step_id


class RetryableSerDesError(InvocationError):
    """A checkpoint could not be read, but a later invocation may succeed."""

    def __init__(
        self,
        message: str,
        termination_reason: TerminationReason = TerminationReason.SERIALIZATION_ERROR,
    ) -> None:
        super().__init__(message, termination_reason)


class NonDeterministicExecutionError(ExecutionError):
    """On replay an operation differs from its checkpoint (type, subtype, name or parent)."""

    def __init__(self, message: str, step_id: str | None = None) -> None:
        super().__init__(message, TerminationReason.NON_DETERMINISTIC_EXECUTION)
        self.step_id = step_id


class InvalidStateError(DurableExecutionsError):
    """An operation was attempted on an object in a state that does not allow it."""


# Errors of the AWS SDK's own machinery. The runtime calls no Lambda API and runs branches
# in one thread, so it never raises these; they exist so that handlers written for AWS import
# and catch the same names.


class DurableApiErrorCategory(enum.Enum):
    INVOCATION = "INVOCATION"  # retrying the invocation may help
    EXECUTION = "EXECUTION"  # it will not


CheckpointErrorCategory = DurableApiErrorCategory


class BotoClientError(InvocationError):
    """A Lambda API call failed."""

    def __init__(
        self,
        message: str,
        error_category: DurableApiErrorCategory = DurableApiErrorCategory.INVOCATION,
        error: dict | None = None,
        response_metadata: dict | None = None,
        termination_reason: TerminationReason = TerminationReason.INVOCATION_ERROR,
    ) -> None:
        super().__init__(message, termination_reason)
        self.error_category = error_category
        self.error = error
        self.response_metadata = response_metadata

    def is_retryable(self) -> bool:
        return self.error_category is DurableApiErrorCategory.INVOCATION


class CheckpointError(BotoClientError):
    """A checkpoint could not be written."""

    def __init__(
        self,
        message: str,
        error_category: DurableApiErrorCategory = DurableApiErrorCategory.INVOCATION,
        error: dict | None = None,
        response_metadata: dict | None = None,
    ) -> None:
        super().__init__(
            message, error_category, error, response_metadata, TerminationReason.CHECKPOINT_FAILED
        )


class GetExecutionStateError(BotoClientError):
    """The execution's checkpoints could not be fetched."""


class OrderedLockError(DurableExecutionsError):
    """A lock further up an ordered chain of locks failed."""

    def __init__(self, message: str, source_exception: Exception | None = None) -> None:
        if source_exception is not None:
            message = f"{message} {type(source_exception).__name__}: {source_exception}"
        super().__init__(message)
        self.source_exception = source_exception


class BackgroundThreadError(BaseException):
    """The SDK's checkpointing thread failed; a BaseException, so `except Exception` in
    handler code lets it pass (as it does a suspension)."""

    def __init__(self, message: str, source_exception: Exception) -> None:
        super().__init__(message)
        self.source_exception = source_exception


class OrphanedChildException(BaseException):
    """A branch tried to checkpoint after its batch had completed; a BaseException, so
    `except Exception` in handler code lets it pass."""

    def __init__(self, message: str, operation_id: str) -> None:
        super().__init__(message)
        self.operation_id = operation_id


class DurableOperationError(_ErrorRecord, DurableExecutionsError):
    """An operation failed; `error_type`, `message`, `data` and `stack_trace` come from its
    checkpoint, so the error is the same on the first run and on every replay.

    `error_type` names the error that escaped the operation (`ValueError`,
    `orders.errors.PaymentError`), or this class when there was none.

    As in the AWS SDK, `stack_trace` is what the failure brought with it (an external
    system's callback failure, an operation error that crossed another operation); an
    ordinary exception records none."""

    @classmethod
    def from_error_fields(
        cls,
        error_type: str | None,
        message: str | None,
        data: str | None,
        stack_trace: list[str] | None,
    ) -> DurableOperationError:
        """The error a record describes, rebuilt as its own class when it is one of the
        runtime's operation errors, otherwise as a plain `DurableOperationError` (so no
        constructor outside the runtime ever runs on replay)."""
        kind = _OPERATION_ERRORS.get(error_type or "", DurableOperationError)
        return kind(message=message, error_type=error_type, data=data, stack_trace=stack_trace)


class StepError(DurableOperationError):
    """A step failed after its retries."""


class InvokeError(DurableOperationError):
    """An invoked handler failed."""


class ChildContextError(DurableOperationError):
    """A child context function raised."""


class WaitForConditionError(DurableOperationError):
    """A condition check raised."""


class CallbackError(DurableOperationError):
    """A callback completed with a failure, or its submitter failed."""


class CallbackExternalError(CallbackError):
    """The external system reported a failure for the callback."""


class CallbackTimeoutError(CallbackError):
    """The callback's timeout or heartbeat timeout passed without an answer."""


class CallbackSubmitterError(CallbackError):
    """The `wait_for_callback` submitter failed."""


# The operation errors a failure record is rebuilt as, by their wire names.
_OPERATION_ERRORS: dict[str, type[DurableOperationError]] = {}


def register_operation_error(kind: type[DurableOperationError]) -> None:
    """Let records naming `kind` be rebuilt as `kind`, which takes the four error fields as
    keywords (`message`, `error_type`, `data`, `stack_trace`)."""
    for name in wire_names(kind):
        _OPERATION_ERRORS[name] = kind


for _kind in (
    StepError,
    InvokeError,
    ChildContextError,
    WaitForConditionError,
    CallbackError,
    CallbackExternalError,
    CallbackTimeoutError,
    CallbackSubmitterError,
):
    register_operation_error(_kind)


class SuspendExecution(BaseException):
    """Raised to stop the handler until something outside it happens.

    A BaseException, as in the AWS SDK, so `except Exception` in handler code lets it pass;
    `except:` or `except BaseException` swallow it (rule DUR504)."""


class TimedSuspendExecution(SuspendExecution):
    """Suspension until a point in time: a wait, a retry delay, a condition poll, or (with
    `callback`) the timeout of a callback that may be answered sooner."""

    def __init__(self, message: str, resume_at: float, callback: bool = False):
        super().__init__(message)
        self.resume_at = resume_at
        self.callback = callback
