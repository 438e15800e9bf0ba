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
    """The default, in the AWS SDK's wire form: a primitive, or a list of them (nested lists
    too), is plain JSON; anything else is an envelope `{"t": tag, "v": value}` whose parts
    carry their own tags, so tuples, datetimes, dates, decimals, UUIDs and bytes come back as
    themselves. Envelopes are read back; so is the runtime's earlier tagged JSON."""

    def serialize(self, value: Any, serdes_context: SerDesContext | None = None) -> str:
        try:
            encoded = value if _is_plain(value) else _envelope(value)
            return json.dumps(encoded, separators=(",", ":"))
        except (TypeError, ValueError) as error:
            raise SerDesError(f"result cannot be checkpointed: {error}") from error

    def deserialize(self, data: str, serdes_context: SerDesContext | None = None) -> Any:
        try:
            decoded = json.loads(data)
            if isinstance(decoded, dict) and decoded.keys() == {"t", "v"}:
                return _open(decoded)
            if isinstance(decoded, dict):
                return json.loads(data, object_hook=_decode)  # the earlier tagged JSON
            return decoded
        except (ValueError, KeyError, TypeError) as error:
            raise SerDesError(f"checkpoint cannot be read: {error}") from error


_PRIMITIVES = (str, int, float, bool, type(None))


def _is_plain(value: Any) -> bool:
    if isinstance(value, _PRIMITIVES):
        return True
    return type(value) is list and all(_is_plain(item) for item in value)


def _envelope(value: Any) -> dict[str, Any]:
    """`value` with a type tag on every part, as the AWS SDK writes it."""
    if value is None:
        return {"t": "n", "v": None}
    if isinstance(value, bool):
        return {"t": "b", "v": value}
    if isinstance(value, int):
        return {"t": "i", "v": value}
    if isinstance(value, float):
        return {"t": "f", "v": value}
    if isinstance(value, str):
        return {"t": "s", "v": value}
    if isinstance(value, dict):
        return {"t": "m", "v": {str(key): _envelope(item) for key, item in value.items()}}
    if isinstance(value, BatchResult):
        return {"t": "br", "v": _envelope(value.to_dict())["v"]}
    if isinstance(value, list):
        return {"t": "l", "v": [_envelope(item) for item in value]}
    if isinstance(value, tuple):
        return {"t": "t", "v": [_envelope(item) for item in value]}
    if isinstance(value, datetime.datetime):
        return {"t": "dt", "v": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"t": "D", "v": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"t": "d", "v": str(value)}
    if isinstance(value, uuid.UUID):
        return {"t": "u", "v": str(value)}
    if isinstance(value, bytes):
        return {"t": "B", "v": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"{type(value).__name__} cannot be stored in a checkpoint")


_OPENERS = {
    "n": lambda v: None,
    "b": bool,
    "i": int,
    "f": float,
    "s": str,
    "m": lambda v: {key: _open(item) for key, item in v.items()},
    "br": lambda v: BatchResult.from_dict({key: _open(item) for key, item in v.items()}),
    "l": lambda v: [_open(item) for item in v],
    "t": lambda v: tuple(_open(item) for item in v),
    "dt": datetime.datetime.fromisoformat,
    "D": datetime.date.fromisoformat,
    "d": decimal.Decimal,
    "u": uuid.UUID,
    "B": base64.b64decode,
}


def _open(envelope: dict[str, Any]) -> Any:
    return _OPENERS[envelope["t"]](envelope["v"])


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


def serialize_result(value: Any, compact: bool = False) -> str:
    """Plain JSON, as Lambda carries payloads: an execution's result as AWS writes it (the
    standard separators), or `compact` as a callback's answer is sent."""
    try:
        return json.dumps(value, default=_encode, separators=(",", ":") if compact else None)
    except (TypeError, ValueError) as error:
        raise SerDesError(f"the handler's result cannot be returned: {error}") from error
