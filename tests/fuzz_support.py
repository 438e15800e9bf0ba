"""What the fuzz tests feed durable-lint, and what they check it did.

Three sources of programs: hypothesmith's programs from Python's grammar (at module level and
as a handler's body), handlers composed from the constructs the rules care about, and the
fixture handlers with lines swapped, deleted, duplicated, re-indented or replaced and their
durable operations renamed. Each program is written to a file, linted and fixed the way
`durable-lint --fix --unsafe-fixes` does it, and given to the flake8 plugin; `problems` says
what went wrong. The bounded tests (tests/test_fuzz.py) and the long run (bench/fuzz.py) share
all of it.
"""

from __future__ import annotations

import ast
import re
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import hypothesmith
from fixture_support import FIXTURES
from hypothesis import strategies as st

from durable_lint.analysis.source import decode
from durable_lint.diagnostics.fix import Applicability
from durable_lint.engine.linter import Linter
from durable_lint.flake8_plugin import DurableLintPlugin
from durable_lint.run.check import check_file

warnings.filterwarnings("ignore", module="hypothesmith")  # its grammar's own notices

SAFE_FIXES = frozenset({Applicability.SAFE})  # --fix
ALL_FIXES = frozenset(Applicability)  # --fix --unsafe-fixes

# -- checking one program ----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One way durable-lint failed on a program: `kind` is what the fuzz run counts."""

    kind: str  # "internal error", "broken fix", "invalid fix caught", "fix did not settle", ...
    detail: str


@dataclass
class Checked:
    """What happened to one program."""

    problems: list[Problem]
    parses: bool = False
    findings: int = 0
    changed: bool = False  # --fix rewrote the file


def level(text: str) -> int:
    """How far a source gets: 2 compiles, 1 only parses (`return` outside a function), 0 no."""
    try:
        compile(text, "<fuzz>", "exec", dont_inherit=True)
        return 2
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    try:
        ast.parse(text)
        return 1
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return 0


def check(
    linter: Linter,
    data: bytes,
    path: Path,
    applicable: frozenset[Applicability] = ALL_FIXES,
    again: Linter | None = None,
) -> Checked:
    """Fix the program in a file at `path` as `--fix` does (with `--unsafe-fixes` when
    `applicable` says so), fix the result once more (which must change nothing), and run the
    flake8 plugin on the program. With `again`, a second linter fixes the program too and must
    give the same bytes and findings."""
    source = decode(data)
    checked = Checked([], parses=source.text is not None and level(source.text) > 0)
    found = checked.problems
    try:
        result = check_file(linter, _write(path, data), applicable, write=True)
    except Exception:
        found.append(Problem("internal error", traceback.format_exc()))
        return checked
    after = path.read_bytes()
    checked.findings, checked.changed = len(result.findings), after != data
    if checked.changed:
        fixed = decode(after)
        if fixed.text is None or source.text is None:
            found.append(Problem("broken fix", "the fixed file does not decode"))
        elif level(fixed.text) < level(source.text):
            found.append(Problem("broken fix", fixed.text))
        else:
            found.extend(_fixed_again(linter, path, after, applicable))
    found.extend(_fix_errors(result.error))
    found.extend(plugin_problems(data))
    if again is not None and not found:
        found.extend(_same_again(again, data, path, applicable, after, result.findings))
    return checked


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def _fix_errors(error: str | None) -> list[Problem]:
    if error is None or error.startswith("fixes not applied"):  # libcst cannot take the file
        return []
    for start, kind in (
        ("fix produced invalid code", "invalid fix caught"),
        ("fixes did not settle", "fix did not settle"),
    ):
        if error.startswith(start):
            return [Problem(kind, error)]
    return [Problem("internal error", error)]


def _fixed_again(
    linter: Linter, path: Path, fixed: bytes, applicable: frozenset[Applicability]
) -> list[Problem]:
    try:
        check_file(linter, str(path), applicable, write=True)
    except Exception:
        return [Problem("internal error", "fixing the fixed file: " + traceback.format_exc())]
    if path.read_bytes() != fixed:
        return [Problem("second fix changed the file", path.read_text("utf-8", "replace"))]
    return []


