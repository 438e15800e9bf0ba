"""DUR501: durable operations started from inside checkpointed code."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis.model import Region
from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label
from durable_lint.rules.base import Report, Rule

RULE = Rule(
    code="DUR501",
    name="durable-op-inside-step",
    summary=(
        "A durable operation (`step`, `wait`, `map`, ...) called on a DurableContext from inside "
        "a step callable, `durable_step` body, submitter or check function."
    ),
    message=(
        "{what} starts a durable operation inside checkpointed code, where operations cannot be "
        "nested and are never replayed; group the operations with "
        "`{ctx}.run_in_child_context(...)` instead"
    ),
    why=(
        "A step is a leaf: its body runs once and only its return value is stored. An operation "
        "started inside it gets an id from the enclosing context in the middle of the step, is "
        "absent when the step is skipped on replay, and shifts the ids of every later operation."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    def ship(_):\n"
        '        label = context.step(lambda _: buy_label(event), name="label")\n'
        "        return dispatch(label)\n"
        "\n"
        '    context.step(ship, name="ship")\n'
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    def ship(child):\n"
        '        label = child.step(lambda _: buy_label(event), name="label")\n'
        '        return child.step(lambda _: dispatch(label), name="dispatch")\n'
        "\n"
        '    context.run_in_child_context(ship, name="ship")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR501/bad_replay_wait_inside_step.py`): once "
        "the step is checkpointed the wait it started inside is never asked for again, so "
        "replay finds the inner operation where the wait should be: `operation 2 does not "
        "match its checkpoint on replay` (`NonDeterministicExecutionError`)."
    ),
    fix="None automatic: move the operations into `context.run_in_child_context(...)`.",
)


@RULE.on(ast.Call, region=Region.CHECKPOINTED, operations=True)
def check(node: ast.Call, site: Site) -> Iterator[Report]:
    if site.region is Region.CHECKPOINTED and site.durable_operation(node):
        yield node, f"`{call_label(node)}`"
