"""The reference durable runtime: the AWS durable execution SDK's API, run locally.

Checkpoints live in memory or in SQLite; handlers written for `aws_durable_execution_sdk_python`
run here with the same calls, so the linter's rules can be shown by replaying them.
"""

from durable_lint import __version__  # one version for the distribution
from durable_runtime.concurrency.models import BatchCompletionError, BatchItem, BatchResult
from durable_runtime.config import (
    BatchItemStatus,
    CallbackConfig,
    ChildConfig,
    CompletionConfig,
    Duration,
    InvokeConfig,
    MapConfig,
    ParallelBranch,
    ParallelConfig,
    StepConfig,
    StepSemantics,
    WaitForCallbackConfig,
)
from durable_runtime.context import (
    Callback,
    DurableContext,
    durable_parallel_branch,
    durable_step,
    durable_wait_for_callback,
    durable_with_child_context,
)
from durable_runtime.exceptions import (
    CallbackError,
    CallbackExternalError,
    CallbackSubmitterError,
    CallbackTimeoutError,
    ChildContextError,
    DurableExecutionsError,
    DurableOperationError,
    ExecutionError,
    InvocationError,
    InvokeError,
    NonDeterministicExecutionError,
    PluginLoadError,
    RetryableSerDesError,
    SerDesError,
    StepError,
    SuspendExecution,
    ValidationError,
    WaitForConditionError,
)
from durable_runtime.execution import durable_execution
from durable_runtime.retries import (
    RetryDecision,
    RetryPresets,
    RetryStrategyConfig,
    WithRetryConfig,
    with_retry,
)
from durable_runtime.types import StepContext, WaitForCallbackContext
from durable_runtime.waits import WaitForConditionConfig, WaitForConditionDecision

__all__ = [
    "BatchCompletionError",
    "BatchItem",
    "BatchItemStatus",
    "BatchResult",
    "Callback",
    "CallbackConfig",
    "CallbackError",
    "CallbackExternalError",
    "CallbackSubmitterError",
    "CallbackTimeoutError",
    "ChildConfig",
    "ChildContextError",
    "CompletionConfig",
    "DurableContext",
    "DurableExecutionsError",
    "DurableOperationError",
    "Duration",
    "ExecutionError",
    "InvocationError",
    "InvokeConfig",
    "InvokeError",
    "MapConfig",
    "NonDeterministicExecutionError",
    "ParallelBranch",
    "ParallelConfig",
    "PluginLoadError",
    "RetryDecision",
    "RetryPresets",
    "RetryStrategyConfig",
    "RetryableSerDesError",
    "SerDesError",
    "StepConfig",
    "StepContext",
    "StepError",
    "StepSemantics",
    "SuspendExecution",
    "ValidationError",
    "WaitForCallbackConfig",
    "WaitForCallbackContext",
    "WaitForConditionConfig",
    "WaitForConditionDecision",
    "WaitForConditionError",
    "WithRetryConfig",
    "__version__",
    "durable_execution",
    "durable_parallel_branch",
    "durable_step",
    "durable_wait_for_callback",
    "durable_with_child_context",
    "with_retry",
]
