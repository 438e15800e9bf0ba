"""Place an order: charge the card, persist the order, wait for the warehouse."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from shop.clients import PaymentsClient
from shop.clock import IdFactory
from shop.models import Order
from shop.repo import OrderRepository

payments = PaymentsClient(api_key=os.environ.get("PAYMENTS_API_KEY", ""))


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    repo = OrderRepository()
    order = Order.from_event(event)
    idempotency_key = IdFactory.stable_id(f"charge:{order.order_id}")

    context.logger.info("placing order", extra={"order_id": order.order_id})
    charge = context.step(
        lambda _: payments.charge(
            order.customer_id, order.total_cents, order.currency, idempotency_key
        ),
        name="charge-card",
    )

    order.status = "PAID"
    repo.save(order)  # error: DUR401

    context.wait(Duration.from_minutes(15), name="warehouse-pick-window")
    status = context.step(lambda _: repo.get(order.order_id), name="reload-order")
    return {"order_id": order.order_id, "charge_id": charge["id"], "status": status}
