"""Accrue loyalty points for a purchase and tell the member."""
from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from aws_durable_execution_sdk_python import DurableContext, durable_execution

from tessera.config import Settings
from tessera.messaging.notifiers import ChatNotifier, notifier_for
from tessera.platform.transport import HttpTransport

SETTINGS = Settings.from_env()
POINTS_API = HttpTransport("https://loyalty.internal.example")


class LoyaltyLedger:
    MULTIPLIERS = {"bronze": Decimal("1"), "silver": Decimal("1.25"), "gold": Decimal("1.5")}

    def __init__(self, programme: str) -> None:
        self.programme = programme
        self._seen: dict[str, int] = {}

    def points_for(self, amount: Decimal, tier: str) -> int:
        raw = amount * self.MULTIPLIERS.get(tier, Decimal("1"))
        return int(raw.to_integral_value(rounding=ROUND_FLOOR))

    def dedupe_key(self, member_id: str, purchase_id: str) -> str:
        return f"{self.programme}:{id(self)}:{member_id}:{purchase_id}"


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    ledger = LoyaltyLedger(programme="tessera-rewards")
    points = ledger.points_for(Decimal(event["amount"]), event.get("tier", "bronze"))
    key = ledger.dedupe_key(event["member_id"], event["purchase_id"])  # error: DUR104

    balance = context.step(
        lambda _: POINTS_API.send("/accruals", {"member_id": event["member_id"], "points": points,
                                                "purchase_id": event["purchase_id"]}),
        name="accrue-points",
    )

    ops = ChatNotifier(SETTINGS.chat_webhook)
    ops.notify("#loyalty", f"{event['member_id']} +{points}")  # error: DUR401
    member_channel = notifier_for(event.get("channel", "email"), SETTINGS)
    member_channel.notify(event["member_contact"], f"You earned {points} points")  # uncertain: DUR401

    return {"points": points, "balance": balance, "dedupe_key": key}
