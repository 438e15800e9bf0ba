"""Instrumentation plugins: each invocation gets its own, told of the invocation and of the
operations it starts and completes (not of those it only replays)."""

from __future__ import annotations

from typing import Any

import pytest

from durable_runtime import DurableContext, durable_execution
from durable_runtime.config import Duration
from durable_runtime.plugin import (
    DurableInstrumentationPlugin,
    InvocationEndInfo,
    InvocationStartInfo,
    OperationEndInfo,
    OperationStartInfo,
    OperationType,
)
from durable_runtime.testing import DurableRunner


class Recorder(DurableInstrumentationPlugin):
    def __init__(self, seen: list[tuple[str, Any]]) -> None:
        self.seen = seen

    def on_invocation_start(self, info: InvocationStartInfo) -> None:
        self.seen.append(("invocation-start", info.is_first_invocation))

    def on_invocation_end(self, info: InvocationEndInfo) -> None:
        self.seen.append(("invocation-end", info.status.value))

    def on_operation_start(self, info: OperationStartInfo) -> None:
        self.seen.append(("start", (info.operation_type, info.name)))

    def on_operation_end(self, info: OperationEndInfo) -> None:
        ended = (info.operation_type, info.name, info.status.value, info.is_replayed)
        self.seen.append(("end", ended))
        assert info.end_time is not None and info.start_time is not None


class Factory:
    def __init__(self) -> None:
        self.seen: list[tuple[str, Any]] = []

    def create_plugin(self, info: InvocationStartInfo) -> Recorder:
        return Recorder(self.seen)


def test_plugins_see_each_invocation_and_the_operations_it_runs() -> None:
    factory = Factory()

    @durable_execution(plugins=[factory])
    def handler(event: dict, context: DurableContext) -> int:
        total = context.step(lambda _: event["a"] + 1, name="add")
        context.wait(Duration.from_minutes(5), name="pause")
        return total

    runner = DurableRunner(handler, skip_time=False)
    assert runner.run({"a": 1}).status == "SUSPENDED"
    runner.advance(300)
    assert runner.resume().result == 2
    assert factory.seen == [
        ("invocation-start", True),
        ("start", (OperationType.STEP, "add")),
        ("end", (OperationType.STEP, "add", "SUCCEEDED", False)),
        ("start", (OperationType.WAIT, "pause")),
        ("invocation-end", "PENDING"),
        ("invocation-start", False),  # the step replays: no hook for it
        ("end", (OperationType.WAIT, "pause", "SUCCEEDED", False)),
        ("invocation-end", "SUCCEEDED"),
    ]


def test_a_failing_hook_does_not_break_the_execution() -> None:
    class Broken(DurableInstrumentationPlugin):
        def on_operation_end(self, info: OperationEndInfo) -> None:
            raise RuntimeError("exporter down")

    class BrokenFactory:
        def create_plugin(self, info: InvocationStartInfo) -> Broken:
            return Broken()

    @durable_execution(plugins=[BrokenFactory()])
    def handler(event: dict, context: DurableContext) -> str:
        return context.step(lambda _: "done", name="work")

    assert DurableRunner(handler).run({}).result == "done"


def test_a_plugin_that_is_not_a_factory_is_refused_when_decorating() -> None:
    with pytest.raises(TypeError, match="create_plugin"):

        @durable_execution(plugins=[lambda info: Recorder([])])
        def handler(event: dict, context: DurableContext) -> None:
            return None
