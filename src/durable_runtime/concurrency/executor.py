"""Running the branches of a `parallel` or `map` as the AWS SDK does: up to `max_concurrency`
at once on worker threads, started in index order, until the completion config is met.

Branch operation ids are given out by index before anything runs, so they do not depend on
which thread gets ahead. A branch that suspends frees its place for the next one. When the
batch completes while branches still run, they are abandoned: each stops at its next
operation with `OrphanedChildException` and counts as STARTED, like a branch that never
finished. The batch returns only once its threads have stopped, so no branch writes a
checkpoint behind the handler's back.
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from durable_runtime.concurrency.models import BatchItem, BatchResult, CompletionReason
from durable_runtime.config import BatchItemStatus
from durable_runtime.error_object import ErrorObject
from durable_runtime.exceptions import (
    ChildContextError,
    OrphanedChildException,
    SuspendExecution,
    TimedSuspendExecution,
)

# Worker threads are named so the replay checker can tell them from threads a handler starts.
BRANCH_THREAD_PREFIX = "durable-branch"

# The stop signals of every batch whose branch is running this code, outermost first.
_ENCLOSING_STOPS: contextvars.ContextVar[tuple[threading.Event, ...]] = contextvars.ContextVar(
    "durable_runtime_batch_stops", default=()
)


def check_not_orphaned(operation_id: str) -> None:
    """Stop a branch whose batch (or an enclosing one) has completed before it starts
    another operation: its result would no longer be read."""
    for stop in _ENCLOSING_STOPS.get():
        if stop.is_set():
            raise OrphanedChildException(
                f"operation {operation_id} belongs to a branch of a completed batch", operation_id
            )


@dataclass
class _Outcome:
    index: int
    result: Any = None
    error: BaseException | None = None


Decide = Callable[[list[BatchItem]], CompletionReason | None]


def run_branches(
    branches: Sequence[Callable[[], Any]], max_concurrency: int | None, decide: Decide
) -> BatchResult:
    """Run `branches` (each returns its result or raises `ChildContextError`), at most
    `max_concurrency` at a time (None: all), asking `decide` after each branch ends whether
    the batch is done. Branches never started are left out of the result."""
    total = len(branches)
    slots = max_concurrency or total
    items: list[BatchItem] = []
    waiting: dict[int, SuspendExecution] = {}
    stop = threading.Event()
    stops = (*_ENCLOSING_STOPS.get(), stop)
    ended: queue.SimpleQueue[_Outcome] = queue.SimpleQueue()

    def work(index: int) -> None:
        _ENCLOSING_STOPS.set(stops)
        try:
            ended.put(_Outcome(index, result=branches[index]()))
        except BaseException as error:  # every outcome goes back to the coordinating thread
            ended.put(_Outcome(index, error=error))

    reason = decide(items)
    running = 0
    fatal: BaseException | None = None
    pool = ThreadPoolExecutor(
        max_workers=max(1, min(slots, total)), thread_name_prefix=BRANCH_THREAD_PREFIX
    )
    try:
        while reason is None:
            while running < slots and len(items) < total:
                items.append(BatchItem(len(items), BatchItemStatus.STARTED))
                pool.submit(contextvars.copy_context().run, work, len(items) - 1)
                running += 1
            if not running:
                break
            outcome = ended.get()
            running -= 1
            fatal = _record(outcome, items, waiting)
            if fatal is not None:
                break
            reason = decide(items)
    finally:
        stop.set()
        for _ in range(running):  # abandoned branches stop at their next operation
            ended.get()
        pool.shutdown()
    if fatal is not None:
        raise fatal
    if reason is None and waiting:
        raise _first_to_resume([waiting[index] for index in sorted(waiting)])
    return BatchResult(items, reason or CompletionReason.ALL_COMPLETED)


def _record(
    outcome: _Outcome, items: list[BatchItem], waiting: dict[int, SuspendExecution]
) -> BaseException | None:
    """Put a branch's outcome in its item; return an error that must end the batch."""
    error = outcome.error
    if error is None:
        items[outcome.index] = BatchItem(outcome.index, BatchItemStatus.SUCCEEDED, outcome.result)
    elif isinstance(error, ChildContextError):
        # The error that escaped the branch, not the ChildContextError around it.
        failure = ErrorObject(error.message, error.error_type, error.data, error.stack_trace)
        items[outcome.index] = BatchItem(outcome.index, BatchItemStatus.FAILED, error=failure)
    elif isinstance(error, SuspendExecution):
        waiting[outcome.index] = error  # the item stays STARTED; its place goes to the next branch
    else:
        return error
    return None


def _first_to_resume(suspensions: list[SuspendExecution]) -> SuspendExecution:
    """Of several branches' suspensions, the one to report: the earliest timer, since a timer
    fires by itself; callbacks (even with timeouts) wait for an answer first."""
    timers = [s for s in suspensions if isinstance(s, TimedSuspendExecution) and not s.callback]
    if timers:
        return min(timers, key=lambda s: s.resume_at)
    return suspensions[0]
