"""Behaviour that follows the AWS SDK where an independent set of handlers, written against the
AWS SDK, found the runtime different. Each test runs a handler through real invocations and
replays on the runtime."""

from __future__ import annotations

import json

from durable_runtime import (
    CallbackConfig,
    CallbackSubmitterError,
    CompletionConfig,
    DurableContext,
    Duration,
    StepConfig,
    WaitForCallbackConfig,
)
from durable_runtime.retries import RetryPresets
from durable_runtime.serdes import JsonSerDes, SerDes, SerDesContext
from durable_runtime.testing import DurableRunner

# -- callbacks hand over their payload as it came ----------------------------------------------


def test_a_callback_without_serdes_returns_the_payload_text_on_the_first_run_and_on_replay():
    seen = []

    def handler(event, context: DurableContext):
        answer = context.create_callback(name="approval").result()
        seen.append(answer)
        context.wait(Duration.from_seconds(5), name="cool-off")  # one more replay
        return answer

    runner = DurableRunner(handler)
    assert runner.run({}).status == "SUSPENDED"
    runner.complete_callback("approval", {"approved": True})
    result = runner.resume()
    assert result.status == "SUCCEEDED"
    assert seen == ['{"approved":true}'] * 2  # the JSON text, not a dict, both times
    assert result.result == '{"approved":true}'


def test_a_callback_payload_that_is_not_json_reaches_the_handler_unchanged():
    def handler(event, context: DurableContext):
        return context.create_callback(name="note").result()

    runner = DurableRunner(handler)
    runner.run({})
    runner.executor.complete_callback(runner.callback_id("note"), payload="plain words")
    assert runner.resume().result == "plain words"


def test_a_callback_answer_without_a_payload_is_none():
    def handler(event, context: DurableContext):
        return {"answer": context.create_callback(name="ping").result()}

    runner = DurableRunner(handler)
    runner.run({})
    runner.complete_callback("ping")
    assert runner.resume().result == {"answer": None}


def test_a_callback_with_a_json_serdes_returns_the_parsed_payload():
    def handler(event, context: DurableContext):
        config = CallbackConfig(serdes=JsonSerDes())
        decision = context.create_callback(name="approval", config=config).result()
        return decision["approved"]

    runner = DurableRunner(handler)
    runner.run({})
    runner.complete_callback("approval", {"approved": True})
    assert runner.resume().result is True


class Shouting(SerDes[str]):
    """Stores text as it is and reads it back in capitals, noting which operation it served."""

    def __init__(self) -> None:
        self.operations: list[tuple[str, str]] = []

    def serialize(self, value: str, serdes_context: SerDesContext) -> str:
        self.operations.append(("serialize", serdes_context.operation_id))
        return value

    def deserialize(self, data: str, serdes_context: SerDesContext) -> str:
        self.operations.append(("deserialize", serdes_context.operation_id))
        return data.upper()


def test_wait_for_callback_gives_its_serdes_to_the_callback_and_to_the_submitter_step():
    serdes = Shouting()

    def handler(event, context: DurableContext):
        config = WaitForCallbackConfig(timeout=Duration.from_hours(1), serdes=serdes)
        return context.wait_for_callback(lambda callback_id, ctx: "sent", "review", config)

    runner = DurableRunner(handler)
    runner.run({})
    runner.complete_callback("review", "looks good")
    result = runner.resume()
    assert result.result == "LOOKS GOOD"
    (submitter,) = [op for op in result.operations if op.type == "STEP"]
    assert submitter.result == "sent"  # stored by the config's serdes, not as JSON '"sent"'
    (callback,) = [op for op in result.operations if op.type == "CALLBACK"]
    assert ("serialize", submitter.id) in serdes.operations
    assert ("deserialize", callback.id) in serdes.operations


def test_a_wait_for_callback_submitter_retries_as_a_step_does_unless_configured():
    attempts = []

    def flaky(callback_id, ctx):
        attempts.append(callback_id)
        if len(attempts) == 1:
            raise ConnectionError("queue unavailable")

    def handler(event, context: DurableContext):
        return json.loads(context.wait_for_callback(flaky, name="notify"))

    runner = DurableRunner(handler)
    runner.run({})
    runner.complete_callback("notify", {"done": 1})
    result = runner.resume()
    assert result.result == {"done": 1}
    assert len(attempts) == 2 and attempts[0] == attempts[1]  # retried, same callback id

    def handler_without_retries(event, context: DurableContext):
        config = WaitForCallbackConfig(retry_strategy=RetryPresets.none())
        try:
            context.wait_for_callback(lambda cid, ctx: 1 / 0, name="notify", config=config)
        except CallbackSubmitterError as error:
            return error.message
        return "no error"

    assert DurableRunner(handler_without_retries).run({}).result == "division by zero"


