"""Checkout where payment runs as a step object; works in sandbox and live modes."""
from __future__ import annotations

import os

from aws_durable_execution_sdk_python import DurableContext, durable_execution, durable_step

from tessera.billing.gateways import make_card_gateway, make_gateway
from tessera.billing.orders import OrderService
from tessera.platform.transport import HttpTransport

ACQUIRER_URL = os.environ.get("ACQUIRER_URL", "https://acq.example")
SERVICE = OrderService(make_card_gateway(ACQUIRER_URL))
INVENTORY = HttpTransport("https://inventory.internal.example")


class PlaceOrderStep:
    """A step callable: building it is free, calling it takes the payment."""

    __slots__ = ("service", "order")

    def __init__(self, service: OrderService, order: dict) -> None:
        self.service = service
        self.order = order

    def __call__(self, _step_context) -> dict:
        return self.service.place(self.order)


@durable_step
def reserve_stock(step_context, order_id: str, lines: list[dict]) -> dict:
    return INVENTORY.send("/reservations", {"order_id": order_id, "lines": lines})


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    order = {"order_id": event["order_id"], "lines": event["lines"]}
    quoted_cents = SERVICE.price(order)
    context.logger.info("order %s quoted at %d cents", order["order_id"], quoted_cents)

    context.step(reserve_stock(order["order_id"], order["lines"]), name="reserve-stock")

    if event.get("mode", "live") == "live":
        placed = context.step(PlaceOrderStep(SERVICE, order), name="place-order")
        channel = "card"
    else:
        gateway = make_gateway(event["mode"], ACQUIRER_URL)
        channel = gateway.describe()
        placed = context.step(
            lambda _: gateway.capture(order["order_id"], quoted_cents),
            name="place-order",
        )
    return {"order_id": order["order_id"], "channel": channel, "placed": placed}
