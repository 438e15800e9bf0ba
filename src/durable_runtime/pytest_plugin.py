"""The pytest plugin: run a test suite on this runtime with one switch.

Installed with the package (entry point `pytest11`), it does nothing until a run asks for it
with `--durable-runtime` or `durable_runtime = true` in the pytest ini options. Then, before any
conftest or test module is imported, `aws_durable_execution_sdk_python` and AWS's testing
package (`aws_durable_execution_sdk_python_testing`, its `DurableFunctionTestRunner`) are served
from this runtime for the whole session (`compat.aws_sdk_on_runtime`), and tests get:

- the `durable_execution` marker, naming the handler under test and the runner's options:
  `@pytest.mark.durable_execution(handler=handler)`, optionally `skip_time=False`;
- the `durable_runner` fixture: a `DurableRunner` on that handler, whose `check_replay(event)`
  replays the handler after every operation and fails the test at the first divergence.

A conftest that defines its own `durable_runner` fixture keeps it: pytest prefers the nearest
definition, so suites written for AWS's testing package run unchanged.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from durable_runtime.compat import aws_sdk_on_runtime
from durable_runtime.replay import ReplayReport, check_replay
from durable_runtime.testing import DurableRunner

OPTION = "--durable-runtime"
INI = "durable_runtime"
MARKER = "durable_execution"
ACTIVE_PLUGIN = "durable_runtime.active"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("durable-runtime")
    group.addoption(
        OPTION,
        action="store_true",
        default=False,
        help="run durable handlers and AWS SDK imports on the bundled durable_runtime",
    )
    parser.addini(INI, type="bool", default=False, help="as --durable-runtime")


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Switch before the first conftest is imported: a conftest that imports the AWS SDK at its
    top must already get the runtime."""
    if _requested(early_config) and not early_config.pluginmanager.has_plugin(ACTIVE_PLUGIN):
        early_config.pluginmanager.register(_Session(early_config), ACTIVE_PLUGIN)


def pytest_configure(config: pytest.Config) -> None:
    if _requested(config) and not config.pluginmanager.has_plugin(ACTIVE_PLUGIN):
        config.pluginmanager.register(_Session(config), ACTIVE_PLUGIN)  # loaded with -p


def _requested(config: pytest.Config) -> bool:
    # Before the command line is fully parsed, only the known arguments are there.
    early = getattr(config.known_args_namespace, "durable_runtime", False)
    return bool(early or config.getoption(OPTION, default=False) or config.getini(INI))


class _Session:
    """The plugin while it is switched on: the AWS names served from the runtime until the
    session ends, the marker and the fixture."""

    def __init__(self, config: pytest.Config) -> None:
        self._switch = contextlib.ExitStack()
        self._switch.enter_context(aws_sdk_on_runtime(testing=True))
        config.addinivalue_line(
            "markers",
            f"{MARKER}(handler, skip_time=True): the durable handler the durable_runner "
            "fixture runs on durable_runtime",
        )

    def pytest_report_header(self) -> str:
        return "durable-runtime: AWS SDK imports are served by durable_runtime"

    def pytest_unconfigure(self) -> None:
        self._switch.close()

    @pytest.fixture
    def durable_runner(self, request: pytest.FixtureRequest) -> TestRunner:
        """A runner on the handler named by the test's `durable_execution` marker."""
        marker = request.node.get_closest_marker(MARKER)
        if marker is None or "handler" not in marker.kwargs:
            pytest.fail(
                f"durable_runner needs @pytest.mark.{MARKER}(handler=...) on the test",
                pytrace=False,
            )
        options = dict(marker.kwargs)
        return TestRunner(options.pop("handler"), **options)


class TestRunner(DurableRunner):
    """`DurableRunner` with the replay proof as an assertion."""

    __test__ = False  # not a test class, whatever its name

    def check_replay(self, event: Any = None, **options: Any) -> ReplayReport:
        """Replay the handler after each of its operations (`replay.check_replay`); a replay
        that diverges, repeats a side effect or leaves an operation open fails the test."""
        report = check_replay(self.handler, event, **options)
        if not report.ok:
            pytest.fail(describe_failure(report), pytrace=False)
        return report


def describe_failure(report: ReplayReport) -> str:
    """Why a replay proof failed, naming the operation where it did."""
    if report.divergence is not None:
        divergence = report.divergence
        where = f" at operation {divergence.operation!r}" if divergence.operation else ""
        return (
            f"replay diverged{where} after {divergence.after} completed operation(s): "
            f"expected {divergence.expected}, got {divergence.actual}"
        )
    if report.repeated_side_effects:
        return "side effects ran again on replay: " + ", ".join(report.repeated_side_effects)
    names = ", ".join(repr(op.name) for op in report.unfinished_operations)
    return f"the execution succeeded with operations still open: {names}"
