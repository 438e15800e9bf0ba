"""Reconciliation: the replay-aware context.logger across a wait (and so a replay)."""

import json
import logging

import pytest
from aws_durable_execution_sdk_python.execution import InvocationStatus
from aws_durable_execution_sdk_python.lambda_service import OperationStatus, OperationType
from durable_shop import audit
from payloads import deserialize_operation_payload

ACCOUNT = {"account_id": "acct-3"}


def messages(caplog, text):
    return [record for record in caplog.records if record.getMessage() == text]


@pytest.mark.durable_execution(handler=audit.reconcile_account)
def test_reconciliation_succeeds_across_the_wait(durable_runner):
    result = durable_runner.run(input=json.dumps(ACCOUNT), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "account_id": "acct-3",
        "matched": 3,
        "unmatched": 0,
        "archive": "s3://statements/acct-3.pdf",
    }
    assert [op.name for op in result.operations] == [
        "fetch_statement",
        "settlement-window",
        "match_entries",
        "archive_statement",
    ]
    assert result.get_wait("settlement-window").operation_type is OperationType.WAIT
    archive = result.get_context("archive_statement")
    assert archive.status is OperationStatus.SUCCEEDED
    assert deserialize_operation_payload(archive.get_step("upload-statement").result) == (
        "s3://statements/acct-3.pdf"
    )


@pytest.mark.durable_execution(handler=audit.reconcile_account)
def test_each_log_line_is_emitted_once_despite_replay(durable_runner, caplog):
    caplog.set_level(logging.INFO)

    result = durable_runner.run(input=json.dumps(ACCOUNT), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    # The handler runs again from the top after the wait; the replay-aware logger
    # suppresses the lines it already emitted.
    for line in (
        "reconciliation started for acct-3",
        "fetching statement for acct-3",
        "settlement window closed for acct-3",
        "archiving statement of acct-3",
        "reconciliation finished for acct-3",
    ):
        assert len(messages(caplog, line)) == 1, line


@pytest.mark.durable_execution(handler=audit.reconcile_account)
def test_log_records_carry_the_execution_arn(durable_runner, caplog):
    caplog.set_level(logging.INFO)

    execution_arn = durable_runner.run_async(input=json.dumps(ACCOUNT), execution_timeout=10)
    result = durable_runner.wait_for_result(execution_arn, timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    (started,) = messages(caplog, "reconciliation started for acct-3")
    assert started.executionArn == execution_arn
    (fetching,) = messages(caplog, "fetching statement for acct-3")
    assert fetching.executionArn == execution_arn
    assert fetching.operationName == "fetch_statement"