def _same_again(
    linter: Linter,
    data: bytes,
    path: Path,
    applicable: frozenset[Applicability],
    fixed: bytes,
    findings: list,
) -> list[Problem]:
    try:
        result = check_file(linter, _write(path, data), applicable, write=True)
    except Exception:
        return [Problem("internal error", traceback.format_exc())]
    if path.read_bytes() != fixed or result.findings != findings:
        return [Problem("not deterministic", data.decode("utf-8", "replace"))]
    return []


def plugin_problems(data: bytes) -> list[Problem]:
    """The flake8 plugin on what flake8 would give it: a file its own parse accepts."""
    source = decode(data)
    if source.text is None:
        return []
    try:
        tree = ast.parse(source.text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []  # flake8 reports E999 itself and never runs the plugin
    lines = source.text.splitlines(keepends=True)
    try:
        messages = [message for _, _, message, _ in DurableLintPlugin(tree, lines, "f.py").run()]
    except Exception:
        return [Problem("internal error", "flake8 plugin: " + traceback.format_exc())]
    failed = [message for message in messages if "durable-lint failed" in message]
    return [Problem("internal error", "flake8 plugin: " + failed[0])] if failed else []


# -- programs from Python's grammar -------------------------------------------------------------

HEADER = """\
import time
import uuid
from aws_durable_execution_sdk_python import DurableContext, durable_execution, durable_step
"""


def indent(code: str, prefix: str = "    ") -> str:
    return "".join(prefix + line if line.strip() else line for line in code.splitlines(True))


def _as_handler_body(code: str) -> str:
    body = indent(code) if code.strip() else ""
    return (
        HEADER
        + "\n\n@durable_execution\ndef handler(event, context: DurableContext):\n"
        + body
        + ("\n" if body and not body.endswith("\n") else "")
        + "    return context.step(lambda _: time.time())\n"
    )


# Built once: making the strategy compiles Python's grammar.
PYTHON_GRAMMAR = hypothesmith.from_grammar(auto_target=False)


@st.composite
def grammar_programs(draw: st.DrawFn) -> str:
    """A hypothesmith program after the SDK imports, or inside a handler when that parses."""
    code = draw(PYTHON_GRAMMAR)
    if draw(st.booleans()):
        wrapped = _as_handler_body(code)
        if level(wrapped):
            return wrapped
    return HEADER + code


# -- handlers built from what the rules look at -----------------------------------------------

NAMES = ("x", "item", "items", "event", "result", "_", "i")
VALUES = (
    "time.time()",
    "datetime.now(timezone.utc)",
    "str(uuid.uuid4())",
    "uuid.uuid1().hex",
    "random.random()",
    "random.choice(items)",
    "os.getpid()",
    "socket.gethostname()",
    "requests.get(url).json()",
    'boto3.client("s3").get_object(Bucket="b", Key=x)',
    'table.put_item(Item={"id": x})',
    'open("out.txt", "w").write(x)',
    "subprocess.run(['ls'])",
    "print(x, event, sep='-')",
    'print("done")',
    'logging.info("got %s", x)',
    "logger.warning(x)",
    "time.sleep(2)",
    "time.sleep(x)",
    "threading.Thread(target=work).start()",
    "context.step(lambda _: time.time())",
    'context.step(lambda _: x, name="same")',
    "context.step(work)",
    "context.step(work(x))",
    "work(x)",
    "helper(context, x)",
    "context.run_in_child_context(helper(x))",
    "context.step(helper)",
    'context.wait(Duration.from_seconds(5), name="pause")',
    "context.parallel([lambda c: c.step(lambda _: i) for i in items])",
    "context.map(items, lambda c, item, index, items: context.step(lambda _: item))",
    "context.run_in_child_context(lambda c: context.step(lambda _: 1))",
    "context.create_callback()",
    "context.wait_for_callback(lambda callback_id, c: send(callback_id))",
    "set(items)",
    "sorted(os.listdir('.'))",
    "id(event)",
    'f"{time.time()}-{x!r}"',
    "f\"{f'{time.time()}'}\"",
    "table.put_item(Item={'at': f\"{f'{time.time()}'}\"})",
    'print(x, event, sep="\'")',
    "print('tab\\there', x, sep='\\\\')",
    "print(f'{x!r:>{10}}', x)",
    "x + 1",
    "[y for y in items if y]",
    "lambda: i",
    "await context.step(work)",
    "(y := time.time())",
    "event['id']",
)
IMPORTS = """\
import asyncio
import logging
import os
import random
import socket
import subprocess
import threading
import time
import uuid
from datetime import datetime, timezone

import boto3
import requests
from aws_durable_execution_sdk_python import (
    DurableContext,
    durable_execution,
    durable_step,
    durable_with_child_context,
)
from aws_durable_execution_sdk_python.config import Duration

logger = logging.getLogger(__name__)
table = boto3.resource("dynamodb").Table("t")


@durable_step
def work(step_context, x=None):
    return x
"""
HELPER_DECORATORS = ("", "@durable_with_child_context", "@durable_step", "@staticmethod")
EXCEPTIONS = ("", " Exception", " BaseException", " (ValueError, BaseException)", " OSError as e")


def _block(header: str, body: list[str]) -> list[str]:
    return [header, *("    " + line for line in body)]


@st.composite
def _statements(draw: st.DrawFn, depth: int) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 9 if depth < 3 else 2))
        value = draw(st.sampled_from(VALUES))
        name = draw(st.sampled_from(NAMES))
        noqa = draw(st.sampled_from(("", "", "", "  # noqa", "  # noqa: DUR1")))
        if kind == 0:
            lines.append(f"{name} = {value}{noqa}")
        elif kind == 1:
            lines.append(value + noqa)
        elif kind == 2:
            lines.append(f"return {value}" if draw(st.booleans()) else "pass")
        else:
            body = draw(_statements(depth + 1))
            header = {
                3: f"for {name} in items:",
                4: f"if {value}:",
                5: f"with {value} as {name}:",
                6: "try:",
                7: f"def {draw(st.sampled_from(('helper', 'branch', 'submit')))}(c, i=None):",
                8: "while True:",
                9: f"async with {value}:",
            }[kind]
            lines += _block(header, body)
            if kind == 6:
                caught = draw(st.sampled_from(EXCEPTIONS))
                handler = ["raise"] if draw(st.booleans()) else ["pass"]
                lines += _block(f"except{caught}:", handler)
            elif kind == 8:
                lines.append("    break")
    return lines


