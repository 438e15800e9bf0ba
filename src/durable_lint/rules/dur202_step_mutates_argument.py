"""DUR202: a durable_step function that mutates the objects it was given."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis.model import Region
from durable_lint.analysis.site import Site
from durable_lint.rules._mutation import MUTATING_NODES, mutations_of
from durable_lint.rules.base import Report, Rule

RULE = Rule(
    code="DUR202",
    name="step-mutates-argument",
    summary="A `durable_step` function (or submitter) mutates an object passed in as an argument.",
    message=(
        "{what} mutates an argument inside a step; on replay the step is skipped, so the caller's "
        "object keeps its old contents; return the new value from the step instead"
    ),
    why=(
        "The arguments of a `durable_step` function are the caller's objects. The first run "
        "changes them in place, but on replay the step returns its checkpoint without running, "
        "so the caller sees unchanged objects and takes different decisions."
    ),
    bad=(
        "@durable_step\n"
        "def mark_paid(step_context, order):\n"
        '    order["status"] = "paid"\n'
        "    return charge(order)\n"
    ),
    good=(
        "@durable_step\n"
        "def mark_paid(step_context, order):\n"
        '    return {**order, "status": "paid", "charge": charge(order)}\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR202/bad_replay_step_prices_order.py`): the "
        "step's changes to the order it was passed are lost on replay: the resumed handler's "
        "order has no `total_cents` or `status`."
    ),
    fix="None automatic: build and return a new value instead of changing the argument.",
)


@RULE.on(*MUTATING_NODES, region=Region.CHECKPOINTED)
def check(node: ast.AST, site: Site) -> Iterator[Report]:
    yield from mutations_of(node, site, "argument")
