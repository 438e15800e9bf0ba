"""How a failure is recorded: AWS's `ErrorObject` (message, type, data, stack trace).

An operation keeps its error as a plain record (`type`, `message`, `data`, `stack_trace`) so
checkpoints stay readable; an `ErrorObject` is what a handler gets (a batch item's error), and
`to_dict`/`from_dict` use AWS's wire keys (`ErrorMessage`, `ErrorType`, `ErrorData`,
`StackTrace`).

The type is the class's full name (`orders.errors.PaymentError`; builtins such as
`ValueError` unqualified) as AWS writes it, and any `SerDesError` is recorded as
`SerDesError` itself, so replay raises it as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

from durable_runtime.exceptions import (
    DurableOperationError,
    SerDesError,
    qualified_name,
    wire_names,
)

SERDES_ERRORS = wire_names(SerDesError)
# Field name -> AWS's wire key, in AWS's order.
_WIRE_KEYS = {
    "message": "ErrorMessage",
    "type": "ErrorType",
    "data": "ErrorData",
    "stack_trace": "StackTrace",
}


@dataclass(frozen=True)
class ErrorObject:
    message: str | None
    type: str | None
    data: str | None = None
    stack_trace: list[str] | None = None

    @classmethod
    def from_exception(cls, error: BaseException) -> ErrorObject:
        """An operation (or serdes) error keeps its own fields, a stack trace it carries too;
        any other exception its type and message, as in the AWS SDK."""
        if isinstance(error, SerDesError):
            return cls(error.message, qualified_name(SerDesError), error.data, error.stack_trace)
        if isinstance(error, DurableOperationError):
            return cls(error.message, qualified_name(type(error)), error.data, error.stack_trace)
        return cls(str(error), qualified_name(type(error)))

    def to_durable_operation_error(self) -> DurableOperationError:
        return DurableOperationError.from_error_fields(
            self.type, self.message, self.data, self.stack_trace
        )

    def raise_as_operation_error(self, kind: type[DurableOperationError]) -> NoReturn:
        """Raise the failed operation's `kind` error carrying these fields, caused by the
        escaping error rebuilt from them: the same on the first run and on every replay. A
        serdes failure is raised as `SerDesError`, whatever the operation."""
        cause = self.to_durable_operation_error()
        if self.type in SERDES_ERRORS:
            raise SerDesError(self.message, self.type, self.data, self.stack_trace) from cause
        raise kind(self.message, self.type, self.data, self.stack_trace) from cause

    @classmethod
    def from_message(cls, message: str) -> ErrorObject:
        """An error that is only a message, as an external system may send one."""
        return cls(message, None)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ErrorObject:
        """From AWS's wire form."""
        return cls(**{field: data.get(key) for field, key in _WIRE_KEYS.items()})

    def to_dict(self) -> dict[str, Any]:
        """AWS's wire form, without the fields that are not set."""
        fields = {key: getattr(self, field) for field, key in _WIRE_KEYS.items()}
        return {key: value for key, value in fields.items() if value is not None}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ErrorObject:
        """From an operation's error record."""
        return cls(**{field: record.get(field) for field in _WIRE_KEYS})

    def to_record(self) -> dict[str, Any]:
        """The operation's error record, as checkpoints keep it."""
        return {field: getattr(self, field) for field in _WIRE_KEYS}
