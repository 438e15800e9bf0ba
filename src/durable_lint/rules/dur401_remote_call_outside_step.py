"""DUR401: network and service calls in replayed code."""

from __future__ import annotations

import ast

from durable_lint.analysis.library import BOTO3_BUILDERS, DATABASE_CONNECT, Kind
from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label
from durable_lint.analysis.values import value_kind
from durable_lint.fixes.planning import plan_side_effect_step
from durable_lint.rules.base import Rule

REMOTE_MODULES = (
    "requests.",
    "httpx.",
    "urllib.request.",
    "urllib3.",
    "aiohttp.",
    "http.client.",
    "smtplib.",
    "socket.",
    "ftplib.",
)
# Calls under those modules that never touch the network.
LOCAL_CALLS = frozenset(
    {
        "socket.socket",  # creating a socket connects nothing; `.connect()` does
        "requests.session",
        "socket.gethostname",
        "socket.getfqdn",
        "socket.inet_aton",
        "socket.inet_ntoa",
        "socket.htons",
        "socket.ntohs",
        "socket.htonl",
        "socket.ntohl",
        "urllib.request.Request",
        "urllib.request.build_opener",
        "urllib3.disable_warnings",
        "urllib3.make_headers",
    }
)
# Constructors under those modules that connect while being created.
CONNECTING_CONSTRUCTORS = frozenset({"smtplib.SMTP", "smtplib.SMTP_SSL", "ftplib.FTP"})
# boto3 methods that build or sign locally.
BOTO3_LOCAL = BOTO3_BUILDERS | {
    "can_paginate",
    "generate_presigned_url",
    "generate_presigned_post",
    "close",
}
REMOTE_CLIENT_LOCAL = frozenset({"close", "mount", "headers"})
DATABASE_METHODS = frozenset(
    {
        "execute",
        "executemany",
        "executescript",
        "commit",
        "rollback",
        "callproc",
        "fetchone",
        "fetchall",
        "fetchmany",
        "run",
    }
)

RULE = Rule(
    code="DUR401",
    name="remote-call-outside-step",
    summary=(
        "Calls a network service in replayed code: HTTP clients, sockets, SMTP, boto3 client, "
        "resource and table methods, DB-API connect/execute/commit."
    ),
    message=(
        "{what} calls a remote service in replayed code, so it runs again on every replay; "
        "wrap the call in `{ctx}.step(...)`"
    ),
    why=(
        "Code outside steps runs on every replay. A service call there is repeated each time "
        "the handler resumes: records are written twice, messages sent twice, and a read may "
        "return something different from what the first run saw."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    callback = context.create_callback(name="approval", config=config)\n'
        '    table.update_item(Key={"id": event["id"]}, AttributeUpdates=...)\n'
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    callback = context.create_callback(name="approval", config=config)\n'
        "    context.step(\n"
        "        lambda _: table.update_item(Key=..., AttributeUpdates=...),\n"
        '        name="store-callback-id",\n'
        "    )\n"
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR401/bad_replay_sqlite_ledger.py`): the ledger "
        "row is inserted again on resume: two rows for one event."
    ),
    fix=(
        "Unsafe: wrap the statement in `context.step(...)`. The call then runs at least once per "
        "retry instead of once per replay, and its result must be serialisable."
    ),
    fix_safety="unsafe",
    planner=plan_side_effect_step,
)


@RULE.detects
def detect(call: ast.Call, site: Site) -> str | None:
    qualified = site.qualify(call.func)
    if qualified is not None:
        if qualified in DATABASE_CONNECT or qualified in CONNECTING_CONSTRUCTORS:
            return f"`{call_label(call)}`"
        if qualified in LOCAL_CALLS or not qualified.startswith(REMOTE_MODULES):
            return None
        last = qualified.rsplit(".", 1)[-1]
        return None if last[:1].isupper() else f"`{call_label(call)}`"
    if not isinstance(call.func, ast.Attribute):
        return None
    method = call.func.attr
    receiver = value_kind(call.func.value, site)
    if receiver is Kind.BOTO3 and method not in BOTO3_LOCAL and not method[:1].isupper():
        return f"`{call_label(call)}` (boto3)"
    if receiver is Kind.REMOTE and method not in REMOTE_CLIENT_LOCAL:
        return f"`{call_label(call)}`"
    if receiver is Kind.DATABASE and method in DATABASE_METHODS:
        return f"`{call_label(call)}` (database)"
    return None
