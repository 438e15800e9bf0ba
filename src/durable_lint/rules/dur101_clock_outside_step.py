"""DUR101: reading the clock in replayed code."""

from __future__ import annotations

import ast

from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label, no_arguments
from durable_lint.fixes.planning import plan_checkpointed_read
from durable_lint.rules.base import Rule

CLOCK_CALLS = frozenset(
    {
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.date.today",
        "time.time",
        "time.time_ns",
        "time.monotonic",
        "time.monotonic_ns",
        "time.perf_counter",
        "time.perf_counter_ns",
        "time.process_time",
        "time.process_time_ns",
        "time.thread_time",
        "time.thread_time_ns",
        "pendulum.now",
        "pendulum.today",
        "pendulum.tomorrow",
        "pendulum.yesterday",
        "arrow.now",
        "arrow.utcnow",
        "django.utils.timezone.now",
        "django.utils.timezone.localdate",
    }
)
# These read the clock only when called without the time to convert.
CLOCK_WITHOUT_ARGUMENT = frozenset(
    {
        "time.localtime",
        "time.gmtime",
        "time.ctime",
        "time.asctime",
        "django.utils.timezone.localtime",
    }
)

RULE = Rule(
    code="DUR101",
    name="clock-outside-step",
    summary="Reads the wall clock or a timer in replayed code.",
    message=(
        "{what} reads the clock in replayed code, so every replay sees a different time; "
        "get the value from `{ctx}.step(lambda _: ...)` instead"
    ),
    why=(
        "The handler runs again from the top after every wait, callback or retry. A clock read "
        "outside a step returns a new time on each replay, so values computed from it (deadlines, "
        "timestamps stored in records, branches taken) change between replays while checkpointed "
        "results stay fixed."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    received = datetime.now(timezone.utc)\n"
        '    context.step(lambda _: save(event, received), name="save")\n'
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    received = context.step(lambda _: datetime.now(timezone.utc), name="received")\n'
        '    context.step(lambda _: save(event, received), name="save")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR101/bad_replay_order_received_at.py`): the "
        "replay reads the clock again (moved on by the replay checker), so the result's "
        "`received_at` differs from the first run's."
    ),
    fix=(
        "Safe: wrap the value in `context.step(lambda _: ..., name=...)` so the first run's "
        "value is checkpointed (unsafe when the call is a helper that also has side effects)."
    ),
    fix_safety="safe",
    planner=plan_checkpointed_read,
)


@RULE.detects
def detect(call: ast.Call, site: Site) -> str | None:
    qualified = site.qualify(call.func)
    if qualified is None:
        return None
    if qualified in CLOCK_CALLS:
        return f"`{call_label(call)}`"
    if qualified in CLOCK_WITHOUT_ARGUMENT and no_arguments(call):
        return f"`{call_label(call)}`"
    if qualified == "time.strftime" and len(call.args) == 1 and not call.keywords:
        return f"`{call_label(call)}` without a time"
    return None
