"""Inventory: fan out over SKUs and suppliers with map, and poll stock with wait_for_condition."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aws_durable_execution_sdk_python import (
    DurableContext,
    StepContext,
    durable_execution,
    durable_step,
)
from aws_durable_execution_sdk_python.config import (
    CompletionConfig,
    Duration,
    JitterStrategy,
    MapConfig,
    StepConfig,
)
from aws_durable_execution_sdk_python.retries import RetryPresets
from aws_durable_execution_sdk_python.types import WaitForConditionCheckContext
from aws_durable_execution_sdk_python.waits import (
    WaitForConditionConfig,
    WaitForConditionDecision,
    WaitStrategyConfig,
    create_wait_strategy,
)

NO_RETRY = StepConfig(retry_strategy=RetryPresets.none())


@durable_step
def order_from_supplier(step_context: StepContext, sku: str, quantity: int) -> dict[str, Any]:
    if quantity <= 0:
        raise ValueError(f"nothing to reorder for {sku}")
    return {"sku": sku, "ordered": quantity, "po": f"PO-{sku}"}


def restock_sku(context: DurableContext, item: dict[str, Any], index: int, items: Sequence) -> dict:
    shortfall = item["target"] - item["on_hand"]
    return context.step(order_from_supplier(item["sku"], shortfall), config=NO_RETRY)


@durable_execution
def restock_warehouse(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    batch = context.map(
        event["items"],
        restock_sku,
        name="restock",
        config=MapConfig(max_concurrency=2),
    )
    batch.throw_if_error()
    return {
        "purchase_orders": [order["po"] for order in batch.get_results()],
        "units": sum(order["ordered"] for order in batch.get_results()),
        "total": batch.total_count,
    }


@durable_execution
def restock_named(event: dict[str, Any], context: DurableContext) -> list[str]:
    """Each iteration is named after its SKU instead of map-item-N."""
    batch = context.map(
        event["items"],
        restock_sku,
        name="restock-named",
        config=MapConfig(item_namer=lambda item, index: f"restock-{item['sku']}"),
    )
    return [order["po"] for order in batch.get_results()]


@durable_execution
def audit_restock(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Tolerates `tolerated` failed SKUs and reports them instead of failing."""
    batch = context.map(
        event["items"],
        restock_sku,
        name="audit-restock",
        config=MapConfig(
            max_concurrency=1,
            completion_config=CompletionConfig(tolerated_failure_count=event["tolerated"]),
        ),
    )
    report: dict[str, Any] = {
        "ordered": [order["sku"] for order in batch.get_results()],
        "succeeded": batch.success_count,
        "failed": batch.failure_count,
        "total": batch.total_count,
        "completion_reason": batch.completion_reason.value,
        "errors": [error.message for error in batch.get_errors()],
    }
    try:
        batch.throw_if_error()
        report["raised"] = None
    except Exception as error:
        report["raised"] = type(error).__name__
    return report


@durable_step
def request_quote(step_context: StepContext, supplier: dict[str, Any]) -> dict[str, Any]:
    if not supplier["in_stock"]:
        raise LookupError(f"{supplier['name']} is out of stock")
    return {"supplier": supplier["name"], "price_cents": supplier["price_cents"]}


def quote_supplier(context: DurableContext, supplier: dict[str, Any], index: int, items: Sequence):
    return context.step(request_quote(supplier), config=NO_RETRY)


@durable_execution
def source_quotes(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Ask suppliers one at a time and stop once `needed` quotes are in."""
    batch = context.map(
        event["suppliers"],
        quote_supplier,
        name="collect-quotes",
        config=MapConfig(
            max_concurrency=1,
            completion_config=CompletionConfig(
                min_successful=event["needed"], tolerated_failure_count=len(event["suppliers"])
            ),
        ),
    )
    quotes = batch.get_results()
    return {
        "quotes": quotes,
        "best": min(quotes, key=lambda quote: quote["price_cents"])["supplier"],
        "completion_reason": batch.completion_reason.value,
        "succeeded": batch.success_count,
        "failed": batch.failure_count,
    }


@durable_execution
def await_replenishment(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Poll the warehouse every 15 minutes until enough stock has arrived."""
    required = event["required"]
    per_delivery = event["per_delivery"]

    def check_stock(state: dict[str, int], check: WaitForConditionCheckContext) -> dict[str, int]:
        return {"on_hand": state["on_hand"] + per_delivery, "checks": state["checks"] + 1}

    def every_quarter_hour(state: dict[str, int], attempts_made: int) -> WaitForConditionDecision:
        if state["on_hand"] >= required:
            return WaitForConditionDecision.stop_polling()
        return WaitForConditionDecision.continue_waiting(Duration.from_minutes(15))

    final = context.wait_for_condition(
        check_stock,
        WaitForConditionConfig(
            wait_strategy=every_quarter_hour,
            initial_state={"on_hand": event["on_hand"], "checks": 0},
        ),
        name="await-stock",
    )
    return {"sku": event["sku"], **final}


TRACKING_STAGES = ["LABEL_CREATED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"]


@durable_execution
def track_inbound_shipment(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Poll the carrier with a back-off wait strategy until the shipment is delivered."""

    def poll_carrier(state: dict[str, Any], check: WaitForConditionCheckContext) -> dict[str, Any]:
        stage = min(TRACKING_STAGES.index(state["status"]) + 1, len(TRACKING_STAGES) - 1)
        return {"status": TRACKING_STAGES[stage], "polls": state["polls"] + 1}

    strategy = create_wait_strategy(
        WaitStrategyConfig(
            should_continue_polling=lambda state: state["status"] != "DELIVERED",
            max_attempts=event["max_polls"],
            initial_delay=Duration.from_minutes(30),
            backoff_rate=2,
            jitter_strategy=JitterStrategy.NONE,
        )
    )
    final = context.wait_for_condition(
        poll_carrier,
        WaitForConditionConfig(
            wait_strategy=strategy, initial_state={"status": "LABEL_CREATED", "polls": 0}
        ),
        name="track-shipment",
    )
    return {"shipment_id": event["shipment_id"], **final}
