"""How a failure is recorded: AWS's `ErrorObject` (message, type, data, stack trace).

An operation keeps its error as a plain record (`type`, `message`, `data`, `stack_trace`) so
checkpoints stay readable; an `ErrorObject` is what a handler gets (a batch item's error), and
`to_dict`/`from_dict` use AWS's wire keys (`ErrorMessage`, `ErrorType`, `ErrorData`,
`StackTrace`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from durable_runtime.exceptions import DurableOperationError

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
        """An operation error keeps its own fields (a stack trace it carries, too); any other
        exception its type and message, as in the AWS SDK."""
        if isinstance(error, DurableOperationError):
            return cls(error.message, type(error).__name__, error.data, error.stack_trace)
        return cls(str(error), type(error).__name__)

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
