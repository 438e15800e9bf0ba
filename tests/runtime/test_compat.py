"""The AWS-import switch: off by default, serves the runtime when on, restores the real SDK."""

from __future__ import annotations

import importlib
import sys

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


def test_the_switch_is_off_by_default() -> None:
    assert importlib.import_module(f"{AWS_PACKAGE}.config").__name__ == f"{AWS_PACKAGE}.config"
