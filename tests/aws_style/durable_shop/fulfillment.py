"""Fulfilment: parallel preparation work and child contexts that group packing and shipping."""

from __future__ import annotations

from typing import Any

from aws_durable_execution_sdk_python import (
    DurableContext,
    ParallelBranch,
    StepContext,
    durable_execution,
    durable_parallel_branch,
    durable_step,
    durable_with_child_context,
)
from aws_durable_execution_sdk_python.config import (
    CompletionConfig,
    Duration,
    ParallelConfig,
    StepConfig,
)
from aws_durable_execution_sdk_python.retries import RetryPresets

NO_RETRY = StepConfig(retry_strategy=RetryPresets.none())


# --- parallel -------------------------------------------------------------------------------


@durable_step
def pick_items(step_context: StepContext, order_id: str, skus: list[str]) -> str:
    return f"{order_id}: picked {len(skus)} items"


@durable_step
def print_label(step_context: StepContext, order_id: str, printer_online: bool = True) -> str:
    if not printer_online:
        raise OSError("label printer offline")
    return f"{order_id}: label printed"


@durable_step
def book_courier(step_context: StepContext, order_id: str) -> str:
    return f"{order_id}: courier booked"


@durable_execution
def prepare_shipment(event: dict[str, Any], context: DurableContext) -> list[str]:
    """Three independent preparation tasks, each a named parallel branch."""
    order_id = event["order_id"]
    batch = context.parallel(
        [
            ParallelBranch(
                lambda ctx: ctx.step(pick_items(order_id, event["skus"])), name="picking"
            ),
            ParallelBranch(lambda ctx: ctx.step(print_label(order_id)), name="labelling"),
            ParallelBranch(lambda ctx: ctx.step(book_courier(order_id)), name="courier"),
        ],
        name="prepare-shipment",
        config=ParallelConfig(max_concurrency=3),
    )
    batch.throw_if_error()
    return batch.get_results()


@durable_execution
def prepare_with_printer(event: dict[str, Any], context: DurableContext) -> list[str]:
    """Every branch runs (all_completed); a failed branch then fails the handler."""
    order_id = event["order_id"]
    batch = context.parallel(
        [
            lambda ctx: ctx.step(pick_items(order_id, event["skus"])),
            lambda ctx: ctx.step(print_label(order_id, event["printer_online"]), config=NO_RETRY),
        ],
        name="prepare-with-printer",
        config=ParallelConfig(completion_config=CompletionConfig.all_completed()),
    )
    batch.throw_if_error()
    return batch.get_results()


@durable_parallel_branch(name="fraud-check")
def fraud_check(context: DurableContext, order_id: str, amount_cents: int) -> dict[str, Any]:
    score = context.step(lambda _: 90 if amount_cents > 100_000 else 10, name="fraud-score")
    return {"check": "fraud", "passed": score < 50}


@durable_parallel_branch(name="credit-check")
def credit_check(context: DurableContext, customer_id: str) -> dict[str, Any]:
    limit = context.step(lambda _: 500_000, name="credit-limit")
    return {"check": "credit", "passed": limit > 0, "customer": customer_id}


@durable_execution
def risk_assessment(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    batch = context.parallel(
        [
            fraud_check(event["order_id"], event["amount_cents"]),
            credit_check(event["customer_id"]),
        ],
        name="risk-checks",
    )
    checks = batch.get_results()
    return {"approved": all(check["passed"] for check in checks), "checks": checks}


@durable_step
def request_carrier_quote(step_context: StepContext, carrier: str, available: bool) -> dict:
    if not available:
        raise ConnectionError(f"{carrier} quoting API down")
    return {"carrier": carrier, "price_cents": 1299}


@durable_execution
def quote_shipping(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Ask the preferred carrier first; the first successful quote wins."""
    carriers = event["carriers"]
    batch = context.parallel(
        [
            ParallelBranch(
                lambda ctx, carrier=carrier: ctx.step(
                    request_carrier_quote(carrier["name"], carrier["available"]),
                    config=NO_RETRY,
                ),
                name=f"quote-{carrier['name']}",
            )
            for carrier in carriers
        ],
        name="carrier-quotes",
        config=ParallelConfig(
            max_concurrency=1, completion_config=CompletionConfig.first_successful()
        ),
    )
    return {
        "quote": batch.get_results()[0],
        "succeeded": batch.success_count,
        "failed": batch.failure_count,
    }


@durable_step
def send_notification(step_context: StepContext, channel: str, reachable: bool) -> str:
    if not reachable:
        raise ConnectionError(f"{channel} provider rejected the message")
    return f"sent via {channel}"


@durable_execution
def notify_customer(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """E-mail, SMS and push in parallel; up to half of them may fail."""
    channels = event["channels"]
    batch = context.parallel(
        [
            ParallelBranch(
                lambda ctx, channel=channel: ctx.step(
                    send_notification(channel["name"], channel["reachable"]), config=NO_RETRY
                ),
                name=f"notify-{channel['name']}",
            )
            for channel in channels
        ],
        name="notify",
        config=ParallelConfig(completion_config=CompletionConfig(tolerated_failure_percentage=50)),
    )
    return {
        "delivered": batch.get_results(),
        "succeeded": batch.success_count,
        "failed": batch.failure_count,
        "completion_reason": batch.completion_reason.value,
        "status": batch.status.value,
    }


# --- child contexts -------------------------------------------------------------------------


@durable_step
def pick_sku(step_context: StepContext, sku: str) -> str:
    return f"picked {sku}"


@durable_step
def seal_box(step_context: StepContext, order_id: str, picked: list[str]) -> str:
    return f"BOX-{order_id}-{len(picked)}"


@durable_with_child_context
def pack_order(context: DurableContext, order_id: str, skus: list[str]) -> str:
    picked = [context.step(pick_sku(sku), name=f"pick-{sku}") for sku in skus]
    context.wait(Duration.from_minutes(10), name="glue-drying")
    return context.step(seal_box(order_id, picked))


@durable_step
def dispatch(step_context: StepContext, box_id: str) -> str:
    return f"{box_id} dispatched"


@durable_execution
def fulfil_order(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    box_id = context.run_in_child_context(pack_order(event["order_id"], event["skus"]))
    tracking = context.run_in_child_context(
        lambda shipping: shipping.step(dispatch(box_id)), name="shipping"
    )
    return {"box_id": box_id, "tracking": tracking}


@durable_with_child_context
def assemble_component(context: DurableContext, part: str) -> str:
    return context.step(lambda _: f"{part}-ok", name=f"test-{part}")


@durable_with_child_context
def assemble_kit(context: DurableContext, kit_id: str, parts: list[str]) -> dict[str, Any]:
    tested = [
        context.run_in_child_context(assemble_component(part), name=f"component-{part}")
        for part in parts
    ]
    context.wait(Duration.from_seconds(30), name="burn-in")
    return {"kit": kit_id, "components": tested}


@durable_execution
def build_kit(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    return context.run_in_child_context(
        assemble_kit(event["kit_id"], event["parts"]), name="assemble-kit"
    )


@durable_with_child_context
def label_and_dispatch(context: DurableContext, order_id: str) -> str:
    context.step(pick_sku("label-stock"), name="load-labels")
    context.step(print_label(order_id, False), name="print-label", config=NO_RETRY)
    return "unreachable"


@durable_execution
def dispatch_with_broken_printer(event: dict[str, Any], context: DurableContext) -> str:
    return context.run_in_child_context(label_and_dispatch(event["order_id"]))
