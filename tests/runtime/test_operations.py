"""The runtime's operations, each exercised through real invocations and replays."""

from __future__ import annotations

import datetime
import decimal
import logging
import uuid

import pytest

from durable_runtime import (
    CallbackConfig,
    CompletionConfig,
    DurableContext,
    Duration,
    MapConfig,
    StepConfig,
    StepSemantics,
    WaitForCallbackConfig,
    WaitForConditionConfig,
    WaitForConditionDecision,
    durable_execution,
    durable_step,
    durable_with_child_context,
)
from durable_runtime.execution import Clock, Executor
from durable_runtime.retries import RetryStrategyConfig, create_retry_strategy
from durable_runtime.store import MemoryStore
from durable_runtime.testing import DurableRunner

NO_JITTER = create_retry_strategy(
    RetryStrategyConfig(max_attempts=3, initial_delay=Duration(1), jitter_strategy="NONE")
)


def test_a_step_runs_once_and_replays_from_its_checkpoint() -> None:
    ran = []

    @durable_execution
    def handler(event, context: DurableContext):
        value = context.step(lambda _: ran.append(1) or len(ran), name="count")
        context.wait(Duration.from_seconds(10), name="pause")
        context.wait(Duration.from_seconds(10), name="pause-again")
        return {"value": value, "replaying_at_end": context.is_replaying()}

    result = DurableRunner(handler).run({})
    assert result.status == "SUCCEEDED"
    assert result.result == {"value": 1, "replaying_at_end": False}
    assert ran == [1]  # three invocations, one execution of the step
    assert [op.name for op in result.operations] == ["count", "pause", "pause-again"]
    assert [h["EventType"] for h in result.history].count("InvocationCompleted") == 3


def test_changed_code_raises_non_deterministic_execution_error() -> None:
    store = MemoryStore()

    def version_one(event, context):
        context.step(lambda _: 1, name="reserve")
        context.wait(Duration.from_seconds(5), name="pause")
        return "v1"

    def version_two(event, context):
        context.step(lambda _: 1, name="reserve-stock")
        context.wait(Duration.from_seconds(5), name="pause")
        return "v2"

    executor = Executor(store, Clock())
    executor.start(version_one, {}, "orders")
    first = executor.run("orders", version_one, skip_time=False)
    assert first.status == "SUSPENDED"
    executor.clock.advance_to(first.resume_at)
    second = executor.invoke("orders", version_two)
    assert second.status == "FAILED"
    assert second.error["type"] == "durable_runtime.exceptions.NonDeterministicExecutionError"
    assert second.error["message"] == (
        "operation 1 does not match its checkpoint on replay: name 'reserve' -> 'reserve-stock'"
    )


def test_retries_follow_the_strategy_then_fail_with_step_error() -> None:
    attempts = []

    def flaky(step_context):
        attempts.append(step_context.attempt)
        if len(attempts) < 3:
            raise ConnectionError("try again")
        return "ok"

    def always_failing(step_context):
        raise ValueError("bad input")

    def handler(event, context):
        first = context.step(flaky, name="flaky", config=StepConfig(retry_strategy=NO_JITTER))
        try:
            config = StepConfig(retry_strategy=NO_JITTER)
            context.step(always_failing, name="always_failing", config=config)
        except Exception as error:  # StepError
            return first, type(error).__name__, error.error_type, error.message
        return first, None, None, None

    result = DurableRunner(handler).run({})
    assert attempts == [1, 2, 3]
    assert result.result == ["ok", "StepError", "ValueError", "bad input"]
    assert result.get_operation("always_failing").attempt == 3


def test_at_most_once_step_interrupted_mid_run_is_not_run_again() -> None:
    store = MemoryStore()
    runs = []

    def crash(step_context):
        runs.append(step_context.attempt)
        raise SystemExit("the process dies inside the step")  # not an Exception: escapes

    def handler(event, context):
        semantics = StepConfig(
            retry_strategy=create_retry_strategy(RetryStrategyConfig(max_attempts=1)),
            step_semantics=StepSemantics.AT_MOST_ONCE_PER_RETRY,
        )
        try:
            return context.step(crash, name="charge", config=semantics)
        except Exception as error:
            return f"{type(error).__name__}: {error}"

    executor = Executor(store, Clock())
    executor.start(handler, {}, "payment")
    with pytest.raises(SystemExit):
        executor.invoke("payment", handler)
    outcome = executor.run("payment", handler)
    assert runs == [1]  # the started attempt counts as failed instead of running again
    assert outcome.status == "SUCCEEDED"
    assert outcome.result == '"StepError: step 1 was interrupted"'


