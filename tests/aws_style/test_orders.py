"""Order processing: steps, durable_step functions, step errors and handler errors."""

import json

import pytest
from aws_durable_execution_sdk_python.execution import InvocationStatus
from aws_durable_execution_sdk_python.lambda_service import OperationStatus, OperationType
from durable_shop import orders
from payloads import deserialize_operation_payload

ORDER = {
    "order_id": "o-100",
    "items": [
        {"sku": "mug", "qty": 2, "unit_price_cents": 1250},
        {"sku": "tea", "qty": 1, "unit_price_cents": 800},
    ],
}


@pytest.mark.durable_execution(handler=orders.process_order)
def test_valid_order_is_confirmed(durable_runner):
    result = durable_runner.run(input=json.dumps(ORDER), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert result.error is None
    assert json.loads(result.result) == {
        "order_id": "o-100",
        "items": 2,
        "total_cents": 3960,
        "reservation_id": "RES-o-100-3",
        "state": "CONFIRMED",
    }


@pytest.mark.durable_execution(handler=orders.process_order)
def test_each_stage_is_a_checkpointed_step(durable_runner):
    result = durable_runner.run(input=json.dumps(ORDER), execution_timeout=10)

    # durable_step functions are named after the function unless a name is given.
    assert [op.name for op in result.operations] == [
        "validate_order",
        "price_order",
        "reserve-stock",
        "confirm_order",
    ]
    for operation in result.operations:
        assert operation.operation_type is OperationType.STEP
        assert operation.status is OperationStatus.SUCCEEDED
        assert operation.attempt == 1
        assert operation.error is None
    assert len(result.get_all_operations()) == 4


@pytest.mark.durable_execution(handler=orders.process_order)
def test_step_results_are_stored_as_payloads(durable_runner):
    result = durable_runner.run(input=json.dumps(ORDER), execution_timeout=10)

    pricing = result.get_step("price_order")
    assert deserialize_operation_payload(pricing.result) == {
        "subtotal_cents": 3300,
        "tax_cents": 660,
        "total_cents": 3960,
    }
    # Primitives are stored as plain JSON.
    assert result.get_step("reserve-stock").result == '"RES-o-100-3"'
    assert deserialize_operation_payload(result.get_step("confirm_order").result) == {
        "order_id": "o-100",
        "reservation_id": "RES-o-100-3",
        "state": "CONFIRMED",
    }


@pytest.mark.durable_execution(handler=orders.process_order)
def test_empty_order_fails_in_validation(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"order_id": "o-101", "items": []}), execution_timeout=10
    )

    assert result.status is InvocationStatus.FAILED
    assert result.result is None
    assert result.error.message == "order o-101 has no items"
    assert result.error.type.endswith("StepError")

    validation = result.get_step("validate_order")
    assert validation.status is OperationStatus.FAILED
    assert validation.attempt == 1
    assert validation.error.type == "ValueError"
    assert validation.error.message == "order o-101 has no items"
    # Nothing after the failed step ran.
    assert [op.name for op in result.operations] == ["validate_order"]


@pytest.mark.parametrize("quantity", [0, -3])
@pytest.mark.durable_execution(handler=orders.process_order)
def test_non_positive_quantity_is_rejected(durable_runner, quantity):
    order = {"order_id": "o-102", "items": [{"sku": "mug", "qty": quantity, "unit_price_cents": 1}]}

    result = durable_runner.run(input=json.dumps(order), execution_timeout=10)

    assert result.status is InvocationStatus.FAILED
    assert result.error.message == f"invalid quantity {quantity} for mug"
    assert result.get_step("validate_order").error.type == "ValueError"


@pytest.mark.durable_execution(handler=orders.process_order_with_limit)
def test_order_over_credit_limit_fails_the_handler(durable_runner):
    result = durable_runner.run(
        input=json.dumps({**ORDER, "credit_limit_cents": 2000}), execution_timeout=10
    )

    assert result.status is InvocationStatus.FAILED
    assert result.error.type.endswith("OrderRejectedError")
    assert result.error.message == "total 3960 exceeds credit limit 2000"
    # The step before the handler raised completed and stays checkpointed.
    pricing = result.get_step("price_order")
    assert pricing.status is OperationStatus.SUCCEEDED
    assert deserialize_operation_payload(pricing.result)["total_cents"] == 3960


@pytest.mark.durable_execution(handler=orders.process_order_with_limit)
def test_order_within_credit_limit_is_approved(durable_runner):
    result = durable_runner.run(
        input=json.dumps({**ORDER, "credit_limit_cents": 5000}), execution_timeout=10
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"approved_cents": 3960}


@pytest.mark.durable_execution(handler=orders.checkout)
def test_declined_card_releases_the_reservation(durable_runner):
    order = {**ORDER, "card": "4111111111110000"}

    result = durable_runner.run(input=json.dumps(order), execution_timeout=10)

    # The handler caught the StepError and compensated, so the execution succeeds.
    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "state": "CANCELLED",
        "reason": "card ending 0000 declined for 3960 cents",
        "compensation": "released RES-o-100-3",
    }
    charge = result.get_step("charge_card")
    assert charge.status is OperationStatus.FAILED
    assert charge.error.type == "ValueError"
    assert charge.result is None
    release = result.get_step("release-stock")
    assert release.status is OperationStatus.SUCCEEDED
    assert deserialize_operation_payload(release.result) == "released RES-o-100-3"


@pytest.mark.durable_execution(handler=orders.checkout)
def test_accepted_card_is_charged_without_compensation(durable_runner):
    order = {**ORDER, "card": "4111111111114242"}

    result = durable_runner.run(input=json.dumps(order), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"state": "PAID", "charged_cents": 3960}
    assert [op.name for op in result.operations] == ["price_order", "reserve-stock", "charge_card"]
    assert deserialize_operation_payload(result.get_step("charge_card").result) == {
        "charged_cents": 3960,
        "card_last4": "4242",
    }
