"""DUR102: drawing random values in replayed code."""

from __future__ import annotations

import ast

from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label, no_arguments
from durable_lint.fixes.planning import plan_checkpointed_read
from durable_lint.rules.base import Rule

# Functions of `random` that do not draw a value.
RANDOM_STATE = frozenset({"seed", "getstate", "setstate"})
# numpy.random constructors that are deterministic when given a seed.
NUMPY_SEEDABLE = frozenset(
    {"default_rng", "RandomState", "Generator", "PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64"}
)

RULE = Rule(
    code="DUR102",
    name="random-outside-step",
    summary="Draws random numbers or bytes in replayed code.",
    message=(
        "{what} draws random values in replayed code, so every replay gets different ones; "
        "draw them inside `{ctx}.step(...)`"
    ),
    why=(
        "Replayed code runs again after every suspension. A random draw outside a step gives a "
        "new value each time, so choices made from it (a sampled variant, a generated token, a "
        "shuffled order) differ between replays while the checkpointed steps do not."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    code = secrets.token_hex(4)\n"
        '    context.step(lambda _: send_code(event["phone"], code), name="send-code")\n'
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    code = context.step(lambda _: secrets.token_hex(4), name="make-code")\n'
        '    context.step(lambda _: send_code(event["phone"], code), name="send-code")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR102/bad_replay_agent_assignment.py`): the "
        "replay draws again, so the result's `reference` differs from the first run's."
    ),
    fix=(
        "Safe: wrap the value in `context.step(...)`. In-place draws (`random.shuffle`) and "
        "generator objects are not fixed: a seeded `random.Random(seed)` is the way there."
    ),
    fix_safety="safe",
    planner=plan_checkpointed_read,
)


@RULE.detects
def detect(call: ast.Call, site: Site) -> str | None:
    qualified = site.qualify(call.func)
    if qualified is None:
        return None
    module, _, name = qualified.rpartition(".")
    if module == "random":
        if name in RANDOM_STATE or (name == "Random" and not no_arguments(call)):
            return None
        return f"`{call_label(call)}`"
    if module == "secrets" or qualified in ("os.urandom", "os.getrandom"):
        return f"`{call_label(call)}`"
    if module == "numpy.random":
        if name == "seed" or (name in NUMPY_SEEDABLE and not no_arguments(call)):
            return None
        return f"`{call_label(call)}`"
    return None
