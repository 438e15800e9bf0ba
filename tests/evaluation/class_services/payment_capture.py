"""Capture a pre-authorised payment and notify accounting."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python import DurableContext, durable_execution

from shop.clients import PaymentsClient
from shop.clock import IdFactory
from shop.notify import Notifier


class CaptureService:
    def __init__(self) -> None:
        self.payments = PaymentsClient(api_key=os.environ.get("PAYMENTS_API_KEY", ""))
        self.ids = IdFactory(prefix="cap-")
        self.accounting = Notifier(os.environ.get("ACCOUNTING_TOPIC", "arn:aws:sns:eu-west-1:1:acct"))

    def capture(self, customer_id: str, amount_cents: int, currency: str) -> dict:
        key = self.ids.new_id()
        return self.payments.charge(customer_id, amount_cents, currency, key)

    def announce(self, receipt: dict) -> str:
        body = self.accounting.render("captured {id} for {amount}", id=receipt["id"], amount=str(receipt["amount"]))
        return self.accounting.publish("payment captured", body)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    service = CaptureService()
    receipt = service.capture(  # error: DUR401, DUR103
        event["customer_id"], int(event["amount_cents"]), event.get("currency", "EUR")
    )
    message_id = context.step(lambda _: service.announce(receipt), name="announce-capture")
    return {"receipt": receipt["id"], "message_id": message_id}
