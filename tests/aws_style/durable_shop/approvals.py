"""Approvals driven by people and outside systems: callbacks and wait_for_callback."""

from __future__ import annotations

import json
from typing import Any

from aws_durable_execution_sdk_python import (
    CallbackError,
    DurableContext,
    StepContext,
    durable_execution,
    durable_step,
    durable_wait_for_callback,
)
from aws_durable_execution_sdk_python.config import (
    CallbackConfig,
    Duration,
    WaitForCallbackConfig,
)
from aws_durable_execution_sdk_python.retries import RetryPresets
from aws_durable_execution_sdk_python.types import WaitForCallbackContext

APPROVAL_CONFIG = CallbackConfig(
    timeout=Duration.from_hours(24), heartbeat_timeout=Duration.from_hours(2)
)


@durable_step
def create_purchase_request(step_context: StepContext, request: dict[str, Any]) -> str:
    return f"PR-{request['request_id']}"


@durable_step
def notify_approver(step_context: StepContext, approver: str, callback_id: str) -> dict[str, str]:
    # A real system e-mails the approver a link carrying the callback id.
    return {"to": approver, "callback_id": callback_id}


@durable_step
def record_decision(step_context: StepContext, request_id: str, decision: dict[str, Any]) -> str:
    verdict = "APPROVED" if decision["approved"] else "DENIED"
    return f"{request_id} {verdict} by {decision['approver']}"


@durable_execution
def purchase_approval(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Ask a manager; a rejection sent as a callback failure ends the request as REJECTED."""
    request_id = context.step(create_purchase_request(event))
    callback = context.create_callback(name="manager-approval", config=APPROVAL_CONFIG)
    context.step(notify_approver(event["approver"], callback.callback_id))
    try:
        raw = callback.result()
    except CallbackError as error:
        return {"request_id": request_id, "state": "REJECTED", "reason": error.message}
    decision = json.loads(raw)
    summary = context.step(record_decision(request_id, decision))
    return {"request_id": request_id, "state": "DECIDED", "summary": summary}


@durable_execution
def expense_approval(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Like purchase_approval, but a failed callback fails the whole execution."""
    callback = context.create_callback(name="expense-approval", config=APPROVAL_CONFIG)
    decision = json.loads(callback.result())
    return {"expense_id": event["expense_id"], "approved": decision["approved"]}


@durable_execution
def contract_signoff(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Two independent sign-offs, requested together and collected in a fixed order."""
    legal = context.create_callback(name="legal-signoff", config=APPROVAL_CONFIG)
    finance = context.create_callback(name="finance-signoff", config=APPROVAL_CONFIG)
    legal_verdict = legal.result()
    finance_verdict = finance.result()
    return {"contract_id": event["contract_id"], "legal": legal_verdict, "finance": finance_verdict}


@durable_execution
def delivery_confirmation(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """The courier's confirmation carries no payload; its arrival is the signal."""
    confirmation = context.create_callback(
        name="courier-confirmation", config=CallbackConfig(timeout=Duration.from_days(7))
    )
    payload = confirmation.result()
    return {"shipment_id": event["shipment_id"], "delivered": True, "payload": payload}


@durable_execution
def compliance_review(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """A long review; the reviewer's tool heartbeats while it works."""
    review = context.create_callback(
        name="compliance-review",
        config=CallbackConfig(
            timeout=Duration.from_days(2), heartbeat_timeout=Duration.from_minutes(30)
        ),
    )
    verdict = json.loads(review.result())
    return {"case_id": event["case_id"], "verdict": verdict["verdict"]}


@durable_wait_for_callback
def open_support_ticket(
    callback_id: str, context: WaitForCallbackContext, customer_id: str, issue: str
) -> None:
    # A real submitter posts the ticket, with the callback id, to the helpdesk.
    context.logger.info(
        "ticket for %s (%s) opened with callback %s", customer_id, issue, callback_id
    )


@durable_execution
def escalate_ticket(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    resolution = context.wait_for_callback(
        open_support_ticket(event["customer_id"], event["issue"]),
        name="support-resolution",
        config=WaitForCallbackConfig(timeout=Duration.from_days(3)),
    )
    return {"customer_id": event["customer_id"], "resolution": json.loads(resolution)}


@durable_wait_for_callback
def submit_to_offline_helpdesk(callback_id: str, context: WaitForCallbackContext) -> None:
    raise ConnectionError("helpdesk API unreachable")


@durable_execution
def escalate_to_offline_helpdesk(event: dict[str, Any], context: DurableContext) -> Any:
    return context.wait_for_callback(
        submit_to_offline_helpdesk(),
        name="offline-helpdesk",
        config=WaitForCallbackConfig(
            timeout=Duration.from_hours(4), retry_strategy=RetryPresets.none()
        ),
    )
