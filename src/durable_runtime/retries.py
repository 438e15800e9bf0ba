"""Step retry strategies, with the AWS SDK's names and defaults."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from durable_runtime.config import ChildConfig, Duration, JitterStrategy
from durable_runtime.exceptions import SuspendExecution
from durable_runtime.types import DurableContext

T = TypeVar("T")


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


@dataclass
class LinearRetryStrategyConfig:
    max_attempts: int = 6
    initial_delay: Duration = field(default_factory=lambda: Duration.from_seconds(1))
    increment: Duration = field(default_factory=lambda: Duration.from_seconds(1))
    max_delay: Duration = field(default_factory=lambda: Duration.from_minutes(5))
    jitter_strategy: JitterStrategy = JitterStrategy.FULL
    retryable_errors: list[str | re.Pattern] | None = None
    retryable_error_types: list[type[Exception]] | None = None


RetryStrategy = Callable[[Exception, int], RetryDecision]


def jitter_seconds(delay: float, jitter: JitterStrategy) -> float:
    if jitter is JitterStrategy.FULL:
        return random.uniform(0, delay)
    if jitter is JitterStrategy.HALF:
        return delay / 2 + random.uniform(0, delay / 2)
    return delay


def jittered(delay: float, jitter: JitterStrategy) -> Duration:
    return Duration(max(1, int(jitter_seconds(delay, jitter))))


def _retryable(error: Exception, config: RetryStrategyConfig | LinearRetryStrategyConfig) -> bool:
    if config.retryable_errors is None and config.retryable_error_types is None:
        return True
    patterns = config.retryable_errors or []
    if any(
        (p.search(str(error)) if isinstance(p, re.Pattern) else p in str(error)) for p in patterns
    ):
        return True
    return isinstance(error, tuple(config.retryable_error_types or ()))


def create_retry_strategy(config: RetryStrategyConfig | None = None) -> RetryStrategy:
    """Exponential backoff with jitter; `attempts_made` counts the attempt that just failed."""
    config = config or RetryStrategyConfig()

    def retry_strategy(error: Exception, attempts_made: int) -> RetryDecision:
        if attempts_made >= config.max_attempts or not _retryable(error, config):
            return RetryDecision.no_retry()
        delay = min(
            config.initial_delay.seconds * config.backoff_rate ** (attempts_made - 1),
            config.max_delay.seconds,
        )
        return RetryDecision.retry(jittered(delay, config.jitter_strategy))

    return retry_strategy


def create_linear_retry_strategy(config: LinearRetryStrategyConfig | None = None) -> RetryStrategy:
    """A delay that grows by `increment` after each failed attempt."""
    config = config or LinearRetryStrategyConfig()

    def linear_retry_strategy(error: Exception, attempts_made: int) -> RetryDecision:
        if attempts_made >= config.max_attempts or not _retryable(error, config):
            return RetryDecision.no_retry()
        delay = config.initial_delay.seconds + config.increment.seconds * (attempts_made - 1)
        return RetryDecision.retry(
            jittered(min(delay, config.max_delay.seconds), config.jitter_strategy)
        )

    return linear_retry_strategy


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

    @classmethod
    def transient(cls) -> RetryStrategy:
        return create_retry_strategy(
            RetryStrategyConfig(max_attempts=3, jitter_strategy=JitterStrategy.HALF)
        )

    @classmethod
    def resource_availability(cls) -> RetryStrategy:
        return create_retry_strategy(RetryStrategyConfig(max_attempts=5))

    @classmethod
    def critical(cls) -> RetryStrategy:
        return create_retry_strategy(
            RetryStrategyConfig(
                max_attempts=10,
                initial_delay=Duration.from_seconds(1),
                max_delay=Duration.from_minutes(1),
                backoff_rate=1.5,
                jitter_strategy=JitterStrategy.NONE,
            )
        )

    @classmethod
    def linear(cls) -> RetryStrategy:
        return create_linear_retry_strategy(
            LinearRetryStrategyConfig(jitter_strategy=JitterStrategy.NONE)
        )

    @classmethod
    def fixed(cls, interval: Duration | None = None) -> RetryStrategy:
        delay = interval or Duration.from_seconds(5)
        return create_retry_strategy(
            RetryStrategyConfig(
                max_attempts=5,
                initial_delay=delay,
                max_delay=delay,
                backoff_rate=1,
                jitter_strategy=JitterStrategy.NONE,
            )
        )


@dataclass(frozen=True)
class WithRetryConfig(Generic[T]):
    retry_strategy: RetryStrategy | None = None
    wrap_with_run_in_child_context: bool = True
    child_context_config: ChildConfig[T] | None = None


def with_retry(
    context: DurableContext,
    func: Callable[[DurableContext, int], T],
    config: WithRetryConfig[T],
    name: str | None = None,
) -> T:
    """Run `func(ctx, attempt)` (durable operations and all) again after a durable backoff
    wait while the strategy allows; by default inside one child context."""
    strategy = config.retry_strategy or create_retry_strategy()

    def attempts(ctx: DurableContext) -> T:
        attempt = 0
        while True:
            attempt += 1
            try:
                return func(ctx, attempt)
            except SuspendExecution:
                raise
            except Exception as error:
                decision = strategy(error, attempt)
                if not decision.should_retry:
                    raise
                backoff = f"{name}-backoff-{attempt}" if name else None
                ctx.wait(decision.delay, name=backoff)

    if config.wrap_with_run_in_child_context:
        return context.run_in_child_context(attempts, name=name, config=config.child_context_config)
    return attempts(context)
