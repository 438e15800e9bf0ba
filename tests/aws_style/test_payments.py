"""Payments: step retry strategies, retry exhaustion, fallbacks and with_retry blocks."""

import json

import pytest
from aws_durable_execution_sdk_python.execution import InvocationStatus
from aws_durable_execution_sdk_python.lambda_service import OperationStatus, OperationType
from durable_shop import payments
from payloads import deserialize_operation_payload


@pytest.mark.durable_execution(handler=payments.charge_with_retries)
def test_step_fails_twice_then_succeeds_on_the_third_attempt(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"amount_cents": 4200, "outages": 2}), execution_timeout=10
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "status": "AUTHORIZED",
        "authorized_cents": 4200,
        "attempt": 3,
    }
    step = result.get_step("authorize_payment")
    assert step.status is OperationStatus.SUCCEEDED
    assert step.attempt == 3
    assert deserialize_operation_payload(step.result) == {"authorized_cents": 4200, "attempt": 3}
    # Retries are attempts of one operation, not new operations.
    assert len(result.get_all_operations()) == 1


@pytest.mark.durable_execution(handler=payments.charge_with_retries)
def test_exhausted_retries_fail_the_execution(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"amount_cents": 4200, "outages": 5}), execution_timeout=10
    )

    assert result.status is InvocationStatus.FAILED
    assert result.error.type.endswith("StepError")
    assert result.error.message == "gateway unreachable (attempt 3)"
    step = result.get_step("authorize_payment")
    assert step.status is OperationStatus.FAILED
    assert step.attempt == 3
    assert step.error.type == "ConnectionError"
    assert step.error.message == "gateway unreachable (attempt 3)"


@pytest.mark.durable_execution(handler=payments.charge_with_retries)
def test_error_outside_retryable_types_is_not_retried(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"amount_cents": 4200, "outages": 0, "decline": True}),
        execution_timeout=10,
    )

    assert result.status is InvocationStatus.FAILED
    assert result.error.message == "payment of 4200 cents declined by issuer"
    step = result.get_step("authorize_payment")
    assert step.attempt == 1
    assert step.error.type == "ValueError"


@pytest.mark.durable_execution(handler=payments.charge_with_fallback)
def test_backup_processor_is_used_after_primary_retries_run_out(durable_runner):
    result = durable_runner.run(input=json.dumps({"amount_cents": 990}), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"processor": "backup", "charged_cents": 990}
    primary = result.get_step("charge_primary_processor")
    assert primary.status is OperationStatus.FAILED
    assert primary.attempt == 2
    assert primary.error.message == "primary processor unavailable"
    backup = result.get_step("charge_backup_processor")
    assert backup.status is OperationStatus.SUCCEEDED
    assert backup.attempt == 1


@pytest.mark.durable_execution(handler=payments.record_ledger_entry)
def test_hand_written_retry_strategy_retries_throttling(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"entry_id": "E-1", "throttled_attempts": 2}), execution_timeout=10
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"ledger_id": "LEDGER-E-1"}
    step = result.get_step("post_to_ledger")
    assert step.attempt == 3
    assert step.result == '"LEDGER-E-1"'


@pytest.mark.durable_execution(handler=payments.record_ledger_entry)
def test_hand_written_retry_strategy_gives_up_after_four_attempts(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"entry_id": "E-2", "throttled_attempts": 10}), execution_timeout=10
    )

    assert result.status is InvocationStatus.FAILED
    assert result.error.message == "ledger API rate limited"
    step = result.get_step("post_to_ledger")
    assert step.status is OperationStatus.FAILED
    assert step.attempt == 4
    assert step.error.type == "RuntimeError"


@pytest.mark.durable_execution(handler=payments.refund_payment)
def test_linear_retry_preset(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"refund_id": "RF-9", "timeouts": 3}), execution_timeout=10
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"refund_id": "RF-9", "attempts": 4}
    assert result.get_step("issue_refund").attempt == 4


@pytest.mark.durable_execution(handler=payments.settle_payments)
def test_with_retry_reruns_the_whole_block(durable_runner):
    result = durable_runner.run(input=json.dumps({"rejections": 1}), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"batch": "BATCH-2-SETTLED", "attempt": 2}

    block = result.get_context("settlement")
    assert block.operation_type is OperationType.CONTEXT
    assert block.status is OperationStatus.SUCCEEDED
    opened = [op for op in block.child_operations if op.name == "open_settlement_batch"]
    submitted = [op for op in block.child_operations if op.name == "submit_settlement_batch"]
    assert [deserialize_operation_payload(op.result) for op in opened] == ["BATCH-1", "BATCH-2"]
    assert [op.status for op in submitted] == [OperationStatus.FAILED, OperationStatus.SUCCEEDED]
    assert submitted[0].error.message == "BATCH-1 rejected by acquirer"
    backoff = block.get_wait("settlement-backoff-1")
    assert backoff.operation_type is OperationType.WAIT
    assert backoff.status is OperationStatus.SUCCEEDED