# -- wait_for_callback names its inner operations as AWS does -----------------------------------


def test_wait_for_callback_names_its_callback_and_submitter_after_the_operation():
    from durable_runtime import durable_wait_for_callback

    @durable_wait_for_callback
    def notify_reviewer(callback_id, ctx, reviewer):
        return None

    def handler(event, context: DurableContext):
        named = context.wait_for_callback(lambda cid, ctx: None, name="review")
        decorated = context.wait_for_callback(notify_reviewer("ana"))
        anonymous = context.wait_for_callback(lambda cid, ctx: None)
        return [named, decorated, anonymous]

    runner = DurableRunner(handler)
    result = runner.run({})
    for answer in ("a", "b", "c"):  # one callback pending at a time, answered in turn
        ((callback_id, _),) = runner.executor.pending_callbacks(result.execution_name)
        runner.executor.complete_callback(callback_id, answer)
        result = runner.resume()
    assert result.result == ["a", "b", "c"]
    names = [(op.id, op.type, op.name) for op in result.operations]
    assert names == [
        ("1", "CONTEXT", "review"),
        ("1-1", "CALLBACK", "review create callback id"),
        ("1-2", "STEP", "review submitter"),
        ("2", "CONTEXT", "notify_reviewer"),
        ("2-1", "CALLBACK", "notify_reviewer create callback id"),
        ("2-2", "STEP", "notify_reviewer submitter"),
        ("3", "CONTEXT", None),
        ("3-1", "CALLBACK", "create callback id"),
        ("3-2", "STEP", "submitter"),
    ]


# -- operation errors carry a stack trace -------------------------------------------------------


def test_an_external_callback_failure_keeps_its_stack_trace_on_the_first_run_and_on_replay():
    from durable_runtime import CallbackExternalError

    seen = []

    def handler(event, context: DurableContext):
        try:
            context.create_callback(name="payment").result()
        except CallbackExternalError as error:
            seen.append((error.message, error.data, error.stack_trace))
        context.wait(Duration.from_seconds(5), name="cool-off")  # one more replay
        return "handled"

    runner = DurableRunner(handler)
    runner.run({})
    frames = ["at charge (gateway.js:12)", "at main (gateway.js:40)"]
    runner.fail_callback("payment", "card declined", "Declined", '{"code": 51}', frames)
    assert runner.resume().result == "handled"
    assert seen == [("card declined", '{"code": 51}', frames)] * 2


def test_a_stack_trace_crosses_operations_and_an_ordinary_exception_records_none():
    from durable_runtime import InvokeError, StepError

    def payments(event, context: DurableContext):
        return context.create_callback(name="payment").result()  # fails externally, uncaught

    def handler(event, context: DurableContext):
        try:
            context.step(lambda _: 1 / 0, config=StepConfig(retry_strategy=RetryPresets.none()))
        except StepError as error:
            plain = error.stack_trace
        try:
            context.invoke("payments", {}, name="pay")
        except InvokeError as error:
            return {"plain": plain, "invoked": error.stack_trace, "message": error.message}
        return "no error"

    runner = DurableRunner(handler, handlers={"payments": payments})
    runner.run({})
    invoked = runner.executor.pending_callbacks(f"{runner.execution_name}/invoke-2")
    ((callback_id, _),) = invoked
    frames = ["at charge (gateway.js:12)"]
    error = {"type": "Declined", "message": "card declined", "data": None, "stack_trace": frames}
    runner.executor.complete_callback(callback_id, error=error)
    result = runner.resume()
    assert result.result == {"plain": None, "invoked": frames, "message": "card declined"}


# -- batch errors are ErrorObjects ----------------------------------------------------------------


