"""Yearly tier review: recompute a member's tier from last year's spend."""
from __future__ import annotations

import uuid
from decimal import Decimal

from durable_runtime import DurableContext, durable_execution

from tessera.messaging.publisher import EventPublisher
from tessera.storage.memory import InMemoryOrders
from tessera.platform.transport import HttpTransport

REVIEW_NS = uuid.UUID("3c9a1d4e-55b0-4f7e-a3de-92b7f0c11d08")
MEMBERS = HttpTransport("https://loyalty.internal.example")
EVENTS = EventPublisher("https://sqs.eu-west-1.amazonaws.com/111122223333/loyalty", "loyalty")


class TierRules:
    THRESHOLDS = (("gold", Decimal("5000")), ("silver", Decimal("1500")), ("bronze", Decimal("0")))

    @classmethod
    def tier_for(cls, spend: Decimal) -> str:
        for name, floor in cls.THRESHOLDS:
            if spend >= floor:
                return name
        return "bronze"

    @staticmethod
    def is_downgrade(old: str, new: str) -> bool:
        order = ["bronze", "silver", "gold"]
        return order.index(new) < order.index(old)


class ReviewBook:
    """Collects decisions before they are published; a plain dictionary store."""

    def __init__(self) -> None:
        self.store = InMemoryOrders()

    def save(self, member_id: str, decision: dict) -> None:
        self.store.put_item(Item={"pk": member_id, **decision})


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    member_id = event["member_id"]
    review_id = str(uuid.uuid5(REVIEW_NS, f"{member_id}/{event['year']}"))
    spend = context.step(lambda _: MEMBERS.fetch(f"/members/{member_id}/spend", year=str(event["year"])),
                         name="load-spend")

    new_tier = TierRules.tier_for(Decimal(spend["total"]))
    downgrade = TierRules.is_downgrade(event["current_tier"], new_tier)
    book = ReviewBook()
    book.save(member_id, {"review_id": review_id, "tier": new_tier, "downgrade": downgrade})

    if new_tier != event["current_tier"]:
        context.step(
            lambda _: EVENTS.publish("loyalty.tier_changed", {"member_id": member_id, "tier": new_tier,
                                                              "review_id": review_id}),
            name="publish-tier-change",
        )
    return {"review_id": review_id, "tier": new_tier, "downgrade": downgrade}
