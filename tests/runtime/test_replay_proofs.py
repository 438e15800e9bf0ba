"""Each rule of the catalogue, proven by replay on the runtime.

For every code, `fixtures/DURxxx/bad_replay_*.py` is a runnable handler the linter flags: it is
run on `durable_runtime` and shows the concrete failure the catalogue predicts (a divergent
result or operation, a repeated side effect, a swallowed suspension, ...). The matching
`good_replay_*.py`, and for rules with an automatic fix the `--fix --unsafe-fixes` output of the
bad fixture (generated here, in tmp_path), replay identically.

The fixtures import only the standard library and the SDK (`durable_runtime`, or
`aws_durable_execution_sdk_python` served by the runtime through `aws_sdk_on_runtime()`), and
define `EVENT` and `handler`.
"""

from __future__ import annotations

import ast
import datetime
import gc
import importlib.util
import itertools
import json
import os
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fixture_support import FIXABLE_CODES, FIXED_SUFFIX, FIXTURES, expectations

from durable_lint.diagnostics.fix import Applicability
from durable_lint.engine.linter import Linter, Settings
from durable_lint.fixes.apply import fix_source
from durable_lint.rules import ALL_RULES
from durable_runtime.compat import aws_sdk_on_runtime
from durable_runtime.replay import ReplayReport, check_replay
from durable_runtime.testing import DurableRunner, ExecutionResult

_loaded = itertools.count()

# -- loading and running fixtures -----------------------------------------------------------


def fixture(code: str, kind: str) -> Path:
    (path,) = [
        p
        for p in (FIXTURES / code).glob(f"{kind}_replay_*.py")
        if not p.name.endswith(FIXED_SUFFIX)
    ]
    return path


def load(path: Path) -> Any:
    """Import a fixture from its file, its folder on sys.path and AWS imports on the runtime."""
    name = f"replay_proof_{next(_loaded)}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        with aws_sdk_on_runtime():
            sys.modules[name] = module
            spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def fixed(path: Path, code: str, tmp_path: Path) -> Path:
    """The bad fixture after `durable-lint --fix --unsafe-fixes`, written to tmp_path."""
    linter = Linter(Settings(extend_select=(code,)))
    outcome = fix_source(
        path.read_text(encoding="utf-8"),
        lambda source: linter.lint_text(source, str(path)),
        frozenset(Applicability),
    )
    assert outcome.error is None
    assert outcome.fixed[code] > 0
    assert not [f for f in outcome.remaining if f.code == code and f.fix is not None]
    target = tmp_path / f"{path.stem}_fixed.py"
    target.write_text(outcome.text, encoding="utf-8")
    return target


def event(module: Any, tmp_path: Path, **files: str) -> dict[str, Any]:
    """The fixture's EVENT, with the named keys pointing at fresh files under tmp_path."""
    return {**module.EVENT, **{key: str(tmp_path / name) for key, name in files.items()}}


def run(module: Any, run_event: Any = None, skip_time: bool = True) -> ExecutionResult:
    runner = DurableRunner(module.handler, skip_time=skip_time)
    return runner.run(module.EVENT if run_event is None else run_event)


def replay(module: Any, run_event: Any = None, **options: Any) -> ReplayReport:
    return check_replay(module.handler, module.EVENT if run_event is None else run_event, **options)


def replays_identically(module: Any, run_event: Any = None, **options: Any) -> ReplayReport:
    report = replay(module, run_event, **options)
    assert report.status == "SUCCEEDED"
    assert report.divergence is None, report.divergence
    assert report.repeated_side_effects == []
    assert report.unfinished_operations == []
    assert report.ok and report.replays == len(report.operations)
    return report


def results(report: ReplayReport) -> tuple[dict, dict]:
    """(first run's result, replay's result) of a divergence on the result."""
    divergence = report.divergence
    assert divergence is not None, "the replay did not diverge"
    assert divergence.expected.startswith("result "), divergence
    expected = ast.literal_eval(divergence.expected.removeprefix("result "))
    actual = ast.literal_eval(divergence.actual.removeprefix("result "))
    assert expected == report.result
    return expected, actual


