"""Cancel an order; the repository subclass adds console auditing."""

from __future__ import annotations

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from shop.models import Order
from shop.repo import OrderRepository


class AuditedOrderRepository(OrderRepository):
    def save(self, order: Order) -> None:
        print(f"[audit] saving order {order.order_id} status={order.status}")
        super().save(order)

    def describe(self, order: Order) -> str:
        return f"{order.order_id}:{order.status}:{order.total}"


repo = AuditedOrderRepository()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    order = Order.from_event(event)

    def cancelled(o: Order) -> Order:
        o.status = "CANCELLED"
        return o

    def persist(o: Order) -> None:
        repo.save(o)

    summary = repo.describe(order)
    context.wait(Duration.from_minutes(5), name="undo-window")
    persist(cancelled(order))  # error: DUR404, DUR401
    return {"summary": summary}
