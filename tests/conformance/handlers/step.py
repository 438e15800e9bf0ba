"""Handlers for the step suite (1-x), written from each requirement's description."""

from __future__ import annotations

from durable_runtime import DurableContext


def greet(name):
    return lambda step_context: f"Hello, {name}!"


def step_basic(event, context: DurableContext):
    return context.step(greet(event))


def step_with_name(event, context: DurableContext):
    return context.step(lambda _: f"Hello, {event}!", name="custom_step_name")


HANDLERS = {
    "1-1": step_basic,
    "1-2": step_with_name,
}
