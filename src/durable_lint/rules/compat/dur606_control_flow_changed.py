"""DUR606: control flow changed."""

from __future__ import annotations

from durable_lint.rules.base import Rule
from durable_lint.rules.compat.ways_out import WAYS_OUT

RULE = Rule(
    code="DUR606",
    name="control-flow-changed",
    summary="A loop bound or a condition around operations changed before a suspension point.",
    message=(
        "{what}: executions suspended after it on the old code may replay a different "
        "sequence of operations (NonDeterministicExecutionError on resume)"
    ),
    why=(
        "How many times a loop issues its operations, and which branch of an `if` runs, "
        "decide which operation comes at each position. Changing a loop's bound or a "
        "condition around operations changes the sequence that executions suspended after it "
        "replay."
    ),
    bad=(
        "# before\n"
        "for attempt in range(3):\n"
        '    context.step(poll(job), name=f"poll-{attempt}")\n'
        'context.wait(Duration.from_minutes(5), name="backoff")\n'
        "\n"
        "# after\n"
        "for attempt in range(5):\n"
        '    context.step(poll(job), name=f"poll-{attempt}")\n'
        'context.wait(Duration.from_minutes(5), name="backoff")\n'
    ),
    good=(
        "# after: the first loop keeps its bound; more polling comes after the old operations\n"
        "for attempt in range(3):\n"
        '    context.step(poll(job), name=f"poll-{attempt}")\n'
        'context.wait(Duration.from_minutes(5), name="backoff")\n'
        "for attempt in range(3, 5):\n"
        '    context.step(poll(job), name=f"poll-{attempt}")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/compat/loop_bound_grows`): an execution "
        "suspended at the wait resumes and meets the fourth poll at the wait's position: "
        "`type 'WAIT' -> 'STEP'`."
    ),
    fix="None automatic: " + WAYS_OUT,
)