def test_callbacks_succeed_fail_and_time_out() -> None:
    def handler(event, context):
        callback = context.create_callback(
            name="approval", config=CallbackConfig(timeout=Duration.from_hours(2))
        )
        return callback.result()

    runner = DurableRunner(handler)
    assert runner.run({}).status == "SUSPENDED"
    runner.complete_callback("approval", {"approved": True})
    assert runner.resume().result == '{"approved":true}'  # the payload text, as AWS hands it

    runner = DurableRunner(handler)
    runner.run({})
    runner.fail_callback("approval", "rejected by finance", "Rejected")
    failed = runner.resume()
    assert (failed.status, failed.error["type"]) == (
        "FAILED",
        "durable_runtime.exceptions.CallbackExternalError",
    )

    runner = DurableRunner(handler)
    runner.run({})
    runner.advance(2 * 3600 + 1)
    timed_out = runner.resume()
    assert (timed_out.status, timed_out.error["type"]) == (
        "FAILED",
        "durable_runtime.exceptions.CallbackTimeoutError",
    )


def test_heartbeats_keep_a_callback_alive() -> None:
    def handler(event, context):
        config = CallbackConfig(heartbeat_timeout=Duration.from_minutes(10))
        return context.create_callback(name="job", config=config).result()

    runner = DurableRunner(handler)
    runner.run({})
    for _ in range(3):
        runner.advance(9 * 60)
        runner.heartbeat_callback("job")
        assert runner.resume().status == "SUSPENDED"
    runner.advance(11 * 60)
    assert runner.resume().error["message"] == "Callback heartbeat timed out"


def test_wait_for_callback_runs_its_submitter_once() -> None:
    submitted = []

    def submitter(callback_id, context):
        submitted.append(callback_id)

    def handler(event, context):
        config = WaitForCallbackConfig(timeout=Duration.from_days(1))
        return context.wait_for_callback(submitter, name="review", config=config)

    runner = DurableRunner(handler)
    runner.run({})
    runner.resume()
    runner.complete_callback("review", "looks good")
    result = runner.resume()
    assert result.result == "looks good"
    assert len(submitted) == 1
    assert submitted[0] == result.operations[1].callback_id


def test_wait_for_condition_polls_with_checkpointed_state() -> None:
    checks = []

    def check(state, context):
        checks.append(state["polls"])
        return {"polls": state["polls"] + 1}

    def strategy(state, attempt):
        if state["polls"] >= 3:
            return WaitForConditionDecision.stop_polling()
        return WaitForConditionDecision.continue_waiting(Duration.from_seconds(30))

    def handler(event, context):
        config = WaitForConditionConfig(wait_strategy=strategy, initial_state={"polls": 0})
        return context.wait_for_condition(check, config=config, name="until-ready")

    result = DurableRunner(handler).run({})
    assert result.result == {"polls": 3}
    assert checks == [0, 1, 2]


def test_child_contexts_number_their_own_operations_and_do_not_rerun() -> None:
    inner_runs = []

    @durable_with_child_context
    def fulfil(child: DurableContext, order_id: str):
        inner_runs.append(order_id)
        label = child.step(lambda _: f"label-{order_id}", name="label")
        child.wait(Duration.from_seconds(1), name="courier")
        return child.step(lambda _: f"{label}-shipped", name="ship")

    def handler(event, context):
        shipped = context.run_in_child_context(fulfil(event["order"]), name="fulfil")
        context.wait(Duration.from_seconds(1), name="after")
        return shipped

    result = DurableRunner(handler).run({"order": "o-7"})
    assert result.result == "label-o-7-shipped"
    assert [(op.id, op.name) for op in result.operations] == [
        ("1", "fulfil"),
        ("1-1", "label"),
        ("1-2", "courier"),
        ("1-3", "ship"),
        ("2", "after"),
    ]
    assert inner_runs == ["o-7", "o-7"]  # replayed until complete, then served from checkpoint


