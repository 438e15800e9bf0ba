"""Warehouse: map and parallel branches run at the same time, up to max_concurrency."""

import json

import pytest
from aws_durable_execution_sdk_python.execution import InvocationStatus
from aws_durable_execution_sdk_python.lambda_service import OperationStatus
from durable_shop import warehouse


@pytest.mark.durable_execution(handler=warehouse.count_aisles_together)
def test_parallel_branches_meet_while_running(durable_runner):
    # Each branch's step waits at a barrier for all the others: run one after another,
    # the first would wait alone until the barrier times out and the step fails.
    result = durable_runner.run(input=json.dumps({"aisles": ["a", "b", "c"]}), execution_timeout=20)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == ["a: counted", "b: counted", "c: counted"]
    stocktake = result.get_context("stocktake")
    assert [branch.status for branch in stocktake.child_operations] == [
        OperationStatus.SUCCEEDED
    ] * 3


@pytest.mark.parametrize("crew", [1, 2, 3])
@pytest.mark.durable_execution(handler=warehouse.pick_with_crew)
def test_map_keeps_to_max_concurrency(durable_runner, crew):
    orders = [f"o-{n}" for n in range(6)]
    event = {"orders": orders, "crew": crew, "seconds": 0.02}
    result = durable_runner.run(input=json.dumps(event), execution_timeout=20)

    assert result.status is InvocationStatus.SUCCEEDED
    # Each picker spends 0.02 s on the floor, so a full crew always meets there.
    assert json.loads(result.result) == {"most_on_floor": crew, "picked": 6}
    picking = result.get_context("picking")
    assert len(picking.child_operations) == 6
    assert {
        step.name for iteration in picking.child_operations for step in iteration.child_operations
    } == {f"pick-{order}" for order in orders}


@pytest.mark.durable_execution(handler=warehouse.first_carrier_to_answer)
def test_a_branch_still_running_at_completion_is_left_behind(durable_runner):
    carriers = [{"name": "fast", "seconds": 0}, {"name": "slow", "seconds": 0.1}]
    result = durable_runner.run(input=json.dumps({"carriers": carriers}), execution_timeout=20)

    assert result.status is InvocationStatus.SUCCEEDED
    # Both branches started; the batch completed with the first answer.
    assert json.loads(result.result) == {
        "quotes": ["fast quote"],
        "reason": "MIN_SUCCESSFUL_REACHED",
        "started": 2,
    }
    fast, slow = result.get_context("carriers").child_operations
    assert fast.status is OperationStatus.SUCCEEDED
    assert fast.get_step("book-fast").status is OperationStatus.SUCCEEDED
    # The slow branch never finished: its quote came after the batch had completed, so it
    # was not recorded, and it never went on to book.
    assert slow.status is OperationStatus.STARTED
    assert [step.name for step in slow.child_operations] == ["quote-slow"]
    assert slow.get_step("quote-slow").status is OperationStatus.STARTED
