"""Place an order with every side effect checkpointed."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from shop.clients import PaymentsClient
from shop.clock import IdFactory
from shop.models import Order
from shop.repo import OrderRepository

payments = PaymentsClient(api_key=os.environ.get("PAYMENTS_API_KEY", ""))


def paid_copy(order: Order) -> Order:
    return Order(
        order_id=order.order_id,
        customer_id=order.customer_id,
        items=list(order.items),
        currency=order.currency,
        created_at=order.created_at,
        status="PAID",
    )


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    repo = OrderRepository.create()
    order = Order.from_event(event)
    key = repo.key_for(order.order_id)
    idempotency_key = IdFactory.stable_id(f"charge:{order.order_id}")

    charge = context.step(
        lambda _: payments.charge(order.customer_id, order.total_cents, order.currency, idempotency_key),
        name="charge-card",
    )
    paid = paid_copy(order)
    context.step(lambda _: repo.save(paid), name="save-order")

    context.wait(Duration.from_minutes(15), name="warehouse-pick-window")
    current = context.step(lambda _: repo.get(order.order_id), name="reload-order")
    context.logger.info("order placed", extra={"key": key["pk"]})
    return {"order_id": order.order_id, "charge_id": charge["id"], "status": current}
