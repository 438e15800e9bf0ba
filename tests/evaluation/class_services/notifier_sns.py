"""Tell the customer their parcel is out for delivery."""

from __future__ import annotations

import os

from durable_runtime import DurableContext, durable_execution

from shop.clients import ShippingClient
from shop.notify import EmailNotifier

carrier = ShippingClient(os.environ.get("CARRIER_URL", "https://carrier.example.com"), os.environ.get("CARRIER_TOKEN", ""))
notifier = EmailNotifier(os.environ.get("DELIVERY_TOPIC", "arn:aws:sns:eu-west-1:1:delivery"), "track@example.com")

TEMPLATE = "Order {order} is out for delivery with {carrier} ({tracking})."


class DeliveryWindow:
    def __init__(self, slot: str | None) -> None:
        self.slot = slot or "during the day"

    def sentence(self) -> str:
        return f"Expected {self.slot}."


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    tracking = context.step(lambda _: carrier.track(event["tracking_number"]), name="track")
    if tracking.get("status") != "OUT_FOR_DELIVERY":
        return {"notified": False}

    text = notifier.render(TEMPLATE, order=event["order_id"], carrier=tracking["carrier"], tracking=event["tracking_number"])
    text = f"{text} {DeliveryWindow(tracking.get('slot')).sentence()}"
    message_id = notifier.publish("Out for delivery", text)  # error: DUR401
    return {"notified": True, "message_id": message_id}
