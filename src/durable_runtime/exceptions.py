"""The exception hierarchy, named as the AWS SDK names it, so handlers catch the same types."""

from __future__ import annotations


def qualified_name(kind: type) -> str:
    """A class as AWS names it on the wire: `module.QualName`, builtins unqualified."""
    module = "" if kind.__module__ == "builtins" else f"{kind.__module__}."
    return f"{module}{kind.__qualname__}"


class DurableExecutionsError(Exception):
    """Base of the runtime's ordinary errors."""


class ValidationError(DurableExecutionsError):
    """An operation was called with arguments it cannot accept."""


class SerDesError(DurableExecutionsError):
    """A result could not be serialised into, or read back from, a checkpoint."""

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


class PluginLoadError(DurableExecutionsError):
    """An instrumentation plugin could not be loaded."""


class UnrecoverableError(DurableExecutionsError):
    """An error that retrying the invocation cannot fix."""


class ExecutionError(UnrecoverableError):
    """The execution cannot continue: its history and its code disagree."""


class InvocationError(UnrecoverableError):
    """The invocation failed in the runtime itself."""


class StepInterruptedError(InvocationError):
    """An at-most-once step started and never finished (its process died): not rerun."""


class RetryableSerDesError(InvocationError):
    """A checkpoint could not be read, but a later invocation may succeed."""


class NonDeterministicExecutionError(ExecutionError):
    """On replay an operation differs from its checkpoint (type, subtype, name or parent)."""


class DurableOperationError(DurableExecutionsError):
    """An operation failed; `error_type`, `message`, `data` and `stack_trace` come from its
    checkpoint, so the error is the same on the first run and on every replay.

    `error_type` names the error that escaped the operation (`ValueError`,
    `orders.errors.PaymentError`), or this class when there was none.

    As in the AWS SDK, `stack_trace` is what the failure brought with it (an external
    system's callback failure, an operation error that crossed another operation); an
    ordinary exception records none."""

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
        return kind(message, error_type, data, stack_trace)


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
    """Let records naming `kind` be rebuilt as `kind` (it takes the four error fields)."""
    _OPERATION_ERRORS[qualified_name(kind)] = kind


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
