"""Approvals: callbacks completed from the test with the runner's callback API."""

import json

import pytest
from aws_durable_execution_sdk_python.execution import InvocationStatus
from aws_durable_execution_sdk_python.lambda_service import (
    ErrorObject,
    OperationStatus,
    OperationType,
)
from durable_shop import approvals
from payloads import deserialize_operation_payload

PURCHASE = {"request_id": "881", "approver": "maria@example.com"}


@pytest.mark.durable_execution(handler=approvals.purchase_approval)
def test_purchase_is_decided_when_the_manager_approves(durable_runner):
    execution_arn = durable_runner.run_async(input=json.dumps(PURCHASE), execution_timeout=10)
    callback_id = durable_runner.wait_for_callback(execution_arn, name="manager-approval")
    decision = {"approved": True, "approver": "maria"}
    durable_runner.send_callback_success(callback_id, result=json.dumps(decision).encode())
    result = durable_runner.wait_for_result(execution_arn, timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "request_id": "PR-881",
        "state": "DECIDED",
        "summary": "PR-881 APPROVED by maria",
    }
    callback = result.get_callback("manager-approval")
    assert callback.operation_type is OperationType.CALLBACK
    assert callback.status is OperationStatus.SUCCEEDED
    assert callback.callback_id == callback_id
    # The callback result is the bytes sent, as text.
    assert json.loads(callback.result) == decision
    # The handler handed the same id to the approver in a step.
    notification = deserialize_operation_payload(result.get_step("notify_approver").result)
    assert notification == {"to": "maria@example.com", "callback_id": callback_id}


@pytest.mark.durable_execution(handler=approvals.purchase_approval)
def test_execution_suspends_until_the_callback_arrives(durable_runner):
    execution_arn = durable_runner.run_async(input=json.dumps(PURCHASE), execution_timeout=10)
    callback_id = durable_runner.wait_for_callback(execution_arn, name="manager-approval")

    # A second look finds the same, still open, callback.
    assert durable_runner.wait_for_callback(execution_arn, name="manager-approval") == callback_id
    assert isinstance(callback_id, str) and callback_id

    durable_runner.send_callback_success(
        callback_id, result=b'{"approved": false, "approver": "li"}'
    )
    result = durable_runner.wait_for_result(execution_arn, timeout=10)
    assert json.loads(result.result)["summary"] == "PR-881 DENIED by li"


@pytest.mark.durable_execution(handler=approvals.purchase_approval)
def test_callback_failure_is_handled_as_a_rejection(durable_runner):
    execution_arn = durable_runner.run_async(input=json.dumps(PURCHASE), execution_timeout=10)
    callback_id = durable_runner.wait_for_callback(execution_arn, name="manager-approval")
    durable_runner.send_callback_failure(
        callback_id,
        error=ErrorObject(message="over budget", type="Rejected", data=None, stack_trace=None),
    )
    result = durable_runner.wait_for_result(execution_arn, timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "request_id": "PR-881",
        "state": "REJECTED",
        "reason": "over budget",
    }
    callback = result.get_callback("manager-approval")
    assert callback.status is OperationStatus.FAILED
    assert callback.error.message == "over budget"
    assert callback.error.type == "Rejected"
    assert callback.result is None
    assert "record_decision" not in [op.name for op in result.operations]


@pytest.mark.durable_execution(handler=approvals.expense_approval)
def test_unhandled_callback_failure_fails_the_execution(durable_runner):
    execution_arn = durable_runner.run_async(
        input=json.dumps({"expense_id": "EX-5"}), execution_timeout=10
    )
    callback_id = durable_runner.wait_for_callback(execution_arn, name="expense-approval")
    durable_runner.send_callback_failure(
        callback_id,
        error=ErrorObject(
            message="duplicate receipt",
            type="Duplicate",
            data='{"receipt": "R-1"}',
            stack_trace=None,
        ),
    )
    result = durable_runner.wait_for_result(execution_arn, timeout=10)

    assert result.status is InvocationStatus.FAILED
    assert result.result is None
    assert result.error.message == "duplicate receipt"
    assert result.error.type.endswith("CallbackExternalError")
    assert result.error.data == '{"receipt": "R-1"}'
    callback = result.get_callback("expense-approval")
    assert callback.status is OperationStatus.FAILED
    assert callback.error.type == "Duplicate"


@pytest.mark.durable_execution(handler=approvals.expense_approval)
def test_failure_sent_as_a_bare_message(durable_runner):
    execution_arn = durable_runner.run_async(
        input=json.dumps({"expense_id": "EX-6"}), execution_timeout=10
    )
    callback_id = durable_runner.wait_for_callback(execution_arn, name="expense-approval")
    durable_runner.send_callback_failure(callback_id, error=ErrorObject.from_message("no receipt"))
    result = durable_runner.wait_for_result(execution_arn, timeout=10)

    assert result.status is InvocationStatus.FAILED
    assert result.error.message == "no receipt"
    assert result.get_callback("expense-approval").error.message == "no receipt"


