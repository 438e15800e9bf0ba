"""The small context objects user functions receive, and the protocols the AWS SDK names
for annotations (`types.DurableContext`, `types.Callback`, ...), with the AWS SDK's names."""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")
C_co = TypeVar("C_co", covariant=True)
C_contra = TypeVar("C_contra", contravariant=True)


class LoggerInterface(Protocol):
    """What a context or step logger offers."""

    def debug(self, msg: object, *args: object, extra: Mapping[str, object] | None = None): ...

    def info(self, msg: object, *args: object, extra: Mapping[str, object] | None = None): ...

    def warning(self, msg: object, *args: object, extra: Mapping[str, object] | None = None): ...

    def error(self, msg: object, *args: object, extra: Mapping[str, object] | None = None): ...

    def exception(self, msg: object, *args: object, extra: Mapping[str, object] | None = None): ...


@dataclass
class OperationContext:
    """What a step, submitter or check function gets: a logger (replay-aware) and its id."""

    logger: Any
    operation_id: str = ""
    attempt: int = 1


class StepContext(OperationContext):
    pass


class WaitForCallbackContext(OperationContext):
    pass


class WaitForConditionCheckContext(OperationContext):
    pass


class Callback(Protocol, Generic[C_co]):
    """A pending answer from outside (`context.create_callback(...)`)."""

    callback_id: str

    @abstractmethod
    def result(self) -> C_co | None: ...


class BatchResult(Protocol, Generic[T]):
    """What `parallel` and `map` return."""

    @abstractmethod
    def get_results(self) -> list[T]: ...


class DurableContext(Protocol):
    """The operations a handler calls; `durable_runtime.DurableContext` implements it."""

    @abstractmethod
    def step(self, func: Any, name: str | None = None, config: Any = None) -> Any: ...

    @abstractmethod
    def run_in_child_context(
        self, func: Any, name: str | None = None, config: Any = None
    ) -> Any: ...

    @abstractmethod
    def map(
        self, inputs: Any, func: Any, name: str | None = None, config: Any = None
    ) -> BatchResult: ...

    @abstractmethod
    def parallel(
        self, functions: Any, name: str | None = None, config: Any = None
    ) -> BatchResult: ...

    @abstractmethod
    def wait(self, duration: Any, name: str | None = None) -> None: ...

    @abstractmethod
    def create_callback(self, name: str | None = None, config: Any = None) -> Callback: ...


class LambdaContext(Protocol):
    """The Lambda invocation context a handler is given on AWS."""

    aws_request_id: str
    function_name: str | None = None
    invoked_function_arn: str | None = None

    def get_remaining_time_in_millis(self) -> int: ...


class SummaryGenerator(Protocol[C_contra]):
    """Turns a result too large to checkpoint into a short text that stands for it."""

    def __call__(self, result: C_contra) -> str: ...


_EXECUTION_ARN = re.compile(
    r"^arn:[^:]*:lambda:[^:]*:[^:]*:function:(?P<function>[^:/]+):[^:/]+"
    r"/durable-execution/(?P<execution>[^/]+)/(?P<invocation>[^/]+)$"
)


@dataclass(frozen=True)
class DurableExecutionArn:
    """The parts of a durable execution ARN
    (`arn:...:function:NAME:VERSION/durable-execution/EXECUTION/INVOCATION`)."""

    function_name: str
    execution_name: str
    invocation_id: str

    @classmethod
    def from_arn(cls, arn: str) -> DurableExecutionArn | None:
        """The parts, or None for a string that is not such an ARN (as the runtime's
        execution names are not)."""
        match = _EXECUTION_ARN.match(arn)
        if match is None:
            return None
        return cls(match["function"], match["execution"], match["invocation"])
