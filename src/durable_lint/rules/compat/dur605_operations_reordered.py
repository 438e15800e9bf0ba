"""DUR605: operations reordered."""

from __future__ import annotations

from durable_lint.rules.base import Rule
from durable_lint.rules.compat.ways_out import WAYS_OUT

RULE = Rule(
    code="DUR605",
    name="operations-reordered",
    summary=(
        "Operations that swapped places before a point where executions of the old code can "
        "be suspended."
    ),
    message=(
        "{what}: an execution suspended after them on the old code replays them in the old "
        "order (NonDeterministicExecutionError on resume)"
    ),
    why=(
        "The checkpoint of an operation belongs to its position. Swapping two operations "
        "makes each meet the other's checkpoint on replay, so executions suspended after both"
        " fail when they resume."
    ),
    bad=(
        "# before\n"
        'context.step(reserve(order), name="reserve")\n'
        'context.step(charge(order), name="charge")\n'
        'context.wait(Duration.from_hours(1), name="hold")\n'
        "\n"
        "# after\n"
        'context.step(charge(order), name="charge")\n'
        'context.step(reserve(order), name="reserve")\n'
        'context.wait(Duration.from_hours(1), name="hold")\n'
    ),
    good=(
        "# after: the order stays for executions in flight; new behaviour goes after the wait\n"
        'context.step(reserve(order), name="reserve")\n'
        'context.step(charge(order), name="charge")\n'
        'context.wait(Duration.from_hours(1), name="hold")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/compat/swap_steps_before_wait`): `operation 1 "
        "does not match its checkpoint on replay: name 'reserve' -> 'charge'`."
    ),
    fix="None automatic: " + WAYS_OUT,
)
