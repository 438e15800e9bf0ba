"""Release the holds of cancelled ticket orders, seat by seat."""
from __future__ import annotations

from datetime import datetime

from durable_runtime import DurableContext, durable_execution

from tessera.platform.clock import FixedClock
from tessera.platform.ids import IdFactory
from tessera.storage.dynamo import HoldTable


class HoldReleaser:
    def __init__(self, table: HoldTable, cancelled_at: float) -> None:
        self.table = table
        self.cancelled_at = cancelled_at

    def release_seat(self, ctx: DurableContext, seat: dict, index: int, _seats: list) -> dict:
        if seat["expires"] <= self.cancelled_at:
            return {"seat": seat["seat_id"], "released": False, "reason": "already expired"}
        ctx.step(lambda _: self.table.release(seat["seat_id"]), name="release-seat")
        return {"seat": seat["seat_id"], "released": True, "position": index}


class CancellationNotice:
    __slots__ = ("order_id", "reason")

    def __init__(self, order_id: str, reason: str) -> None:
        self.order_id = order_id
        self.reason = reason

    def reference(self) -> str:
        return IdFactory.stable("cancel", self.order_id, self.reason)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    notice = CancellationNotice(event["order_id"], event.get("reason", "buyer"))
    clock = FixedClock(datetime.fromisoformat(event["cancelled_at"]))
    releaser = HoldReleaser(HoldTable(), cancelled_at=clock.epoch())

    seats = sorted(event["held_seats"], key=lambda s: s["seat_id"])
    outcome = context.map(seats, releaser.release_seat, name="release-seats")
    released = [r for r in outcome.get_results() if r["released"]]
    context.logger.info("order %s: released %d seats", notice.order_id, len(released))
    return {"reference": notice.reference(), "released": len(released)}
