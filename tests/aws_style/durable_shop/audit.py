"""Account reconciliation that logs its progress with the replay-aware `context.logger`."""

from __future__ import annotations

from typing import Any

from aws_durable_execution_sdk_python import (
    DurableContext,
    StepContext,
    durable_execution,
    durable_step,
    durable_with_child_context,
)
from aws_durable_execution_sdk_python.config import Duration


@durable_step
def fetch_statement(step_context: StepContext, account_id: str) -> dict[str, Any]:
    step_context.logger.info("fetching statement for %s", account_id)
    return {"account_id": account_id, "balance_cents": 12_500, "entries": 3}


@durable_step
def match_entries(step_context: StepContext, statement: dict[str, Any]) -> dict[str, Any]:
    return {"matched": statement["entries"], "unmatched": 0}


@durable_with_child_context
def archive_statement(context: DurableContext, account_id: str) -> str:
    context.logger.info("archiving statement of %s", account_id)
    return context.step(lambda _: f"s3://statements/{account_id}.pdf", name="upload-statement")


@durable_execution
def reconcile_account(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    account_id = event["account_id"]
    context.logger.info("reconciliation started for %s", account_id)
    statement = context.step(fetch_statement(account_id))
    context.wait(Duration.from_hours(1), name="settlement-window")
    context.logger.info("settlement window closed for %s", account_id)
    matching = context.step(match_entries(statement))
    location = context.run_in_child_context(archive_statement(account_id))
    context.logger.info("reconciliation finished for %s", account_id)
    return {"account_id": account_id, **matching, "archive": location}
