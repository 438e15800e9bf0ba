"""Class-based entry point with every side effect inside steps."""

from __future__ import annotations

import logging
import os

from durable_runtime import DurableContext, durable_execution

from billing.ledger import Ledger
from shop.notify import EmailNotifier


class InvoiceSettlement:
    log = logging.getLogger("settlement")

    def __init__(self) -> None:
        self.ledger = Ledger(os.environ.get("LEDGER_DSN", "postgresql://ledger"))
        self.mailer = EmailNotifier(
            os.environ.get("BILLING_TOPIC", "arn:aws:sns:eu-west-1:1:billing"), "billing@example.com"
        )

    def _post(self, invoice: dict) -> str:
        self.log.info("posting invoice %s", invoice["number"])
        self.ledger.post_entry("receivables", -int(invoice["amount_cents"]), invoice["number"])
        self.ledger.post_entry("cash", int(invoice["amount_cents"]), invoice["number"])
        return invoice["number"]

    def run(self, event: dict, context: DurableContext) -> dict:
        invoice = event["invoice"]
        amount = Ledger.format_amount(int(invoice["amount_cents"]), invoice.get("currency", "EUR"))
        context.logger.info("settling invoice", extra={"number": invoice["number"]})
        number = context.step(lambda _: self._post(invoice), name="post-ledger")
        body = EmailNotifier.render("Invoice {n} paid: {a}", n=number, a=amount)
        context.step(
            lambda _: self.mailer.send_email(invoice["email"], "Payment received", body),
            name="send-receipt",
        )
        return {"number": number, "amount": amount}


settlement = InvoiceSettlement()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    return settlement.run(event, context)
