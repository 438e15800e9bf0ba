"""The pytest plugin, driven through pytest itself: the switch, the marker, the fixture and
the replay proof."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

HANDLER = """
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration


@durable_execution
def handler(event, context: DurableContext):
    total = context.step(lambda _: event["a"] + event["b"], name="add")
    context.wait(Duration.from_hours(1), name="cool-off")
    return {"total": total}
"""

WHICH_SDK = """
import aws_durable_execution_sdk_python as sdk
import durable_runtime


def test_which_sdk():
    print("SDK-IS-RUNTIME", sdk.durable_execution is durable_runtime.durable_execution)
"""


def sdk_used(result: pytest.RunResult) -> bool:
    result.assert_outcomes(passed=1)
    line = next(line for line in result.outlines if "SDK-IS-RUNTIME" in line)
    return line.split("SDK-IS-RUNTIME", 1)[1].strip().startswith("True")


def test_the_plugin_is_inert_without_the_switch(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_sdk=WHICH_SDK)
    result = pytester.runpytest_subprocess("-s")
    assert sdk_used(result) is False
    assert "durable-runtime" not in result.stdout.str()


def test_the_option_serves_the_aws_sdk_from_the_runtime(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_sdk=WHICH_SDK)
    result = pytester.runpytest_subprocess("-s", "--durable-runtime")
    assert sdk_used(result) is True
    result.stdout.fnmatch_lines(["durable-runtime: AWS SDK imports are served by durable_runtime"])


def test_the_ini_option_switches_too(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ndurable_runtime = true\n")
    pytester.makepyfile(test_sdk=WHICH_SDK)
    assert sdk_used(pytester.runpytest_subprocess("-s")) is True


def test_a_conftest_importing_the_sdk_gets_the_runtime(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "import aws_durable_execution_sdk_python as sdk\n"
        "import durable_runtime\n"
        "CONFTEST_SAW_RUNTIME = sdk.durable_execution is durable_runtime.durable_execution\n"
    )
    pytester.makepyfile(
        test_sdk="from conftest import CONFTEST_SAW_RUNTIME\n\n\n"
        "def test_conftest():\n    assert CONFTEST_SAW_RUNTIME\n"
    )
    pytester.runpytest_subprocess("--durable-runtime").assert_outcomes(passed=1)


def test_the_fixture_runs_the_marked_handler(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(handler=HANDLER)
    pytester.makepyfile(
        test_handler="""
from pathlib import Path

import pytest

from handler import handler


@pytest.mark.durable_execution(handler=handler)
def test_total(durable_runner):
    result = durable_runner.run({"a": 2, "b": 3})
    assert result.status == "SUCCEEDED"
    assert result.result == {"total": 5}
    assert [op.name for op in result.operations] == ["add", "cool-off"]


@pytest.mark.durable_execution(handler=handler, skip_time=False)
def test_waits_suspend_until_time_moves(durable_runner):
    assert durable_runner.run({"a": 1, "b": 1}).status == "SUSPENDED"
    durable_runner.advance(3600)
    assert durable_runner.resume().result == {"total": 2}
"""
    )
    pytester.runpytest_subprocess("--durable-runtime").assert_outcomes(passed=2)


def test_the_fixture_asks_for_the_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_unmarked="def test_unmarked(durable_runner):\n    pass\n")
    result = pytester.runpytest_subprocess("--durable-runtime")
    result.assert_outcomes(errors=1)  # at setup, as a fixture failing does
    result.stdout.fnmatch_lines(["*durable_runner needs @pytest.mark.durable_execution*"])


def test_the_replay_proof_passes_and_fails_naming_the_operation(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(handler=HANDLER)
    pytester.makepyfile(
        drifting="""
import uuid

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration


@durable_execution
def handler(event, context: DurableContext):
    context.wait(Duration.from_minutes(1), name="pause")
    return context.step(lambda _: "done", name=f"finish-{uuid.uuid4().hex[:6]}")
"""
    )
    pytester.makepyfile(
        test_proofs="""
from pathlib import Path

import pytest

import drifting
import handler


@pytest.mark.durable_execution(handler=handler.handler)
def test_deterministic(durable_runner):
    report = durable_runner.check_replay({"a": 1, "b": 2})
    assert report.result == {"total": 3} and report.replays >= 2


@pytest.mark.durable_execution(handler=drifting.handler)
def test_drifting(durable_runner):
    durable_runner.check_replay({})
"""
    )
    result = pytester.runpytest_subprocess("--durable-runtime")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*replay diverged*finish-*"])


def test_a_conftest_fixture_of_the_same_name_wins(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "import pytest\n\n\n@pytest.fixture\ndef durable_runner():\n    return 'from conftest'\n"
    )
    pytester.makepyfile(
        test_own="def test_own(durable_runner):\n    assert durable_runner == 'from conftest'\n"
    )
    pytester.runpytest_subprocess("--durable-runtime").assert_outcomes(passed=1)


def test_the_switch_is_undone_when_the_session_ends(pytester: pytest.Pytester) -> None:
    import aws_durable_execution_sdk_python as before

    pytester.makepyfile(test_sdk=WHICH_SDK)
    # The inner session runs in this process, with pytest-asyncio (a test dependency) loaded:
    # it gets the loop scope this project's own configuration sets, so it warns of nothing.
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.runpytest_inprocess("-s", "--durable-runtime", "-p", "no:cacheprovider")
    import aws_durable_execution_sdk_python as after

    assert after is before


def test_the_aws_style_suite_passes_unchanged_on_the_runtime(pytester: pytest.Pytester) -> None:
    """tests/aws_style is written for AWS's testing package (and passes on it in this session);
    with the switch, every one of its tests passes on the runtime."""
    suite = Path(__file__).resolve().parent.parent / "aws_style"
    expected = sum(1 for _ in suite.glob("test_*.py"))
    result = pytester.runpytest_subprocess(
        str(suite), "--durable-runtime", "-p", "no:cacheprovider"
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0 and outcomes.get("errors", 0) == 0, result.stdout.str()
    assert outcomes.get("skipped", 0) == 0
    assert outcomes["passed"] >= 45 and expected >= 8
