"""DUR201: checkpointed code that changes variables outside itself."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis.model import Region
from durable_lint.analysis.site import Site
from durable_lint.rules._mutation import MUTATING_NODES, mutations_of
from durable_lint.rules.base import Report, Rule

RULE = Rule(
    code="DUR201",
    name="step-mutates-outer-state",
    summary=(
        "A step callable, `durable_step` body, submitter or check function assigns or mutates "
        "a variable of an enclosing scope or a module global."
    ),
    message=(
        "{what} is changed inside a step, and the change is lost on replay because the step is "
        "skipped and only its return value comes back; return the value from the step and "
        "assign it outside"
    ),
    why=(
        "On replay a completed step does not run: the SDK returns its checkpointed result. Any "
        "side channel the step used to hand data back (appending to an outer list, setting a "
        "dict entry, a global counter) stays empty on replay, so later code sees different state."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    charged = []\n"
        '    context.step(lambda _: charged.append(charge(event)), name="charge")\n'
        '    return {"charges": charged}\n'
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    charge_id = context.step(lambda _: charge(event), name="charge")\n'
        '    return {"charges": [charge_id]}\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR201/bad_replay_collects_shipped_parcels.py`): "
        "the step's append to an outer list is lost on replay: after a resume "
        "`tracking_numbers` is empty."
    ),
    fix="None automatic: return the value from the step and assign the result.",
)


@RULE.on(*MUTATING_NODES, region=Region.CHECKPOINTED)
def check(node: ast.AST, site: Site) -> Iterator[Report]:
    yield from mutations_of(node, site, "outer")
