"""Subscriptions: durable waits, skipped by the runner's skip_time."""

import json
import time
from datetime import timedelta

import pytest
from aws_durable_execution_sdk_python.execution import InvocationStatus
from aws_durable_execution_sdk_python.lambda_service import OperationStatus, OperationType
from durable_shop import subscriptions

TRIAL = {"account_id": "acct-42", "plan": "team"}


@pytest.mark.durable_execution(handler=subscriptions.start_trial)
def test_trial_converts_after_the_trial_period(durable_runner):
    result = durable_runner.run(input=json.dumps(TRIAL), execution_timeout=10)

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {"trial": "TRIAL", "subscription": "ACTIVE"}
    assert [op.name for op in result.operations] == [
        "activate_trial",
        "trial-period",
        "convert_to_paid",
    ]

    wait = result.get_wait("trial-period")
    assert wait.operation_type is OperationType.WAIT
    assert wait.status is OperationStatus.SUCCEEDED
    # The history keeps the modelled duration even though no real time passed.
    assert wait.scheduled_end_timestamp - wait.start_timestamp == timedelta(days=14)


@pytest.mark.durable_execution(handler=subscriptions.start_trial, skip_time=True)
def test_fourteen_day_wait_takes_no_real_time_with_skip_time(durable_runner):
    started = time.monotonic()
    result = durable_runner.run(input=json.dumps(TRIAL), execution_timeout=10)
    elapsed = time.monotonic() - started

    assert result.status is InvocationStatus.SUCCEEDED
    assert result.get_wait("trial-period").status is OperationStatus.SUCCEEDED
    assert result.get_step("convert_to_paid").status is OperationStatus.SUCCEEDED
    assert elapsed < 5


@pytest.mark.durable_execution(handler=subscriptions.dunning_schedule)
def test_dunning_schedule_alternates_waits_and_reminders(durable_runner):
    result = durable_runner.run(
        input=json.dumps({"account_id": "acct-7", "reminders": 3}), execution_timeout=10
    )

    assert result.status is InvocationStatus.SUCCEEDED
    assert json.loads(result.result) == {
        "reminders": [
            "reminder 1 sent to acct-7",
            "reminder 2 sent to acct-7",
            "reminder 3 sent to acct-7",
        ],
        "outcome": "acct-7 suspended",
    }
    assert [op.name for op in result.operations] == [
        "reminder-delay-1",
        "send-reminder-1",
        "reminder-delay-2",
        "send-reminder-2",
        "reminder-delay-3",
        "send-reminder-3",
        "grace-period",
        "suspend_account",
    ]
    for number in (1, 2, 3):
        delay = result.get_wait(f"reminder-delay-{number}")
        assert delay.scheduled_end_timestamp - delay.start_timestamp == timedelta(hours=24)
    grace = result.get_wait("grace-period")
    assert grace.scheduled_end_timestamp - grace.start_timestamp == timedelta(minutes=90)


@pytest.mark.parametrize("reminders", [0, 1, 4])
@pytest.mark.durable_execution(handler=subscriptions.dunning_schedule, skip_time=True)
def test_one_wait_per_reminder_plus_the_grace_period(durable_runner, reminders):
    result = durable_runner.run(
        input=json.dumps({"account_id": "acct-8", "reminders": reminders}), execution_timeout=10
    )

    assert result.status is InvocationStatus.SUCCEEDED
    operations = result.get_all_operations()
    waits = [op for op in operations if op.operation_type is OperationType.WAIT]
    steps = [op for op in operations if op.operation_type is OperationType.STEP]
    assert len(waits) == reminders + 1
    assert len(steps) == reminders + 1
    assert all(op.status is OperationStatus.SUCCEEDED for op in operations)
    assert len(json.loads(result.result)["reminders"]) == reminders
