"""Reserve flight, hotel and car at once; each branch is a method of one desk."""
from __future__ import annotations

from aws_durable_execution_sdk_python import DurableContext, durable_execution

from tessera.platform.ids import IdFactory
from tessera.platform.transport import HttpTransport

SUPPLIER_API = "https://suppliers.voyage.example"


class ReservationDesk:
    """Holds one trip's request; every supplier call happens inside a step."""

    def __init__(self, transport: HttpTransport, trip: dict) -> None:
        self.transport = transport
        self.trip = trip
        self.reference = IdFactory.stable("trip", trip["trip_id"])

    def _payload(self, kind: str) -> dict:
        return {"reference": self.reference, "kind": kind, **self.trip[kind]}

    def flight(self, ctx: DurableContext) -> dict:
        payload = self._payload("flight")
        return ctx.step(lambda _: self.transport.send("/flights/holds", payload), name="hold-flight")

    def hotel(self, ctx: DurableContext) -> dict:
        payload = self._payload("hotel")
        ctx.logger.info("holding %s nights", payload.get("nights"))
        return ctx.step(lambda _: self.transport.send("/hotels/holds", payload), name="hold-hotel")

    def car(self, ctx: DurableContext) -> dict | None:
        if not self.trip.get("car"):
            return None
        payload = self._payload("car")
        return ctx.step(lambda _: self.transport.send("/cars/holds", payload), name="hold-car")


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    desk = ReservationDesk(HttpTransport(SUPPLIER_API, timeout=10), event["trip"])
    outcome = context.parallel([desk.flight, desk.hotel, desk.car], name="reserve-trip")
    holds = outcome.get_results()
    context.logger.info("trip %s held with %d suppliers", desk.reference, len(holds))
    return {"reference": desk.reference, "holds": holds}
