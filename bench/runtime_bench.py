"""Time the reference runtime replaying a handler with many completed steps, next to AWS's
local test runner (`aws-durable-execution-sdk-python-testing`) on the same handler.

    python bench/runtime_bench.py              # 10,000 steps
    python bench/runtime_bench.py --steps 2000

The handler runs N steps, waits one second, then runs one more step. With time skipped the
wait ends at once, and the second invocation replays all N completed steps from the store.
Each engine runs the handler end to end; ours also reports the replaying invocation alone. The
same source runs on both: on the runtime through its AWS-import switch. CPU seconds are
measured in this process; ratios are what matter.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

HANDLER = """
from aws_durable_execution_sdk_python import durable_execution
from aws_durable_execution_sdk_python.config import Duration

STEPS = {steps}


@durable_execution
def handler(event, context):
    total = 0
    for index in range(STEPS):
        total += context.step(lambda _, index=index: index, name=f"step-{{index}}")
    context.wait(Duration.from_seconds(1), name="pause")
    return context.step(lambda _: total, name="final")
"""


def load(directory: Path, module: str):
    sys.path.insert(0, str(directory))
    try:
        sys.modules.pop(module, None)
        return importlib.import_module(module)
    finally:
        sys.path.remove(str(directory))


def ours(directory: Path, steps: int, store_kind: str) -> tuple[float, float]:
    """(CPU of the whole run, CPU of the replaying invocation) on the reference runtime."""
    from durable_runtime.compat import aws_sdk_on_runtime
    from durable_runtime.execution import Executor
    from durable_runtime.store import MemoryStore, SqliteStore

    with aws_sdk_on_runtime():
        module = load(directory, "bench_handler")
    store = MemoryStore() if store_kind == "memory" else SqliteStore(str(directory / "bench.db"))
    executor = Executor(store)
    start = time.process_time()
    executor.start(module.handler, {}, "bench")
    first = executor.invoke("bench", module.handler)  # runs every step, suspends on the wait
    executor.clock.advance_to(first.resume_at)
    replay_start = time.process_time()
    outcome = executor.invoke("bench", module.handler)  # replays every step
    end = time.process_time()
    expected = steps * (steps - 1) // 2
    assert outcome.status == "SUCCEEDED" and int(outcome.result) == expected, outcome
    return end - start, end - replay_start


def aws(directory: Path, steps: int) -> float | None:
    if importlib.util.find_spec("aws_durable_execution_sdk_python_testing") is None:
        return None
    from aws_durable_execution_sdk_python_testing.runner import DurableFunctionTestRunner

    module = load(directory, "bench_handler_aws")
    start = time.process_time()
    result = DurableFunctionTestRunner(handler=module.handler).run(
        input="{}", execution_timeout=3600
    )
    spent = time.process_time() - start
    assert "SUCCEEDED" in str(result.status), result.status
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=10_000)
    steps = parser.parse_args().steps
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        source = HANDLER.format(steps=steps)
        (directory / "bench_handler.py").write_text(source)
        (directory / "bench_handler_aws.py").write_text(source)
        memory_total, memory_replay = ours(directory, steps, "memory")
        sqlite_total, sqlite_replay = ours(directory, steps, "sqlite")
        theirs = aws(directory, steps)
    print(f"## Replaying {steps:,} completed steps (CPU seconds, this process)")
    print("| engine | whole run | replaying invocation | whole run vs AWS runner |")
    print("|---|---|---|---|")
    for label, total, replay in (
        ("durable_runtime, in memory", memory_total, memory_replay),
        ("durable_runtime, SQLite", sqlite_total, sqlite_replay),
    ):
        ratio = f"{total / theirs:.3f}x" if theirs else "n/a"
        print(f"| {label} | {total:.3f}s | {replay:.3f}s | {ratio} |")
    if theirs is None:
        print("| AWS testing runner | not installed | | |")
    else:
        print(f"| AWS testing runner (in memory) | {theirs:.3f}s | (part of the run) | 1.000x |")


if __name__ == "__main__":
    main()
