"""Check a charge's settlement status before releasing the goods."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from shop.clients import PaymentsClient
from shop.repo import OrderRepository

payments = PaymentsClient(api_key=os.environ.get("PAYMENTS_API_KEY", ""))
orders = OrderRepository()


class ReleaseRules:
    RELEASABLE = frozenset({"succeeded", "captured"})

    def can_release(self, status: str) -> bool:
        return status in self.RELEASABLE


rules = ReleaseRules()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    context.wait(Duration.from_minutes(10), name="settlement-delay")
    status = payments.charge_status(event["charge_id"])  # error: DUR401, DUR502
    if rules.can_release(status):
        context.step(lambda _: orders.mark_status(event["order_id"], "RELEASED"), name="release")
    return {"order_id": event["order_id"], "charge_status": status}
