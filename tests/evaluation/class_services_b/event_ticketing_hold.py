"""Hold seats for a ticket order while the buyer pays."""
from __future__ import annotations

from datetime import datetime

from aws_durable_execution_sdk_python.config import CallbackConfig, Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.messaging.notifiers import EmailNotifier
from tessera.platform.ids import IdFactory
from tessera.storage.dynamo import HoldTable

MAILER = EmailNotifier("smtp.internal.example", sender="tickets@arena.example")
HOLD_SECONDS = 900


class SeatMap:
    __slots__ = ("rows",)

    def __init__(self, rows: dict[str, list[str]]) -> None:
        self.rows = rows

    def best_available(self, party_size: int) -> list[str]:
        for row in sorted(self.rows):
            free = self.rows[row]
            if len(free) >= party_size:
                return [f"{row}{seat}" for seat in free[:party_size]]
        return []


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    seats = SeatMap(event["free_seats"]).best_available(int(event["party_size"]))
    if not seats:
        return {"order_id": event["order_id"], "status": "sold-out"}

    holds = HoldTable()
    hold_ref = IdFactory.stable("hold", event["order_id"])
    expires = int(datetime.fromisoformat(event["requested_at"]).timestamp()) + HOLD_SECONDS
    for seat in seats:
        holds.put_hold(seat, hold_ref, expires)  # error: DUR401

    callback = context.create_callback(
        name="payment-confirmation",
        config=CallbackConfig(timeout=Duration.from_seconds(HOLD_SECONDS)),
    )
    context.step(
        lambda _: MAILER.notify(event["email"], f"Pay here: /pay/{callback.callback_id}"),
        name="send-payment-link",
    )
    try:
        payment = callback.result()
    except Exception:
        context.step(lambda _: [holds.release(seat) for seat in seats], name="release-holds")
        return {"order_id": event["order_id"], "status": "expired"}
    return {"order_id": event["order_id"], "status": "paid", "seats": seats, "payment": payment}
