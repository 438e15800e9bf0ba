"""Give the customer three days to confirm, then cancel the reservation."""

from __future__ import annotations

from datetime import timedelta

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from shop.clock import Clock
from shop.repo import OrderRepository

clock = Clock()
orders = OrderRepository()

CONFIRMATION_WINDOW = timedelta(days=3)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    order_id = event["order_id"]
    deadline = clock.now() + CONFIRMATION_WINDOW  # error: DUR101

    context.step(lambda _: orders.mark_status(order_id, "AWAITING_CONFIRMATION"), name="await")
    context.wait(Duration.from_days(3), name="confirmation-window")

    current = context.step(lambda _: orders.get(order_id), name="reload")
    if current and current.get("status") != "CONFIRMED":
        context.step(lambda _: orders.mark_status(order_id, "CANCELLED"), name="cancel")
        return {"order_id": order_id, "cancelled": True, "deadline": deadline.isoformat()}
    return {"order_id": order_id, "cancelled": False, "deadline": deadline.isoformat()}
