"""DUR602: operation removed."""

from __future__ import annotations

from durable_lint.rules.base import Rule
from durable_lint.rules.compat.ways_out import WAYS_OUT

RULE = Rule(
    code="DUR602",
    name="operation-removed",
    summary=(
        "An operation removed before a point where executions of the old code can be suspended."
    ),
    message=(
        "{what}: an execution suspended after it on the old code resumes here and meets the "
        "next operation at the removed one's position (NonDeterministicExecutionError)"
    ),
    why=(
        "Operations are matched to checkpoints by position. Removing one moves every later "
        "operation of its context one place up, so an execution suspended after it finds, at "
        "the removed operation's position, an operation the checkpoint does not know."
    ),
    bad=(
        "# before\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    context.step(reserve(event), name="reserve")\n'
        '    context.wait(Duration.from_minutes(30), name="hold")\n'
        '    return context.step(confirm(event), name="confirm")\n'
        "\n"
        "\n"
        "# after: the reservation step is gone\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    context.wait(Duration.from_minutes(30), name="hold")\n'
        '    return context.step(confirm(event), name="confirm")\n'
    ),
    good=(
        "# after: the step stays, doing nothing new\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    context.step(lambda _: None, name="reserve")  # kept for executions in flight\n'
        '    context.wait(Duration.from_minutes(30), name="hold")\n'
        '    return context.step(confirm(event), name="confirm")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/compat/remove_step_before_wait`): resuming at "
        "the wait fails with `NonDeterministicExecutionError` at operation 1."
    ),
    fix="None automatic: " + WAYS_OUT,
)
