"""Send a travel quote and take the deposit only if the traveller accepts in time."""
from __future__ import annotations

from aws_durable_execution_sdk_python.config import Duration, WaitForCallbackConfig
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.wiring.container import container


class QuoteOffer:
    """What the traveller sees; built from the quote, sent by the submitter."""

    __slots__ = ("itinerary", "channel")

    def __init__(self, itinerary: dict, channel: str) -> None:
        self.itinerary = itinerary
        self.channel = channel

    def text(self, callback_id: str) -> str:
        return (f"Trip {self.itinerary['itinerary_id']}: {self.itinerary['total']} "
                f"(deposit {self.itinerary['deposit']}). Accept: /quotes/{callback_id}")

    def send(self, callback_id: str, _callback_context: object = None) -> None:
        container.notifier.notify(self.channel, self.text(callback_id))


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    itinerary = container.bookings.quote(event)
    container.scratch.save({"order_id": itinerary["itinerary_id"], "quote": itinerary})
    gateway_name = container.gateway.describe()

    offer = QuoteOffer(itinerary, event["traveller_channel"])
    try:
        answer = context.wait_for_callback(
            offer.send,
            name="traveller-acceptance",
            config=WaitForCallbackConfig(timeout=Duration.from_hours(48)),
        )
    except Exception:
        return {"itinerary_id": itinerary["itinerary_id"], "status": "expired"}

    if not answer.get("accepted"):
        return {"itinerary_id": itinerary["itinerary_id"], "status": "declined"}
    deposit = context.step(lambda _: container.bookings.hold(itinerary), name="take-deposit")
    context.step(lambda _: container.bookings.confirm(itinerary, deposit), name="confirm-booking")
    return {"itinerary_id": itinerary["itinerary_id"], "status": "booked", "via": gateway_name}
