"""Ask a manager to approve a large refund by email and wait for the answer."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python.config import Duration, WaitForCallbackConfig
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from shop.clients import PaymentsClient
from shop.notify import EmailNotifier

approvals = EmailNotifier(os.environ.get("APPROVALS_TOPIC", "arn:aws:sns:eu-west-1:1:approvals"), "refunds@example.com")
payments = PaymentsClient(api_key=os.environ.get("PAYMENTS_API_KEY", ""))

APPROVAL_TEMPLATE = "Refund {amount} on charge {charge}? Answer with token {token}."


class RefundRequest:
    THRESHOLD_CENTS = 50_000

    def __init__(self, event: dict) -> None:
        self.charge_id = event["charge_id"]
        self.amount_cents = int(event["amount_cents"])
        self.manager_email = event["manager_email"]

    def needs_approval(self) -> bool:
        return self.amount_cents >= self.THRESHOLD_CENTS


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    request = RefundRequest(event)
    if request.needs_approval():

        def ask_manager(callback_id: str) -> None:
            text = approvals.render(
                APPROVAL_TEMPLATE, amount=str(request.amount_cents), charge=request.charge_id, token=callback_id
            )
            approvals.send_email(request.manager_email, "Refund approval needed", text)

        decision = context.wait_for_callback(
            ask_manager,
            name="manager-approval",
            config=WaitForCallbackConfig(timeout=Duration.from_hours(48)),
        )
        if decision != "approve":
            return {"refunded": False}

    refund = context.step(lambda _: payments.refund(request.charge_id, request.amount_cents), name="refund")
    return {"refunded": True, "refund_id": refund["id"]}
