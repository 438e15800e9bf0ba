"""Billing: context.invoke of registered durable and plain functions."""

import json

import pytest
from aws_durable_execution_sdk_python.execution import InvocationStatus
from aws_durable_execution_sdk_python.lambda_service import OperationStatus, OperationType
from durable_shop import billing


@pytest.mark.durable_execution(handler=billing.bill_customer)
def test_invokes_a_plain_and_a_durable_function(durable_runner):
    durable_runner.register_function(billing.TAX_SERVICE, billing.tax_service)
    durable_runner.register_durable_function(
        billing.PAYMENT_SERVICE, billing.payment_service, execution_timeout=60
    )

    result = durable_runner.run(
        input=json.dumps({"customer_id": "cust-5", "country": "DE", "net_cents": 10_000}),
        execution_timeout=10,
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"total_cents": 11_900, "capture_id": "CAP-cust-5-11900"}
    assert [op.name for op in result.operations] == ["tax-rate", "charge"]

    tax = result.get_invoke("tax-rate")
    assert tax.operation_type is OperationType.CHAINED_INVOKE
    assert tax.status is OperationStatus.SUCCEEDED
    assert json.loads(tax.result) == {"country": "DE", "rate_percent": 19}

    charge = result.get_invoke("charge")
    assert charge.status is OperationStatus.SUCCEEDED
    assert json.loads(charge.result) == {"capture_id": "CAP-cust-5-11900", "charged_cents": 11_900}
    assert charge.error is None


@pytest.mark.durable_execution(handler=billing.bill_customer_safely)
def test_failed_durable_target_is_caught_as_invoke_error(durable_runner):
    durable_runner.register_durable_function(billing.PAYMENT_SERVICE, billing.payment_service)

    result = durable_runner.run(
        input=json.dumps({"customer_id": "cust-6", "amount_cents": 2_000_000}),
        execution_timeout=10,
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "invoice": "UNPAID",
        "reason": "amount 2000000 exceeds the single-charge limit",
    }
    charge = result.get_invoke("charge")
    assert charge.status is OperationStatus.FAILED
    assert charge.result is None
    assert charge.error.message == "amount 2000000 exceeds the single-charge limit"


@pytest.mark.durable_execution(handler=billing.bill_customer)
def test_unhandled_invoke_failure_fails_the_execution(durable_runner):
    durable_runner.register_function(billing.TAX_SERVICE, billing.tax_service)
    durable_runner.register_durable_function(billing.PAYMENT_SERVICE, billing.payment_service)

    result = durable_runner.run(
        input=json.dumps({"customer_id": "cust-7", "country": "FR", "net_cents": 5_000_000}),
        execution_timeout=10,
    )

    assert result.status is InvocationStatus.FAILED
    assert result.error.type.endswith("InvokeError")
    assert result.error.message == "amount 6000000 exceeds the single-charge limit"
    assert result.get_invoke("tax-rate").status is OperationStatus.SUCCEEDED
    assert result.get_invoke("charge").status is OperationStatus.FAILED
