"""Handlers for the wait suite (2-x), written from each requirement's description."""

from __future__ import annotations

from durable_runtime import DurableContext, Duration


def wait_basic(event, context: DurableContext):
    context.wait(Duration.from_seconds(2))


def wait_with_name(event, context: DurableContext):
    context.wait(Duration.from_seconds(2), name="custom_wait_name")


def two_waits(event, context: DurableContext):
    context.wait(Duration.from_seconds(2), name="wait-1")
    context.wait(Duration.from_seconds(2), name="wait-2")
    return {"completedWaits": 2}


def wait_in_minutes(event, context: DurableContext):
    context.wait(Duration.from_minutes(1))


def wait_one_hour(event, context: DurableContext):
    context.wait(Duration.from_hours(1))


HANDLERS = {
    "2-1": wait_basic,
    "2-2": wait_with_name,
    "2-3": two_waits,
    "2-4": wait_in_minutes,
    "2-5": wait_one_hour,
}
