"""Handlers for the child context suite (3-x), written from each requirement's description."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from durable_runtime import (
    ChildConfig,
    ChildContextError,
    DurableContext,
    Duration,
    RetryPresets,
    RetryStrategyConfig,
    StepConfig,
    durable_with_child_context,
)
from durable_runtime.config import JitterStrategy
from durable_runtime.retries import create_retry_strategy
from durable_runtime.serdes import SerDes, SerDesContext

NO_RETRY = StepConfig(retry_strategy=RetryPresets.none())
ONE_SECOND = Duration.from_seconds(1)


def fail(_):
    raise RuntimeError("step failed")


@durable_with_child_context
def return_input(child: DurableContext, value):
    return child.step(lambda _: value)


def child_basic(event, context: DurableContext):
    """3-1: a child context with one step that returns the input."""
    return context.run_in_child_context(return_input(event))


def child_with_name(event, context: DurableContext):
    """3-2: a child context named by the first input, its step returning the second."""
    value = event["value"]
    return context.run_in_child_context(
        lambda child: child.step(lambda _: value), name=event["name"]
    )


@durable_with_child_context
def two_steps(child: DurableContext, value):
    first = child.step(lambda _: value)
    return child.step(lambda _: first)


def child_sequential_steps(event, context: DurableContext):
    """3-3: a child context with two steps, the second receiving the first's result."""
    return context.run_in_child_context(two_steps(event))


@durable_with_child_context
def failing_step(child: DurableContext):
    return child.step(fail, config=NO_RETRY)


def child_error(event, context: DurableContext):
    """3-4: the child's step fails without retry; the child, then the execution, fails."""
    return context.run_in_child_context(failing_step())


def child_error_caught(event, context: DurableContext):
    """3-5: the child's failure is caught; a recovery step returns the input."""
    with contextlib.suppress(ChildContextError):
        context.run_in_child_context(failing_step())
    return context.step(lambda _: event)


@durable_with_child_context
def inner(child: DurableContext, value):
    return child.step(lambda _: value)


@durable_with_child_context
def outer(child: DurableContext, value):
    child.step(lambda _: value)
    return child.run_in_child_context(inner(value))


def nested_child_contexts(event, context: DurableContext):
    """3-6: an outer child context with a step and an inner child context with its own."""
    return context.run_in_child_context(outer(event))


class FailsFirst:
    """Fails its first `failures` calls, then succeeds: the attempt count lives outside the
    execution (as in an external table), and starts over once a call has succeeded."""

    def __init__(self, failures: int) -> None:
        self.failures, self.calls = failures, 0

    def __call__(self, result):
        self.calls += 1
        if self.calls <= self.failures:
            raise RuntimeError(f"attempt {self.calls} failed")
        self.calls = 0
        return result


FLAKY_ONCE = FailsFirst(1)


@durable_with_child_context
def retried_step(child: DurableContext, value):
    retry = create_retry_strategy(
        RetryStrategyConfig(
            max_attempts=3, initial_delay=ONE_SECOND, jitter_strategy=JitterStrategy.NONE
        )
    )
    return child.step(lambda _: FLAKY_ONCE(value), config=StepConfig(retry_strategy=retry))


def child_step_retry(event, context: DurableContext):
    """3-7: the child's step fails once and succeeds on its retry."""
    return context.run_in_child_context(retried_step(event))


@durable_with_child_context
def exhausted_step(child: DurableContext):
    retry = create_retry_strategy(
        RetryStrategyConfig(
            max_attempts=2, initial_delay=ONE_SECOND, jitter_strategy=JitterStrategy.NONE
        )
    )
    return child.step(fail, config=StepConfig(retry_strategy=retry))


def child_retry_exhaustion(event, context: DurableContext):
    """3-8: the child's step always fails; after 2 attempts the child fails."""
    return context.run_in_child_context(exhausted_step())


def child_replay_cached(event, context: DurableContext):
    """3-9: a child context, then a wait; replay returns the child's cached result."""
    result = context.run_in_child_context(return_input(event))
    context.wait(ONE_SECOND)
    return result


