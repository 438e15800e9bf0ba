"""Every rule, proven on the runtime: the flagged fixture misbehaves when replayed, and the good
fixture (and the `--fix` output of the flagged one, where the rule has a fix) does not.

The fixtures are `fixtures/DURxxx/bad_proof_*.py` and `good_proof_*.py`: ordinary linter
fixtures that also run, with `EVENT` as their input.
"""

from __future__ import annotations

import importlib.util
import itertools
import sqlite3
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from durable_lint.rules import ALL_RULES
from durable_runtime.compat import aws_sdk_on_runtime
from durable_runtime.replay import ReplayReport, check_replay
from durable_runtime.testing import DurableRunner

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
_loaded = itertools.count()


def fixture(code: str, kind: str) -> Path:
    (path,) = [p for p in (FIXTURES / code).glob(f"{kind}_proof_*.py") if ".fixed" not in p.name]
    return path


def load(path: Path) -> Any:
    """Import a fixture module as it is, its AWS SDK imports served by the runtime."""
    name = f"proof_{next(_loaded)}_{path.stem}"
    with aws_sdk_on_runtime():
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module


def fixed(path: Path) -> Path:
    """The fixture after `durable-lint --fix --unsafe-fixes` (tests/test_fixes.py keeps it
    byte-for-byte what the fixer writes)."""
    target = path.with_name(path.stem + ".fixed.py")
    assert target.exists(), f"{target.name} is missing"
    return target


def replay(module: Any, event: Any = None, **options: Any) -> ReplayReport:
    return check_replay(module.handler, module.EVENT if event is None else event, **options)


def assert_replays_identically(module: Any, event: Any = None, **options: Any) -> ReplayReport:
    report = replay(module, event, **options)
    assert report.status == "SUCCEEDED"
    assert report.ok, (report.divergence, report.repeated_side_effects)
    return report


# -- the concrete failure each bad fixture shows -----------------------------------------------


def diverges_in_result(module: Any, tmp_path: Path) -> None:
    report = replay(module)
    assert report.divergence is not None
    assert report.divergence.expected.startswith("result ")
    assert report.divergence.expected != report.divergence.actual


def diverges_in_operations(module: Any, tmp_path: Path, **options: Any) -> None:
    report = replay(module, **options)
    assert report.divergence is not None
    assert report.divergence.expected == "the recorded operations" or (
        report.divergence.operation is not None
    )


def diverges_across_processes(module: Any, tmp_path: Path) -> None:
    diverges_in_operations(module, tmp_path, processes=True)


def repeats(effect: str):
    def check(module: Any, tmp_path: Path) -> None:
        report = replay(module, event(module, tmp_path))
        assert report.divergence is None
        assert any(effect in repeated for repeated in report.repeated_side_effects), (
            report.repeated_side_effects
        )

    return check


def loses_the_mutation(unchanged: Any):
    """The step changed something outside itself; after the wait the handler replays, the step
    is skipped, and the change is gone."""

    def check(module: Any, tmp_path: Path) -> None:
        report = replay(module)
        assert report.status == "SUCCEEDED"
        assert report.result == unchanged

    return check


def every_branch_sees_the_last_value(module: Any, tmp_path: Path) -> None:
    result = DurableRunner(module.handler).run(module.EVENT).result
    assert result == ["deployed ap-south-1"] * 3


def audit_row_inserted_more_than_once(module: Any, tmp_path: Path) -> None:
    run_event = event(module, tmp_path)
    report = replay(module, run_event)
    assert any("sqlite3.connect" in effect for effect in report.repeated_side_effects)
    assert rows(run_event["database"]) > report.replays


def journal_line_appended_again(module: Any, tmp_path: Path) -> None:
    run_event = event(module, tmp_path)
    report = replay(module, run_event)
    lines = Path(run_event["journal"]).read_text().splitlines()
    assert len(lines) > 1 and len(set(lines)) == 1
    assert any(effect.startswith("open(") for effect in report.repeated_side_effects)


def suspension_swallowed(module: Any, tmp_path: Path) -> None:
    report = replay(module)
    assert report.result == "gave up waiting"
    assert [op.name for op in report.unfinished_operations] == ["cool-off"]