def test_map_and_parallel_results_and_completion_configs() -> None:
    def handler(event, context):
        doubled = context.map(
            [1, 2, 3], lambda ctx, item, index, items: ctx.step(lambda _: item * 2), name="double"
        )
        first = context.map(
            ["a", "b", "c"],
            lambda ctx, item, index, items: item,
            name="first-only",
            config=MapConfig(completion_config=CompletionConfig.first_successful()),
        )
        mixed = context.parallel([lambda ctx: "fine", lambda ctx: 1 / 0], name="mixed")
        return {
            "doubled": doubled.get_results(),
            "first": (first.get_results(), first.completion_reason.value),
            "mixed": (mixed.success_count, mixed.failure_count, mixed.get_errors()[0].type),
        }

    result = DurableRunner(handler).run({})
    assert result.result == {
        "doubled": [2, 4, 6],
        "first": [["a"], "MIN_SUCCESSFUL_REACHED"],
        "mixed": [1, 1, "ZeroDivisionError"],
    }


def test_invoke_runs_a_registered_handler_and_waits_for_it() -> None:
    def pricing(event, context):
        context.wait(Duration.from_minutes(1), name="rate-limit")
        return {"price": event["qty"] * 3}

    def handler(event, context):
        return context.invoke("pricing", {"qty": 4}, name="price")

    result = DurableRunner(handler, handlers={"pricing": pricing}).run({})
    assert result.result == {"price": 12}
    unknown = DurableRunner(handler).run({})
    assert unknown.status == "FAILED"


def test_the_context_logger_stays_quiet_while_replaying(caplog) -> None:
    def handler(event, context):
        context.logger.info("received %s", event["id"])
        context.wait(Duration.from_seconds(1), name="pause")
        context.logger.info("resumed %s", event["id"])
        return "done"

    with caplog.at_level(logging.INFO, logger="durable_runtime"):
        DurableRunner(handler).run({"id": "e-1"})
    assert [r.getMessage() for r in caplog.records] == ["received e-1", "resumed e-1"]


def test_values_round_trip_with_their_types_and_the_payload_limit_applies() -> None:
    stamp = datetime.datetime(2026, 11, 25, 4, 0, tzinfo=datetime.timezone.utc)
    token = uuid.UUID("12345678-1234-5678-1234-567812345678")

    def handler(event, context):
        value = context.step(
            lambda _: {"at": stamp, "id": token, "amount": decimal.Decimal("9.99")}
        )
        context.wait(Duration.from_seconds(1))
        return [type(v).__name__ for v in value.values()]

    assert DurableRunner(handler).run({}).result == ["datetime", "UUID", "Decimal"]

    def too_big(event, context):
        return context.step(lambda _: "x" * 300_000, name="blob")

    failed = DurableRunner(too_big).run({})
    assert failed.status == "FAILED"
    assert "the limit is 262144" in failed.error["message"]


def test_suspension_passes_except_exception_but_not_bare_except() -> None:
    def careful(event, context):
        try:
            context.wait(Duration.from_seconds(60), name="cool-off")
        except Exception:
            return "caught"
        return "waited"

    def careless(event, context):
        try:
            context.wait(Duration.from_seconds(60), name="cool-off")
        except:  # noqa: E722 - the bug DUR504 reports
            return "swallowed"
        return "waited"

    assert DurableRunner(careful).run({}).result == "waited"
    swallowed = DurableRunner(careless).run({})
    assert swallowed.result == "swallowed"
    assert swallowed.get_operation("cool-off").status == "STARTED"


def test_decorated_handler_called_directly_runs_to_completion() -> None:
    @durable_step
    def greet(step_context, name):
        return f"Hello, {name}!"

    @durable_execution
    def handler(event, context):
        context.wait(Duration.from_seconds(3))
        return context.step(greet(event))

    assert handler("World", None) == "Hello, World!"


