"""Pay the merchant out once an order is fulfilled, using the shared singletons."""
from __future__ import annotations

from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.platform.transport import HttpTransport
from tessera.wiring.registry import notifications, payments

FULFILMENT_API = HttpTransport("https://fulfilment.internal.example")


class FulfilmentCheck:
    __slots__ = ("required_states",)

    def __init__(self, required_states: tuple[str, ...]) -> None:
        self.required_states = required_states

    def complete(self, shipments: list[dict]) -> bool:
        return bool(shipments) and all(s["state"] in self.required_states for s in shipments)

    def amount_cents(self, shipments: list[dict]) -> int:
        return sum(int(s["merchant_amount_cents"]) for s in shipments)


@durable_execution
def handler(event, context):
    check = FulfilmentCheck(("delivered", "collected"))
    shipments = context.step(
        lambda _: FULFILMENT_API.fetch(f"/orders/{event['order_id']}/shipments")["shipments"],
        name="load-shipments",
    )
    if not check.complete(shipments):
        return {"order_id": event["order_id"], "status": "waiting"}

    gross = check.amount_cents(shipments)
    fee = payments.fee_for(gross)
    message = notifications.render("Order {order_id}: payout {net} cents",
                                   order_id=event["order_id"], net=gross - fee)

    settlement = payments.settle(f"payout-{event['order_id']}", gross)  # error: DUR401
    notifications.broadcast(message)  # error: DUR404

    context.step(
        lambda _: FULFILMENT_API.send(f"/orders/{event['order_id']}/paid-out", settlement),
        name="mark-paid-out",
    )
    return {"order_id": event["order_id"], "fee_cents": fee, "settlement": settlement}
