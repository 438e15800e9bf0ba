"""Time `durable-lint compat` per handler pair, next to a plain `durable-lint` run of the same
files, on two histories:

  generated  a new git repository whose handler module (with a helper module) goes through
             50 revisions of seeded edits: steps appended, inserted, renamed, removed, step
             bodies changed; each revision is compared with the one before it
  fixtures   this repository's own `fixtures/`, compared with an older commit

Both commands run as processes, as a user or a hook runs them; the figures are wall times.

    python bench/compat.py                 # 50 revisions, fixtures against HEAD~10
    python bench/compat.py --revisions 20 --fixtures-base HEAD~3
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
IDENTITY = ["-c", "user.name=bench", "-c", "user.email=bench@example.com"]
HEAD = """\
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from helpers import audit
"""
HELPERS = """\
from aws_durable_execution_sdk_python import DurableContext


def audit(context: DurableContext, order: dict) -> None:
{body}
"""
HANDLERS = 4  # handlers in the generated module, each with its own list of operations


def git(repository: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", *IDENTITY, *arguments], cwd=repository, check=True, capture_output=True, text=True
    )
    return done.stdout


def render(handlers: list[list[str]], helper: list[str]) -> tuple[str, str]:
    """The handler module and the helper module for one revision's operation lists."""
    parts = [HEAD]
    for number, operations in enumerate(handlers):
        body = "\n".join(f"    {line}" for line in operations)
        parts.append(
            f"\n\n@durable_execution\ndef handler_{number}(event: dict, context: DurableContext):\n"
            f"    audit(context, event)\n{body}\n    return 'done'\n"
        )
    helper_body = "\n".join(f"    {line}" for line in helper) or "    return None"
    return "".join(parts), HELPERS.format(body=helper_body)


def step(name: str, value: int) -> str:
    return f'context.step(lambda _: {value}, name="{name}")'


def edit(operations: list[str], rng: random.Random, serial: int) -> None:
    """One seeded edit of an operation list, of the kinds real changes make."""
    kind = rng.choice(["append", "insert", "rename", "remove", "body", "wait"])
    position = rng.randrange(len(operations) + 1)
    if kind == "append" or not operations:
        operations.append(step(f"s{serial}", serial))
    elif kind == "insert":
        operations.insert(position, step(f"s{serial}", serial))
    elif kind == "wait":
        operations.insert(position, f'context.wait(Duration.from_minutes(5), name="w{serial}")')
    else:
        index = min(position, len(operations) - 1)
        if kind == "remove":
            del operations[index]
        elif kind == "rename":
            operations[index] = operations[index].replace('name="', f'name="r{serial}-', 1)
        else:
            operations[index] = operations[index].replace("lambda _: ", f"lambda _: {serial} + ", 1)


def generated_repository(folder: Path, revisions: int, seed: int) -> Path:
    rng = random.Random(seed)
    repository = folder / "handlers"
    repository.mkdir()
    git(repository, "init", "-q")
    handlers = [[step(f"h{n}-{i}", i) for i in range(6)] for n in range(HANDLERS)]
    helper = ['context.step(lambda _: order, name="audit")']
    for serial in range(revisions):
        if serial:
            edit(handlers[rng.randrange(HANDLERS)], rng, serial)
            if rng.random() < 0.2:
                edit(helper, rng, serial)
        module, helpers = render(handlers, helper)
        (repository / "orders.py").write_text(module, encoding="utf-8")
        (repository / "helpers.py").write_text(helpers, encoding="utf-8")
        git(repository, "add", ".")
        git(repository, "commit", "-q", "--allow-empty", "-m", f"revision {serial}")
    return repository


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{command} failed: {done.stderr}")
    return time.perf_counter() - start, done.stdout


def bench_generated(revisions: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        repository = generated_repository(Path(folder), revisions, seed)
        commits = git(repository, "rev-list", "--reverse", "HEAD").split()
        compat_times, lint_times, breaking = [], [], 0
        for previous, current in itertools.pairwise(commits):
            git(repository, "checkout", "-q", current)
            seconds, out = timed(
                [str(BIN / "durable-lint"), "compat", "--base", previous], repository
            )
            compat_times.append(seconds)
            breaking += bool(out.strip())
            seconds, _ = timed([str(BIN / "durable-lint"), "--no-cache", "."], repository)
            lint_times.append(seconds)
    pairs = len(compat_times) * HANDLERS
    compat, lint = statistics.median(compat_times), statistics.median(lint_times)
    print(
        f"generated: {len(compat_times)} revision pairs, {HANDLERS} handlers each ({pairs} pairs)"
    )
    slowest = max(compat_times) * 1000
    print(f"  compat per revision pair: median {compat * 1000:.0f} ms (max {slowest:.0f} ms)")
    print(f"  compat per handler pair:  {compat / HANDLERS * 1000:.0f} ms")
    print(f"  durable-lint on the same files: median {lint * 1000:.0f} ms")
    print(f"  compat / durable-lint: {compat / lint:.2f}x")
    print(f"  revisions with a breaking change reported: {breaking} of {len(compat_times)}")


def bench_fixtures(base: str) -> None:
    command = [str(BIN / "durable-lint"), "compat", "--base", base, "fixtures", "-q"]
    compat, out = timed(command, ROOT)
    lint, _ = timed(
        [str(BIN / "durable-lint"), "--no-cache", "--exit-zero", "-q", "fixtures"], ROOT
    )
    files = len(list((ROOT / "fixtures").rglob("*.py")))
    print(
        f"fixtures against {base}: {files} files, compat {compat * 1000:.0f} ms, "
        f"durable-lint {lint * 1000:.0f} ms, compat/lint {compat / lint:.2f}x, "
        f"{len(out.splitlines())} findings"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fixtures-base", default="HEAD~10")
    options = parser.parse_args()
    bench_generated(options.revisions, options.seed)
    bench_fixtures(options.fixtures_base)


if __name__ == "__main__":
    main()
