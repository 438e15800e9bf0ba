"""Polling decisions for `wait_for_condition`, with the AWS SDK's names."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from durable_runtime.config import Duration, JitterStrategy
from durable_runtime.exceptions import WaitForConditionError
from durable_runtime.retries import jitter_seconds

T = TypeVar("T")


@dataclass(frozen=True)
class WaitForConditionDecision:
    should_continue: bool
    delay: Duration

    @classmethod
    def continue_waiting(cls, delay: Duration) -> WaitForConditionDecision:
        return cls(True, delay)

    @classmethod
    def stop_polling(cls) -> WaitForConditionDecision:
        return cls(False, Duration())


@dataclass
class WaitForConditionConfig(Generic[T]):
    wait_strategy: Callable[[T, int], WaitForConditionDecision]
    initial_state: T
    serdes: Any = None


@dataclass
class WaitStrategyConfig(Generic[T]):
    should_continue_polling: Callable[[T], bool]
    max_attempts: int = 60
    initial_delay: Duration = field(default_factory=lambda: Duration.from_seconds(5))
    max_delay: Duration = field(default_factory=lambda: Duration.from_seconds(300))
    backoff_rate: float = 1.5
    jitter_strategy: JitterStrategy = JitterStrategy.FULL


def create_wait_strategy(
    config: WaitStrategyConfig[T],
) -> Callable[[T, int], WaitForConditionDecision]:
    """Exponential polling until `should_continue_polling` says stop or attempts run out."""

    def wait_strategy(state: T, attempts_made: int) -> WaitForConditionDecision:
        if not config.should_continue_polling(state):
            return WaitForConditionDecision.stop_polling()
        if attempts_made >= config.max_attempts:
            raise WaitForConditionError(
                f"wait_for_condition exhausted {config.max_attempts} attempts before the "
                "condition was met",
                "WaitForConditionError",
            )
        delay = config.initial_delay.to_seconds() * config.backoff_rate ** (attempts_made - 1)
        capped = min(delay, config.max_delay.to_seconds())
        seconds = max(1, math.ceil(jitter_seconds(capped, config.jitter_strategy)))
        return WaitForConditionDecision.continue_waiting(Duration(seconds))

    return wait_strategy
