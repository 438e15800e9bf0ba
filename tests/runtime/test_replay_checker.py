"""The replay checker finds what breaks on replay, and passes handlers that do not."""

from __future__ import annotations

import datetime
import sys
import textwrap
import uuid
from pathlib import Path

from durable_runtime import DurableContext, Duration, durable_execution
from durable_runtime.replay import check_replay


@durable_execution
def id_outside_a_step(event, context: DurableContext):
    request_id = str(uuid.uuid4())
    context.step(lambda _: request_id, name="submit")
    context.wait(Duration.from_seconds(5), name="settle")
    return context.step(lambda _: request_id, name="confirm")


@durable_execution
def id_in_a_step(event, context: DurableContext):
    request_id = context.step(lambda _: str(uuid.uuid4()), name="request-id")
    context.logger.info("submitting %s", request_id)
    context.wait(Duration.from_seconds(5), name="settle")
    return context.step(lambda _: request_id, name="confirm")


@durable_execution
def prints_and_dates(event, context: DurableContext):
    print("processing", event["id"])
    day = datetime.date.today().isoformat()
    context.wait(Duration.from_seconds(5), name="settle")
    return context.step(lambda _: day, name="stamp")


def test_a_value_made_outside_a_step_diverges_on_replay() -> None:
    report = check_replay(id_outside_a_step, {})
    assert not report.ok
    assert report.divergence is not None
    assert report.divergence.expected.startswith("result ")


def test_a_deterministic_handler_replays_identically_after_every_operation() -> None:
    report = check_replay(id_in_a_step, {})
    assert report.ok
    assert report.replays == 3  # after request-id, after settle, after confirm


def test_repeated_output_and_a_moved_clock_are_reported() -> None:
    report = check_replay(prints_and_dates, {"id": "e-9"})
    assert "print processing e-9 (first run)" in report.repeated_side_effects
    assert report.divergence is not None and "result" in report.divergence.expected


def test_replays_in_other_processes_see_other_set_orders(tmp_path: Path) -> None:
    (tmp_path / "skus.py").write_text(
        textwrap.dedent(
            """
            from durable_runtime import Duration, durable_execution

            SKUS = {"apple", "banana", "cherry", "damson", "elder", "fig", "grape", "hazel"}


            @durable_execution
            def unordered(event, context):
                for sku in SKUS:
                    context.step(lambda _, s=sku: s, name=f"reserve-{sku}")
                context.wait(Duration.from_seconds(1), name="settle")
                return "reserved"


            @durable_execution
            def ordered(event, context):
                for sku in sorted(SKUS):
                    context.step(lambda _, s=sku: s, name=f"reserve-{sku}")
                context.wait(Duration.from_seconds(1), name="settle")
                return "reserved"
            """
        )
    )
    sys.path.insert(0, str(tmp_path))
    try:
        import skus
    finally:
        sys.path.remove(str(tmp_path))
    diverged = check_replay(skus.unordered, {}, processes=True)
    assert diverged.divergence is not None  # a mismatch, or another step where one was expected
    assert "reserve-" in diverged.divergence.actual
    assert check_replay(skus.ordered, {}, processes=True).ok
