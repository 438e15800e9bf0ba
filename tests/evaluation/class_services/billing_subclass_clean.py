"""Dunning: remind, wait, then suspend; logging only from inside steps."""

from __future__ import annotations

import os

import boto3
from durable_runtime import DurableContext, durable_execution

from billing.base import BaseService
from shop.notify import EmailNotifier

accounts = boto3.resource("dynamodb").Table(os.environ.get("ACCOUNTS_TABLE", "accounts"))


class DunningService(BaseService):
    REMINDER = "Invoice {number} is {days} days overdue."

    def __init__(self, tenant: str) -> None:
        super().__init__(tenant)
        self.mailer = EmailNotifier(os.environ.get("DUNNING_TOPIC", "arn:aws:sns:eu-west-1:1:dunning"), "ar@example.com")

    def remind(self, invoice: dict, days: int) -> str:
        self.trace("sending reminder", number=invoice["number"], days=days)
        body = self.REMINDER.format(number=invoice["number"], days=days)
        return self.mailer.send_email(invoice["email"], "Payment reminder", body)

    def suspend(self, account_id: str) -> None:
        self.trace("suspending account", account=account_id)
        accounts.update_item(
            Key={"pk": self.scoped(account_id)},
            UpdateExpression="SET suspended = :t",
            ExpressionAttributeValues={":t": True},
        )

    def run(self, event: dict, context: DurableContext) -> dict:
        invoice = event["invoice"]
        context.step(lambda _: self.remind(invoice, 7), name="first-reminder")
        paid = context.step(lambda _: bool(event.get("paid")), name="check-paid")
        if not paid:
            context.step(lambda _: self.suspend(invoice["account_id"]), name="suspend")
        return {"account": self.scoped(invoice["account_id"]), "suspended": not paid}


dunning = DunningService(tenant="eu")


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    return dunning.run(event, context)
