"""Order processing: validate, price, reserve stock and confirm an order."""

from __future__ import annotations

from typing import Any

from aws_durable_execution_sdk_python import (
    DurableContext,
    StepContext,
    StepError,
    durable_execution,
    durable_step,
)
from aws_durable_execution_sdk_python.config import StepConfig
from aws_durable_execution_sdk_python.retries import RetryPresets

# Validation and card errors are permanent: retrying would only repeat them.
NO_RETRY = StepConfig(retry_strategy=RetryPresets.none())

TAX_RATE_PERCENT = 20


class OrderRejectedError(Exception):
    """The order breaks a business rule and is not processed."""


@durable_step
def validate_order(step_context: StepContext, order: dict[str, Any]) -> dict[str, Any]:
    items = order.get("items") or []
    if not items:
        raise ValueError(f"order {order['order_id']} has no items")
    for item in items:
        if item["qty"] <= 0:
            raise ValueError(f"invalid quantity {item['qty']} for {item['sku']}")
    return {"order_id": order["order_id"], "item_count": len(items)}


@durable_step
def price_order(step_context: StepContext, items: list[dict[str, Any]]) -> dict[str, int]:
    subtotal = sum(item["qty"] * item["unit_price_cents"] for item in items)
    tax = subtotal * TAX_RATE_PERCENT // 100
    return {"subtotal_cents": subtotal, "tax_cents": tax, "total_cents": subtotal + tax}


@durable_step
def reserve_inventory(step_context: StepContext, order_id: str, items: list[dict[str, Any]]) -> str:
    units = sum(item["qty"] for item in items)
    return f"RES-{order_id}-{units}"


@durable_step
def confirm_order(step_context: StepContext, order_id: str, reservation_id: str) -> dict[str, str]:
    return {"order_id": order_id, "reservation_id": reservation_id, "state": "CONFIRMED"}


@durable_step
def charge_card(step_context: StepContext, card: str, amount_cents: int) -> dict[str, Any]:
    if card.endswith("0000"):
        raise ValueError(f"card ending {card[-4:]} declined for {amount_cents} cents")
    return {"charged_cents": amount_cents, "card_last4": card[-4:]}


@durable_step
def release_inventory(step_context: StepContext, reservation_id: str) -> str:
    return f"released {reservation_id}"


@durable_execution
def process_order(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Validate, price, reserve and confirm; each stage is one checkpointed step."""
    validation = context.step(validate_order(event), config=NO_RETRY)
    pricing = context.step(price_order(event["items"]))
    reservation_id = context.step(
        reserve_inventory(event["order_id"], event["items"]), name="reserve-stock"
    )
    confirmation = context.step(confirm_order(event["order_id"], reservation_id))
    return {
        "order_id": validation["order_id"],
        "items": validation["item_count"],
        "total_cents": pricing["total_cents"],
        "reservation_id": reservation_id,
        "state": confirmation["state"],
    }


@durable_execution
def process_order_with_limit(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Rejects orders above the customer's credit limit: the handler itself raises."""
    pricing = context.step(price_order(event["items"]))
    if pricing["total_cents"] > event["credit_limit_cents"]:
        raise OrderRejectedError(
            f"total {pricing['total_cents']} exceeds credit limit {event['credit_limit_cents']}"
        )
    return {"approved_cents": pricing["total_cents"]}


@durable_execution
def checkout(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Reserve stock, then charge; a declined card releases the reservation (compensation)."""
    pricing = context.step(price_order(event["items"]))
    reservation_id = context.step(
        reserve_inventory(event["order_id"], event["items"]), name="reserve-stock"
    )
    try:
        payment = context.step(charge_card(event["card"], pricing["total_cents"]), config=NO_RETRY)
    except StepError as error:
        released = context.step(release_inventory(reservation_id), name="release-stock")
        return {"state": "CANCELLED", "reason": error.message, "compensation": released}
    return {"state": "PAID", "charged_cents": payment["charged_cents"]}
