"""Inventory: map with MapConfig/CompletionConfig and BatchResult, and wait_for_condition."""

import json

import pytest
from aws_durable_execution_sdk_python.execution import InvocationStatus
from aws_durable_execution_sdk_python.lambda_service import OperationStatus, OperationType
from durable_shop import inventory
from payloads import deserialize_operation_payload

SHORT_ITEMS = [
    {"sku": "bolt", "on_hand": 10, "target": 50},
    {"sku": "nut", "on_hand": 0, "target": 20},
    {"sku": "washer", "on_hand": 95, "target": 100},
]


@pytest.mark.durable_execution(handler=inventory.restock_warehouse)
def test_map_orders_every_short_sku(durable_runner):
    result = durable_runner.run(input=json.dumps({"items": SHORT_ITEMS}), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    # get_results() keeps input order whatever the completion order.
    assert json.loads(result.result) == {
        "purchase_orders": ["PO-bolt", "PO-nut", "PO-washer"],
        "units": 65,
        "total": 3,
    }

    restock = result.get_context("restock")
    assert restock.operation_type is OperationType.CONTEXT
    assert restock.status is OperationStatus.SUCCEEDED
    assert len(restock.child_operations) == 3
    for iteration in restock.child_operations:
        assert iteration.operation_type is OperationType.CONTEXT
        assert iteration.status is OperationStatus.SUCCEEDED
        (step,) = iteration.child_operations
        assert step.name == "order_from_supplier"
        assert step.operation_type is OperationType.STEP
        assert deserialize_operation_payload(step.result) == deserialize_operation_payload(
            iteration.result
        )
    ordered = sorted(
        deserialize_operation_payload(iteration.result)["ordered"]
        for iteration in restock.child_operations
    )
    assert ordered == [5, 20, 40]


@pytest.mark.durable_execution(handler=inventory.restock_warehouse)
def test_throw_if_error_fails_the_handler_on_a_failed_item(durable_runner):
    items = [*SHORT_ITEMS[:1], {"sku": "gear", "on_hand": 80, "target": 80}]

    result = durable_runner.run(input=json.dumps({"items": items}), execution_timeout=10)

    assert result.status is InvocationStatus.FAILED
    assert result.error.message == "nothing to reorder for gear"
    assert result.error.type.endswith("ChildContextError")
    failed_steps = [
        op
        for op in result.get_all_operations()
        if op.operation_type is OperationType.STEP and op.status is OperationStatus.FAILED
    ]
    assert [op.error.type for op in failed_steps] == ["ValueError"]


@pytest.mark.durable_execution(handler=inventory.restock_named)
def test_item_namer_names_each_iteration(durable_runner):
    result = durable_runner.run(input=json.dumps({"items": SHORT_ITEMS}), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == ["PO-bolt", "PO-nut", "PO-washer"]
    restock = result.get_context("restock-named")
    assert sorted(op.name for op in restock.child_operations) == [
        "restock-bolt",
        "restock-nut",
        "restock-washer",
    ]
    nut = restock.get_context("restock-nut")
    assert deserialize_operation_payload(nut.get_step("order_from_supplier").result) == {
        "sku": "nut",
        "ordered": 20,
        "po": "PO-nut",
    }


@pytest.mark.durable_execution(handler=inventory.audit_restock)
def test_tolerated_failure_is_reported_not_raised(durable_runner):
    items = [SHORT_ITEMS[0], {"sku": "gear", "on_hand": 90, "target": 80}, SHORT_ITEMS[1]]

    result = durable_runner.run(
        input=json.dumps({"items": items, "tolerated": 1}), execution_timeout=10
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "ordered": ["bolt", "nut"],
        "succeeded": 2,
        "failed": 1,
        "total": 3,
        "completion_reason": "ALL_COMPLETED",
        "errors": ["nothing to reorder for gear"],
        "raised": "ChildContextError",
    }
    audit = result.get_context("audit-restock")
    assert audit.status is OperationStatus.SUCCEEDED
    statuses = sorted(op.status.value for op in audit.child_operations)
    assert statuses == ["FAILED", "SUCCEEDED", "SUCCEEDED"]


@pytest.mark.durable_execution(handler=inventory.audit_restock)
def test_map_stops_once_failures_exceed_the_tolerance(durable_runner):
    items = [
        SHORT_ITEMS[0],
        {"sku": "gear", "on_hand": 90, "target": 80},
        {"sku": "cog", "on_hand": 5, "target": 5},
        SHORT_ITEMS[1],
    ]

    result = durable_runner.run(
        input=json.dumps({"items": items, "tolerated": 1}), execution_timeout=10
    )

    assert result.status is InvocationStatus.SUCCEEDED
    report = json.loads(result.result)
    assert report["completion_reason"] == "FAILURE_TOLERANCE_EXCEEDED"
    assert report["ordered"] == ["bolt"]
    assert (report["succeeded"], report["failed"]) == (1, 2)
    assert report["errors"] == ["nothing to reorder for gear", "nothing to reorder for cog"]
    # One at a time (max_concurrency=1): the last item never started.
    assert len(result.get_context("audit-restock").child_operations) == 3


@pytest.mark.durable_execution(handler=inventory.audit_restock)
def test_map_operation_result_is_the_serialized_batch_result(durable_runner):
    items = [SHORT_ITEMS[0], {"sku": "gear", "on_hand": 90, "target": 80}]

    result = durable_runner.run(
        input=json.dumps({"items": items, "tolerated": 1}), execution_timeout=10
    )

    batch = deserialize_operation_payload(result.get_context("audit-restock").result)
    assert batch.success_count == 1
    assert batch.failure_count == 1
    assert batch.get_results() == [{"sku": "bolt", "ordered": 40, "po": "PO-bolt"}]
    assert [error.message for error in batch.get_errors()] == ["nothing to reorder for gear"]
    assert batch.completion_reason.value == "ALL_COMPLETED"


@pytest.mark.durable_execution(handler=inventory.source_quotes)
def test_map_completes_once_min_successful_is_reached(durable_runner):
    suppliers = [
        {"name": "acme", "in_stock": True, "price_cents": 900},
        {"name": "globex", "in_stock": False, "price_cents": 100},
        {"name": "initech", "in_stock": True, "price_cents": 700},
        {"name": "umbrella", "in_stock": True, "price_cents": 500},
    ]

    result = durable_runner.run(
        input=json.dumps({"suppliers": suppliers, "needed": 2}), execution_timeout=10
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "quotes": [
            {"supplier": "acme", "price_cents": 900},
            {"supplier": "initech", "price_cents": 700},
        ],
        "best": "initech",
        "completion_reason": "MIN_SUCCESSFUL_REACHED",
        "succeeded": 2,
        "failed": 1,
    }
    quotes = result.get_context("collect-quotes")
    assert quotes.status is OperationStatus.SUCCEEDED
    # umbrella was never asked.
    assert len(quotes.child_operations) == 3


@pytest.mark.durable_execution(handler=inventory.await_replenishment)
def test_wait_for_condition_polls_until_enough_stock(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"sku": "bolt", "on_hand": 0, "per_delivery": 40, "required": 100}),
        execution_timeout=10,
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"sku": "bolt", "on_hand": 120, "checks": 3}
    poll = result.get_step("await-stock")
    assert poll.operation_type is OperationType.STEP
    assert poll.status is OperationStatus.SUCCEEDED
    assert poll.attempt == 3
    assert deserialize_operation_payload(poll.result) == {"on_hand": 120, "checks": 3}


