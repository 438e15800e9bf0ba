"""The service's vocabulary that tests read: operation types, statuses and sub-types, how an
invocation ended, and the error and payload records, under the names of AWS's
`lambda_service` module (served under that name by `compat`)."""

from __future__ import annotations

import enum

from durable_runtime.error_object import ErrorObject as ErrorObject

OperationPayload = str  # a checkpointed value, in the serdes' text form


class OperationType(str, enum.Enum):
    EXECUTION = "EXECUTION"
    CONTEXT = "CONTEXT"
    STEP = "STEP"
    WAIT = "WAIT"
    CALLBACK = "CALLBACK"
    CHAINED_INVOKE = "CHAINED_INVOKE"

    __str__ = str.__str__


class OperationStatus(str, enum.Enum):
    STARTED = "STARTED"
    PENDING = "PENDING"
    READY = "READY"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    TIMED_OUT = "TIMED_OUT"
    STOPPED = "STOPPED"

    __str__ = str.__str__


class OperationSubType(str, enum.Enum):
    STEP = "Step"
    WAIT = "Wait"
    CALLBACK = "Callback"
    RUN_IN_CHILD_CONTEXT = "RunInChildContext"
    MAP = "Map"
    MAP_ITERATION = "MapIteration"
    PARALLEL = "Parallel"
    PARALLEL_BRANCH = "ParallelBranch"
    WAIT_FOR_CALLBACK = "WaitForCallback"
    WAIT_FOR_CONDITION = "WaitForCondition"
    CHAINED_INVOKE = "ChainedInvoke"

    __str__ = str.__str__


class InvocationStatus(str, enum.Enum):
    """How an invocation, and so a test run, ended."""

    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    PENDING = "PENDING"
    RETRY = "RETRY"

    __str__ = str.__str__
