"""DUR402: file writes and processes in replayed code."""

from __future__ import annotations

import ast

from durable_lint.analysis.library import Kind
from durable_lint.analysis.site import Site
from durable_lint.analysis.syntax import call_label
from durable_lint.analysis.values import value_kind
from durable_lint.fixes.planning import plan_side_effect_step
from durable_lint.rules.base import Rule

WRITE_MODE_CHARACTERS = frozenset("wax+")
OPEN_CALLS = frozenset({"open", "io.open", "codecs.open"})
OS_WRITES = frozenset(
    {
        "os.remove",
        "os.unlink",
        "os.rename",
        "os.renames",
        "os.replace",
        "os.makedirs",
        "os.mkdir",
        "os.rmdir",
        "os.removedirs",
        "os.chmod",
        "os.chown",
        "os.symlink",
        "os.link",
        "os.truncate",
        "os.utime",
        "os.mkfifo",
        "os.system",
        "os.popen",
        "os.kill",
        "os.killpg",
        "os.fork",
        "os.write",
    }
)
OS_PROCESS_PREFIXES = ("os.exec", "os.spawn", "os.posix_spawn")
SHUTIL_READ_ONLY = frozenset(
    {"which", "disk_usage", "get_terminal_size", "get_archive_formats", "get_unpack_formats"}
)
# Path methods that change the filesystem; write_text/write_bytes are specific enough by name.
PATH_WRITES = frozenset(
    {
        "unlink",
        "mkdir",
        "rename",
        "replace",
        "touch",
        "rmdir",
        "symlink_to",
        "hardlink_to",
        "chmod",
    }
)
WRITE_METHODS = frozenset({"write_text", "write_bytes"})

RULE = Rule(
    code="DUR402",
    name="local-side-effect-outside-step",
    summary=(
        "Writes files or starts processes in replayed code: `open()` for writing, Path writes, "
        "`os`/`shutil` file operations, `subprocess`, `os.system`."
    ),
    message=(
        "{what} writes to the filesystem or runs a process in replayed code, so it repeats on "
        "every replay; do it inside `{ctx}.step(...)`"
    ),
    why=(
        "Replayed code runs again after every suspension, possibly in another sandbox. A file "
        "written or a command run there happens once per replay, and files left in /tmp by an "
        "earlier invocation may not exist in the next one."
    ),
    bad=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    report = context.step(lambda _: build_report(event), name="build")\n'
        '    with open("/tmp/report.csv", "w") as fh:\n'
        "        fh.write(report)\n"
    ),
    good=(
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    report = context.step(lambda _: build_report(event), name="build")\n'
        '    context.step(lambda _: upload_report(report), name="upload")\n'
    ),
    on_runtime=(
        "On the reference runtime (`fixtures/DUR402/bad_replay_audit_log_append.py`): the "
        "audit line is appended to the file again on resume."
    ),
    fix=(
        "Unsafe: wrap the statement in `context.step(...)`; a `with` block becomes a local "
        "function run by one step, returning the values later code reads."
    ),
    fix_safety="unsafe",
    planner=plan_side_effect_step,
)


def _write_mode(call: ast.Call, position: int) -> bool:
    mode = call.args[position] if len(call.args) > position else None
    for keyword in call.keywords:
        if keyword.arg == "mode":
            mode = keyword.value
    return (
        isinstance(mode, ast.Constant)
        and isinstance(mode.value, str)
        and bool(WRITE_MODE_CHARACTERS & set(mode.value))
    )


@RULE.detects
def detect(call: ast.Call, site: Site) -> str | None:
    qualified = site.qualify(call.func)
    if qualified is not None:
        module, _, name = qualified.rpartition(".")
        if qualified in OPEN_CALLS:
            return _label(call) if _write_mode(call, 1) else None
        if qualified in OS_WRITES or qualified.startswith(OS_PROCESS_PREFIXES):
            return _label(call)
        if module == "shutil" and name not in SHUTIL_READ_ONLY:
            return _label(call)
        if module == "subprocess" and (name[:1].islower() or name == "Popen"):
            return _label(call)
        return None
    if not isinstance(call.func, ast.Attribute):
        return None
    method = call.func.attr
    if method in WRITE_METHODS:
        return _label(call)
    writes = method in PATH_WRITES or (method == "open" and _write_mode(call, 0))
    if writes and value_kind(call.func.value, site) is Kind.PATH:
        return _label(call)
    return None


def _label(call: ast.Call) -> str:
    """How the call reads in the message (worked out only for a call that is reported)."""
    return f"`{call_label(call)}`"
