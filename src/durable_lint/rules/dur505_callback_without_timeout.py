"""DUR505: callbacks that can wait forever."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis import sdk
from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label
from durable_lint.rules.base import Report, Rule

CONFIG_CLASSES = frozenset({"CallbackConfig", "WaitForCallbackConfig"})
# Fields that end the wait when no answer comes: `timeout`, and `heartbeat_timeout`, which
# fails the callback once the other side goes silent (a worker that keeps sending heartbeats
# is an answer in progress). `*_seconds` are the early SDK's names. `None` stands for
# `**options`.
BOUNDING_FIELDS = frozenset(
    {"timeout", "heartbeat_timeout", "timeout_seconds", "heartbeat_timeout_seconds", None}
)

RULE = Rule(
    code="DUR505",
    name="callback-without-timeout",
    summary="`create_callback` or `wait_for_callback` without a config that sets a timeout.",
    message=(
        "{what} has no timeout, so if no answer ever comes the execution waits until its own "
        "timeout; set `timeout=Duration.from_hours(...)` in its config (`CallbackConfig`, or "
        "`WaitForCallbackConfig` for `wait_for_callback`)"
    ),
    why=(
        "A callback waits for an external system or a person. Without a timeout a lost message "
        "or an ignored approval keeps the execution open until the execution timeout (up to a "
        "year), with no chance to escalate or clean up. A `heartbeat_timeout` also ends the "
        "wait once the other side goes silent, so it counts as a timeout here."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    callback = context.create_callback(name="manager-approval")\n'
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        "    callback = context.create_callback(\n"
        '        name="manager-approval",\n'
        "        config=CallbackConfig(timeout=Duration.from_hours(48)),\n"
        "    )\n"
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR505/bad_replay_callback_no_timeout.py`): with "
        "no answer the execution is still SUSPENDED 400 days later, where the same callback "
        "with a timeout fails with `CallbackTimeoutError`."
    ),
    fix="None automatic: choose a timeout and pass it in the callback config.",
)


def _config_class(node: ast.expr) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name if name in CONFIG_CLASSES else None


def _sets_timeout(config: ast.expr, site: Site) -> bool | None:
    """True or False when the config is visibly built here; None when it cannot be seen."""
    if isinstance(config, ast.Constant) and config.value is None:
        return False
    if isinstance(config, ast.Name):
        found = site.model.lookup_assigned(config.id, site.scope)
        if found is None:
            return None
        answers = [_sets_timeout(value, site.at(found[0])) for value in found[1]]
        if any(answer is None or answer for answer in answers):
            return None if None in answers else True
        return False
    if _config_class(config) is None:
        return None
    assert isinstance(config, ast.Call)
    return bool(config.args) or any(kw.arg in BOUNDING_FIELDS for kw in config.keywords)


@RULE.on(ast.Call, operations=True)
def check(node: ast.Call, site: Site) -> Iterator[Report]:
    op = site.durable_operation(node)
    if op not in sdk.CONFIG_ARGUMENT:
        return
    config = sdk.call_argument(node, sdk.CONFIG_ARGUMENT[op], "config")
    if config is None or _sets_timeout(config, site) is False:
        yield node, f"`{call_label(node)}`"
