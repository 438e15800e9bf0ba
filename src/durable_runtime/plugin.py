"""Instrumentation plugins under the names of AWS's `plugin` module: a handler decorated with
`durable_execution(plugins=[factory, ...])` gets, on each invocation, a plugin from each
factory's `create_plugin`, told when the invocation starts and ends and when each operation
starts and ends (not for operations it only replays). The hooks a plugin leaves alone do
nothing; an exception a hook raises is logged and the invocation goes on."""

from __future__ import annotations

import datetime
import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from durable_runtime.error_object import ErrorObject
from durable_runtime.lambda_service import OperationStatus

logger = logging.getLogger("durable_runtime.plugin")


class OperationType(enum.Enum):
    EXECUTION = "EXECUTION"
    CONTEXT = "CONTEXT"
    STEP = "STEP"
    WAIT = "WAIT"
    CALLBACK = "CALLBACK"
    CHAINED_INVOKE = "CHAINED_INVOKE"


class InvocationStatus(enum.Enum):
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    PENDING = "PENDING"


@dataclass(frozen=True)
class OperationInfo:
    operation_id: str
    operation_type: OperationType
    sub_type: str | None
    name: str | None
    parent_id: str | None
    start_time: datetime.datetime | None
    is_replayed: bool
    status: OperationStatus
    end_time: datetime.datetime | None = field(default=None, kw_only=True)
    result: str | None = field(default=None, kw_only=True)
    error: ErrorObject | None = field(default=None, kw_only=True)
    attempt: int | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class OperationStartInfo(OperationInfo):
    pass


@dataclass(frozen=True)
class OperationEndInfo(OperationInfo):
    pass


@dataclass(frozen=True)
class InvocationInfo:
    request_id: str | None
    execution_arn: str | None
    is_first_invocation: bool
    execution_start_time: datetime.datetime | None = None
    execution_input: Any = None


@dataclass(frozen=True)
class InvocationStartInfo(InvocationInfo):
    pass


@dataclass(frozen=True)
class InvocationEndInfo(InvocationInfo):
    status: InvocationStatus = field(default=InvocationStatus.PENDING, kw_only=True)
    error: ErrorObject | None = field(default=None, kw_only=True)
    execution_result: str | None = field(default=None, kw_only=True)


class DurableInstrumentationPlugin:
    """Override the hooks you need."""

    def on_invocation_start(self, info: InvocationStartInfo) -> None:
        """An invocation of the handler begins."""

    def on_invocation_end(self, info: InvocationEndInfo) -> None:
        """The invocation ended: the execution succeeded, failed or suspended."""

    def on_operation_start(self, info: OperationStartInfo) -> None:
        """An operation was started (and checkpointed) by this invocation."""

    def on_operation_end(self, info: OperationEndInfo) -> None:
        """An operation completed in this invocation."""


class DurableInstrumentationPluginFactory(Protocol):
    def create_plugin(self, info: InvocationStartInfo) -> DurableInstrumentationPlugin: ...


def check_factories(factories: list[Any]) -> list[Any]:
    """The `plugins=` of `durable_execution`: objects with `create_plugin`, as AWS requires."""
    for factory in factories:
        if not callable(getattr(factory, "create_plugin", None)):
            raise TypeError(f"plugins must be factories with create_plugin(info), not {factory!r}")
    return list(factories)


_TYPES = {
    "Step": OperationType.STEP,
    "Wait": OperationType.WAIT,
    "Callback": OperationType.CALLBACK,
    "Context": OperationType.CONTEXT,
    "ChainedInvoke": OperationType.CHAINED_INVOKE,
}
_STATUSES = {
    "Started": OperationStatus.STARTED,
    "Succeeded": OperationStatus.SUCCEEDED,
    "Failed": OperationStatus.FAILED,
    "TimedOut": OperationStatus.TIMED_OUT,
}


class Invocation:
    """The plugins of one invocation, told of its history events as they are written."""

    def __init__(self, factories: list[Any], info: InvocationStartInfo) -> None:
        self.plugins = [
            plugin
            for factory in factories
            if (plugin := _guarded(factory.create_plugin, info)) is not None
        ]
        self._started: dict[str, datetime.datetime | None] = {}
        for plugin in self.plugins:
            _guarded(plugin.on_invocation_start, info)

    def observe(self, event: dict[str, Any]) -> None:
        """A history event of an operation this invocation started or completed."""
        kind = event.get("EventType", "")
        for prefix, operation_type in _TYPES.items():
            if kind.startswith(prefix) and kind[len(prefix) :] in _STATUSES:
                self._operation(event, operation_type, _STATUSES[kind[len(prefix) :]])
                return

    def _operation(self, event: dict, operation_type: OperationType, status: OperationStatus):
        moment = _time(event.get("EventTimestamp"))
        operation_id = event.get("Id", "")
        if status is OperationStatus.STARTED:
            self._started[operation_id] = moment
        fields = {
            "operation_id": operation_id,
            "operation_type": operation_type,
            "sub_type": event.get("SubType"),
            "name": event.get("Name"),
            "parent_id": event.get("ParentId"),
            "start_time": self._started.get(operation_id, moment),
            "is_replayed": False,
            "status": status,
        }
        for plugin in self.plugins:
            if status is OperationStatus.STARTED:
                _guarded(plugin.on_operation_start, OperationStartInfo(**fields))
            else:
                _guarded(plugin.on_operation_end, OperationEndInfo(**fields, end_time=moment))

    def end(self, info: InvocationEndInfo) -> None:
        for plugin in self.plugins:
            _guarded(plugin.on_invocation_end, info)


def _time(stamp: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(stamp) if stamp else None


def _guarded(hook: Callable[[Any], Any], info: Any) -> Any:
    try:
        return hook(info)
    except Exception:  # a plugin must not break the execution it observes
        logger.exception("plugin hook %s failed", getattr(hook, "__qualname__", hook))
        return None
