"""Handlers for the wait_for_callback suite (7-x), written from each requirement's description."""

from __future__ import annotations

from durable_runtime import (
    CallbackError,
    CallbackTimeoutError,
    DurableContext,
    Duration,
    WaitForCallbackConfig,
)
from durable_runtime.config import JitterStrategy
from durable_runtime.retries import RetryStrategyConfig, create_retry_strategy
from durable_runtime.serdes import JsonSerDes


def register_callback(callback_id, context):
    """A submitter that only notes the callback id; nothing durable happens in it."""
    context.logger.info("waiting for callback %s", callback_id)


def submitter_that_always_fails(callback_id, context):
    raise RuntimeError(f"could not register callback {callback_id}")


def wait_for_callback_basic(event, context: DurableContext):
    """7-1: one wait_for_callback named by the input; return its result."""
    return context.wait_for_callback(register_callback, name=event)


def wait_for_callback_named_approval(event, context: DurableContext):
    """7-2: one wait_for_callback with the static name "approval"."""
    context.wait_for_callback(register_callback, name="approval")


def wait_for_callback_anonymous(event, context: DurableContext):
    """7-3: one wait_for_callback with only an inline submitter and no name."""
    context.wait_for_callback(lambda callback_id, _: None)


def wait_for_callback_failure_uncaught(event, context: DurableContext):
    """7-4: the external system fails the callback; the error is not caught."""
    context.wait_for_callback(register_callback, name=event)


def wait_for_callback_timeout_uncaught(event, context: DurableContext):
    """7-5: a 3-second timeout passes unanswered; the error is not caught."""
    config = WaitForCallbackConfig(timeout=Duration.from_seconds(3))
    context.wait_for_callback(register_callback, name=event, config=config)


def wait_for_callback_failure_caught(event, context: DurableContext):
    """7-6: catch the callback's failure and return "recovered"."""
    try:
        return context.wait_for_callback(register_callback, name=event)
    except CallbackError:
        return "recovered"


def wait_for_callback_submitter_retries_exhausted(event, context: DurableContext):
    """7-7: the submitter always raises; 2 attempts 1 second apart, then the operation fails."""
    retry = create_retry_strategy(
        RetryStrategyConfig(
            max_attempts=2,
            initial_delay=Duration.from_seconds(1),
            jitter_strategy=JitterStrategy.NONE,
        )
    )
    config = WaitForCallbackConfig(retry_strategy=retry)
    context.wait_for_callback(submitter_that_always_fails, name=event, config=config)


def wait_for_callback_in_child_context(event, context: DurableContext):
    """7-8: a wait_for_callback inside the child context "wrapper"; return its result."""

    def wrapper(child: DurableContext):
        return child.wait_for_callback(register_callback, name=event)

    return context.run_in_child_context(wrapper, name="wrapper")


def two_wait_for_callbacks(event, context: DurableContext):
    """7-9: wait_for_callback "first", then "second"; return the second result."""
    context.wait_for_callback(register_callback, name="first")
    return context.wait_for_callback(register_callback, name="second")


def wait_step_then_wait_for_callback(event, context: DurableContext):
    """7-10: a 1-second wait, a step with fixed data, then a wait_for_callback; return it."""
    context.wait(Duration.from_seconds(1))
    context.step(lambda _: {"prepared": True})
    return context.wait_for_callback(register_callback, name=event)


def wait_for_callback_json_result(event, context: DurableContext):
    """7-11: read the callback payload as a JSON object and return its "status"."""
    config = WaitForCallbackConfig(serdes=JsonSerDes())
    answer = context.wait_for_callback(register_callback, name=event, config=config)
    return answer["status"]


def wait_for_callback_heartbeat_timeout(event, context: DurableContext):
    """7-12: a 5-second heartbeat timeout passes without a heartbeat; not caught."""
    config = WaitForCallbackConfig(heartbeat_timeout=Duration.from_seconds(5))
    context.wait_for_callback(register_callback, name=event, config=config)


def wait_for_callback_kept_alive_by_heartbeat(event, context: DurableContext):
    """7-13: a 10-second heartbeat timeout; a heartbeat arrives, then the answer."""
    config = WaitForCallbackConfig(heartbeat_timeout=Duration.from_seconds(10))
    context.wait_for_callback(register_callback, name=event, config=config)


def wait_for_callback_timeout_caught(event, context: DurableContext):
    """7-14: a 3-second timeout passes unanswered; catch it and return "timed-out-handled"."""
    config = WaitForCallbackConfig(timeout=Duration.from_seconds(3))
    try:
        return context.wait_for_callback(register_callback, name=event, config=config)
    except CallbackTimeoutError:
        return "timed-out-handled"


def wait_for_callback_empty_result(event, context: DurableContext):
    """7-15: the callback succeeds with no payload; return the (empty) result."""
    return context.wait_for_callback(register_callback, name=event)


HANDLERS = {
    "7-1": wait_for_callback_basic,
    "7-2": wait_for_callback_named_approval,
    "7-3": wait_for_callback_anonymous,
    "7-4": wait_for_callback_failure_uncaught,
    "7-5": wait_for_callback_timeout_uncaught,
    "7-6": wait_for_callback_failure_caught,
    "7-7": wait_for_callback_submitter_retries_exhausted,
    "7-8": wait_for_callback_in_child_context,
    "7-9": two_wait_for_callbacks,
    "7-10": wait_step_then_wait_for_callback,
    "7-11": wait_for_callback_json_result,
    "7-12": wait_for_callback_heartbeat_timeout,
    "7-13": wait_for_callback_kept_alive_by_heartbeat,
    "7-14": wait_for_callback_timeout_caught,
    "7-15": wait_for_callback_empty_result,
}
