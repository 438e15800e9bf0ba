"""Serialising results into checkpoints: JSON with datetimes, dates, decimals and UUIDs.

Like the AWS SDK's default, a value comes back from a checkpoint with the type it had, so a
handler sees the same thing on its first run and on every replay.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

# `X as X`: names the AWS SDK's serdes module also offers, for handlers importing them here.
from durable_runtime.concurrency.models import BatchResult as BatchResult
from durable_runtime.exceptions import DurableExecutionsError as DurableExecutionsError
from durable_runtime.exceptions import RetryableSerDesError, SerDesError

T = TypeVar("T")
MAX_PAYLOAD_BYTES = 256 * 1024  # the AWS checkpoint payload limit
_TAG = "__durable_type__"


@dataclass(frozen=True)
class SerDesContext:
    """Which operation of which execution a value belongs to, as AWS passes it."""

    operation_id: str = ""
    durable_execution_arn: str = ""


class SerDes(ABC, Generic[T]):
    """Turns a value into text for a checkpoint and back."""

    @abstractmethod
    def serialize(self, value: T, serdes_context: SerDesContext) -> str: ...

    @abstractmethod
    def deserialize(self, data: str, serdes_context: SerDesContext) -> T: ...


def _encode(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return {_TAG: "datetime", "value": value.isoformat()}
    if isinstance(value, datetime.date):
        return {_TAG: "date", "value": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {_TAG: "decimal", "value": str(value)}
    if isinstance(value, uuid.UUID):
        return {_TAG: "uuid", "value": str(value)}
    if isinstance(value, bytes):
        return {_TAG: "bytes", "value": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"{type(value).__name__} cannot be stored in a checkpoint")


_DECODERS = {
    "datetime": datetime.datetime.fromisoformat,
    "date": datetime.date.fromisoformat,
    "decimal": decimal.Decimal,
    "uuid": uuid.UUID,
    "bytes": base64.b64decode,
}


def _decode(obj: dict) -> Any:
    tag = obj.get(_TAG)
    if tag in _DECODERS and len(obj) == 2:
        return _DECODERS[tag](obj["value"])
    return obj


class ExtendedTypeSerDes(SerDes[Any]):
    """The default: JSON plus tagged datetimes, dates, decimals, UUIDs and bytes."""

    def serialize(self, value: Any, serdes_context: SerDesContext | None = None) -> str:
        try:
            return json.dumps(value, default=_encode, separators=(",", ":"))
        except (TypeError, ValueError) as error:
            raise SerDesError(f"result cannot be checkpointed: {error}") from error

    def deserialize(self, data: str, serdes_context: SerDesContext | None = None) -> Any:
        try:
            return json.loads(data, object_hook=_decode)
        except ValueError as error:
            raise SerDesError(f"checkpoint cannot be read: {error}") from error


class JsonSerDes(SerDes[Any]):
    """Plain JSON, for values that are JSON already."""

    def serialize(self, value: Any, serdes_context: SerDesContext | None = None) -> str:
        return json.dumps(value)

    def deserialize(self, data: str, serdes_context: SerDesContext | None = None) -> Any:
        return json.loads(data)


class PassThroughSerDes(SerDes[Any]):
    """Text stored as it is."""

    def serialize(self, value: Any, serdes_context: SerDesContext | None = None) -> str:
        return value

    def deserialize(self, data: str, serdes_context: SerDesContext | None = None) -> Any:
        return data


EXTENDED_TYPES_SERDES: SerDes[Any] = ExtendedTypeSerDes()  # the default, as in the AWS SDK
DEFAULT_JSON_SERDES: SerDes[Any] = JsonSerDes()


def fits_in_checkpoint(data: str) -> bool:
    return len(data.encode("utf-8")) <= MAX_PAYLOAD_BYTES


def serialize(
    value: Any,
    serdes: SerDes | None = None,
    context: SerDesContext | None = None,
    limit: bool = True,
) -> str:
    """`value` as checkpoint text; over the payload limit is an error unless `limit` is off
    (the caller then decides what to store). Whatever a serdes raises is a `SerDesError`,
    unless it already is one (or a `RetryableSerDesError`), as in the AWS SDK."""
    context = context or SerDesContext()
    try:
        data = (serdes or EXTENDED_TYPES_SERDES).serialize(value, context)
    except (SerDesError, RetryableSerDesError):
        raise
    except Exception as error:
        raise SerDesError(f"operation {context.operation_id}: cannot serialise: {error}") from error
    if limit and not fits_in_checkpoint(data):
        raise SerDesError(
            f"checkpoint payload is {len(data.encode('utf-8'))} bytes; the limit is "
            f"{MAX_PAYLOAD_BYTES}: store large results elsewhere and checkpoint a reference"
        )
    return data


def deserialize(
    data: str | None, serdes: SerDes | None = None, context: SerDesContext | None = None
) -> Any:
    if data is None:
        return None
    context = context or SerDesContext()
    try:
        return (serdes or EXTENDED_TYPES_SERDES).deserialize(data, context)
    except (SerDesError, RetryableSerDesError):
        raise
    except Exception as error:
        raise SerDesError(f"operation {context.operation_id}: cannot read back: {error}") from error


def serialize_result(value: Any) -> str:
    """An execution's result, as AWS writes it: JSON with the standard separators."""
    try:
        return json.dumps(value, default=_encode)
    except (TypeError, ValueError) as error:
        raise SerDesError(f"the handler's result cannot be returned: {error}") from error
