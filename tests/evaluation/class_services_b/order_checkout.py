"""Checkout: reserve stock, take payment, send the receipt."""
from __future__ import annotations

import os

from aws_durable_execution_sdk_python import DurableContext, durable_execution, durable_step

from tessera.billing.gateways import make_card_gateway
from tessera.billing.orders import OrderService
from tessera.messaging.notifiers import EmailNotifier
from tessera.platform.transport import HttpTransport

SERVICE = OrderService(make_card_gateway(os.environ.get("ACQUIRER_URL", "https://acq.example")))
INVENTORY = HttpTransport("https://inventory.internal.example")
MAILER = EmailNotifier("smtp.internal.example")


class CheckoutSession:
    __slots__ = ("order_id", "customer_email", "lines")

    def __init__(self, order_id: str, customer_email: str, lines: list[dict]) -> None:
        self.order_id = order_id
        self.customer_email = customer_email
        self.lines = lines

    @classmethod
    def from_event(cls, event: dict) -> "CheckoutSession":
        lines = [
            {"sku": l["sku"], "qty": int(l["qty"]), "unit_price": l["unit_price"]}
            for l in event["cart"]
            if int(l["qty"]) > 0
        ]
        if not lines:
            raise ValueError("empty cart")
        return cls(event["order_id"], event["email"], lines)

    def as_order(self) -> dict:
        return {"order_id": self.order_id, "lines": self.lines}


@durable_step
def reserve_stock(step_context, order_id: str, lines: list[dict]) -> dict:
    return INVENTORY.send("/reservations", {"order_id": order_id, "lines": lines})


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    session = CheckoutSession.from_event(event)
    reservation = context.step(reserve_stock(session.order_id, session.lines), name="reserve-stock")

    receipt = SERVICE.place(session.as_order())  # error: DUR401

    context.step(
        lambda _: MAILER.notify(session.customer_email, f"Paid {receipt['amount_cents'] / 100:.2f}"),
        name="email-receipt",
    )
    return {"order_id": session.order_id, "reservation": reservation, "receipt": receipt}
