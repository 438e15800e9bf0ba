"""Subscriptions: a free trial and a dunning schedule, both built on durable waits."""

from __future__ import annotations

from typing import Any

from aws_durable_execution_sdk_python import (
    DurableContext,
    StepContext,
    durable_execution,
    durable_step,
)
from aws_durable_execution_sdk_python.config import Duration

TRIAL_DAYS = 14


@durable_step
def activate_trial(step_context: StepContext, account_id: str, plan: str) -> dict[str, str]:
    return {"account_id": account_id, "plan": plan, "state": "TRIAL"}


@durable_step
def convert_to_paid(step_context: StepContext, account_id: str, plan: str) -> dict[str, str]:
    return {"account_id": account_id, "plan": plan, "state": "ACTIVE"}


@durable_execution
def start_trial(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    trial = context.step(activate_trial(event["account_id"], event["plan"]))
    context.wait(Duration.from_days(TRIAL_DAYS), name="trial-period")
    subscription = context.step(convert_to_paid(event["account_id"], event["plan"]))
    return {"trial": trial["state"], "subscription": subscription["state"]}


@durable_step
def send_payment_reminder(step_context: StepContext, account_id: str, number: int) -> str:
    return f"reminder {number} sent to {account_id}"


@durable_step
def suspend_account(step_context: StepContext, account_id: str) -> str:
    return f"{account_id} suspended"


@durable_execution
def dunning_schedule(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """A reminder a day for `reminders` days, then a grace period, then suspension."""
    sent = []
    for number in range(1, event["reminders"] + 1):
        context.wait(Duration.from_hours(24), name=f"reminder-delay-{number}")
        sent.append(
            context.step(
                send_payment_reminder(event["account_id"], number),
                name=f"send-reminder-{number}",
            )
        )
    context.wait(Duration.from_minutes(90), name="grace-period")
    outcome = context.step(suspend_account(event["account_id"]))
    return {"reminders": sent, "outcome": outcome}