def test_wait_strategies_and_batch_errors_from_the_public_api() -> None:
    from durable_runtime import ChildContextError
    from durable_runtime.config import JitterStrategy
    from durable_runtime.waits import WaitStrategyConfig, create_wait_strategy

    strategy = create_wait_strategy(
        WaitStrategyConfig(
            should_continue_polling=lambda state: state["status"] != "DONE",
            jitter_strategy=JitterStrategy.NONE,
        )
    )
    assert strategy({"status": "DONE"}, 1).should_continue is False
    # 5 s growing by 1.5 per attempt, rounded up as AWS does: 5, 7.5, 11.25
    assert [strategy({"status": "RUNNING"}, n).delay.seconds for n in (1, 2, 3)] == [5, 8, 12]

    def handler(event, context):
        batch = context.parallel([lambda ctx: "ok", lambda ctx: {}["missing"]], name="pair")
        try:
            batch.throw_if_error()
        except ChildContextError as error:  # the first failed branch's, as in the AWS SDK
            return error.error_type
        return "no error"

    assert DurableRunner(handler).run({}).result == "KeyError"


def test_with_retry_reruns_a_block_of_operations_after_durable_backoff() -> None:
    from durable_runtime import WithRetryConfig, with_retry
    from durable_runtime.retries import RetryPresets

    def provision(ctx: DurableContext, attempt: int) -> str:
        server = ctx.step(lambda _: f"server-{attempt}", name=f"create-{attempt}")
        if attempt < 3:
            raise RuntimeError("health check failed")
        return server

    def handler(event, context):
        config = WithRetryConfig(retry_strategy=RetryPresets.linear())
        return with_retry(context, provision, config, name="provision")

    result = DurableRunner(handler).run({})
    assert result.result == "server-3"
    assert [op.name for op in result.operations if op.type == "WAIT"] == [
        "provision-backoff-1",
        "provision-backoff-2",
    ]
    waits = [round(op.resume_at - op.started_at) for op in result.operations if op.type == "WAIT"]
    assert waits == [1, 2]  # the linear preset: 1 s, then 2 s


def test_a_completion_predicate_ends_a_batch_early_with_its_outcome() -> None:
    from durable_runtime import (
        BatchItemStatus,
        CompletionConfig,
        CompletionOutcome,
        MapConfig,
        ValidationError,
        complete_batch,
        continue_batch,
    )

    seen = []

    def two_succeeded(status):
        seen.append((status.completed_count, [item.status for item in status.items]))
        return complete_batch() if status.success_count >= 2 else continue_batch()

    def quorum_failed(status):
        return complete_batch(CompletionOutcome.FAILED) if status.items[0].is_failed else False

    def fail_first(ctx, item, index, items):
        if index == 0:
            raise ValueError("first item fails")
        return item

    def handler(event, context: DurableContext):
        early = context.map(
            [1, 2, 3, 4],
            lambda ctx, item, i, items: item * 10,
            name="early",
            config=MapConfig(
                max_concurrency=1,
                completion_config=CompletionConfig(should_complete=two_succeeded),
            ),
        )
        failed = context.map(
            [1, 2],
            fail_first,
            name="failed",
            config=MapConfig(
                max_concurrency=1,
                completion_config=CompletionConfig(should_complete=quorum_failed),
            ),
        )
        return {
            "early": [early.get_results(), early.completion_reason.value, early.status.value],
            "failed": [failed.completion_reason.value, failed.status.value, failed.total_count],
        }

    outcome = DurableRunner(handler).run()
    assert outcome.result == {
        "early": [[10, 20], "CUSTOM_COMPLETION_SUCCEEDED", "SUCCEEDED"],
        "failed": ["CUSTOM_COMPLETION_FAILED", "FAILED", 1],
    }
    # asked before any item ran, then after each one, with every item's status by index
    assert seen[:3] == [
        (0, [None] * 4),
        (1, [BatchItemStatus.SUCCEEDED, None, None, None]),
        (2, [BatchItemStatus.SUCCEEDED] * 2 + [None] * 2),
    ]
    with pytest.raises(ValidationError):
        CompletionConfig(min_successful=1, should_complete=two_succeeded)