@pytest.mark.durable_execution(handler=inventory.await_replenishment)
def test_wait_for_condition_met_on_the_first_check(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"sku": "nut", "on_hand": 150, "per_delivery": 10, "required": 100}),
        execution_timeout=10,
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"sku": "nut", "on_hand": 160, "checks": 1}
    assert result.get_step("await-stock").attempt == 1


@pytest.mark.durable_execution(handler=inventory.track_inbound_shipment)
def test_wait_strategy_polls_until_delivered(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"shipment_id": "IN-4", "max_polls": 5}), execution_timeout=10
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"shipment_id": "IN-4", "status": "DELIVERED", "polls": 3}
    tracking = result.get_step("track-shipment")
    assert tracking.status is OperationStatus.SUCCEEDED
    assert tracking.attempt == 3


@pytest.mark.durable_execution(handler=inventory.track_inbound_shipment)
def test_wait_strategy_fails_when_attempts_run_out(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"shipment_id": "IN-5", "max_polls": 2}), execution_timeout=10
    )

    assert result.status is InvocationStatus.FAILED
    assert result.error.type.endswith("WaitForConditionError")
    assert "exhausted 2 attempts" in result.error.message
    tracking = result.get_step("track-shipment")
    assert tracking.status is OperationStatus.FAILED
    assert tracking.attempt == 2
    assert tracking.error.message == result.error.message
