"""Order totals via properties; the clock-reading property is only used in a step."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property

from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from shop.models import Order
from shop.repo import OrderRepository

orders = OrderRepository()


class Basket:
    VAT = Decimal("0.21")

    def __init__(self, order: Order, coupon_pct: int = 0) -> None:
        self.order = order
        self.coupon_pct = coupon_pct

    @property
    def discount(self) -> Decimal:
        return (self.order.total * self.coupon_pct / 100).quantize(Decimal("0.01"))

    @cached_property
    def net(self) -> Decimal:
        return self.order.total - self.discount

    @property
    def vat(self) -> Decimal:
        return (self.net * self.VAT).quantize(Decimal("0.01"))

    @property
    def grand_total(self) -> Decimal:
        return self.net + self.vat


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    order = Order.from_event(event)
    basket = Basket(order, int(event.get("coupon_pct", 0)))
    totals = {"net": str(basket.net), "vat": str(basket.vat), "total": str(basket.grand_total)}

    age = context.step(lambda _: order.age_seconds, name="order-age")
    if age > 3600:
        context.step(lambda _: orders.mark_status(order.order_id, "STALE"), name="mark-stale")
    return {"order_id": order.order_id, **totals, "age_seconds": age}
