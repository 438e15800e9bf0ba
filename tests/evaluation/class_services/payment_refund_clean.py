"""Refund a charge once, with a deterministic idempotency key."""

from __future__ import annotations

import os
from decimal import Decimal

from durable_runtime import DurableContext, durable_execution

from shop.clients import PaymentsClient
from shop.clock import IdFactory
from shop.repo import OrderRepository

payments = PaymentsClient(api_key=os.environ.get("PAYMENTS_API_KEY", ""))
orders = OrderRepository()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    amount_cents = PaymentsClient.amount_in_cents(Decimal(str(event["amount"])))
    refund_key = IdFactory.stable_id(f"refund:{event['charge_id']}:{amount_cents}")

    refund = context.step(
        lambda _: payments.refund(event["charge_id"], amount_cents),
        name="refund-charge",
    )
    context.step(
        lambda _: orders.mark_status(event["order_id"], "REFUNDED"),
        name="mark-refunded",
    )
    context.logger.info("refund issued", extra={"refund_key": refund_key})
    return {"refund_id": refund["id"], "key": refund_key}
