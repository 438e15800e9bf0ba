"""DUR103: generating random or time-based UUIDs in replayed code."""

from __future__ import annotations

import ast

from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label
from durable_lint.fixes.planning import plan_checkpointed_read
from durable_lint.rules.base import Rule

UUID_CALLS = frozenset({"uuid.uuid1", "uuid.uuid4", "uuid.uuid6", "uuid.uuid7"})

RULE = Rule(
    code="DUR103",
    name="uuid-outside-step",
    summary="Generates a random or time-based UUID (uuid1/uuid4) in replayed code.",
    message=(
        "{what} makes a new UUID in replayed code, so every replay gets a different id; "
        "create it inside `{ctx}.step(...)` or derive it with `uuid.uuid5`"
    ),
    why=(
        "An id made outside a step is made again on every replay. Records written by steps keep "
        "the first id while later replays use new ones, so idempotency keys, correlation ids and "
        "operation names stop matching."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    request_id = str(uuid.uuid4())\n"
        '    context.step(lambda _: submit(event, request_id), name="submit")\n'
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    request_id = context.step(lambda _: str(uuid.uuid4()), name="request-id")\n'
        '    context.step(lambda _: submit(event, request_id), name="submit")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR103/bad_replay_payment_idempotency_key.py`): "
        "the replay makes a new UUID, so the result's `idempotency_key` no longer matches the "
        "key the checkpointed payment step used."
    ),
    fix=(
        "Safe: wrap the value in `context.step(...)`; name-based `uuid3`/`uuid5` are "
        "deterministic and need no step."
    ),
    fix_safety="safe",
    planner=plan_checkpointed_read,
)


@RULE.detects
def detect(call: ast.Call, site: Site) -> str | None:
    if site.qualify(call.func) in UUID_CALLS:
        return f"`{call_label(call)}`"
    return None