@st.composite
def composed_programs(draw: st.DrawFn) -> str:
    """A handler module whose body mixes clock reads, side effects, steps, branches and
    control flow, the way real handlers do."""
    decorator = draw(st.sampled_from(("@durable_execution", "@durable_execution()")))
    asynchronous = draw(st.sampled_from(("", "", "async ")))
    signature = draw(st.sampled_from(("event, context", "event, context: DurableContext")))
    helper_decorator = draw(st.sampled_from(HELPER_DECORATORS))
    helper = [helper_decorator, "def helper(ctx: DurableContext, x=None):"]
    helper += ["    " + line for line in draw(_statements(1))]
    body = draw(_statements(0))
    handler = [decorator, f"{asynchronous}def handler({signature}):", "    url = event['url']"]
    handler += ["    " + line for line in body]
    # The file's preferred quote decides the quotes of new string literals.
    quotes = draw(st.sampled_from(("", "SINGLE = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']\n")))
    return IMPORTS + quotes + "\n\n" + "\n".join([*helper, "", "", *handler]) + "\n"


# -- fixture handlers, mutated ------------------------------------------------------------------

OPERATIONS = (
    "step",
    "wait",
    "parallel",
    "map",
    "run_in_child_context",
    "create_callback",
    "wait_for_callback",
    "wait_for_condition",
    "invoke",
    "logger.info",
)
DECORATORS = ("durable_step", "durable_with_child_context", "durable_execution", "staticmethod")
OPERATION_CALL = re.compile(r"\.(" + "|".join(OPERATIONS[:-1]) + r")\(")
DECORATOR = re.compile(r"@(" + "|".join(DECORATORS[:-1]) + r")\b")
STEP_NAME = re.compile(r"name=(['\"])[^'\"]*\1")


