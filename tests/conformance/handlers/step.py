"""Handlers for the step suite (1-x), written from each requirement's description."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from durable_runtime import (
    DurableContext,
    Duration,
    RetryDecision,
    RetryPresets,
    RetryStrategyConfig,
    StepConfig,
    StepContext,
    StepError,
    StepSemantics,
    durable_step,
)
from durable_runtime.config import JitterStrategy
from durable_runtime.retries import create_retry_strategy
from durable_runtime.serdes import SerDes, SerDesContext

NO_RETRY = StepConfig(retry_strategy=RetryPresets.none())


class TransientError(Exception):
    """A failure worth retrying."""


class FailsFirst:
    """Fails its first `failures` calls, then succeeds: the attempt count lives outside the
    execution (as in an external table), and starts over once a call has succeeded."""

    def __init__(self, failures: int, error: type[Exception] = RuntimeError) -> None:
        self.failures, self.error, self.calls = failures, error, 0

    def __call__(self, result):
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error(f"attempt {self.calls} failed")
        self.calls = 0
        return result


def crash_marker(key: str) -> Path:
    """A file outside the execution that remembers a crash happened."""
    return Path(tempfile.gettempdir()) / f"durable-conformance-crash-{key}"


def greet(name):
    return lambda step_context: f"Hello, {name}!"


def step_basic(event, context: DurableContext):
    """1-1: a single step returns a greeting."""
    return context.step(greet(event))


def step_with_name(event, context: DurableContext):
    """1-2: a single step with an explicit name."""
    return context.step(lambda _: f"Hello, {event}!", name="custom_step_name")


def sequential_steps(event, context: DurableContext):
    """1-3: the second step uses the first step's result."""
    first = context.step(lambda _: "first")
    return context.step(lambda _: f"{first}_second")


@durable_step
def build_response(step_context: StepContext, event):
    return {"user": {"name": event["name"], "tags": event["tags"]}, "count": len(event["tags"])}


def complex_result(event, context: DurableContext):
    """1-4: a step returns a nested object with arrays and mixed types."""
    return context.step(build_response(event))


def null_result(event, context: DurableContext):
    """1-5: a step returns None."""
    return context.step(lambda _: None)


class UppercaseSerDes(SerDes):
    """JSON with every string value uppercased on the way in."""

    def serialize(self, value, serdes_context: SerDesContext) -> str:
        return json.dumps(self._upper(value))

    def deserialize(self, data: str, serdes_context: SerDesContext):
        return json.loads(data)

    def _upper(self, value):
        if isinstance(value, str):
            return value.upper()
        if isinstance(value, list):
            return [self._upper(item) for item in value]
        if isinstance(value, dict):
            return {key: self._upper(item) for key, item in value.items()}
        return value


def custom_serdes_step(event, context: DurableContext):
    """1-6: a step that returns its input, serialised by an uppercasing serdes."""
    return context.step(lambda _: event, config=StepConfig(serdes=UppercaseSerDes()))


def step_with_logger(event, context: DurableContext):
    """1-7: a greeting step that logs through the step context logger."""

    def greet_and_log(step_context: StepContext):
        step_context.logger.info(f"Greeting step started for: {event}")
        greeting = f"Hello, {event}!"
        step_context.logger.info(f"Greeting step completed with: {greeting}")
        return greeting

    return context.step(greet_and_log)


def step_then_wait(event, context: DurableContext):
    """1-8: a step, then a 2 s wait; replay skips the completed step."""
    result = context.step(lambda _: "computed")
    context.wait(Duration.from_seconds(2))
    return result


def replay_skips_succeeded_step(event, context: DurableContext):
    """1-9: a logging step, then a 1 s wait; on replay the cached result comes back."""

    def compute(step_context: StepContext):
        step_context.logger.info("step executed")
        return "cached_value"

    result = context.step(compute)
    context.wait(Duration.from_seconds(1))
    return result


def replay_rethrows_failed_step(event, context: DurableContext):
    """1-10: a step that fails permanently, caught, then a 1 s wait."""

    def fail(step_context: StepContext):
        step_context.logger.info("step executed")
        raise RuntimeError("step failed")

    with contextlib.suppress(StepError):
        context.step(fail, config=NO_RETRY)
    context.wait(Duration.from_seconds(1))


UNRELIABLE_ONCE = FailsFirst(1)


def retry_then_succeed(event, context: DurableContext):
    """1-11: a step that fails once, then succeeds on its retry 1 s later."""
    retry = create_retry_strategy(
        RetryStrategyConfig(
            max_attempts=3,
            initial_delay=Duration.from_seconds(1),
            jitter_strategy=JitterStrategy.NONE,
        )
    )
    return context.step(
        lambda _: UNRELIABLE_ONCE("Operation succeeded"), config=StepConfig(retry_strategy=retry)
    )


