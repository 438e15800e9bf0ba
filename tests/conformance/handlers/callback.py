"""Handlers for the callback suite (4-x), written from each requirement's description."""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass

from durable_runtime import (
    CallbackConfig,
    CallbackError,
    CallbackTimeoutError,
    DurableContext,
    Duration,
)
from durable_runtime.serdes import SerDes, SerDesContext


def prepare_order(step_context):
    return "prepared"


def callback_basic(event, context: DurableContext):
    """4-1: create a callback named by the input and return its result."""
    callback = context.create_callback(name=event)
    return callback.result()


def callback_named_approval(event, context: DurableContext):
    """4-2: create a callback named "approval" and block on its result."""
    callback = context.create_callback(name="approval")
    callback.result()


def callback_with_timeout(event, context: DurableContext):
    """4-3: a callback with a 5-second timeout that nobody answers."""
    config = CallbackConfig(timeout=Duration.from_seconds(5))
    callback = context.create_callback(name=event, config=config)
    callback.result()


def callback_with_heartbeat_timeout(event, context: DurableContext):
    """4-4: a callback with a 5-second heartbeat timeout that gets no heartbeat."""
    config = CallbackConfig(heartbeat_timeout=Duration.from_seconds(5))
    callback = context.create_callback(name=event, config=config)
    callback.result()


def callback_kept_alive_by_heartbeat(event, context: DurableContext):
    """4-5: a callback with a 10-second heartbeat timeout, heartbeated then answered."""
    config = CallbackConfig(heartbeat_timeout=Duration.from_seconds(10))
    callback = context.create_callback(name=event, config=config)
    callback.result()


def callback_failure_uncaught(event, context: DurableContext):
    """4-6: the external system fails the callback; the error is not caught."""
    callback = context.create_callback(name=event)
    callback.result()


def callback_step_then_failure(event, context: DurableContext):
    """4-7: create a callback, run a step, then block on the (failed) callback."""
    callback = context.create_callback(name=event)
    context.step(prepare_order)
    callback.result()


def callback_step_then_timeout(event, context: DurableContext):
    """4-8: create a callback with a 5-second timeout, run a step, then block on it."""
    config = CallbackConfig(timeout=Duration.from_seconds(5))
    callback = context.create_callback(name=event, config=config)
    context.step(prepare_order)
    callback.result()


def callback_answered_during_wait(event, context: DurableContext):
    """4-9: create a callback, wait 5 seconds, then block on the callback result."""
    callback = context.create_callback(name=event)
    context.wait(Duration.from_seconds(5))
    callback.result()


def callback_failed_during_wait(event, context: DurableContext):
    """4-10: create a callback, wait 5 seconds, then block on the (failed) callback."""
    callback = context.create_callback(name=event)
    context.wait(Duration.from_seconds(5))
    callback.result()


def callback_timed_out_during_wait(event, context: DurableContext):
    """4-11: a callback with a 3-second timeout, a 6-second wait, then block on it."""
    config = CallbackConfig(timeout=Duration.from_seconds(3))
    callback = context.create_callback(name=event, config=config)
    context.wait(Duration.from_seconds(6))
    callback.result()


def callback_then_wait(event, context: DurableContext):
    """4-12: block on a callback, wait 2 seconds, then return the callback result."""
    callback = context.create_callback(name=event)
    result = callback.result()
    context.wait(Duration.from_seconds(2))
    return result


def callback_failure_caught_then_wait(event, context: DurableContext):
    """4-13: catch the callback's failure, wait 2 seconds, return the error message."""
    callback = context.create_callback(name=event)
    try:
        message = callback.result()
    except CallbackError as error:
        message = f"callback failed: {error}"
    context.wait(Duration.from_seconds(2))
    return message


def callback_timeout_caught_then_wait(event, context: DurableContext):
    """4-14: a callback with a 3-second timeout; catch the timeout, wait 2 seconds, return."""
    config = CallbackConfig(timeout=Duration.from_seconds(3))
    callback = context.create_callback(name=event, config=config)
    try:
        message = callback.result()
    except CallbackTimeoutError as error:
        message = f"callback timed out: {error}"
    context.wait(Duration.from_seconds(2))
    return message


@dataclass
class Message:
    id: str
    message: str
    timestamp: int  # seconds since the epoch


class MessageSerDes(SerDes[Message]):
    """Reads the callback's JSON into a `Message`, its ISO timestamp into epoch seconds."""

    def serialize(self, value: Message, serdes_context: SerDesContext) -> str:
        moment = datetime.datetime.fromtimestamp(value.timestamp, datetime.timezone.utc)
        return json.dumps({**asdict(value), "timestamp": moment.isoformat()})

    def deserialize(self, data: str, serdes_context: SerDesContext) -> Message:
        raw = json.loads(data)
        moment = datetime.datetime.fromisoformat(raw["timestamp"].replace("Z", "+00:00"))
        return Message(raw["id"], raw["message"], int(moment.timestamp()))


def callback_with_typed_serdes(event, context: DurableContext):
    """4-15: a custom deserializer turns the payload into a `Message`; return it."""
    config = CallbackConfig(serdes=MessageSerDes())
    callback = context.create_callback(name=event, config=config)
    received = callback.result()
    return {"received": asdict(received)}


class NumberSerDes(SerDes[int]):
    """Reads the callback's payload as a number."""

    def serialize(self, value: int, serdes_context: SerDesContext) -> str:
        return str(value)

    def deserialize(self, data: str, serdes_context: SerDesContext) -> int:
        return int(data)


def callback_with_numeric_serdes(event, context: DurableContext):
    """4-16: a custom deserializer turns the payload into a number; return it and its double."""
    config = CallbackConfig(serdes=NumberSerDes())
    callback = context.create_callback(name=event, config=config)
    count = callback.result()
    return {"count": count, "doubled": count * 2}


def two_callbacks_one_after_another(event, context: DurableContext):
    """4-17: create and await callback A, then create and await callback B."""
    first_name, second_name = event
    first = context.create_callback(name=first_name).result()
    second = context.create_callback(name=second_name).result()
    return [first, second]


def two_callbacks_awaited_in_order(event, context: DurableContext):
    """4-18: create callbacks A and B, then await A, then B."""
    first_name, second_name = event
    first = context.create_callback(name=first_name)
    second = context.create_callback(name=second_name)
    first_result = first.result()
    second_result = second.result()
    return [first_result, second_result]


def two_callbacks_awaited_in_reverse(event, context: DurableContext):
    """4-19: create callbacks A and B, then await B, then A."""
    first_name, second_name = event
    first = context.create_callback(name=first_name)
    second = context.create_callback(name=second_name)
    second_result = second.result()
    first_result = first.result()
    return [first_result, second_result]


HANDLERS = {
    "4-1": callback_basic,
    "4-2": callback_named_approval,
    "4-3": callback_with_timeout,
    "4-4": callback_with_heartbeat_timeout,
    "4-5": callback_kept_alive_by_heartbeat,
    "4-6": callback_failure_uncaught,
    "4-7": callback_step_then_failure,
    "4-8": callback_step_then_timeout,
    "4-9": callback_answered_during_wait,
    "4-10": callback_failed_during_wait,
    "4-11": callback_timed_out_during_wait,
    "4-12": callback_then_wait,
    "4-13": callback_failure_caught_then_wait,
    "4-14": callback_timeout_caught_then_wait,
    "4-15": callback_with_typed_serdes,
    "4-16": callback_with_numeric_serdes,
    "4-17": two_callbacks_one_after_another,
    "4-18": two_callbacks_awaited_in_order,
    "4-19": two_callbacks_awaited_in_reverse,
}
