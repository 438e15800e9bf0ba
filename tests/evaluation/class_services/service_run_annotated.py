"""Class-based entry point: the service's run() receives the DurableContext."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from shop.clients import PaymentsClient
from shop.clock import IdFactory
from shop.models import Order
from shop.repo import OrderRepository


class OrderService:
    def __init__(self) -> None:
        self.repo = OrderRepository()
        self.payments = PaymentsClient(api_key=os.environ.get("PAYMENTS_API_KEY", ""))

    def _charge(self, order: Order) -> dict:
        key = IdFactory.stable_id(f"charge:{order.order_id}")
        return self.payments.charge(order.customer_id, order.total_cents, order.currency, key)

    def run(self, event: dict, context: DurableContext) -> dict:
        order = Order.from_event(event)
        self.repo.save(order)  # error: DUR401
        receipt = context.step(lambda _: self._charge(order), name="charge")
        context.wait(Duration.from_hours(2), name="fraud-review-window")
        context.step(lambda _: self.repo.mark_status(order.order_id, "CONFIRMED"), name="confirm")
        return {"order_id": order.order_id, "receipt": receipt["id"]}


service = OrderService()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    return service.run(event, context)  # uncertain: DUR401
