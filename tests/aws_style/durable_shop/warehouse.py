"""Warehouse: map and parallel branches that only finish if they really run at the same time."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import (
    CompletionConfig,
    MapConfig,
    StepConfig,
)
from aws_durable_execution_sdk_python.retries import RetryPresets

NO_RETRY = StepConfig(retry_strategy=RetryPresets.none())
MEET_TIMEOUT_SECONDS = 5


class Floor:
    """Who is on the warehouse floor right now: each picker says how many it met there."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._present = 0

    def work(self, seconds: float) -> int:
        with self._lock:
            self._present += 1
            seen = self._present
        time.sleep(seconds)
        with self._lock:
            self._present -= 1
        return seen


@durable_execution
def count_aisles_together(event: dict[str, Any], context: DurableContext) -> list[str]:
    """Every aisle is counted at the same moment: each counter waits for all the others
    before counting, which only returns if the branches run concurrently."""
    aisles = event["aisles"]
    start_line = threading.Barrier(len(aisles), timeout=MEET_TIMEOUT_SECONDS)

    def counter(aisle: str):
        def count(ctx: DurableContext) -> str:
            def meet_and_count(_step) -> str:
                start_line.wait()
                return f"{aisle}: counted"

            return ctx.step(meet_and_count, name=f"count-{aisle}", config=NO_RETRY)

        return count

    batch = context.parallel([counter(aisle) for aisle in aisles], name="stocktake")
    batch.throw_if_error()
    return batch.get_results()


@durable_execution
def pick_with_crew(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Pick orders with a crew of `crew` pickers: never more of them on the floor at once."""
    floor = Floor()

    def pick(ctx: DurableContext, order: str, index: int, orders: Sequence[str]) -> int:
        return ctx.step(lambda _: floor.work(event["seconds"]), name=f"pick-{order}")

    batch = context.map(
        event["orders"], pick, name="picking", config=MapConfig(max_concurrency=event["crew"])
    )
    return {"most_on_floor": max(batch.get_results()), "picked": batch.success_count}


@durable_execution
def first_carrier_to_answer(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Ask every carrier at once and go with the first answer; a slow carrier still working
    when the answer is in is left behind and does not book."""
    all_asked = threading.Barrier(len(event["carriers"]), timeout=MEET_TIMEOUT_SECONDS)

    def ask(ctx: DurableContext, carrier: dict[str, Any], index: int, carriers: Sequence) -> str:
        def quote_when_all_asked(_step) -> str:
            all_asked.wait()
            time.sleep(carrier["seconds"])
            return f"{carrier['name']} quote"

        quote = ctx.step(quote_when_all_asked, name=f"quote-{carrier['name']}")
        ctx.step(lambda _: f"booked with {carrier['name']}", name=f"book-{carrier['name']}")
        return quote

    config = MapConfig(
        max_concurrency=len(event["carriers"]),
        completion_config=CompletionConfig(min_successful=1),
    )
    batch = context.map(event["carriers"], ask, name="carriers", config=config)
    return {
        "quotes": batch.get_results(),
        "reason": batch.completion_reason.value,
        "started": batch.total_count,
    }
