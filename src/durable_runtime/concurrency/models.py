"""`BatchResult` and `BatchItem` for `parallel` and `map`, with the AWS SDK's accessors."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from durable_runtime.config import (
    BatchItemStatus,
    CompletionConfig,
    CompletionDecision,
    CompletionItemStatus,
    CompletionOutcome,
    CompletionStatus,
)
from durable_runtime.error_object import ErrorObject
from durable_runtime.exceptions import (
    ChildContextError,
    DurableOperationError,
    register_operation_error,
)
from durable_runtime.exceptions import InvalidStateError as InvalidStateError  # as AWS's module
from durable_runtime.types import BatchResult as BatchResultProtocol

R = TypeVar("R")


class CompletionReason(enum.Enum):
    ALL_COMPLETED = "ALL_COMPLETED"
    MIN_SUCCESSFUL_REACHED = "MIN_SUCCESSFUL_REACHED"
    FAILURE_TOLERANCE_EXCEEDED = "FAILURE_TOLERANCE_EXCEEDED"
    CUSTOM_COMPLETION_SUCCEEDED = "CUSTOM_COMPLETION_SUCCEEDED"
    CUSTOM_COMPLETION_FAILED = "CUSTOM_COMPLETION_FAILED"


class BatchCompletionError(DurableOperationError):
    """`throw_if_error` on a batch that a completion predicate decided had failed, when none
    of its items did (a quorum that cannot be met, for example)."""

    def __init__(
        self,
        completion_reason: CompletionReason = CompletionReason.CUSTOM_COMPLETION_FAILED,
        message: str | None = None,
        error_type: str | None = None,
        data: str | None = None,
        stack_trace: list[str] | None = None,
    ) -> None:
        message = (
            message or f"the batch's completion predicate failed it ({completion_reason.value})"
        )
        super().__init__(message, error_type, data, stack_trace)
        self.completion_reason = completion_reason


register_operation_error(BatchCompletionError)


@dataclass
class BatchItem(Generic[R]):
    """One branch of a batch; a failed one has its error as an `ErrorObject`, which the
    batch's checkpoint keeps in AWS's dictionary form."""

    index: int
    status: BatchItemStatus
    result: R | None = None
    error: ErrorObject | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "status": self.status.value,
            "result": self.result,
            "error": self.error.to_dict() if self.error else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BatchItem[R]:
        error = ErrorObject.from_dict(data["error"]) if data.get("error") else None
        return cls(data["index"], BatchItemStatus(data["status"]), data.get("result"), error)


def completion_reason(
    items: list[BatchItem],
    total: int,
    config: CompletionConfig,
    names: list[str | None] | None = None,
) -> CompletionReason | None:
    """Why a batch is done, or None while it needs more branches. `items` holds the
    branches run so far, in order; `names` the branches' names for a predicate."""
    succeeded = sum(item.status is BatchItemStatus.SUCCEEDED for item in items)
    failed = sum(item.status is BatchItemStatus.FAILED for item in items)
    finished = succeeded + failed
    if config.should_complete is not None:
        names = names or [None] * total
        snapshot = tuple(
            CompletionItemStatus(
                index, names[index], items[index].status if index < len(items) else None
            )
            for index in range(total)
        )
        decision = config.should_complete(
            CompletionStatus(succeeded, failed, finished, total, snapshot)
        )
        if isinstance(decision, bool):
            decision = CompletionDecision(
                decision, CompletionOutcome.SUCCEEDED if decision else None
            )
        if decision.complete:
            if decision.outcome is CompletionOutcome.FAILED:
                return CompletionReason.CUSTOM_COMPLETION_FAILED
            return CompletionReason.CUSTOM_COMPLETION_SUCCEEDED
    if config.tolerated_failure_count is not None and failed > config.tolerated_failure_count:
        return CompletionReason.FAILURE_TOLERANCE_EXCEEDED
    percentage = config.tolerated_failure_percentage
    if percentage is not None and total and failed * 100 / total > percentage:
        return CompletionReason.FAILURE_TOLERANCE_EXCEEDED
    if config.min_successful is not None and succeeded >= config.min_successful:
        return CompletionReason.MIN_SUCCESSFUL_REACHED
    if finished == total and len(items) == total:
        return CompletionReason.ALL_COMPLETED
    return None


@dataclass
class BatchResult(Generic[R], BatchResultProtocol[R]):
    """What `parallel` and `map` return: every branch's item, and why the batch ended."""

    all: list[BatchItem[R]]
    completion_reason: CompletionReason = CompletionReason.ALL_COMPLETED

    def to_dict(self) -> dict[str, Any]:
        return {
            "all": [item.to_dict() for item in self.all],
            "completionReason": self.completion_reason.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BatchResult[R]:
        items = [BatchItem.from_dict(item) for item in data["all"]]
        return cls(items, CompletionReason(data["completionReason"]))

    def succeeded(self) -> list[BatchItem[R]]:
        return [item for item in self.all if item.status is BatchItemStatus.SUCCEEDED]

    def failed(self) -> list[BatchItem[R]]:
        return [item for item in self.all if item.status is BatchItemStatus.FAILED]

    def started(self) -> list[BatchItem[R]]:
        return [item for item in self.all if item.status is BatchItemStatus.STARTED]

    @property
    def status(self) -> BatchItemStatus:
        if self.completion_reason is CompletionReason.CUSTOM_COMPLETION_FAILED:
            return BatchItemStatus.FAILED
        if self.completion_reason is CompletionReason.CUSTOM_COMPLETION_SUCCEEDED:
            return BatchItemStatus.SUCCEEDED
        return BatchItemStatus.FAILED if self.has_failure else BatchItemStatus.SUCCEEDED

    @property
    def has_failure(self) -> bool:
        return bool(self.failed())

    def throw_if_error(self) -> None:
        """As in the AWS SDK: the first failed item's error as the `ChildContextError` its
        branch raised (caused by the escaping error, rebuilt); with no failed item, a
        `BatchCompletionError` when a completion predicate failed the batch."""
        failed = self.failed()
        if failed:
            first = failed[0]
            if first.error is None:
                raise ChildContextError(f"batch item {first.index} failed with no error recorded")
            first.error.raise_as_operation_error(ChildContextError)
        if self.completion_reason is CompletionReason.CUSTOM_COMPLETION_FAILED:
            raise BatchCompletionError(self.completion_reason)

    def get_results(self) -> list[R]:
        return [item.result for item in self.succeeded()]  # type: ignore[misc]

    def get_errors(self) -> list[ErrorObject | None]:
        return [item.error for item in self.failed()]

    @property
    def success_count(self) -> int:
        return len(self.succeeded())

    @property
    def failure_count(self) -> int:
        return len(self.failed())

    @property
    def started_count(self) -> int:
        return len(self.started())

    @property
    def total_count(self) -> int:
        return len(self.all)