def seed_files() -> list[Path]:
    """Every fixture handler, fixed outputs included: real code, as its authors wrote it."""
    return sorted(FIXTURES.rglob("*.py"))


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or ["\n"]


def _swap(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[first], lines[second] = lines[second], lines[first]
    return "".join(lines)


def _delete(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    del lines[draw(st.integers(0, len(lines) - 1))]
    return "".join(lines)


def _duplicate(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    index = draw(st.integers(0, len(lines) - 1))
    lines.insert(index, lines[index])
    return "".join(lines)


def _reindent(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    index = draw(st.integers(0, len(lines) - 1))
    stripped = lines[index].lstrip(" ")
    lines[index] = " " * draw(st.sampled_from((0, 4, 8, 12))) + stripped
    return "".join(lines)


def _replace_statement(draw: st.DrawFn, text: str) -> str:
    """A line's code (kept at its indentation) replaced by one of the rules' constructs."""
    lines = _lines(text)
    index = draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    margin = line[: len(line) - len(line.lstrip())]
    lines[index] = margin + draw(st.sampled_from(VALUES)) + "\n"
    return "".join(lines)


def _substitute(draw: st.DrawFn, text: str, pattern: re.Pattern[str], make: Callable) -> str:
    matches = list(pattern.finditer(text))
    if not matches:
        return text
    match = draw(st.sampled_from(matches))
    return text[: match.start()] + make(match) + text[match.end() :]


def _rename_operation(draw: st.DrawFn, text: str) -> str:
    operation = draw(st.sampled_from(OPERATIONS))
    return _substitute(draw, text, OPERATION_CALL, lambda _: f".{operation}(")


def _rename_step(draw: st.DrawFn, text: str) -> str:
    names = [match.group(0) for match in STEP_NAME.finditer(text)] or ['name="step"']
    other = draw(st.sampled_from([*names, 'name=f"{x}"', "name=str(uuid.uuid4())", "name=x"]))
    return _substitute(draw, text, STEP_NAME, lambda _: other)


def _change_decorator(draw: st.DrawFn, text: str) -> str:
    decorator = draw(st.sampled_from(DECORATORS))
    return _substitute(draw, text, DECORATOR, lambda _: f"@{decorator}")


MUTATIONS = (
    _swap,
    _delete,
    _duplicate,
    _reindent,
    _replace_statement,
    _rename_operation,
    _rename_step,
    _change_decorator,
)


@st.composite
def mutated_fixtures(draw: st.DrawFn, seeds: tuple[str, ...]) -> str:
    """A fixture handler after one to four mutations."""
    text = draw(st.sampled_from(seeds))
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)):
        text = mutation(draw, text)
    return text


# -- bytes on disk ---------------------------------------------------------------------------


@st.composite
def encoded(draw: st.DrawFn, programs: st.SearchStrategy[str]) -> bytes:
    """A program as a file holds it: UTF-8, with a BOM, with CRLF line endings, or Latin-1
    with a coding line."""
    text = draw(programs)
    form = draw(st.sampled_from(("utf-8", "utf-8", "bom", "crlf", "latin-1")))
    if form == "crlf":
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if form == "latin-1":
        try:
            return ("# -*- coding: latin-1 -*-\n" + text).encode("latin-1")
        except UnicodeEncodeError:
            pass
    data = text.encode("utf-8", "surrogatepass")
    return b"\xef\xbb\xbf" + data if form == "bom" else data


def cases(programs: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[bytes, frozenset]]:
    """A program's bytes, and the fixes to apply: `--fix` or `--fix --unsafe-fixes`."""
    return st.tuples(encoded(programs), st.sampled_from((SAFE_FIXES, ALL_FIXES)))
