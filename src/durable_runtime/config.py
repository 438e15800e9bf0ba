"""Configuration value types, with the AWS SDK's names and fields."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from durable_runtime.exceptions import ValidationError

T = TypeVar("T")


@dataclass(frozen=True)
class Duration:
    """A duration in whole seconds."""

    seconds: int = 0

    def __post_init__(self) -> None:
        if self.seconds < 0:
            raise ValidationError("Duration seconds must be positive")

    def to_seconds(self) -> int:
        return self.seconds

    @classmethod
    def from_seconds(cls, value: float) -> Duration:
        return cls(seconds=int(value))

    @classmethod
    def from_minutes(cls, value: float) -> Duration:
        return cls(seconds=int(value * 60))

    @classmethod
    def from_hours(cls, value: float) -> Duration:
        return cls(seconds=int(value * 3600))

    @classmethod
    def from_days(cls, value: float) -> Duration:
        return cls(seconds=int(value * 86400))


class JitterStrategy(str, enum.Enum):
    NONE = "NONE"
    FULL = "FULL"
    HALF = "HALF"


class StepSemantics(enum.Enum):
    """At least once per retry (default): a step interrupted mid-run runs again. At most once
    per retry: the start is checkpointed first, and an interrupted attempt counts as failed."""

    AT_LEAST_ONCE_PER_RETRY = "AT_LEAST_ONCE_PER_RETRY"
    AT_MOST_ONCE_PER_RETRY = "AT_MOST_ONCE_PER_RETRY"


@dataclass
class StepConfig:
    retry_strategy: Callable[[Exception, int], Any] | None = None
    step_semantics: StepSemantics = StepSemantics.AT_LEAST_ONCE_PER_RETRY
    serdes: Any = None
    sub_type: str | None = field(default=None, kw_only=True)


@dataclass
class ChildConfig(Generic[T]):
    serdes: Any = None
    sub_type: str | None = None
    summary_generator: Any = None
    is_virtual: bool = False


@dataclass
class CallbackConfig:
    """`timeout` bounds the whole wait; `heartbeat_timeout` the time between heartbeats."""

    timeout: Duration = field(default_factory=Duration)
    heartbeat_timeout: Duration = field(default_factory=Duration)
    serdes: Any = None
    sub_type: str | None = field(default=None, kw_only=True)


@dataclass
class WaitForCallbackConfig(CallbackConfig):
    retry_strategy: Callable[[Exception, int], Any] | None = None


@dataclass
class InvokeConfig(Generic[T]):
    timeout: Duration = field(default_factory=Duration)
    serdes_payload: Any = None
    serdes_result: Any = None
    tenant_id: str | None = None


class BatchItemStatus(enum.Enum):
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    STARTED = "STARTED"


class CompletionOutcome(enum.Enum):
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


@dataclass(frozen=True)
class CompletionDecision:
    """What a `should_complete` predicate answers: go on, or end the batch now."""

    complete: bool
    outcome: CompletionOutcome | None = None

    def __post_init__(self) -> None:
        if self.complete != (self.outcome is not None):
            raise ValidationError("a decision to complete needs an outcome, and only then")


def continue_batch() -> CompletionDecision:
    return CompletionDecision(complete=False)


def complete_batch(outcome: CompletionOutcome = CompletionOutcome.SUCCEEDED) -> CompletionDecision:
    return CompletionDecision(complete=True, outcome=outcome)


@dataclass(frozen=True)
class CompletionItemStatus:
    """One branch as a `should_complete` predicate sees it (status None: not run yet)."""

    index: int
    name: str | None = None
    status: BatchItemStatus | None = None

    @property
    def is_succeeded(self) -> bool:
        return self.status is BatchItemStatus.SUCCEEDED

    @property
    def is_failed(self) -> bool:
        return self.status is BatchItemStatus.FAILED

    @property
    def is_completed(self) -> bool:
        return self.is_succeeded or self.is_failed


@dataclass(frozen=True)
class CompletionStatus:
    """A batch's progress, given to a `should_complete` predicate."""

    success_count: int
    failure_count: int
    completed_count: int
    total_count: int
    items: tuple[CompletionItemStatus, ...] = ()


@dataclass
class CompletionConfig:
    """When a parallel or map is done: enough successes, too many failures, or what a
    `should_complete` predicate decides."""

    min_successful: int | None = None
    tolerated_failure_count: int | None = None
    tolerated_failure_percentage: int | float | None = None
    # Returns a CompletionDecision; True and False are read as complete_batch() and
    # continue_batch(), as some AWS SDK versions take them.
    should_complete: Callable[[CompletionStatus], CompletionDecision | bool] | None = None

    def __post_init__(self) -> None:
        if self.min_successful is not None and self.min_successful < 1:
            raise ValidationError(f"min_successful must be at least 1, not {self.min_successful}")
        if self.tolerated_failure_count is not None and self.tolerated_failure_count < 0:
            raise ValidationError("tolerated_failure_count must not be negative")
        percentage = self.tolerated_failure_percentage
        if percentage is not None and not 0 <= percentage <= 100:
            raise ValidationError("tolerated_failure_percentage must be between 0 and 100")
        thresholds = (self.min_successful, self.tolerated_failure_count, percentage)
        if self.should_complete is not None and any(t is not None for t in thresholds):
            raise ValidationError("should_complete cannot be combined with thresholds")

    @classmethod
    def first_successful(cls) -> CompletionConfig:
        return cls(min_successful=1)

    @classmethod
    def all_completed(cls) -> CompletionConfig:
        return cls()

    @classmethod
    def all_successful(cls) -> CompletionConfig:
        return cls(tolerated_failure_count=0)


class NestingType(enum.Enum):
    """How `parallel` and `map` run branches: each in a checkpointed child context
    (NESTED), or in a virtual one whose operations sit directly under the batch (FLAT)."""

    NESTED = "NESTED"
    FLAT = "FLAT"


@dataclass
class ParallelConfig:
    max_concurrency: int | None = None
    completion_config: CompletionConfig = field(default_factory=CompletionConfig)
    serdes: Any = None
    item_serdes: Any = None
    nesting_type: NestingType = NestingType.NESTED


@dataclass
class MapConfig(Generic[T]):
    max_concurrency: int | None = None
    completion_config: CompletionConfig = field(default_factory=CompletionConfig)
    serdes: Any = None
    item_serdes: Any = None
    nesting_type: NestingType = NestingType.NESTED
    item_namer: Callable[[T, int], str] | None = None


@dataclass
class ParallelBranch(Generic[T]):
    """A branch with its own name, as `@durable_parallel_branch` builds it."""

    func: Callable[..., T]
    name: str | None = None
