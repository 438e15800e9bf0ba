"""DUR604: operation kind changed."""

from __future__ import annotations

from durable_lint.rules.base import Rule
from durable_lint.rules.compat.ways_out import WAYS_OUT

RULE = Rule(
    code="DUR604",
    name="operation-kind-changed",
    summary=(
        "An operation that became another kind (a step now a child context, a map now a loop)"
        " before a suspension point."
    ),
    message=(
        "{what}: an execution suspended at or after it on the old code has a checkpoint of "
        "the old kind (NonDeterministicExecutionError on resume)"
    ),
    why=(
        "Replay checks each operation's type against its checkpoint: a step, a wait, a "
        "callback, a child context, a map and a parallel are all different. Turning one into "
        "another (a `map` into a loop of steps, a step into a child context) breaks "
        "executions suspended at or after it."
    ),
    bad=(
        "# before\n"
        'results = context.map(items, ship_item, name="ship")\n'
        'context.wait(Duration.from_hours(2), name="pickup")\n'
        "\n"
        "# after: the map became a loop of steps\n"
        'results = [context.step(ship(item), name=f"ship-{i}") for i, item in enumerate(items)]\n'
        'context.wait(Duration.from_hours(2), name="pickup")\n'
    ),
    good=(
        "# after: the map stays; what each item does can change inside its steps\n"
        'results = context.map(items, ship_item, name="ship")\n'
        'context.wait(Duration.from_hours(2), name="pickup")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/compat/map_became_loop`): resuming at the wait "
        "fails with `type 'CONTEXT' -> 'STEP'` at the map's position."
    ),
    fix="None automatic: " + WAYS_OUT,
)
