"""Create a subscription with ids that survive replay."""

from __future__ import annotations

import os

import boto3
from aws_durable_execution_sdk_python import DurableContext, durable_execution, durable_step
from aws_durable_execution_sdk_python.config import Duration

from shop.clock import IdFactory

subscriptions = boto3.resource("dynamodb").Table(os.environ.get("SUBS_TABLE", "subscriptions"))
ids = IdFactory(prefix="sub-")


class SubscriptionPlan:
    PRICES = {"basic": 900, "pro": 2900, "team": 9900}

    def __init__(self, tier: str, seats: int) -> None:
        self.tier = tier
        self.seats = seats

    def monthly_cents(self) -> int:
        return self.PRICES[self.tier] * max(1, self.seats)


@durable_step
def store_subscription(_step_context, subscription_id: str, customer_id: str, cents: int) -> str:
    subscriptions.put_item(
        Item={"pk": subscription_id, "customer_id": customer_id, "monthly_cents": cents}
    )
    return subscription_id


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    plan = SubscriptionPlan(event["tier"], int(event.get("seats", 1)))
    cents = plan.monthly_cents()
    external_ref = IdFactory.stable_id(f"{event['customer_id']}:{event['tier']}")

    subscription_id = context.step(lambda _: ids.new_id(), name="mint-subscription-id")
    context.step(store_subscription(subscription_id, event["customer_id"], cents), name="store")
    context.wait(Duration.from_days(14), name=f"trial-{external_ref}")
    return {"subscription_id": subscription_id, "external_ref": external_ref, "cents": cents}
