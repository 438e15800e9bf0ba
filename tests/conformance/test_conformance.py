"""AWS's language-neutral requirements (shared/conformance/*/*.yaml) run on the runtime.

Each requirement's handler runs on `DurableRunner`: to the end with time skipped, or, for
`async` requirements, for one invocation. Its result and its history from event 2 on (event
1 is ExecutionStarted) must match the YAML. `${NAME}` placeholders bind to one value each,
different placeholders to different values, and `'*'` matches anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from handlers import HANDLERS

from durable_runtime.testing import DurableRunner

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"
REQUIREMENTS = sorted(
    CONFORMANCE.glob("*/*.yaml"), key=lambda p: [int(n) for n in p.stem.split("-")]
)


def match(expected: Any, actual: Any, bindings: dict[str, Any], where: str) -> None:
    if expected == "*":
        return
    if isinstance(expected, str) and expected.startswith("${") and expected.endswith("}"):
        bound = bindings.setdefault(expected, actual)
        assert bound == actual, f"{where}: {expected} is {bound!r} and {actual!r}"
        others = {k for k, v in bindings.items() if v == actual and k != expected}
        assert not others, f"{where}: {expected} and {others} both bind {actual!r}"
        return
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected a mapping, got {actual!r}"
        assert set(expected) == set(actual), f"{where}: keys {set(expected) ^ set(actual)}"
        for key, value in expected.items():
            match(value, actual[key], bindings, f"{where}.{key}")
        return
    if isinstance(expected, list):
        assert isinstance(actual, list) and len(expected) == len(actual), (
            f"{where}: {len(expected)} items expected, {actual!r}"
        )
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            match(want, got, bindings, f"{where}[{index}]")
        return
    assert expected == actual, f"{where}: expected {expected!r}, got {actual!r}"


def test_the_requirements_are_there() -> None:
    assert len(REQUIREMENTS) == 148


@pytest.mark.parametrize("path", REQUIREMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_requirement(path: Path) -> None:
    handler = HANDLERS.get(path.stem)
    if handler is None:
        pytest.skip("no handler written for this requirement yet")
    spec = yaml.safe_load(path.read_text())
    runner = DurableRunner(handler, skip_time=not spec.get("async"))
    outcome = runner.run(spec.get("Input"))
    expected = spec.get("ExpectedResult") or {}
    if "ExecutionStatus" in expected:
        assert outcome.status == expected["ExecutionStatus"], outcome.error
    if "Result" in expected:
        assert outcome.result == expected["Result"]
    history = [event for event in outcome.history if event["EventId"] >= 2]
    match(spec["ExpectedExecutionHistory"], history, {}, "history")
