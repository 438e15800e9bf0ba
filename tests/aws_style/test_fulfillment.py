"""Fulfilment: parallel branches with ParallelConfig/CompletionConfig, and child contexts."""

import json

import pytest
from aws_durable_execution_sdk_python.execution import InvocationStatus
from aws_durable_execution_sdk_python.lambda_service import OperationStatus, OperationType
from durable_shop import fulfillment
from payloads import deserialize_operation_payload

ORDER = {"order_id": "o-7", "skus": ["lamp", "bulb"]}


# --- parallel -------------------------------------------------------------------------------


@pytest.mark.durable_execution(handler=fulfillment.prepare_shipment)
def test_named_parallel_branches_all_run(durable_runner):
    result = durable_runner.run(input=json.dumps(ORDER), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == [
        "o-7: picked 2 items",
        "o-7: label printed",
        "o-7: courier booked",
    ]
    preparation = result.get_context("prepare-shipment")
    assert preparation.operation_type is OperationType.CONTEXT
    assert preparation.status is OperationStatus.SUCCEEDED
    assert sorted(op.name for op in preparation.child_operations) == [
        "courier",
        "labelling",
        "picking",
    ]
    picking = preparation.get_context("picking")
    assert picking.status is OperationStatus.SUCCEEDED
    assert picking.get_step("pick_items").result == '"o-7: picked 2 items"'
    assert preparation.get_context("courier").get_step("book_courier").status is (
        OperationStatus.SUCCEEDED
    )


@pytest.mark.durable_execution(handler=fulfillment.prepare_with_printer)
def test_all_completed_parallel_returns_every_result(durable_runner):
    result = durable_runner.run(
        input=json.dumps({**ORDER, "printer_online": True}), execution_timeout=10
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == ["o-7: picked 2 items", "o-7: label printed"]
    branches = result.get_context("prepare-with-printer").child_operations
    assert len(branches) == 2
    assert {op.status for op in branches} == {OperationStatus.SUCCEEDED}


@pytest.mark.durable_execution(handler=fulfillment.prepare_with_printer)
def test_failed_branch_surfaces_through_throw_if_error(durable_runner):
    result = durable_runner.run(
        input=json.dumps({**ORDER, "printer_online": False}), execution_timeout=10
    )

    assert result.status is InvocationStatus.FAILED
    assert result.error.type.endswith("ChildContextError")
    assert result.error.message == "label printer offline"
    # all_completed: the parallel operation itself completes; the handler raised afterwards.
    preparation = result.get_context("prepare-with-printer")
    assert preparation.status is OperationStatus.SUCCEEDED
    statuses = sorted(op.status.value for op in preparation.child_operations)
    assert statuses == ["FAILED", "SUCCEEDED"]
    (failed_branch,) = [
        op for op in preparation.child_operations if op.status is OperationStatus.FAILED
    ]
    label = failed_branch.get_step("print_label")
    assert label.error.type == "OSError"
    assert label.attempt == 1


@pytest.mark.parametrize(("amount_cents", "approved"), [(25_000, True), (250_000, False)])
@pytest.mark.durable_execution(handler=fulfillment.risk_assessment)
def test_decorated_parallel_branches(durable_runner, amount_cents, approved):
    event = {"order_id": "o-8", "customer_id": "cust-1", "amount_cents": amount_cents}

    result = durable_runner.run(input=json.dumps(event), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assessment = json.loads(result.result)
    assert assessment["approved"] is approved
    assert [check["check"] for check in assessment["checks"]] == ["fraud", "credit"]
    checks = result.get_context("risk-checks")
    assert sorted(op.name for op in checks.child_operations) == ["credit-check", "fraud-check"]
    score = checks.get_context("fraud-check").get_step("fraud-score")
    assert deserialize_operation_payload(score.result) == (10 if approved else 90)


@pytest.mark.durable_execution(handler=fulfillment.quote_shipping)
def test_first_successful_stops_after_the_first_quote(durable_runner):
    carriers = [
        {"name": "ups", "available": False},
        {"name": "dhl", "available": True},
        {"name": "fedex", "available": True},
    ]

    result = durable_runner.run(input=json.dumps({"carriers": carriers}), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "quote": {"carrier": "dhl", "price_cents": 1299},
        "succeeded": 1,
        "failed": 1,
    }
    quotes = result.get_context("carrier-quotes")
    assert quotes.status is OperationStatus.SUCCEEDED
    # One branch at a time: fedex was never asked.
    assert sorted(op.name for op in quotes.child_operations) == ["quote-dhl", "quote-ups"]
    assert quotes.get_context("quote-ups").status is OperationStatus.FAILED


@pytest.mark.durable_execution(handler=fulfillment.notify_customer)
def test_failure_percentage_within_tolerance(durable_runner):
    channels = [
        {"name": "email", "reachable": True},
        {"name": "sms", "reachable": False},
        {"name": "push", "reachable": True},
    ]

    result = durable_runner.run(input=json.dumps({"channels": channels}), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "delivered": ["sent via email", "sent via push"],
        "succeeded": 2,
        "failed": 1,
        "completion_reason": "ALL_COMPLETED",
        "status": "FAILED",
    }
    sms = result.get_context("notify").get_context("notify-sms")
    assert sms.status is OperationStatus.FAILED
    assert sms.error.message == "sms provider rejected the message"


@pytest.mark.durable_execution(handler=fulfillment.notify_customer)
def test_failure_percentage_exceeded(durable_runner):
    channels = [
        {"name": "email", "reachable": False},
        {"name": "sms", "reachable": False},
        {"name": "push", "reachable": True},
    ]

    result = durable_runner.run(input=json.dumps({"channels": channels}), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    summary = json.loads(result.result)
    assert summary["completion_reason"] == "FAILURE_TOLERANCE_EXCEEDED"
    assert summary["failed"] == 2
    assert summary["status"] == "FAILED"


# --- child contexts -------------------------------------------------------------------------


@pytest.mark.durable_execution(handler=fulfillment.fulfil_order)
def test_child_context_groups_the_packing_operations(durable_runner):
    result = durable_runner.run(input=json.dumps(ORDER), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"box_id": "BOX-o-7-2", "tracking": "BOX-o-7-2 dispatched"}

    # Only the two child contexts are top-level operations.
    assert [op.name for op in result.operations] == ["pack_order", "shipping"]
    packing = result.get_context("pack_order")
    assert packing.operation_type is OperationType.CONTEXT
    assert packing.status is OperationStatus.SUCCEEDED
    assert packing.result == '"BOX-o-7-2"'
    assert [op.name for op in packing.child_operations] == [
        "pick-lamp",
        "pick-bulb",
        "glue-drying",
        "seal_box",
    ]
    assert packing.get_step("pick-bulb").result == '"picked bulb"'
    assert packing.get_wait("glue-drying").status is OperationStatus.SUCCEEDED
    for child in packing.child_operations:
        assert child.parent_id == packing.operation_id

    shipping = result.get_context("shipping")
    (dispatch,) = shipping.child_operations
    assert dispatch.name == "dispatch"
    assert deserialize_operation_payload(dispatch.result) == "BOX-o-7-2 dispatched"


@pytest.mark.durable_execution(handler=fulfillment.build_kit)
def test_nested_child_contexts(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"kit_id": "K-1", "parts": ["fan", "psu", "board"]}),
        execution_timeout=10,
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "kit": "K-1",
        "components": ["fan-ok", "psu-ok", "board-ok"],
    }
    kit = result.get_context("assemble-kit")
    assert [op.name for op in kit.child_operations] == [
        "component-fan",
        "component-psu",
        "component-board",
        "burn-in",
    ]
    fan = kit.get_context("component-fan")
    assert fan.parent_id == kit.operation_id
    assert fan.get_step("test-fan").result == '"fan-ok"'

    everything = result.get_all_operations()
    by_type = {kind: 0 for kind in OperationType}
    for operation in everything:
        by_type[operation.operation_type] += 1
    assert by_type[OperationType.CONTEXT] == 4
    assert by_type[OperationType.STEP] == 3
    assert by_type[OperationType.WAIT] == 1


@pytest.mark.durable_execution(handler=fulfillment.dispatch_with_broken_printer)
def test_failure_inside_a_child_context(durable_runner):
    result = durable_runner.run(input=json.dumps({"order_id": "o-9"}), execution_timeout=10)

    assert result.status is InvocationStatus.FAILED
    assert result.error.type.endswith("ChildContextError")
    assert result.error.message == "label printer offline"
    block = result.get_context("label_and_dispatch")
    assert block.status is OperationStatus.FAILED
    assert block.error.message == "label printer offline"
    assert block.get_step("load-labels").status is OperationStatus.SUCCEEDED
    label = block.get_step("print-label")
    assert label.status is OperationStatus.FAILED
    assert label.error.type == "OSError"