@pytest.mark.durable_execution(handler=approvals.contract_signoff)
def test_two_callbacks_are_completed_by_name_in_any_order(durable_runner):
    execution_arn = durable_runner.run_async(
        input=json.dumps({"contract_id": "C-3"}), execution_timeout=10
    )
    legal_id = durable_runner.wait_for_callback(execution_arn, name="legal-signoff")
    finance_id = durable_runner.wait_for_callback(execution_arn, name="finance-signoff")
    assert legal_id != finance_id

    durable_runner.send_callback_success(finance_id, result=b"finance ok")
    durable_runner.send_callback_success(legal_id, result=b"legal ok")
    result = durable_runner.wait_for_result(execution_arn, timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "contract_id": "C-3",
        "legal": "legal ok",
        "finance": "finance ok",
    }
    assert result.get_callback("legal-signoff").callback_id == legal_id
    assert result.get_callback("finance-signoff").callback_id == finance_id
    callbacks = [
        op for op in result.get_all_operations() if op.operation_type is OperationType.CALLBACK
    ]
    assert sorted(op.name for op in callbacks) == ["finance-signoff", "legal-signoff"]


@pytest.mark.durable_execution(handler=approvals.delivery_confirmation)
def test_callback_success_without_a_payload(durable_runner):
    execution_arn = durable_runner.run_async(
        input=json.dumps({"shipment_id": "SH-1"}), execution_timeout=10
    )
    callback_id = durable_runner.wait_for_callback(execution_arn, name="courier-confirmation")
    durable_runner.send_callback_success(callback_id)
    result = durable_runner.wait_for_result(execution_arn, timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"shipment_id": "SH-1", "delivered": True, "payload": None}
    callback = result.get_callback("courier-confirmation")
    assert callback.status is OperationStatus.SUCCEEDED
    assert callback.result is None


@pytest.mark.durable_execution(handler=approvals.compliance_review)
def test_heartbeats_then_success(durable_runner):
    execution_arn = durable_runner.run_async(
        input=json.dumps({"case_id": "K-12"}), execution_timeout=10
    )
    callback_id = durable_runner.wait_for_callback(execution_arn, name="compliance-review")
    durable_runner.send_callback_heartbeat(callback_id)
    durable_runner.send_callback_heartbeat(callback_id)
    # Heartbeats do not complete the callback: it is still open.
    assert durable_runner.wait_for_callback(execution_arn, name="compliance-review") == callback_id

    durable_runner.send_callback_success(callback_id, result=b'{"verdict": "compliant"}')
    result = durable_runner.wait_for_result(execution_arn, timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"case_id": "K-12", "verdict": "compliant"}
    assert result.get_callback("compliance-review").status is OperationStatus.SUCCEEDED


@pytest.mark.durable_execution(handler=approvals.escalate_ticket)
def test_wait_for_callback_runs_the_submitter_and_returns_the_result(durable_runner):
    execution_arn = durable_runner.run_async(
        input=json.dumps({"customer_id": "cust-9", "issue": "refund missing"}),
        execution_timeout=10,
    )
    callback_id = durable_runner.wait_for_callback(execution_arn)
    durable_runner.send_callback_success(
        callback_id, result=json.dumps({"fixed": True, "agent": "sam"}).encode()
    )
    result = durable_runner.wait_for_result(execution_arn, timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "customer_id": "cust-9",
        "resolution": {"fixed": True, "agent": "sam"},
    }
    # wait_for_callback is a child context holding the submitter step and the callback.
    waiting = result.get_context("support-resolution")
    assert waiting.operation_type is OperationType.CONTEXT
    assert waiting.status is OperationStatus.SUCCEEDED
    assert deserialize_operation_payload(waiting.result) == '{"fixed": true, "agent": "sam"}'
    kinds = sorted(op.operation_type.value for op in waiting.child_operations)
    assert kinds == ["CALLBACK", "STEP"]
    (callback,) = [
        op for op in waiting.child_operations if op.operation_type is OperationType.CALLBACK
    ]
    assert callback.callback_id == callback_id
    assert callback.status is OperationStatus.SUCCEEDED
    (submitter,) = [
        op for op in waiting.child_operations if op.operation_type is OperationType.STEP
    ]
    assert submitter.status is OperationStatus.SUCCEEDED
    assert submitter.attempt == 1


@pytest.mark.durable_execution(handler=approvals.escalate_ticket)
def test_wait_for_callback_failure_fails_the_execution(durable_runner):
    execution_arn = durable_runner.run_async(
        input=json.dumps({"customer_id": "cust-9", "issue": "late"}), execution_timeout=10
    )
    callback_id = durable_runner.wait_for_callback(execution_arn)
    durable_runner.send_callback_failure(
        callback_id, error=ErrorObject.from_message("customer unreachable")
    )
    result = durable_runner.wait_for_result(execution_arn, timeout=10)

    assert result.status is InvocationStatus.FAILED
    assert result.error.message == "customer unreachable"
    waiting = result.get_context("support-resolution")
    assert waiting.status is OperationStatus.FAILED


@pytest.mark.durable_execution(handler=approvals.escalate_to_offline_helpdesk)
def test_failing_submitter_fails_without_waiting_for_the_callback(durable_runner):
    result = durable_runner.run(input=json.dumps({}), execution_timeout=10)

    assert result.status is InvocationStatus.FAILED
    assert result.error.type.endswith("CallbackSubmitterError")
    assert result.error.message == "helpdesk API unreachable"
    waiting = result.get_context("offline-helpdesk")
    assert waiting.status is OperationStatus.FAILED
    (submitter,) = [
        op for op in waiting.child_operations if op.operation_type is OperationType.STEP
    ]
    assert submitter.status is OperationStatus.FAILED
    assert submitter.error.type == "ConnectionError"