def test_batch_errors_are_error_objects_and_the_checkpoint_keeps_their_dictionary_form():
    from durable_runtime import ParallelConfig
    from durable_runtime.error_object import ErrorObject

    seen = []

    def reject(ctx: DurableContext):
        raise PermissionError("no access to ledger")

    def handler(event, context: DurableContext):
        batch = context.parallel(
            [lambda ctx: "ok", reject],
            name="pair",
            config=ParallelConfig(completion_config=CompletionConfig(tolerated_failure_count=1)),
        )
        (error,) = batch.get_errors()
        assert batch.failed()[0].error is error
        seen.append(error)
        context.wait(Duration.from_seconds(1), name="pause")  # replays the batch from its result
        return {"message": error.message, "type": error.type, "dict": error.to_dict()}

    result = DurableRunner(handler).run({})
    assert result.status == "SUCCEEDED", result.error
    expected = ErrorObject("no access to ledger", result.result["type"])
    assert seen == [expected, expected]  # the first run and the replay from the checkpoint
    assert result.result["type"].endswith("PermissionError")
    assert result.result["dict"] == {
        "ErrorMessage": "no access to ledger",
        "ErrorType": expected.type,
    }
    (batch,) = [op for op in result.operations if op.subtype == "Parallel"]
    # AWS's envelope: a `br` (BatchResult) whose items keep their errors' dictionary form.
    stored = json.loads(batch.result)
    assert stored["t"] == "br"
    assert stored["v"]["all"]["v"][1]["v"]["error"] == envelope(expected.to_dict())
    assert ErrorObject.from_dict(expected.to_dict()) == expected


# -- error types on the wire are full class names -----------------------------------------------


class LedgerUnavailable(Exception):
    class Timeout(Exception):
        pass


def test_a_failure_records_the_full_class_name_and_replay_raises_the_same_error():
    from durable_runtime import ChildContextError, StepError

    no_retry = StepConfig(retry_strategy=RetryPresets.none())
    seen = []

    def fail(error: Exception):
        def step(_):
            raise error

        return step

    def handler(event, context: DurableContext):
        for name, error in [
            ("builtin", KeyError("sku")),
            ("own", LedgerUnavailable("down")),
            ("nested", LedgerUnavailable.Timeout("slow")),
        ]:
            try:
                context.step(fail(error), name=name, config=no_retry)
            except StepError as failure:
                seen.append((name, failure.error_type, failure.message))
        try:
            context.run_in_child_context(
                lambda child: child.step(fail(OSError("disk")), "write", no_retry)
            )
        except ChildContextError as failure:
            seen.append(("child", failure.error_type, type(failure.__cause__).__name__))
        context.wait(Duration.from_seconds(1), name="pause")  # the same errors again, on replay
        return "done"

    result = DurableRunner(handler).run({})
    assert result.result == "done"
    here = __name__
    expected = [
        ("builtin", "KeyError", "'sku'"),
        ("own", f"{here}.LedgerUnavailable", "down"),
        ("nested", f"{here}.LedgerUnavailable.Timeout", "slow"),
        ("child", "durable_runtime.exceptions.StepError", "StepError"),
    ]
    assert seen == expected * 2  # a StepError cause rebuilt as its own class, also on replay
    failures = [
        e[f"{e['EventType']}Details"]["Error"]["Payload"]["ErrorType"]
        for e in result.history
        if e["EventType"] in ("StepFailed", "ContextFailed")
    ]
    assert failures == [
        "KeyError",
        f"{here}.LedgerUnavailable",
        f"{here}.LedgerUnavailable.Timeout",
        "OSError",
        "durable_runtime.exceptions.StepError",
    ]


def test_a_serdes_error_subclass_is_recorded_and_raised_as_serdes_error():
    from durable_runtime import SerDesError

    class CorruptPayload(SerDesError):
        pass

    def read_back(_):
        raise CorruptPayload("bad checksum", data='{"block": 7}')

    def handler(event, context: DurableContext):
        try:
            context.run_in_child_context(lambda child: read_back(None), name="load")
        except SerDesError as error:
            return [type(error).__name__, error.error_type, error.message, error.data]
        return "no error"

    result = DurableRunner(handler).run({})
    assert result.result == [
        "SerDesError",
        "durable_runtime.exceptions.SerDesError",
        "bad checksum",
        '{"block": 7}',
    ]
    (load,) = result.operations
    assert load.error["type"] == "durable_runtime.exceptions.SerDesError"


