"""Dispatch accepted parcels, after checking the previous consignment."""
from __future__ import annotations

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from fleetops.carriers import DhlCarrier
from tessera.platform.transport import HttpTransport

CARRIER_API = "https://express.carrier.example/api"
ACCOUNT = "ACME-LOGISTICS-01"


class DispatchDesk:
    __slots__ = ("carrier", "max_weight_g")

    def __init__(self, carrier: DhlCarrier, max_weight_g: int) -> None:
        self.carrier = carrier
        self.max_weight_g = max_weight_g

    def accept(self, parcel: dict) -> bool:
        return 0 < parcel["weight_g"] <= self.max_weight_g and bool(parcel.get("address"))

    def dispatch(self, parcel: dict) -> dict:
        return self.carrier.book(parcel)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    desk = DispatchDesk(DhlCarrier(HttpTransport(CARRIER_API), account=ACCOUNT), max_weight_g=31_500)
    accepted = [parcel for parcel in event["parcels"] if desk.accept(parcel)]
    rejected = [parcel["parcel_id"] for parcel in event["parcels"] if not desk.accept(parcel)]

    previous = desk.carrier.track(event["previous_tracking_number"])  # error: DUR401
    if previous.get("status") == "exception":
        return {"status": "blocked", "previous": previous}

    bookings = []
    for parcel in accepted:
        bookings.append(
            context.step(lambda _, p=parcel: desk.dispatch(p), name=f"dispatch-{parcel['parcel_id']}")
        )

    context.wait(Duration.from_minutes(30), name="pickup-window")
    late = event.get("late_parcel")
    if late and desk.accept(late):
        bookings.append(desk.dispatch(late))  # error: DUR401

    labels = [desk.carrier.label_path(b["tracking_number"]) for b in bookings]
    return {"status": "dispatched", "labels": labels, "rejected": rejected}
