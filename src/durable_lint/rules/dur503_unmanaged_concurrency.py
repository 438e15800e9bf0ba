"""DUR503: threads, executors and tasks started in replayed code."""

from __future__ import annotations

import ast

from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label
from durable_lint.rules.base import Rule

CONCURRENCY_CALLS = frozenset(
    {
        "threading.Thread",
        "threading.Timer",
        "_thread.start_new_thread",
        "concurrent.futures.ThreadPoolExecutor",
        "concurrent.futures.ProcessPoolExecutor",
        "concurrent.futures.thread.ThreadPoolExecutor",
        "concurrent.futures.process.ProcessPoolExecutor",
        "asyncio.gather",
        "asyncio.create_task",
        "asyncio.ensure_future",
        "asyncio.TaskGroup",
    }
)
MULTIPROCESSING_LOCAL = frozenset({"cpu_count", "current_process", "get_context", "freeze_support"})

RULE = Rule(
    code="DUR503",
    name="unmanaged-concurrency",
    summary=(
        "Starts threads, executors, processes or asyncio tasks in replayed code instead of "
        "`context.parallel`/`context.map`."
    ),
    message=(
        "{what} runs work concurrently outside the SDK, so it is neither checkpointed nor "
        "ordered on replay; use `{ctx}.parallel(...)` or `{ctx}.map(...)`"
    ),
    why=(
        "Work done on threads, processes or tasks that the SDK does not know about is not "
        "checkpointed: it is redone on every replay, may still be running when the execution "
        "suspends, and finishes in a different order each time. A worker an object keeps "
        "(`self._thread = threading.Thread(...)`, started once per process and reused) is "
        "left alone: the rule is about concurrency started for one invocation's work."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    with ThreadPoolExecutor() as pool:\n"
        '        results = list(pool.map(enrich, event["items"]))\n'
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    results = context.map(\n"
        '        event["items"],\n'
        "        lambda ctx, item, index, items: ctx.step(lambda _: enrich(item)),\n"
        '        name="enrich",\n'
        "    )\n"
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR503/bad_replay_thread_cache_warmup.py`): the "
        "warm-up thread starts again on resume."
    ),
    fix="None automatic: use `context.parallel(...)` or `context.map(...)`.",
)


@RULE.detects
def detect(call: ast.Call, site: Site) -> str | None:
    qualified = site.qualify(call.func)
    if qualified is None or _kept_on_an_object(call, site):
        return None
    if qualified in CONCURRENCY_CALLS:
        return f"`{call_label(call)}`"
    module, _, name = qualified.rpartition(".")
    if module.split(".", 1)[0] == "multiprocessing" and name not in MULTIPROCESSING_LOCAL:
        return f"`{call_label(call)}`"
    return None


def _kept_on_an_object(call: ast.Call, site: Site) -> bool:
    """`self._thread = threading.Thread(...)`: a worker an object keeps and reuses (a loop
    thread started once per process, a pool made in `__init__`), not concurrency started for
    one invocation's work, which lives in a local or a `with` block."""
    statement = site.model.statements.get(id(call))
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, ast.AnnAssign):
        targets = [statement.target]
    else:
        return False
    return statement.value is call and all(isinstance(t, ast.Attribute) for t in targets)
