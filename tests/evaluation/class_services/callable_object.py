"""Loyalty tier upgrade with pluggable callable hooks."""

from __future__ import annotations

import json
import os

import boto3
from durable_runtime import DurableContext, durable_execution

members = boto3.resource("dynamodb").Table(os.environ.get("MEMBERS_TABLE", "members"))

TIERS = (("platinum", 10_000), ("gold", 5_000), ("silver", 1_000))


class TierRule:
    def __call__(self, points: int) -> str:
        for tier, minimum in TIERS:
            if points >= minimum:
                return tier
        return "member"


class UpgradeAnnouncer:
    def __init__(self, channel: str) -> None:
        self.channel = channel

    def __call__(self, member_id: str, tier: str) -> None:
        print(json.dumps({"channel": self.channel, "member": member_id, "tier": tier}))

    @staticmethod
    def emit_metric(tier: str) -> None:
        print(json.dumps({"_aws": {"CloudWatchMetrics": []}, "Upgrades": 1, "tier": tier}))


tier_for = TierRule()
announce = UpgradeAnnouncer("loyalty-feed")


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    tier = tier_for(int(event["points"]))
    if tier == event.get("current_tier"):
        return {"tier": tier, "changed": False}

    context.step(
        lambda _: members.update_item(
            Key={"pk": event["member_id"]},
            UpdateExpression="SET tier = :t",
            ExpressionAttributeValues={":t": tier},
        ),
        name="set-tier",
    )
    announce(event["member_id"], tier)  # error: DUR404
    UpgradeAnnouncer.emit_metric(tier)  # error: DUR404
    return {"tier": tier, "changed": True}
