"""Settle a supplier invoice against the ledger."""

from __future__ import annotations

from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from billing.ledger import Ledger, make_ledger

ledger = make_ledger()


def describe(invoice: dict, book: Ledger) -> str:
    return f"{invoice['supplier']} {book.format_amount(int(invoice['amount_cents']))}"


def settle(invoice: dict, book: Ledger) -> None:
    book.post_entry("payables", -int(invoice["amount_cents"]), invoice["number"])
    book.post_entry("bank", -int(invoice["amount_cents"]), invoice["number"])


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    invoice = event["invoice"]
    label = describe(invoice, ledger)

    context.wait(Duration.from_days(int(event.get("payment_terms_days", 30))), name="payment-terms")
    settle(invoice, ledger)  # error: DUR401
    return {"settled": label}
