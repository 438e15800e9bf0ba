"""`parallel` and `map` branches on worker threads: ids by index, completion, abandonment."""

from __future__ import annotations

import threading
import time

from durable_runtime import CompletionConfig, DurableContext, Duration, MapConfig, ParallelConfig
from durable_runtime.exceptions import ExecutionError
from durable_runtime.replay import check_replay
from durable_runtime.testing import DurableRunner


def test_branch_ids_follow_the_index_not_the_order_branches_end_in() -> None:
    def slow(ctx: DurableContext) -> str:
        return ctx.step(lambda _: time.sleep(0.2) or "slow", name="slow-step")

    def quick(ctx: DurableContext) -> str:
        return ctx.step(lambda _: "quick", name="quick-step")

    def handler(event, context: DurableContext):
        return context.parallel([slow, quick], name="both").get_results()

    result = DurableRunner(handler).run({})

    assert result.result == ["slow", "quick"]
    ids = {op.name: op.id for op in result.operations}
    assert (ids["parallel-branch-0"], ids["slow-step"]) == ("1-1", "1-1-1")
    assert (ids["parallel-branch-1"], ids["quick-step"]) == ("1-2", "1-2-1")
    # They ran side by side: the quick branch ended while the slow one was still in its step.
    ended = [e["Id"] for e in result.history if e["EventType"] == "ContextSucceeded"]
    assert ended == ["1-2", "1-1", "1"]


def test_one_branch_at_a_time_keeps_each_branch_s_events_together() -> None:
    def handler(event, context: DurableContext):
        def branch(ctx: DurableContext) -> str:
            ctx.step(lambda _: "first", name="first")
            return ctx.step(lambda _: "second", name="second")

        config = ParallelConfig(max_concurrency=1)
        return context.parallel([branch, branch, branch], name="one-by-one", config=config)

    result = DurableRunner(handler).run({})

    parents = [e.get("ParentId") for e in result.history if e["EventType"] == "StepSucceeded"]
    assert parents == ["1-1", "1-1", "1-2", "1-2", "1-3", "1-3"]


def test_a_branch_that_suspends_frees_its_place_and_the_batch_waits_for_it() -> None:
    started = []

    def handler(event, context: DurableContext):
        def item(ctx: DurableContext, value: int, index: int, items) -> int:
            started.append(value)
            if value == 0:
                ctx.wait(Duration.from_minutes(5), name="cool-down")
            return ctx.step(lambda _: value * 10, name=f"item-{value}")

        config = MapConfig(max_concurrency=1)
        return context.map([0, 1, 2], item, name="items", config=config).get_results()

    result = DurableRunner(handler).run({})

    assert result.status == "SUCCEEDED"
    assert result.result == [0, 10, 20]
    # The first invocation ran items 1 and 2 while item 0 waited; the second resumed item 0
    # and took the others' results from their checkpoints.
    assert started == [0, 1, 2, 0]


def test_branches_still_running_when_the_batch_completes_stop_at_their_next_operation() -> None:
    late_running, release = threading.Event(), threading.Event()

    def late(_step) -> str:
        late_running.set()
        return release.wait(5) and "late"

    def handler(event, context: DurableContext):
        def item(ctx: DurableContext, value: str, index: int, items) -> str:
            if value == "late":
                ctx.step(late, name="late-step")
                ctx.step(lambda _: "never", name="after-completion")
            return ctx.step(lambda _: late_running.wait(5) and value, name=f"{value}-step")

        def release_late(status) -> bool:
            done = status.success_count >= 1
            if done:
                release.set()
            return done

        config = MapConfig(completion_config=CompletionConfig(should_complete=release_late))
        batch = context.map(["early", "late"], item, name="race", config=config)
        return [batch.get_results(), batch.total_count, batch.completion_reason.value]

    result = DurableRunner(handler).run({})

    assert result.result == [["early"], 2, "CUSTOM_COMPLETION_SUCCEEDED"]
    statuses = {op.name: op.status for op in result.operations}
    assert statuses["map-item-1"] == "STARTED"
    # The step in flight ended after its batch: its result is not recorded, and nothing
    # after it runs.
    assert statuses["late-step"] == "STARTED"
    assert "after-completion" not in statuses


def test_an_error_that_ends_the_execution_stops_the_other_branches() -> None:
    def handler(event, context: DurableContext):
        def item(ctx: DurableContext, value: str, index: int, items) -> str:
            if value == "broken":
                raise ExecutionError("the ledger is gone")
            ctx.step(lambda _: time.sleep(0.2), name=f"{value}-first")
            return ctx.step(lambda _: value, name=f"{value}-second")

        return context.map(["broken", "fine"], item, name="items").get_results()

    result = DurableRunner(handler).run({})

    assert result.status == "FAILED"
    assert "the ledger is gone" in result.error["message"]
    assert "fine-second" not in {op.name for op in result.operations}


def test_nested_batches_run_their_branches_concurrently_too() -> None:
    meet = threading.Barrier(4, timeout=5)

    def handler(event, context: DurableContext):
        def inner(ctx: DurableContext, value: int, index: int, items) -> int:
            return ctx.step(lambda _: meet.wait() * 0 + value, name=f"meet-{value}")

        def outer(ctx: DurableContext, pair: list[int], index: int, items) -> list[int]:
            return ctx.map(pair, inner, name=f"pair-{index}").get_results()

        return context.map([[1, 2], [3, 4]], outer, name="pairs").get_results()

    assert DurableRunner(handler).run({}).result == [[1, 2], [3, 4]]


def test_the_replay_checker_does_not_count_the_runtime_s_worker_threads() -> None:
    def handler(event, context: DurableContext):
        context.wait(Duration.from_seconds(5), name="settle")
        return context.parallel([lambda ctx: "a", lambda ctx: "b"], name="two").get_results()

    report = check_replay(handler)

    assert report.result == ["a", "b"]
    assert report.repeated_side_effects == []
