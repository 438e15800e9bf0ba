"""Handlers for the wait_for_condition suite (6-x), written from each requirement's description."""

from __future__ import annotations

import base64

from durable_runtime import (
    DurableContext,
    Duration,
    WaitForConditionConfig,
    WaitForConditionDecision,
    WaitForConditionError,
)
from durable_runtime.config import JitterStrategy
from durable_runtime.serdes import SerDes, SerDesContext
from durable_runtime.waits import WaitStrategyConfig, create_wait_strategy


def increment(state, check_context):
    return state + 1


def poll_until_reaches(threshold, **strategy):
    """A wait strategy that keeps polling while the state is below `threshold`."""
    return create_wait_strategy(
        WaitStrategyConfig(should_continue_polling=lambda state: state < threshold, **strategy)
    )


def fail_check(state, check_context):
    raise RuntimeError("condition check failed")


def count_to_threshold(event, context: DurableContext):
    """6-1: count from 0, polling until the counter reaches the input threshold."""
    config = WaitForConditionConfig(wait_strategy=poll_until_reaches(event), initial_state=0)
    return context.wait_for_condition(increment, config)


def condition_already_met(event, context: DurableContext):
    """6-2: state starts at 5 and is unchanged; state >= 5 stops polling at once."""
    config = WaitForConditionConfig(wait_strategy=poll_until_reaches(5), initial_state=5)
    return context.wait_for_condition(lambda state, check_context: state, config)


def named_poll(event, context: DurableContext):
    """6-3: a wait_for_condition named "poll-status", counting from 0 until 2."""
    config = WaitForConditionConfig(wait_strategy=poll_until_reaches(2), initial_state=0)
    return context.wait_for_condition(increment, config, name="poll-status")


def count_from_five(event, context: DurableContext):
    """6-4: initial state 5, incremented per check until it reaches the input threshold."""
    config = WaitForConditionConfig(wait_strategy=poll_until_reaches(event), initial_state=5)
    return context.wait_for_condition(increment, config)


def poll_every_two_seconds(event, context: DurableContext):
    """6-5: a fixed 2-second delay between polls (no jitter, no backoff) until the threshold."""
    strategy = poll_until_reaches(
        event,
        initial_delay=Duration.from_seconds(2),
        backoff_rate=1.0,
        jitter_strategy=JitterStrategy.NONE,
    )
    config = WaitForConditionConfig(wait_strategy=strategy, initial_state=0)
    return context.wait_for_condition(increment, config)


def never_met_within_three_attempts(event, context: DurableContext):
    """6-6: a fixed-delay strategy of at most 3 attempts on a condition never met; uncaught."""
    strategy = create_wait_strategy(
        WaitStrategyConfig(
            should_continue_polling=lambda state: True,
            max_attempts=3,
            initial_delay=Duration.from_seconds(1),
            backoff_rate=1.0,
            jitter_strategy=JitterStrategy.NONE,
        )
    )
    config = WaitForConditionConfig(wait_strategy=strategy, initial_state=0)
    return context.wait_for_condition(increment, config)


def check_raises(event, context: DurableContext):
    """6-7: the check raises on its first invocation; the error is not caught."""
    config = WaitForConditionConfig(wait_strategy=poll_until_reaches(1), initial_state=0)
    return context.wait_for_condition(fail_check, config)


def check_raises_caught(event, context: DurableContext):
    """6-8: the check raises on its first invocation; the handler returns "recovered"."""
    config = WaitForConditionConfig(wait_strategy=poll_until_reaches(1), initial_state=0)
    try:
        return context.wait_for_condition(fail_check, config)
    except WaitForConditionError:
        return "recovered"


def object_state(event, context: DurableContext):
    """6-9: state {status, attempts}, DONE once attempts reaches 2; polls while PENDING."""

    def check_job(state, check_context):
        attempts = state["attempts"] + 1
        return {"status": "DONE" if attempts >= 2 else "PENDING", "attempts": attempts}

    strategy = create_wait_strategy(
        WaitStrategyConfig(should_continue_polling=lambda state: state["status"] == "PENDING")
    )
    config = WaitForConditionConfig(
        wait_strategy=strategy, initial_state={"status": "PENDING", "attempts": 0}
    )
    return context.wait_for_condition(check_job, config)


def null_state(event, context: DurableContext):
    """6-10: the check returns null and the strategy stops on the first attempt."""
    config = WaitForConditionConfig(
        wait_strategy=lambda state, attempts_made: WaitForConditionDecision.stop_polling(),
        initial_state=None,
    )
    return context.wait_for_condition(lambda state, check_context: None, config)


class Base64TextSerDes(SerDes[str]):
    """Checkpoints a string as base64 text."""

    def serialize(self, value: str, serdes_context: SerDesContext) -> str:
        return base64.b64encode(value.encode()).decode("ascii")

    def deserialize(self, data: str, serdes_context: SerDesContext) -> str:
        return base64.b64decode(data).decode()


def state_with_custom_serdes(event, context: DurableContext):
    """6-11: a string state kept through a custom serdes; one "x" per check until "xx"."""
    strategy = create_wait_strategy(
        WaitStrategyConfig(should_continue_polling=lambda state: len(state) < 2)
    )
    config = WaitForConditionConfig(
        wait_strategy=strategy, initial_state="", serdes=Base64TextSerDes()
    )
    return context.wait_for_condition(lambda state, check_context: state + "x", config)


def condition_then_step(event, context: DurableContext):
    """6-12: count from 0 to the input threshold, then a step multiplies the result by 10."""
    config = WaitForConditionConfig(wait_strategy=poll_until_reaches(event), initial_state=0)
    final = context.wait_for_condition(increment, config)
    return context.step(lambda step_context: final * 10)


def two_conditions(event, context: DurableContext):
    """6-13: count 0 -> 2, then seed a second wait_for_condition with it and count to 4."""
    first = WaitForConditionConfig(wait_strategy=poll_until_reaches(2), initial_state=0)
    reached = context.wait_for_condition(increment, first)
    second = WaitForConditionConfig(wait_strategy=poll_until_reaches(4), initial_state=reached)
    return context.wait_for_condition(increment, second)


HANDLERS = {
    "6-1": count_to_threshold,
    "6-2": condition_already_met,
    "6-3": named_poll,
    "6-4": count_from_five,
    "6-5": poll_every_two_seconds,
    "6-6": never_met_within_three_attempts,
    "6-7": check_raises,
    "6-8": check_raises_caught,
    "6-9": object_state,
    "6-10": null_state,
    "6-11": state_with_custom_serdes,
    "6-12": condition_then_step,
    "6-13": two_conditions,
}