def retry_exhaustion(event, context: DurableContext):
    """1-12: a step that always fails, 4 attempts 1 s apart, then the execution fails."""

    def always_fail(_):
        raise RuntimeError("always fails")

    retry = create_retry_strategy(
        RetryStrategyConfig(
            max_attempts=4,
            initial_delay=Duration.from_seconds(1),
            backoff_rate=1,
            jitter_strategy=JitterStrategy.NONE,
        )
    )
    return context.step(always_fail, config=StepConfig(retry_strategy=retry))


UNRELIABLE_TWICE = FailsFirst(2)


def default_retry(event, context: DurableContext):
    """1-13: a step that fails twice and succeeds, with the default retry strategy."""
    return context.step(lambda _: UNRELIABLE_TWICE("succeeded on third attempt"))


FAILING_TWICE = FailsFirst(2)


def custom_backoff_retry(event, context: DurableContext):
    """1-14: fails twice, then succeeds; retries 2 s then 6 s apart (3x backoff, no jitter)."""
    retry = create_retry_strategy(
        RetryStrategyConfig(
            max_attempts=5,
            initial_delay=Duration.from_seconds(2),
            backoff_rate=3,
            jitter_strategy=JitterStrategy.NONE,
        )
    )
    return context.step(
        lambda _: FAILING_TWICE("succeeded on third attempt"),
        config=StepConfig(retry_strategy=retry),
    )


def retry_on_transient(error: Exception, attempts_made: int) -> RetryDecision:
    if isinstance(error, TransientError):
        return RetryDecision.retry(Duration.from_seconds(1))
    return RetryDecision.no_retry()


TRANSIENT_ONCE = FailsFirst(1, TransientError)


def retry_specific_exception(event, context: DurableContext):
    """1-15: a TransientError on the first attempt is retried; the retry succeeds."""
    return context.step(
        lambda _: TRANSIENT_ONCE("recovered"),
        config=StepConfig(retry_strategy=retry_on_transient),
    )


def no_retry_on_transient_error(error: Exception, attempts_made: int) -> RetryDecision:
    if isinstance(error, TransientError):
        return RetryDecision.no_retry()
    return RetryDecision.retry(Duration.from_seconds(1))


def non_retryable_exception(event, context: DurableContext):
    """1-16: a TransientError that the strategy does not retry fails the step."""

    def func(_):
        raise TransientError("transient failure")

    return context.step(func, config=StepConfig(retry_strategy=no_retry_on_transient_error))


def at_most_once_interrupted(event, context: DurableContext):
    """1-17: an at-most-once step without retries crashes the process; it is not rerun."""

    def flaky(step_context: StepContext):
        step_context.logger.info(f"running with {event}")
        os._exit(1)

    config = StepConfig(
        retry_strategy=RetryPresets.none(),
        step_semantics=StepSemantics.AT_MOST_ONCE_PER_RETRY,
    )
    return context.step(flaky, name="at_most_once_flaky_step", config=config)


def at_most_once_retried(event, context: DurableContext):
    """1-18: an at-most-once step with retries crashes once; its retry succeeds."""
    marker = crash_marker(f"1-18-{event}")

    def flaky(step_context: StepContext):
        step_context.logger.info(f"running with {event}")
        if not marker.exists():
            marker.touch()
            os._exit(1)
        marker.unlink()
        return "succeeded on second attempt"

    config = StepConfig(
        retry_strategy=create_retry_strategy(
            RetryStrategyConfig(max_attempts=2, initial_delay=Duration.from_seconds(1))
        ),
        step_semantics=StepSemantics.AT_MOST_ONCE_PER_RETRY,
    )
    return context.step(flaky, config=config)


def step_fails_permanently(event, context: DurableContext):
    """1-19: a step that always raises, with no retries."""

    def failing_func(_):
        raise RuntimeError("step failed")

    return context.step(failing_func, config=NO_RETRY)


def error_caught_and_handled(event, context: DurableContext):
    """1-20: a failing step is caught; a fallback value goes through a second step."""

    def failing_func(_):
        raise RuntimeError("step failed")

    try:
        value = context.step(failing_func, config=NO_RETRY)
    except StepError:
        value = "fallback_result"
    return context.step(lambda _: value)


HANDLERS = {
    "1-1": step_basic,
    "1-2": step_with_name,
    "1-3": sequential_steps,
    "1-4": complex_result,
    "1-5": null_result,
    "1-6": custom_serdes_step,
    "1-7": step_with_logger,
    "1-8": step_then_wait,
    "1-9": replay_skips_succeeded_step,
    "1-10": replay_rethrows_failed_step,
    "1-11": retry_then_succeed,
    "1-12": retry_exhaustion,
    "1-13": default_retry,
    "1-14": custom_backoff_retry,
    "1-15": retry_specific_exception,
    "1-16": non_retryable_exception,
    "1-19": step_fails_permanently,
    "1-20": error_caught_and_handled,
}

CRASHING = {
    "1-17": at_most_once_interrupted,
    "1-18": at_most_once_retried,
}
