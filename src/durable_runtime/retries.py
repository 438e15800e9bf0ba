"""Step retry strategies, with the AWS SDK's names and defaults."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from durable_runtime.config import Duration, JitterStrategy


@dataclass(frozen=True)
class RetryDecision:
    should_retry: bool
    delay: Duration

    @classmethod
    def retry(cls, delay: Duration) -> RetryDecision:
        return cls(True, delay)

    @classmethod
    def no_retry(cls) -> RetryDecision:
        return cls(False, Duration())


@dataclass
class RetryStrategyConfig:
    max_attempts: int = 3
    initial_delay: Duration = field(default_factory=lambda: Duration.from_seconds(5))
    max_delay: Duration = field(default_factory=lambda: Duration.from_minutes(5))
    backoff_rate: float = 2.0
    jitter_strategy: JitterStrategy = JitterStrategy.FULL
    retryable_errors: list[str | re.Pattern] | None = None
    retryable_error_types: list[type[Exception]] | None = None


RetryStrategy = Callable[[Exception, int], RetryDecision]


def _retryable(error: Exception, config: RetryStrategyConfig) -> bool:
    if config.retryable_errors is None and config.retryable_error_types is None:
        return True
    patterns = config.retryable_errors or []
    if any(
        (p.search(str(error)) if isinstance(p, re.Pattern) else p in str(error)) for p in patterns
    ):
        return True
    return isinstance(error, tuple(config.retryable_error_types or ()))


def create_retry_strategy(config: RetryStrategyConfig) -> RetryStrategy:
    """Exponential backoff with jitter; `attempts_made` counts the attempt that just failed."""

    def retry_strategy(error: Exception, attempts_made: int) -> RetryDecision:
        if attempts_made >= config.max_attempts or not _retryable(error, config):
            return RetryDecision.no_retry()
        delay = min(
            config.initial_delay.seconds * config.backoff_rate ** (attempts_made - 1),
            config.max_delay.seconds,
        )
        if config.jitter_strategy is JitterStrategy.FULL:
            delay = random.uniform(0, delay)
        elif config.jitter_strategy is JitterStrategy.HALF:
            delay = delay / 2 + random.uniform(0, delay / 2)
        return RetryDecision.retry(Duration(max(1, int(delay))))

    return retry_strategy


class RetryPresets:
    @classmethod
    def none(cls) -> RetryStrategy:
        return create_retry_strategy(RetryStrategyConfig(max_attempts=1))

    @classmethod
    def default(cls) -> RetryStrategy:
        """What a step without a retry strategy uses, as in the AWS SDK."""
        return create_retry_strategy(
            RetryStrategyConfig(
                max_attempts=6,
                initial_delay=Duration.from_seconds(5),
                max_delay=Duration.from_minutes(1),
                backoff_rate=2,
            )
        )
