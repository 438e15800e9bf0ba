"""DUR603: operation renamed."""

from __future__ import annotations

from durable_lint.rules.base import Rule
from durable_lint.rules.compat.ways_out import WAYS_OUT

RULE = Rule(
    code="DUR603",
    name="operation-renamed",
    summary=(
        "An operation renamed before a point where executions of the old code can be suspended."
    ),
    message=(
        "{what}: an execution suspended at or after it on the old code has a checkpoint under"
        " the old name (NonDeterministicExecutionError on resume)"
    ),
    why=(
        "Replay checks each operation's name against its checkpoint. Renaming an operation "
        "(or changing the template its name is built from) before the point where an "
        "execution is suspended makes the replay of that execution fail, even though the code"
        " does the same thing."
    ),
    bad=(
        "# before\n"
        'context.step(charge(order), name="charge")\n'
        'context.wait(Duration.from_days(1), name="settle")\n'
        "\n"
        "# after\n"
        'context.step(charge(order), name="charge-card")\n'
        'context.wait(Duration.from_days(1), name="settle")\n'
    ),
    good=(
        "# after: the name stays; the new wording goes in a comment or a log line\n"
        'context.step(charge(order), name="charge")\n'
        'context.wait(Duration.from_days(1), name="settle")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/compat/rename_step_before_wait`): `operation 1 "
        "does not match its checkpoint on replay: name 'charge' -> 'charge-card'`."
    ),
    fix="None automatic: " + WAYS_OUT,
)