def test_wait_for_callback_raises_callback_errors_as_themselves_on_the_first_run_and_on_replay():
    from durable_runtime import CallbackError

    seen = []

    def handler(event, context: DurableContext):
        try:
            context.wait_for_callback(lambda cid, ctx: None, name="approval")
        except CallbackError as error:
            seen.append((type(error).__name__, error.error_type, error.message))
        config = WaitForCallbackConfig(retry_strategy=RetryPresets.none())
        try:
            context.wait_for_callback(lambda cid, ctx: {}["queue"], name="notify", config=config)
        except CallbackError as error:
            seen.append((type(error).__name__, error.error_type, error.message))
        context.wait(Duration.from_seconds(1), name="pause")
        return "done"

    runner = DurableRunner(handler)
    runner.run({})
    runner.fail_callback("approval", "not approved", "RejectedError")
    result = runner.resume()
    assert result.result == "done"
    external = ("CallbackExternalError", "durable_runtime.exceptions.CallbackExternalError")
    submitter = ("CallbackSubmitterError", "durable_runtime.exceptions.CallbackSubmitterError")
    assert seen == [(*external, "not approved"), (*submitter, "'queue'")] * 2
    callback = result.get_operation("approval create callback id")
    assert callback.error["type"] == "RejectedError"  # the external type stays on the callback
    assert result.get_operation("approval").error["type"] == external[1]


def test_an_error_that_ends_the_execution_passes_through_a_child_context_unrecorded():
    invocations = []

    def handler(event, context: DurableContext):
        invocations.append(1)

        def child(ctx: DurableContext):
            ctx.step(lambda _: "a", name=f"step-{len(invocations)}")  # renamed on replay
            ctx.wait(Duration.from_seconds(1), name="pause")

        context.run_in_child_context(child, name="box")
        return "done"

    result = DurableRunner(handler).run({})
    assert result.status == "FAILED"
    assert result.error["type"] == "durable_runtime.exceptions.NonDeterministicExecutionError"
    assert result.get_operation("box").status == "STARTED"  # not recorded as a child failure


# -- throw_if_error raises what the AWS SDK raises -----------------------------------------------


def test_throw_if_error_raises_the_first_failed_items_error_as_a_child_context_error():
    from durable_runtime import ChildContextError, MapConfig, StepError

    seen = []

    def charge(ctx: DurableContext, amount: int, index: int, amounts: list) -> int:
        if amount < 0:
            config = StepConfig(retry_strategy=RetryPresets.none())
            return ctx.step(lambda _: {}["card"], name=f"charge-{index}", config=config)
        if amount == 0:
            raise ValueError("nothing to charge")
        return amount

    def handler(event, context: DurableContext):
        batch = context.map(
            [5, -1, 0],
            charge,
            name="charges",
            config=MapConfig(completion_config=CompletionConfig(tolerated_failure_count=2)),
        )
        try:
            batch.throw_if_error()
        except ChildContextError as error:
            cause = error.__cause__
            seen.append((error.message, error.error_type, type(cause).__name__, cause.message))
        context.wait(Duration.from_seconds(1), name="pause")  # again from the checkpoint
        return [error.type for error in batch.get_errors()]

    result = DurableRunner(handler).run({})
    step_error = "durable_runtime.exceptions.StepError"
    assert result.result == [step_error, "ValueError"]
    # the first failed item: its branch failed with the StepError of its step, rebuilt as one
    assert seen == [("'card'", step_error, StepError.__name__, "'card'")] * 2


def quorum_lost(status):
    """A completion predicate that fails the batch once any item has succeeded."""
    from durable_runtime import CompletionOutcome, complete_batch, continue_batch

    return complete_batch(CompletionOutcome.FAILED) if status.success_count else continue_batch()


def test_throw_if_error_raises_batch_completion_error_only_for_a_predicate_with_no_failed_item():
    from durable_runtime import (
        BatchCompletionError,
        ChildContextError,
        CompletionReason,
        MapConfig,
    )

    def handler(event, context: DurableContext):
        config = MapConfig(completion_config=CompletionConfig(should_complete=quorum_lost))
        batch = context.map([1, 2], lambda ctx, item, i, items: item, name="votes", config=config)
        try:
            batch.throw_if_error()
        except ChildContextError:
            return "a child context error"
        except BatchCompletionError as error:
            return [error.completion_reason.value, error.error_type, batch.failure_count]
        return "no error"

    assert DurableRunner(handler).run({}).result == [
        CompletionReason.CUSTOM_COMPLETION_FAILED.value,
        "durable_runtime.concurrency.models.BatchCompletionError",
        0,
    ]


# -- a step's serdes, as AWS runs it ------------------------------------------------------------