@durable_with_child_context
def step_and_wait(child: DurableContext, value):
    result = child.step(lambda _: value)
    child.wait(ONE_SECOND)
    return result


def child_step_and_wait(event, context: DurableContext):
    """3-10: a child context with a step, then a wait, inside."""
    return context.run_in_child_context(step_and_wait(event))


@durable_with_child_context
def large_result(child: DurableContext, value):
    child.logger.info(f"building a large result for {value}")
    small = child.step(lambda _: value)
    return small * (300 * 1024 // len(small) + 1)  # over the 256 KB checkpoint limit


def child_large_payload(event, context: DurableContext):
    """3-11: a child whose result is over the checkpoint limit, then a wait."""
    result = context.run_in_child_context(large_result(event))
    context.wait(ONE_SECOND)
    return len(result)


def crash_marker(key: str) -> Path:
    """A file outside the execution that remembers a crash happened."""
    return Path(tempfile.gettempdir()) / f"durable-conformance-crash-{key}"


@durable_with_child_context
def crashing_step(child: DurableContext, value):
    marker = crash_marker(f"3-12-{value}")

    def crash_once(_):
        if not marker.exists():
            marker.touch()
            os._exit(1)
        marker.unlink()
        return value

    return child.step(crash_once)


def child_interrupted(event, context: DurableContext):
    """3-12: the child's step crashes the process once; the next invocation reruns it."""
    return context.run_in_child_context(crashing_step(event))


@durable_with_child_context
def only_wait(child: DurableContext, value):
    child.wait(ONE_SECOND)
    return value


def child_wait_then_step(event, context: DurableContext):
    """3-13: a child context with only a wait, then a step outside it."""
    context.run_in_child_context(only_wait(event))
    return context.step(lambda _: event)


class UppercaseSerDes(SerDes):
    """Stores text uppercased, as it is (not as JSON)."""

    def serialize(self, value, serdes_context: SerDesContext) -> str:
        return value.upper()

    def deserialize(self, data: str, serdes_context: SerDesContext):
        return data


def child_custom_serdes(event, context: DurableContext):
    """3-14: a child context whose result is serialised uppercase by a custom serdes."""
    config = ChildConfig(serdes=UppercaseSerDes())
    return context.run_in_child_context(return_input(event), config=config)


@durable_with_child_context
def raise_directly(child: DurableContext):
    raise RuntimeError("child failed")


def child_error_without_step(event, context: DurableContext):
    """3-15: the child body raises without any durable operation."""
    return context.run_in_child_context(raise_directly())


@durable_with_child_context
def return_none(child: DurableContext):
    return None


def child_returns_null(event, context: DurableContext):
    """3-16: the child body returns None without any durable operation."""
    return context.run_in_child_context(return_none())


@durable_with_child_context
def log_and_return(child: DurableContext, value):
    child.logger.info(f"child got {value}")
    return value


def child_logger_only(event, context: DurableContext):
    """3-17: a child that only logs and returns the input, then a wait."""
    result = context.run_in_child_context(log_and_return(event))
    context.wait(ONE_SECOND)
    return result


def child_then_step_and_wait(event, context: DurableContext):
    """3-18: a child with a step and a wait, then a step and a wait outside it."""
    context.run_in_child_context(step_and_wait(event))
    result = context.step(lambda _: event)
    context.wait(ONE_SECOND)
    return result


HANDLERS = {
    "3-1": child_basic,
    "3-2": child_with_name,
    "3-3": child_sequential_steps,
    "3-4": child_error,
    "3-5": child_error_caught,
    "3-6": nested_child_contexts,
    "3-7": child_step_retry,
    "3-8": child_retry_exhaustion,
    "3-9": child_replay_cached,
    "3-10": child_step_and_wait,
    "3-11": child_large_payload,
    "3-13": child_wait_then_step,
    "3-14": child_custom_serdes,
    "3-15": child_error_without_step,
    "3-16": child_returns_null,
    "3-17": child_logger_only,
    "3-18": child_then_step_and_wait,
}

CRASHING = {
    "3-12": child_interrupted,
}
