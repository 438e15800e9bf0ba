"""DUR601: operation inserted."""

from __future__ import annotations

from durable_lint.rules.base import Rule
from durable_lint.rules.compat.ways_out import WAYS_OUT

RULE = Rule(
    code="DUR601",
    name="operation-inserted",
    summary="An operation added before a point where executions of the old code can be suspended.",
    message=(
        "{what}: an execution suspended there on the old code resumes here and meets this "
        "operation at the position of another (NonDeterministicExecutionError)"
    ),
    why=(
        "On resume, a durable function replays its code against the checkpoints of the "
        "executions started on the old code, matching operations by position within each "
        "context. An operation inserted before a wait, a callback, a retrying step or any "
        "later operation takes the position the old code gave to the next one, so every "
        "execution suspended after that point fails when it resumes."
    ),
    bad=(
        "# before\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    context.wait(Duration.from_hours(1), name="cool-off")\n'
        '    return context.step(charge(event), name="charge")\n'
        "\n"
        "\n"
        "# after: a step inserted before the wait\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    context.step(validate(event), name="validate")\n'
        '    context.wait(Duration.from_hours(1), name="cool-off")\n'
        '    return context.step(charge(event), name="charge")\n'
    ),
    good=(
        "# after: the new step comes after the old code's last operation\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    context.wait(Duration.from_hours(1), name="cool-off")\n'
        '    receipt = context.step(charge(event), name="charge")\n'
        '    context.step(notify(receipt), name="notify")\n'
        "    return receipt\n"
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/compat/insert_step_before_wait`): the old "
        "handler suspended at its wait resumes on the new one and fails with `operation 1 "
        "does not match its checkpoint on replay: type 'WAIT' -> 'STEP'` "
        "(`NonDeterministicExecutionError`)."
    ),
    fix="None automatic: " + WAYS_OUT,
)
