"""Re-order a customer's previous basket as a brand-new order."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python import DurableContext, durable_execution

from shop.clients import PaymentsClient
from shop.models import LineItem, Order
from shop.repo import OrderRepository

orders = OrderRepository()
payments = PaymentsClient(api_key=os.environ.get("PAYMENTS_API_KEY", ""))


class ReorderPolicy:
    DISCONTINUED_PREFIXES = ("OLD-", "EOL-")

    def keep(self, raw: dict) -> bool:
        return not str(raw["sku"]).startswith(self.DISCONTINUED_PREFIXES)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    policy = ReorderPolicy()
    items = [LineItem.from_dict(raw) for raw in event["previous_items"] if policy.keep(raw)]
    order = Order.new(event["customer_id"], items)  # error: DUR103, DUR101

    context.step(lambda _: orders.save(order), name="save-reorder")
    receipt = context.step(
        lambda _: payments.charge(order.customer_id, order.total_cents, order.currency, order.order_id),
        name="charge-reorder",
    )
    return {"order_id": order.order_id, "receipt": receipt["id"]}
