"""Pytest configuration for the AWS-style durable handler suite.

The tests here are written the way teams test durable functions with AWS's testing
package (``aws-durable-execution-sdk-python-testing``): each test names its handler with
``@pytest.mark.durable_execution(handler=...)`` and receives a ``durable_runner`` fixture,
a ``DurableFunctionTestRunner`` opened as a context manager.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:
    from aws_durable_execution_sdk_python_testing.runner import DurableFunctionTestRunner
except ImportError:  # the suite skips itself when AWS's testing package is missing
    DurableFunctionTestRunner = None

HERE = Path(__file__).resolve().parent

# `durable_shop` (the durable functions under test) and `payloads` import from this folder.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

MARKER = "durable_execution"

# wait_for_callback polls the execution history this often (the runner's default is 1 s).
POLL_INTERVAL_SECONDS = 0.05


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(handler, **runner_options): the durable handler that the durable_runner "
        "fixture runs; other keyword arguments (e.g. skip_time=True) go to the runner",
    )


@pytest.fixture
def durable_runner(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A ``DurableFunctionTestRunner`` on the handler named by the test's marker.

    Usage::

        @pytest.mark.durable_execution(handler=orders.process_order)
        def test_order(durable_runner):
            result = durable_runner.run(input=json.dumps({...}), execution_timeout=10)
            assert result.status is InvocationStatus.SUCCEEDED
    """
    marker = request.node.get_closest_marker(MARKER)
    if marker is None or marker.kwargs.get("handler") is None:
        pytest.fail(f"durable_runner needs @pytest.mark.{MARKER}(handler=...) on the test")
    if DurableFunctionTestRunner is None:
        pytest.skip("aws-durable-execution-sdk-python-testing is not installed")

    options = dict(marker.kwargs)
    handler = options.pop("handler")
    if "poll_interval" in inspect.signature(DurableFunctionTestRunner).parameters:
        options.setdefault("poll_interval", POLL_INTERVAL_SECONDS)

    runner = DurableFunctionTestRunner(handler=handler, **options)
    with runner:
        yield runner
