"""The SQLite store across processes: resume elsewhere, and survive SIGKILL at any point."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

HANDLERS = textwrap.dedent(
    """
    import os
    import random
    import time

    from durable_runtime import Duration, durable_execution


    def record(index):
        def run(step_context):
            time.sleep(0.002)  # real work takes time: the kills land mid-run
            value = random.random()
            with open(os.environ["RUNS_LOG"], "a") as log:
                log.write(f"{index} {value!r}\\n")
            return value

        return run


    @durable_execution
    def many_steps(event, context):
        return sum(context.step(record(i), name=f"s{i}") for i in range(event["steps"]))


    @durable_execution
    def with_wait(event, context):
        first = context.step(lambda _: os.getpid(), name="first-pid")
        context.wait(Duration.from_seconds(1), name="pause")
        second = context.step(lambda _: os.getpid(), name="second-pid")
        return {"first": first, "second": second}
    """
)
DRIVER = textwrap.dedent(
    """
    import json, sys
    from durable_runtime.execution import Executor
    from durable_runtime.store import SqliteStore
    import handlers

    database, name, handler_name, event, skip_time = sys.argv[1:6]
    handler = getattr(handlers, handler_name)
    executor = Executor(SqliteStore(database))
    if executor.store.get_execution(name) is None:
        executor.start(handler, json.loads(event), name)
    outcome = executor.run(name, skip_time=skip_time == "skip")
    print(json.dumps({"status": outcome.status, "result": outcome.result}))
    """
)


def setup(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "handlers.py").write_text(HANDLERS)
    (tmp_path / "driver.py").write_text(DRIVER)
    environment = dict(os.environ, RUNS_LOG=str(tmp_path / "runs.log"))
    environment["PYTHONPATH"] = os.pathsep.join([str(tmp_path), *sys.path])
    return environment


def drive(tmp_path: Path, environment, handler: str, event, skip: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            str(tmp_path / "driver.py"),
            str(tmp_path / "runs.db"),
            "order-1",
            handler,
            json.dumps(event),
            skip,
        ],
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_suspended_execution_resumes_in_another_process(tmp_path: Path) -> None:
    environment = setup(tmp_path)
    first = drive(tmp_path, environment, "with_wait", {}, "wait")
    assert json.loads(first.communicate(timeout=60)[0])["status"] == "SUSPENDED"
    time.sleep(1.1)  # the wait's second passes on the wall clock
    second = drive(tmp_path, environment, "with_wait", {}, "wait")
    outcome = json.loads(second.communicate(timeout=60)[0])
    result = json.loads(outcome["result"])
    assert outcome["status"] == "SUCCEEDED"
    assert result["first"] == first.pid and result["second"] == second.pid


def test_sigkill_at_random_points_loses_no_checkpoint_and_records_none_twice(
    tmp_path: Path,
) -> None:
    environment = setup(tmp_path)
    steps, kills, completed_over_time = 4000, 0, []
    randomness = random.Random(20261125)
    database = tmp_path / "runs.db"
    for attempt in range(200):
        process = drive(tmp_path, environment, "many_steps", {"steps": steps}, "skip")
        try:  # interrupt the first 25 runs at random points, then let one finish
            limit = randomness.uniform(0.05, 0.5) if attempt < 25 else 120
            output = process.communicate(timeout=limit)[0]
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.communicate()
            kills += 1
            if database.exists():
                with sqlite3.connect(database) as connection:
                    completed_over_time.append(
                        connection.execute("SELECT COUNT(*) FROM operations").fetchone()[0]
                    )
            continue
        outcome = json.loads(output)
        break
    else:
        raise AssertionError("the execution never finished")
    assert kills == 25, f"only {kills} runs were killed: the run finished too early"
    assert completed_over_time == sorted(completed_over_time)  # nothing committed is lost

    with sqlite3.connect(database) as connection:
        stored = {
            row[0]: json.loads(row[1])
            for row in connection.execute("SELECT id, data FROM operations")
        }
        succeeded = Counter(
            json.loads(row[0]).get("Id")
            for row in connection.execute("SELECT data FROM events")
            if json.loads(row[0])["EventType"] == "StepSucceeded"
        )
    runs = {}
    for line in (tmp_path / "runs.log").read_text().splitlines():
        index, value = line.split()
        runs.setdefault(f"s{index}", set()).add(float(value))

    assert outcome["status"] == "SUCCEEDED"
    assert len(stored) == steps
    assert set(succeeded.values()) == {1}, "a step's result was recorded twice"
    values = {op["name"]: json.loads(op["result"]) for op in stored.values()}
    assert all(values[name] in runs[name] for name in values)  # each result came from a run
    assert json.loads(outcome["result"]) == sum(values.values())
