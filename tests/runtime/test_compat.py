"""The AWS-import switch: off by default, serves the runtime when on, restores the real SDK."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import logging
import sys
import types

import durable_runtime
from durable_runtime.compat import AWS_PACKAGE, SUBMODULES, aws_sdk_on_runtime


def test_every_aws_module_resolves_to_the_runtime_while_on_and_the_real_sdk_after() -> None:
    real = importlib.import_module(AWS_PACKAGE)  # the real SDK, installed with the test extra
    assert real is not durable_runtime
    real_execution = importlib.import_module(f"{AWS_PACKAGE}.execution")
    with aws_sdk_on_runtime():
        for suffix, runtime_module in SUBMODULES.items():
            name = f"{AWS_PACKAGE}.{suffix}" if suffix else AWS_PACKAGE
            assert importlib.import_module(name) is importlib.import_module(runtime_module)
        from aws_durable_execution_sdk_python.config import Duration

        assert Duration is durable_runtime.Duration
    assert importlib.import_module(AWS_PACKAGE) is real
    assert sys.modules[f"{AWS_PACKAGE}.execution"] is real_execution
    assert real.durable_execution is not durable_runtime.durable_execution
    # The runtime's modules keep their own specs: the import system stamps the alias's on them.
    for runtime_module in SUBMODULES.values():
        assert importlib.import_module(runtime_module).__spec__.name == runtime_module
    assert importlib.util.find_spec("durable_runtime").submodule_search_locations


def test_the_switch_is_off_by_default() -> None:
    assert importlib.import_module(f"{AWS_PACKAGE}.config").__name__ == f"{AWS_PACKAGE}.config"


# The AWS modules whose names handlers import, as the compatibility issue lists them.
HANDLER_MODULES = [
    "",
    "context",
    "execution",
    "config",
    "types",
    "waits",
    "retries",
    "serdes",
    "exceptions",
    "concurrency.models",
]
# AWS names a handler has no use for, each with the reason the runtime leaves it out.
OPERATION_MACHINERY = "the SDK's operation executors and id bookkeeping, inside DurableContext"
LOGGER_CLASSES = "the SDK's logger classes; context.logger offers the same methods"
LAMBDA_API = "records and clients of the Lambda durable-execution API, which the runtime skips"
PLUGINS = "instrumentation plugins, which the runtime does not run"
SCHEDULER = "the SDK's threaded branch scheduler; the runtime runs branches in order"
CODECS = "the SDK's envelope encoding inside ExtendedTypeSerDes, which encodes its own way"
NOT_FOR_HANDLERS = {
    **dict.fromkeys(
        [
            "context.CallbackOperationExecutor",
            "context.ChildOperationExecutor",
            "context.InvokeOperationExecutor",
            "context.StepOperationExecutor",
            "context.WaitForConditionOperationExecutor",
            "context.WaitOperationExecutor",
            "context.child_handler",
            "context.map_handler",
            "context.parallel_handler",
            "context.wait_for_callback_handler",
            "context.OperationIdentifier",
            "context.OperationIdNamespace",
            "context.OrderedCounter",
            "context.ReplayStatus",
            "execution.ReplayStatus",
        ],
        OPERATION_MACHINERY,
    ),
    **dict.fromkeys(["context.Logger", "context.LogInfo"], LOGGER_CLASSES),
    **dict.fromkeys(
        [
            "context.OperationSubType",
            "context.OperationType",
            "execution.DurableExecutionInvocationInput",
            "execution.DurableExecutionInvocationInputWithClient",
            "execution.DurableExecutionInvocationOutput",
            "execution.InitialExecutionState",
            "execution.InvocationStatus",
            "execution.OperationUpdate",
            "execution.DurableServiceClient",
            "execution.LambdaClient",
            "execution.LAMBDA_RESPONSE_SIZE_LIMIT",
            "execution.handle_checkpoint_error",
            "exceptions.AwsErrorMetadata",
            "exceptions.AwsErrorObj",
            "exceptions.BAD_REQUEST_ERROR",
            "exceptions.INVALID_CHECKPOINT_TOKEN_PREFIX",
            "exceptions.INVALID_PARAMETER_VALUE_EXCEPTION",
            "exceptions.SERVICE_ERROR",
            "exceptions.TOO_MANY_REQUESTS_ERROR",
        ],
        LAMBDA_API,
    ),
    **dict.fromkeys(
        [
            "execution.DurableInstrumentationPluginFactory",
            "execution.PluginExecutor",
            "execution.load_configured_plugins",
        ],
        PLUGINS,
    ),
    **dict.fromkeys(
        [
            "context.envelope_summary_generator",
            "concurrency.models.envelope_summary_generator",
            "concurrency.models.Branch",
            "concurrency.models.BranchEvent",
            "concurrency.models.BranchEventKind",
            "concurrency.models.BranchStatus",
            "concurrency.models.Executable",
            "concurrency.models.CompletionPolicy",
            "concurrency.models.CompletionRecord",
        ],
        SCHEDULER,
    ),
    **dict.fromkeys(
        [
            f"serdes.{name}"
            for name in [
                "BytesCodec",
                "Codec",
                "ContainerCodec",
                "DateTimeCodec",
                "DecimalCodec",
                "PrimitiveCodec",
                "TypeCodec",
                "UuidCodec",
                "EncodedValue",
                "TypeTag",
                "TYPE_CODEC",
                "TYPE_TOKEN",
                "VALUE_TOKEN",
            ]
        ],
        CODECS,
    ),
}


def _is_sdk_name(module: types.ModuleType, name: str) -> bool:
    """A public name of the SDK's own: not private, not a module, not a typing helper
    (`TYPE_CHECKING`, type variables, special forms, `int | float`), not a module logger, and
    not a class or function the module re-imports from outside the SDK (`Enum`, `dataclass`)."""
    value = getattr(module, name)
    if name.startswith("_") or name == "TYPE_CHECKING" or isinstance(value, types.ModuleType):
        return False
    if inspect.isclass(value) or inspect.isroutine(value):  # protocols too
        return (value.__module__ or "").split(".")[0] == AWS_PACKAGE
    # TypeVar, ParamSpec, Self, Concatenate, `int | float`; a module's logger
    return type(value).__module__ not in ("typing", "types") and not isinstance(
        value, logging.Logger
    )


def test_every_name_a_handler_imports_from_the_aws_sdk_exists_on_the_runtime() -> None:
    expected = {}
    for suffix in HANDLER_MODULES:
        module = importlib.import_module(f"{AWS_PACKAGE}.{suffix}" if suffix else AWS_PACKAGE)
        for name in dir(module):
            key = f"{suffix}.{name}" if suffix else name
            if _is_sdk_name(module, name) and key not in NOT_FOR_HANDLERS:
                expected[key] = (suffix, name)
    assert len(expected) > 150  # the SDK's public surface, not an empty comparison
    missing = []
    with aws_sdk_on_runtime():
        for key, (suffix, name) in sorted(expected.items()):
            module = importlib.import_module(f"{AWS_PACKAGE}.{suffix}" if suffix else AWS_PACKAGE)
            if not hasattr(module, name):
                missing.append(key)
    assert missing == []
    listed = set(NOT_FOR_HANDLERS) - {
        f"{suffix}.{name}"
        for suffix in HANDLER_MODULES
        for name in dir(
            importlib.import_module(f"{AWS_PACKAGE}.{suffix}" if suffix else AWS_PACKAGE)
        )
    }
    assert listed == set()  # every left-out name is still in the SDK


def test_handler_facing_aliases_behave_as_in_the_aws_sdk() -> None:
    from durable_runtime import types as runtime_types
    from durable_runtime.concurrency.models import BatchResult
    from durable_runtime.context import Callback, DurableContext
    from durable_runtime.serdes import DEFAULT_JSON_SERDES, EXTENDED_TYPES_SERDES, SerDesContext

    assert runtime_types.DurableContext in DurableContext.__mro__  # the protocols they implement
    assert runtime_types.Callback in Callback.__mro__
    assert runtime_types.BatchResult in BatchResult.__mro__
    context = SerDesContext("1", "execution-1")
    assert (
        EXTENDED_TYPES_SERDES.deserialize(
            EXTENDED_TYPES_SERDES.serialize(b"\x00", context), context
        )
        == b"\x00"
    )
    assert DEFAULT_JSON_SERDES.serialize({"a": [1]}, context) == '{"a": [1]}'
    arn = (
        "arn:aws:lambda:eu-west-1:123456789012:function:orders:$LATEST/durable-execution/o-1/inv-9"
    )
    parts = runtime_types.DurableExecutionArn.from_arn(arn)
    assert (parts.function_name, parts.execution_name, parts.invocation_id) == (
        "orders",
        "o-1",
        "inv-9",
    )
    assert runtime_types.DurableExecutionArn.from_arn("execution-1") is None


def test_a_handler_written_for_aws_reads_its_execution_and_catches_sdk_errors() -> None:
    from durable_runtime.testing import DurableRunner

    with aws_sdk_on_runtime():
        from aws_durable_execution_sdk_python.exceptions import (
            NonDeterministicExecutionError,
            TerminationReason,
        )

        def handler(event, context):
            return context.execution_context.durable_execution_arn

        result = DurableRunner(handler).run({}, name="orders-1")
    assert result.result == "orders-1"  # the runtime's execution name, where AWS has an ARN
    error = NonDeterministicExecutionError("changed", step_id="3")
    assert error.termination_reason is TerminationReason.NON_DETERMINISTIC_EXECUTION
    assert error.step_id == "3"


def test_errors_are_recorded_under_the_aws_names_while_the_sdk_is_served() -> None:
    from durable_runtime.testing import DurableRunner

    def handler(event, context):
        def refuse(_):
            raise ValueError("card declined")

        return context.step(
            refuse,
            name="charge",
            config=durable_runtime.StepConfig(retry_strategy=durable_runtime.RetryPresets.none()),
        )

    own = DurableRunner(handler).run({})
    assert own.error["type"] == "durable_runtime.exceptions.StepError"
    with aws_sdk_on_runtime():
        served = DurableRunner(handler).run({})
    assert served.error["type"] == "aws_durable_execution_sdk_python.exceptions.StepError"
    # A record under either name is rebuilt as the same class.
    from durable_runtime.exceptions import DurableOperationError, StepError

    for name in (own.error["type"], served.error["type"]):
        rebuilt = DurableOperationError.from_error_fields(name, "card declined", None, None)
        assert type(rebuilt) is StepError