def waits_forever(module: Any, tmp_path: Path) -> None:
    runner = DurableRunner(module.handler)
    runner.run(module.EVENT)
    runner.advance(400 * 86_400)
    assert runner.resume().status == "SUSPENDED"


def cannot_be_checkpointed(module: Any, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the coroutine never awaited
        result = DurableRunner(module.handler).run(module.EVENT)
    assert result.status == "FAILED"
    assert result.error["type"] == "SerDesError"
    assert "cannot be stored in a checkpoint" in result.error["message"]


def event(module: Any, tmp_path: Path) -> dict[str, Any]:
    """The fixture's event, with its files moved under tmp_path."""
    run_event = dict(module.EVENT)
    if "database" in run_event:
        run_event["database"] = str(tmp_path / run_event["database"])
        with sqlite3.connect(run_event["database"]) as db:
            db.execute("CREATE TABLE IF NOT EXISTS audit (entry TEXT)")
    if "journal" in run_event:
        run_event["journal"] = str(tmp_path / run_event["journal"])
    return run_event


def rows(database: str) -> int:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]


FAILURES = {
    "DUR101": diverges_in_result,
    "DUR102": diverges_in_result,
    "DUR103": diverges_in_result,
    "DUR104": diverges_across_processes,
    "DUR201": loses_the_mutation([]),
    "DUR202": loses_the_mutation("new"),
    "DUR203": every_branch_sees_the_last_value,
    "DUR301": diverges_in_operations,
    "DUR302": diverges_in_operations,
    "DUR401": audit_row_inserted_more_than_once,
    "DUR402": journal_line_appended_again,
    "DUR404": repeats("print processing batch b-3"),
    "DUR501": diverges_in_operations,
    "DUR502": repeats("time.sleep(1)"),
    "DUR503": repeats("threading.Thread.start"),
    "DUR504": suspension_swallowed,
    "DUR505": waits_forever,
    "DUR506": diverges_in_operations,
    "DUR507": cannot_be_checkpointed,
    "DUR508": cannot_be_checkpointed,
}


def behaves(module: Any, code: str, tmp_path: Path) -> None:
    """What the good fixture and the fixed one must do instead."""
    if code == "DUR505":
        runner = DurableRunner(module.handler)
        runner.run(module.EVENT)
        runner.advance(400 * 86_400)
        timed_out = runner.resume()
        assert (timed_out.status, timed_out.error["type"]) == ("FAILED", "CallbackTimeoutError")
        return
    if code == "DUR203":
        result = DurableRunner(module.handler).run(module.EVENT).result
        assert result == ["deployed us-east-1", "deployed eu-west-1", "deployed ap-south-1"]
    run_event = event(module, tmp_path)
    report = assert_replays_identically(module, run_event, processes=code == "DUR104")
    if code == "DUR401":
        assert rows(run_event["database"]) == 1
    if code == "DUR402":
        assert len(Path(run_event["journal"]).read_text().splitlines()) == 1
    expected = {"DUR201": ["sku-7"], "DUR202": "paid", "DUR504": "escalated t-3"}
    if code in expected:
        assert report.result == expected[code]


def test_every_rule_has_a_proof() -> None:
    assert set(FAILURES) == {rule.code for rule in ALL_RULES}


@pytest.mark.parametrize("code", sorted(FAILURES))
def test_the_flagged_fixture_misbehaves_on_replay(code: str, tmp_path: Path) -> None:
    FAILURES[code](load(fixture(code, "bad")), tmp_path)


@pytest.mark.parametrize("code", sorted(FAILURES))
def test_the_good_fixture_replays_identically(code: str, tmp_path: Path) -> None:
    behaves(load(fixture(code, "good")), code, tmp_path)


FIXABLE = sorted(rule.code for rule in ALL_RULES if rule.planner is not None)


@pytest.mark.parametrize("code", FIXABLE)
def test_the_fixed_fixture_replays_identically(code: str, tmp_path: Path) -> None:
    behaves(load(fixed(fixture(code, "bad"))), code, tmp_path)
