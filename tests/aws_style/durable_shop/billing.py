"""Billing: a durable function that invokes other functions with context.invoke."""

from __future__ import annotations

from typing import Any

from aws_durable_execution_sdk_python import (
    DurableContext,
    InvokeError,
    StepContext,
    durable_execution,
    durable_step,
)
from aws_durable_execution_sdk_python.config import StepConfig
from aws_durable_execution_sdk_python.retries import RetryPresets

TAX_SERVICE = "tax-service"
PAYMENT_SERVICE = "payment-service"


def tax_service(event: dict[str, Any], lambda_context: Any) -> dict[str, Any]:
    """A plain (non-durable) Lambda function: the tax rate of a country, in percent."""
    rates = {"DE": 19, "FR": 20, "US": 0}
    return {"country": event["country"], "rate_percent": rates[event["country"]]}


@durable_step
def capture_funds(step_context: StepContext, customer_id: str, amount_cents: int) -> str:
    if amount_cents > 1_000_000:
        raise ValueError(f"amount {amount_cents} exceeds the single-charge limit")
    return f"CAP-{customer_id}-{amount_cents}"


@durable_execution
def payment_service(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """A durable Lambda function invoked by bill_customer."""
    capture_id = context.step(
        capture_funds(event["customer_id"], event["amount_cents"]),
        config=StepConfig(retry_strategy=RetryPresets.none()),
    )
    return {"capture_id": capture_id, "charged_cents": event["amount_cents"]}


@durable_execution
def bill_customer(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    tax = context.invoke(TAX_SERVICE, {"country": event["country"]}, name="tax-rate")
    total = event["net_cents"] + event["net_cents"] * tax["rate_percent"] // 100
    payment = context.invoke(
        PAYMENT_SERVICE,
        {"customer_id": event["customer_id"], "amount_cents": total},
        name="charge",
    )
    return {"total_cents": total, "capture_id": payment["capture_id"]}


@durable_execution
def bill_customer_safely(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Turns a failed payment into an unpaid invoice instead of a failed execution."""
    try:
        payment = context.invoke(
            PAYMENT_SERVICE,
            {"customer_id": event["customer_id"], "amount_cents": event["amount_cents"]},
            name="charge",
        )
    except InvokeError as error:
        return {"invoice": "UNPAID", "reason": error.message}
    return {"invoice": "PAID", "capture_id": payment["capture_id"]}
