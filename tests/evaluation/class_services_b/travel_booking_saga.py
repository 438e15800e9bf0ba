"""Travel booking: quote, take a deposit, confirm, compensate on failure."""
from __future__ import annotations

from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.wiring.container import container


class ItineraryValidator:
    __slots__ = ("max_legs",)

    def __init__(self, max_legs: int) -> None:
        self.max_legs = max_legs

    def validate(self, event: dict) -> dict:
        legs = event.get("legs") or []
        if not legs:
            raise ValueError("an itinerary needs at least one leg")
        if len(legs) > self.max_legs:
            raise ValueError(f"at most {self.max_legs} legs per itinerary")
        if event["check_out"] <= event["check_in"]:
            raise ValueError("check-out must be after check-in")
        return {
            "itinerary_id": event["itinerary_id"],
            "check_in": event["check_in"],
            "check_out": event["check_out"],
            "nightly_rate": event["nightly_rate"],
            "legs": legs,
        }


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    request = ItineraryValidator(max_legs=6).validate(event)
    itinerary = container.bookings.quote(request)

    deposit = container.bookings.hold(itinerary)  # error: DUR401

    try:
        context.step(
            lambda _: container.bookings.confirm(itinerary, deposit),
            name="confirm-booking",
        )
    except Exception:
        container.orders.cancel(deposit["order_id"], deposit["capture"])  # error: DUR401, DUR404
        raise

    context.step(
        lambda _: container.notifier.notify(
            event["traveller_channel"], f"Itinerary {itinerary['itinerary_id']} confirmed"
        ),
        name="notify-traveller",
    )
    return {"itinerary": itinerary, "deposit": deposit}