def changed_keys(expected: dict, actual: dict) -> set[str]:
    return {key for key in expected.keys() | actual.keys() if expected.get(key) != actual.get(key)}


def not_deterministic(report: ReplayReport) -> str:
    """The runtime's NonDeterministicExecutionError message, from the first divergence."""
    assert report.divergence is not None, "the replay did not diverge"
    assert report.divergence.expected == "the recorded operations", report.divergence
    assert "does not match its checkpoint on replay" in report.divergence.actual
    return report.divergence.actual


def effects(report: ReplayReport, prefix: str) -> list[str]:
    return [effect for effect in report.repeated_side_effects if effect.startswith(prefix)]


def rows(database: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT device_id, readings FROM syncs").fetchall()


# -- DUR1: non-determinism in replayed code -------------------------------------------------


def bad_dur101(module: Any, tmp_path: Path) -> None:
    expected, actual = results(replay(module))
    assert changed_keys(expected, actual) == {"received_at"}
    first = datetime.datetime.fromisoformat(expected["received_at"])
    again = datetime.datetime.fromisoformat(actual["received_at"])
    assert again > first  # the replay read the (moved) clock again


def bad_dur102(module: Any, tmp_path: Path) -> None:
    expected, actual = results(replay(module))
    assert changed_keys(expected, actual) == {"reference"}  # a new random draw


def bad_dur103(module: Any, tmp_path: Path) -> None:
    report = replay(module)
    # Already in the first run: the key the provider was given (before the wait) is not the
    # key the resumed invocation returns.
    assert report.result["auth"]["key"] != report.result["idempotency_key"]
    expected, actual = results(report)
    assert changed_keys(expected, actual) == {"idempotency_key"}


def good_dur103(module: Any, tmp_path: Path) -> None:
    report = replays_identically(module)
    assert report.result["auth"]["key"] == report.result["idempotency_key"]


# DUR104: the set order changes with PYTHONHASHSEED, so the proof needs two processes: the
# first invocation runs under one hash seed on a SQLite store and suspends on the 1-second
# wait; another process, with another seed and its clock moved past the wait, resumes it.
DRIVER = """
import importlib.util, json, sys
from durable_runtime.compat import aws_sdk_on_runtime
from durable_runtime.store import SqliteStore
from durable_runtime.testing import DurableRunner

source, database, name, mode, event = sys.argv[1:6]
with aws_sdk_on_runtime():
    spec = importlib.util.spec_from_file_location("resumed_handler", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
store = SqliteStore(database)
runner = DurableRunner(module.handler, store=store, skip_time=mode == "resume")
outcome = runner.run(json.loads(event), name=name) if mode == "start" else runner.resume(name)
store.close()
print(json.dumps({"status": outcome.status, "result": outcome.result, "error": outcome.error}))
"""


def invoke_in_process(module: Any, database: Path, mode: str, hash_seed: int) -> dict:
    environment = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
    environment["PYTHONPATH"] = os.pathsep.join(sys.path)
    source = module.__file__
    arguments = [source, str(database), "order", mode, json.dumps(module.EVENT)]
    completed = subprocess.run(
        [sys.executable, "-c", DRIVER, *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(completed.stdout.splitlines()[-1])


def resumed_elsewhere(module: Any, tmp_path: Path, first_seed: int, second_seed: int) -> dict:
    database = tmp_path / f"resume-{first_seed}-{second_seed}.db"
    started = invoke_in_process(module, database, "start", first_seed)
    assert started["status"] == "SUSPENDED"  # on the 1-second hold-window wait
    return invoke_in_process(module, database, "resume", second_seed)


def bad_dur104(module: Any, tmp_path: Path) -> None:
    resumed = resumed_elsewhere(module, tmp_path, 1, 2)
    assert resumed["status"] == "FAILED"
    assert resumed["error"]["type"] == "durable_runtime.exceptions.NonDeterministicExecutionError"
    message = resumed["error"]["message"]
    assert "does not match its checkpoint on replay: name 'reserve-sku-" in message
    # The same code resumed under the same hash seed is fine: the order is the culprit.
    assert resumed_elsewhere(module, tmp_path, 1, 1)["status"] == "SUCCEEDED"


def good_dur104(module: Any, tmp_path: Path) -> None:
    resumed = resumed_elsewhere(module, tmp_path, 1, 2)
    assert resumed["status"] == "SUCCEEDED"
    skus = sorted(set(module.EVENT["skus"]))
    assert resumed["result"] == {"order_id": "o-2040", "reserved": skus, "confirmed": len(skus)}
    replays_identically(module)


# -- DUR2: state that replay loses ----------------------------------------------------------


def bad_dur201(module: Any, tmp_path: Path) -> None:
    expected, actual = results(replay(module))
    assert changed_keys(expected, actual) == {"tracking_numbers"}
    assert expected["tracking_numbers"] == ["TRK-s-300-p-1", "TRK-s-300-p-2", "TRK-s-300-p-3"]
    assert actual["tracking_numbers"] == []  # the append happened in the skipped step


def good_dur201(module: Any, tmp_path: Path) -> None:
    report = replays_identically(module)
    assert report.result["tracking_numbers"] == ["TRK-s-300-p-1", "TRK-s-300-p-2", "TRK-s-300-p-3"]


def bad_dur202(module: Any, tmp_path: Path) -> None:
    expected, actual = results(replay(module))
    assert changed_keys(expected, actual) == {"order"}
    assert (expected["order"]["total_cents"], expected["order"]["status"]) == (3050, "priced")
    assert "total_cents" not in actual["order"] and "status" not in actual["order"]


def good_dur202(module: Any, tmp_path: Path) -> None:
    report = replays_identically(module)
    assert (report.result["order"]["total_cents"], report.result["order"]["status"]) == (
        3050,
        "priced",
    )
    assert report.result["invoice"] == "INV-o-88-3050"


REGIONS = ["v42@us-east-1", "v42@eu-west-1", "v42@ap-southeast-2"]


def bad_dur203(module: Any, tmp_path: Path) -> None:
    report = replay(module)
    assert report.status == "SUCCEEDED"
    assert report.result["deployed"] == ["v42@ap-southeast-2"] * 3  # every branch: last region
    assert report.result["deployed"] != REGIONS


def good_dur203(module: Any, tmp_path: Path) -> None:
    assert replays_identically(module).result["deployed"] == REGIONS


# -- DUR3: operation identity ----------------------------------------------------------------


def bad_dur301(module: Any, tmp_path: Path) -> None:
    first = run(module)  # resuming after the wait already replays with a new run id
    assert first.status == "FAILED"
    assert first.error["type"] == "durable_runtime.exceptions.NonDeterministicExecutionError"
    assert (
        "operation 1 does not match its checkpoint on replay: name 'export-"
        in (first.error["message"])
    )
    assert "name 'export-" in not_deterministic(replay(module))


def bad_dur302(module: Any, tmp_path: Path) -> None:
    first = run(module)  # the module's counter is 1 on the first invocation, 2 on the next
    assert first.status == "FAILED"
    assert first.error == {
        "type": "durable_runtime.exceptions.NonDeterministicExecutionError",
        "message": "operation 1 does not match its checkpoint on replay: "
        "name 'render-1' -> 'render-2'",
        "data": None,
        "stack_trace": None,
    }
    assert "name 'render-" in not_deterministic(replay(module))


# -- DUR4: side effects in replayed code ----------------------------------------------------


def bad_dur401(module: Any, tmp_path: Path) -> None:
    run_event = event(module, tmp_path, ledger_db="ledger.db")
    outcome = run(module, run_event)
    assert outcome.status == "SUCCEEDED"
    # One sync, two invocations (before and after the cool-down): two ledger rows.
    assert rows(run_event["ledger_db"]) == [("dev-7", 3), ("dev-7", 3)]
    report = replay(module, event(module, tmp_path, ledger_db="replayed.db"))
    assert report.divergence is None
    assert effects(report, "sqlite3.connect(")
    assert len(rows(str(tmp_path / "replayed.db"))) > len(report.operations)


def good_dur401(module: Any, tmp_path: Path) -> None:
    run_event = event(module, tmp_path, ledger_db="ledger.db")
    assert run(module, run_event).status == "SUCCEEDED"
    assert rows(run_event["ledger_db"]) == [("dev-7", 3)]
    replays_identically(module, event(module, tmp_path, ledger_db="replayed.db"))


def bad_dur402(module: Any, tmp_path: Path) -> None:
    run_event = event(module, tmp_path, audit_log="audit.log")
    assert run(module, run_event).status == "SUCCEEDED"
    lines = Path(run_event["audit_log"]).read_text().splitlines()
    assert lines == ["r-19 auto-approved", "r-19 auto-approved"]  # appended again on resume
    report = replay(module, event(module, tmp_path, audit_log="replayed.log"))
    assert report.divergence is None
    assert effects(report, f"open({str(tmp_path / 'replayed.log')!r}, 'a')")


def good_dur402(module: Any, tmp_path: Path) -> None:
    run_event = event(module, tmp_path, audit_log="audit.log")
    assert run(module, run_event).status == "SUCCEEDED"
    assert Path(run_event["audit_log"]).read_text().splitlines() == ["r-19 auto-approved"]
    replays_identically(module, event(module, tmp_path, audit_log="replayed.log"))


def bad_dur404(module: Any, tmp_path: Path) -> None:
    report = replay(module)
    assert report.divergence is None
    assert effects(report, "print sending reminder for inv-314 (replay after")
    assert effects(report, "log 'grace period over for inv-314' (replay after")


# -- DUR5: misuse of durable primitives ------------------------------------------------------


def bad_dur501(module: Any, tmp_path: Path) -> None:
    report = replay(module)
    divergence = report.divergence
    assert divergence is not None
    # Once the step is checkpointed, the operation it started inside is never asked for
    # again: on replay position 2 holds the inner step where the code now asks for the wait.
    assert divergence.actual == (
        "operation 2 does not match its checkpoint on replay: type 'WAIT' -> 'STEP', "
        "subtype 'Wait' -> 'Step', name 'carrier-cut-off' -> 'quote'"
    )


def bad_dur502(module: Any, tmp_path: Path) -> None:
    report = replay(module)
    assert report.divergence is None
    sleeps = effects(report, "time.sleep(1) (replay after")
    assert len(sleeps) == len(report.operations)  # once per replay: they all pass the sleep


def bad_dur503(module: Any, tmp_path: Path) -> None:
    module.WARMED.clear()
    assert run(module).status == "SUCCEEDED"
    assert module.WARMED == ["spring-2027", "spring-2027"]  # warmed again on resume
    report = replay(module)
    assert report.divergence is None
    assert effects(report, "threading.Thread.start (replay after")


def bad_dur504(module: Any, tmp_path: Path) -> None:
    first = run(module, skip_time=False)  # real time: the 14-day wait has not passed
    assert first.status == "SUCCEEDED"  # ...yet the execution finished in one invocation
    cooling_off, cancel = first.get_operation("cooling-off"), first.get_operation("cancel")
    assert cooling_off.status == "STARTED"
    assert cancel.status == "SUCCEEDED" and cancel.ended_at < cooling_off.resume_at
    report = replay(module)
    assert report.status == "SUCCEEDED"
    assert [op.name for op in report.unfinished_operations] == ["cooling-off"]


def good_dur504(module: Any, tmp_path: Path) -> None:
    first = run(module, skip_time=False)
    assert first.status == "SUSPENDED"
    assert [op.name for op in first.operations] == ["send-notice", "cooling-off"]
    report = replays_identically(module)
    assert report.result["outcome"] == "cancelled sub-41"


FOUR_HUNDRED_DAYS = 400 * 86_400


def unanswered_for_400_days(module: Any) -> ExecutionResult:
    runner = DurableRunner(module.handler)
    assert runner.run(module.EVENT).status == "SUSPENDED"  # on the manager's callback
    runner.advance(FOUR_HUNDRED_DAYS)
    return runner.resume()


def bad_dur505(module: Any, tmp_path: Path) -> None:
    resumed = unanswered_for_400_days(module)
    assert resumed.status == "SUSPENDED"
    assert resumed.get_operation("manager-approval").status == "STARTED"


def good_dur505(module: Any, tmp_path: Path) -> None:
    resumed = unanswered_for_400_days(module)
    assert resumed.status == "FAILED"
    assert resumed.error["type"] == "durable_runtime.exceptions.CallbackTimeoutError"
    assert resumed.get_operation("manager-approval").status == "TIMED_OUT"
    report = replays_identically(module, callback_result={"approved": True})
    assert report.result["approved"] is True


def bad_dur506(module: Any, tmp_path: Path) -> None:
    message = not_deterministic(replay(module))
    assert message == (
        "operation 2 does not match its checkpoint on replay: "
        "name 'allocate-seats' -> 'send-welcome'"
    )


def cannot_checkpoint(module: Any, what: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "coroutine ... was never awaited"
        outcome = run(module)
        gc.collect()
    assert outcome.status == "FAILED"
    assert outcome.error["type"] == "durable_runtime.exceptions.SerDesError"
    assert (
        outcome.error["message"]
        == f"result cannot be checkpointed: {what} cannot be stored in a checkpoint"
    )


def bad_dur507(module: Any, tmp_path: Path) -> None:
    cannot_checkpoint(module, "function")  # the step ran the builder, which returned a function


def good_dur507(module: Any, tmp_path: Path) -> None:
    assert replays_identically(module).result["crm"] == {"source": "crm", "profiles": 1}


def bad_dur508(module: Any, tmp_path: Path) -> None:
    cannot_checkpoint(module, "coroutine")


def good_dur508(module: Any, tmp_path: Path) -> None:
    assert replays_identically(module).result["price_cents"] == 3315


def identical(module: Any, tmp_path: Path) -> None:
    replays_identically(module)


Check = Callable[[Any, Path], None]
PROOFS: dict[str, tuple[Check, Check]] = {  # code: (bad fixture fails so, good one passes so)
    "DUR101": (bad_dur101, identical),
    "DUR102": (bad_dur102, identical),
    "DUR103": (bad_dur103, good_dur103),
    "DUR104": (bad_dur104, good_dur104),
    "DUR201": (bad_dur201, good_dur201),
    "DUR202": (bad_dur202, good_dur202),
    "DUR203": (bad_dur203, good_dur203),
    "DUR301": (bad_dur301, identical),
    "DUR302": (bad_dur302, identical),
    "DUR401": (bad_dur401, good_dur401),
    "DUR402": (bad_dur402, good_dur402),
    "DUR404": (bad_dur404, identical),
    "DUR501": (bad_dur501, identical),
    "DUR502": (bad_dur502, identical),
    "DUR503": (bad_dur503, identical),
    "DUR504": (bad_dur504, good_dur504),
    "DUR505": (bad_dur505, good_dur505),
    "DUR506": (bad_dur506, identical),
    "DUR507": (bad_dur507, good_dur507),
    "DUR508": (bad_dur508, good_dur508),
}


def test_every_rule_has_a_replay_proof_and_the_fixable_ones_a_fix() -> None:
    assert set(PROOFS) == {rule.code for rule in ALL_RULES}
    documented = {rule.code for rule in ALL_RULES if rule.fix_safety in ("safe", "unsafe")}
    assert documented == FIXABLE_CODES


@pytest.mark.parametrize("code", sorted(PROOFS))
def test_rule_is_proven_by_replay(code: str, tmp_path: Path) -> None:
    fails, passes = PROOFS[code]
    bad, good = fixture(code, "bad"), fixture(code, "good")
    assert any(found == code for _, found in expectations(bad)), f"{bad.name} flags no {code}"
    assert not expectations(good)

    fails(load(bad), folder(tmp_path, "bad"))
    passes(load(good), folder(tmp_path, "good"))
    if code in FIXABLE_CODES:
        passes(load(fixed(bad, code, tmp_path)), folder(tmp_path, "fixed"))


def folder(tmp_path: Path, name: str) -> Path:
    """A fresh folder for one module's files (databases, logs)."""
    path = tmp_path / name
    path.mkdir()
    return path
