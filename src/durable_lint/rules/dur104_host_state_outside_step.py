"""DUR104: values that differ per process or host, and unordered iteration driving operations."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from durable_lint.analysis.library import Kind
from durable_lint.analysis.model import Region
from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label, walk_body
from durable_lint.analysis.values import value_kind
from durable_lint.rules.base import Report, Rule

HOST_STATE_CALLS = frozenset(
    {
        "os.getpid",
        "os.getppid",
        "threading.get_ident",
        "threading.get_native_id",
        "socket.gethostname",
        "socket.getfqdn",
        "platform.node",
        "id",
    }
)
UNORDERED = (Kind.SET, Kind.LISTING)
# Wrappers that keep the order of what they wrap.
ORDER_KEEPING = frozenset({"list", "tuple", "enumerate", "iter", "reversed"})

RULE = Rule(
    code="DUR104",
    name="host-state-outside-step",
    summary=(
        "Uses a per-process or per-host value (pid, thread id, hostname, `id()`), or lets the "
        "order of a set or directory listing drive durable operations, in replayed code."
    ),
    message=(
        "{what} differs between processes and hosts, and replays run in new ones; compute it "
        "inside `{ctx}.step(...)`, or iterate `sorted(...)` so operations keep their order"
    ),
    why=(
        "Each replay may run in a new Lambda sandbox. Process ids, thread ids, host names and "
        "object ids change, and so does the iteration order of sets of strings (hashing is "
        "randomised per process) and of directory listings. Operations are matched to their "
        "checkpoints by position, so a different order replays the wrong results."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    for sku in set(event["skus"]):\n'
        '        context.step(lambda _, s=sku: reserve(s), name=f"reserve-{sku}")\n'
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    for sku in sorted(set(event["skus"])):\n'
        '        context.step(lambda _, s=sku: reserve(s), name=f"reserve-{sku}")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR104/bad_replay_reserve_distinct_skus.py`): "
        "resumed in a process with another `PYTHONHASHSEED`, the set iterates in another "
        "order, the operation names change, and the execution fails with "
        "`NonDeterministicExecutionError`."
    ),
    fix="None automatic: checkpoint the value with `context.step(...)`, or sort the collection.",
)


@RULE.detects
def detect(call: ast.Call, site: Site) -> str | None:
    if site.qualify(call.func) in HOST_STATE_CALLS:
        return f"`{call_label(call)}`"
    return None


def _unordered(node: ast.expr, site: Site) -> ast.expr | None:
    """The unordered collection an iterable reads, looking through list()/enumerate()."""
    while (
        isinstance(node, ast.Call)
        and len(node.args) == 1
        and site.qualify(node.func) in ORDER_KEEPING
    ):
        node = node.args[0]
    if value_kind(node, site) in UNORDERED:
        return node
    return None


@RULE.on(ast.For, ast.AsyncFor, region=Region.REPLAYED)
def check_loop(node: ast.For | ast.AsyncFor, site: Site) -> Iterator[Report]:
    if site.region is not Region.REPLAYED:
        return
    source = _unordered(node.iter, site)
    if source is None:
        return
    if any(site.durable_operation(inner) for inner in walk_body(node.body)):
        yield node.iter, f"the iteration order of `{ast.unparse(source)}`"


@RULE.on(ast.Call, region=Region.REPLAYED, operations=True)
def check_map_inputs(node: ast.Call, site: Site) -> Iterator[Report]:
    if site.region is not Region.REPLAYED or site.durable_operation(node) != "map":
        return
    inputs = node.args[0] if node.args else None
    for keyword in node.keywords:
        if keyword.arg == "inputs":
            inputs = keyword.value
    if inputs is not None and _unordered(inputs, site) is not None:
        yield inputs, f"the order of the map inputs `{ast.unparse(inputs)}`"