def test_a_step_serdes_gets_the_operation_and_execution_when_it_serialises_and_reads_back():
    contexts = []

    class Recording(Shouting):
        def serialize(self, value, serdes_context):
            contexts.append(serdes_context)
            return super().serialize(value, serdes_context)

        def deserialize(self, data, serdes_context):
            contexts.append(serdes_context)
            return super().deserialize(data, serdes_context)

    serdes = Recording()

    def handler(event, context: DurableContext):
        greeting = context.step(lambda _: "hello", name="greet", config=StepConfig(serdes=serdes))
        context.wait(Duration.from_seconds(1), name="pause")  # read back again on replay
        return greeting

    result = DurableRunner(handler).run({})
    assert result.result == "HELLO"  # the first run returns what it read back, as replay does
    assert serdes.operations == [("serialize", "1"), ("deserialize", "1"), ("deserialize", "1")]
    assert {(c.operation_id, c.durable_execution_arn) for c in contexts} == {
        ("1", result.execution_name)
    }


class Unwritable(SerDes[str]):
    def serialize(self, value: str, serdes_context: SerDesContext) -> str:
        raise ValueError("no encoding for this value")

    def deserialize(self, data: str, serdes_context: SerDesContext) -> str:
        return data


def test_a_step_whose_result_cannot_be_serialised_fails_once_with_serdes_error():
    from durable_runtime import SerDesError

    runs, seen = [], []
    config = StepConfig(retry_strategy=RetryPresets.default(), serdes=Unwritable())

    def handler(event, context: DurableContext):
        try:
            context.step(lambda _: runs.append(1) or "report", name="render", config=config)
        except SerDesError as error:
            seen.append((error.error_type, error.message))
        context.wait(Duration.from_seconds(1), name="pause")  # the same error on replay
        return "handled"

    result = DurableRunner(handler).run({})
    assert result.result == "handled"
    assert runs == [1]  # the step failed for good: the retry strategy was not asked
    ((error_type, message),) = set(seen)
    assert len(seen) == 2 and error_type == "durable_runtime.exceptions.SerDesError"
    assert "no encoding for this value" in message
    render = result.get_operation("render")
    assert (render.status, render.attempt, render.error["type"]) == ("FAILED", 1, error_type)
    assert [e["EventType"] for e in result.history if e.get("Name") == "render"] == [
        "StepStarted",
        "StepFailed",
    ]


def test_a_child_or_condition_result_that_cannot_be_serialised_raises_serdes_error():
    from durable_runtime import ChildConfig, SerDesError, WaitForConditionConfig
    from durable_runtime.waits import WaitForConditionDecision

    def handler(event, context: DurableContext):
        failures = []
        try:
            context.run_in_child_context(
                lambda child: "summary", name="child", config=ChildConfig(serdes=Unwritable())
            )
        except SerDesError as error:
            failures.append(error.error_type)
        condition = WaitForConditionConfig(
            wait_strategy=lambda state, attempt: WaitForConditionDecision.stop_polling(),
            initial_state="new",
            serdes=Unwritable(),
        )
        try:
            context.wait_for_condition(lambda state, ctx: "ready", condition, name="poll")
        except SerDesError as error:
            failures.append(error.error_type)
        return failures

    result = DurableRunner(handler).run({})
    assert result.result == ["durable_runtime.exceptions.SerDesError"] * 2
    assert [op.status for op in result.operations] == ["FAILED", "FAILED"]


def test_a_batch_completion_error_escaping_a_child_context_is_rebuilt_as_itself():
    from durable_runtime import (
        ChildContextError,
        MapConfig,
    )

    def ballot(child: DurableContext):
        config = MapConfig(completion_config=CompletionConfig(should_complete=quorum_lost))
        child.map(
            [1, 2], lambda ctx, item, i, items: item, name="votes", config=config
        ).throw_if_error()

    def handler(event, context: DurableContext):
        try:
            context.run_in_child_context(ballot, name="ballot")
        except ChildContextError as error:
            cause = error.__cause__
            return [type(cause).__name__, cause.completion_reason.value, error.error_type]
        return "no error"

    assert DurableRunner(handler).run({}).result == [
        "BatchCompletionError",
        "CUSTOM_COMPLETION_FAILED",
        "durable_runtime.concurrency.models.BatchCompletionError",
    ]


def envelope(value: dict[str, str | None]) -> dict[str, object]:
    """A dictionary of strings in AWS's envelope form."""
    tags = {str: "s", type(None): "n"}
    return {"t": "m", "v": {k: {"t": tags[type(v)], "v": v} for k, v in value.items()}}
