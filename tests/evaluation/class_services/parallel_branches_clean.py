"""Fan out post-purchase tasks in parallel branches, all work inside steps."""

from __future__ import annotations

import os

from durable_runtime import DurableContext, durable_execution

from shop.models import Order
from shop.notify import EmailNotifier
from shop.repo import OrderRepository
from stock.inventory import InventoryService

orders = OrderRepository()
inventory = InventoryService(os.environ.get("INVENTORY_TABLE", "inventory"))
mailer = EmailNotifier(os.environ.get("ORDERS_TOPIC", "arn:aws:sns:eu-west-1:1:orders"), "orders@example.com")


class PostPurchase:
    def __init__(self, order: Order, email: str) -> None:
        self.order = order
        self.email = email

    def receipt_text(self) -> str:
        lines = "\n".join(f"{i.quantity} x {i.sku}: {i.subtotal}" for i in self.order.items)
        return f"Thanks for order {self.order.order_id}\n{lines}\nTotal {self.order.total}"

    def email_branch(self, ctx: DurableContext) -> str:
        text = self.receipt_text()
        return ctx.step(lambda _: mailer.send_email(self.email, "Your receipt", text), name="email")

    def stock_branch(self, ctx: DurableContext) -> int:
        skus = sorted(i.sku for i in self.order.items)
        return ctx.step(lambda _: sum(inventory.available(s) for s in skus), name="stock-check")

    def status_branch(self, ctx: DurableContext) -> str:
        ctx.step(lambda _: orders.mark_status(self.order.order_id, "POST_PURCHASE"), name="status")
        return "ok"


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    job = PostPurchase(Order.from_event(event), event["email"])
    result = context.parallel(
        [job.email_branch, job.stock_branch, job.status_branch], name="post-purchase"
    )
    return {"order_id": job.order.order_id, "branches": result.get_results()}
