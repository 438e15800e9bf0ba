"""Handlers for the invoke suite (5-x), written from each requirement's description.

The functions `context.invoke` calls are in `TARGETS`, keyed by the name the handlers use.
"""

from __future__ import annotations

import contextlib
import json

from durable_runtime import DurableContext, Duration, InvokeConfig, InvokeError
from durable_runtime.serdes import SerDes, SerDesContext

LARGE_PAYLOAD_BYTES = 250 * 1024  # just under the 256 KiB payload limit


# -- target functions ------------------------------------------------------------------------


def echo(event, context: DurableContext):
    """Returns whatever it receives."""
    return event


def fail(event, context: DurableContext):
    """Always raises."""
    raise RuntimeError("target function failed")


def measure(event, context: DurableContext):
    """Processes a (large) payload: reports its size."""
    return {"receivedBytes": len(event)}


def shout(event, context: DurableContext):
    """Upper-cases the string it receives."""
    return event.upper()


TARGETS = {
    "echo": echo,
    "always-fail": fail,
    "measure-payload": measure,
    "shout": shout,
}


# -- serdes ----------------------------------------------------------------------------------


class UppercasingPayloadSerDes(SerDes[dict]):
    """Sends an object's string values upper-cased."""

    def serialize(self, value: dict, serdes_context: SerDesContext) -> str:
        return json.dumps({key: text.upper() for key, text in value.items()})

    def deserialize(self, data: str, serdes_context: SerDesContext) -> dict:
        return json.loads(data)


class UppercasingResultSerDes(SerDes[str]):
    """Reads a result back as its upper-cased text."""

    def serialize(self, value: str, serdes_context: SerDesContext) -> str:
        return value

    def deserialize(self, data: str, serdes_context: SerDesContext) -> str:
        return data.upper()


# -- handlers --------------------------------------------------------------------------------


def invoke_echo(event, context: DurableContext):
    """5-1: invoke the echo target with the input and return its result."""
    return context.invoke("echo", event)


def invoke_echo_named(event, context: DurableContext):
    """5-2: invoke the echo target with the input's payload, named by the input's name."""
    return context.invoke("echo", event["payload"], name=event["name"])


def invoke_echo_complex(event, context: DurableContext):
    """5-3: invoke the echo target with a nested JSON input and return it."""
    return context.invoke("echo", event)


def invoke_echo_null(event, context: DurableContext):
    """5-4: invoke the echo target with null and return the null result."""
    return context.invoke("echo", None)


def invoke_failing(event, context: DurableContext):
    """5-5: invoke a target that raises; the InvokeError fails the execution."""
    return context.invoke("always-fail", None)


def invoke_failing_caught(event, context: DurableContext):
    """5-6: invoke a target that raises, catch the InvokeError and return a fallback."""
    try:
        return context.invoke("always-fail", None)
    except InvokeError:
        return "fallback"


def invoke_large_payload(event, context: DurableContext):
    """5-7: invoke a target with a payload near the size limit; it returns a result."""
    return context.invoke("measure-payload", "x" * LARGE_PAYLOAD_BYTES)


def invoke_with_tenant(event, context: DurableContext):
    """5-8: invoke the echo target with the input's payload for the input's tenant id."""
    config = InvokeConfig(tenant_id=event["tenantId"])
    return context.invoke("echo", event["payload"], config=config)


def invoke_then_wait(event, context: DurableContext):
    """5-9: invoke a target, then wait 1 second; the invoke replays from its checkpoint."""
    result = context.invoke("echo", None)
    context.wait(Duration.from_seconds(1))
    return result


def failed_invoke_then_wait(event, context: DurableContext):
    """5-10: invoke a failing target and catch its error, then wait 1 second."""
    with contextlib.suppress(InvokeError):
        context.invoke("always-fail", None)
    context.wait(Duration.from_seconds(1))


def step_then_invoke(event, context: DurableContext):
    """5-11: a step, then invoke the echo target with the step's result."""
    order = context.step(lambda step_context: {"orderId": "order-1", "quantity": 2})
    return context.invoke("echo", order)


def invoke_then_step(event, context: DurableContext):
    """5-12: invoke a target, then a step processes its result and returns it."""
    greeting = context.invoke("shout", "hello")
    return context.step(lambda step_context: f"{greeting}!")


def invoke_in_child_context(event, context: DurableContext):
    """5-13: a child context invokes the echo target and returns its result."""
    return context.run_in_child_context(lambda child: child.invoke("echo", None))


def two_invokes(event, context: DurableContext):
    """5-14: invoke two target functions one after the other."""
    first = context.invoke("echo", "first")
    second = context.invoke("shout", "second")
    return [first, second]


def invoke_with_payload_serdes(event, context: DurableContext):
    """5-15: invoke the echo target with the input, sent through an upper-casing serdes."""
    config = InvokeConfig(serdes_payload=UppercasingPayloadSerDes())
    return context.invoke("echo", event, config=config)


def invoke_with_result_serdes(event, context: DurableContext):
    """5-16: invoke the echo target with the input; a custom serdes upper-cases the result."""
    config = InvokeConfig(serdes_result=UppercasingResultSerDes())
    return context.invoke("echo", event, config=config)


HANDLERS = {
    "5-1": invoke_echo,
    "5-2": invoke_echo_named,
    "5-3": invoke_echo_complex,
    "5-4": invoke_echo_null,
    "5-5": invoke_failing,
    "5-6": invoke_failing_caught,
    "5-7": invoke_large_payload,
    "5-8": invoke_with_tenant,
    "5-9": invoke_then_wait,
    "5-10": failed_invoke_then_wait,
    "5-11": step_then_invoke,
    "5-12": invoke_then_step,
    "5-13": invoke_in_child_context,
    "5-14": two_invokes,
    "5-15": invoke_with_payload_serdes,
    "5-16": invoke_with_result_serdes,
}
