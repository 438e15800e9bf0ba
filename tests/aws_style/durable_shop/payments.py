"""Payments against flaky processors: step retry strategies, fallbacks and block retries."""

from __future__ import annotations

from typing import Any

from aws_durable_execution_sdk_python import (
    DurableContext,
    StepContext,
    StepError,
    WithRetryConfig,
    durable_execution,
    durable_step,
    with_retry,
)
from aws_durable_execution_sdk_python.config import Duration, JitterStrategy, StepConfig
from aws_durable_execution_sdk_python.retries import (
    RetryDecision,
    RetryPresets,
    RetryStrategyConfig,
    create_retry_strategy,
)

# Up to 3 attempts, 2 s then 4 s apart; only connection problems are worth retrying.
GATEWAY_RETRY = StepConfig(
    retry_strategy=create_retry_strategy(
        RetryStrategyConfig(
            max_attempts=3,
            initial_delay=Duration.from_seconds(2),
            backoff_rate=2,
            jitter_strategy=JitterStrategy.NONE,
            retryable_error_types=[ConnectionError],
        )
    )
)


@durable_step
def authorize_payment(
    step_context: StepContext, amount_cents: int, outages: int, decline: bool = False
) -> dict[str, Any]:
    """The gateway is unreachable for the first `outages` attempts."""
    if decline:
        raise ValueError(f"payment of {amount_cents} cents declined by issuer")
    if step_context.attempt <= outages:
        raise ConnectionError(f"gateway unreachable (attempt {step_context.attempt})")
    return {"authorized_cents": amount_cents, "attempt": step_context.attempt}


@durable_execution
def charge_with_retries(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    authorization = context.step(
        authorize_payment(event["amount_cents"], event["outages"], event.get("decline", False)),
        config=GATEWAY_RETRY,
    )
    return {"status": "AUTHORIZED", **authorization}


@durable_step
def charge_primary_processor(step_context: StepContext, amount_cents: int) -> dict[str, Any]:
    raise ConnectionError("primary processor unavailable")


@durable_step
def charge_backup_processor(step_context: StepContext, amount_cents: int) -> dict[str, Any]:
    return {"processor": "backup", "charged_cents": amount_cents}


@durable_execution
def charge_with_fallback(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Try the primary processor (retried), then fall back to the backup one."""
    primary_retry = StepConfig(
        retry_strategy=create_retry_strategy(
            RetryStrategyConfig(
                max_attempts=2,
                initial_delay=Duration.from_seconds(1),
                jitter_strategy=JitterStrategy.NONE,
            )
        )
    )
    try:
        return context.step(charge_primary_processor(event["amount_cents"]), config=primary_retry)
    except StepError as error:
        context.logger.warning("primary processor failed: %s", error.message)
        return context.step(charge_backup_processor(event["amount_cents"]))


def retry_when_rate_limited(error: Exception, attempts_made: int) -> RetryDecision:
    """Hand-written strategy: back off 10 s per attempt on throttling, at most 4 attempts."""
    if "rate limited" in str(error) and attempts_made < 4:
        return RetryDecision.retry(Duration.from_seconds(10 * attempts_made))
    return RetryDecision.no_retry()


@durable_step
def post_to_ledger(step_context: StepContext, entry_id: str, throttled_attempts: int) -> str:
    if step_context.attempt <= throttled_attempts:
        raise RuntimeError("ledger API rate limited")
    return f"LEDGER-{entry_id}"


@durable_execution
def record_ledger_entry(event: dict[str, Any], context: DurableContext) -> dict[str, str]:
    ledger_id = context.step(
        post_to_ledger(event["entry_id"], event["throttled_attempts"]),
        config=StepConfig(retry_strategy=retry_when_rate_limited),
    )
    return {"ledger_id": ledger_id}


@durable_step
def issue_refund(step_context: StepContext, refund_id: str, timeouts: int) -> dict[str, Any]:
    if step_context.attempt <= timeouts:
        raise TimeoutError(f"refund API timed out (attempt {step_context.attempt})")
    return {"refund_id": refund_id, "attempts": step_context.attempt}


@durable_execution
def refund_payment(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Linear back-off preset: 1 s, 2 s, 3 s ... between attempts."""
    return context.step(
        issue_refund(event["refund_id"], event["timeouts"]),
        config=StepConfig(retry_strategy=RetryPresets.linear()),
    )


@durable_step
def open_settlement_batch(step_context: StepContext, attempt: int) -> str:
    return f"BATCH-{attempt}"


@durable_step
def submit_settlement_batch(step_context: StepContext, batch_id: str, rejected: bool) -> str:
    if rejected:
        raise RuntimeError(f"{batch_id} rejected by acquirer")
    return f"{batch_id}-SETTLED"


@durable_execution
def settle_payments(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """`with_retry` re-runs the whole block (open + submit) when the acquirer rejects it."""
    rejections = event["rejections"]

    def settle(block: DurableContext, attempt: int) -> dict[str, Any]:
        batch_id = block.step(open_settlement_batch(attempt))
        outcome = block.step(
            submit_settlement_batch(batch_id, attempt <= rejections),
            config=StepConfig(retry_strategy=RetryPresets.none()),
        )
        return {"batch": outcome, "attempt": attempt}

    return with_retry(
        context,
        settle,
        WithRetryConfig(
            retry_strategy=create_retry_strategy(
                RetryStrategyConfig(
                    max_attempts=3,
                    initial_delay=Duration.from_minutes(5),
                    jitter_strategy=JitterStrategy.NONE,
                )
            )
        ),
        name="settlement",
    )
