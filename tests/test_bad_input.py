"""Strange files in a tree: each gets one clear DUR000 finding or message, never a traceback,
and the run goes on with the other files."""

from __future__ import annotations

import ast
import builtins
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import run

from durable_lint.flake8_plugin import DurableLintPlugin

HEAD = """\
from aws_durable_execution_sdk_python import durable_execution
import time


@durable_execution
def handler(event, context):
"""
HANDLER = HEAD + "    started = time.time()\n    return started\n"  # DUR101 at 7:15
CLOCK = (
    "DUR101 [*] `time.time()` reads the clock in replayed code, so every replay sees a different "
    "time; get the value from `context.step(lambda _: ...)` instead"
)


def findings(out: str) -> dict[str, list[str]]:
    """Output lines per path: `line:column: CODE message`."""
    found: dict[str, list[str]] = {}
    for line in out.splitlines():
        match = re.match(r"^(\S+\.py):(\d+:\d+: DUR\d{3} .*)$", line)
        if match:
            found.setdefault(match[1], []).append(match[2])
    return found


def lock(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `path` unreadable; as root, where permissions do not stop reads, refuse the open."""
    path.chmod(0)
    if not os.access(path, os.R_OK):
        return
    for module, name in ((os, "open"), (builtins, "open")):
        monkeypatch.setattr(module, name, refusing(getattr(module, name), path.name))


def refusing(real_open, locked: str):
    def refuse(name, *args, **kwargs):
        if isinstance(name, (str, os.PathLike)) and os.fspath(name).endswith(locked):
            raise PermissionError(13, "Permission denied", os.fspath(name))
        return real_open(name, *args, **kwargs)

    return refuse


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A handler with one finding among files that cannot be checked."""
    (tmp_path / "handler.py").write_text(HANDLER)
    (tmp_path / "syntax.py").write_text(
        "from durable_runtime import durable_execution\ndef handler(event, context:\n"
    )
    (tmp_path / "not_utf8.py").write_bytes(b"from durable_runtime import x\ns = '\xff\xfe'\n")
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + HANDLER.encode())
    (tmp_path / "latin1.py").write_bytes(
        b"# -*- coding: latin-1 -*-\n" + HANDLER.encode() + b"# caf\xe9\n"
    )
    (tmp_path / "bad_coding.py").write_text("# coding: no-such-codec\n" + HANDLER)
    (tmp_path / "binary.py").write_bytes(bytes(range(256)) * 8 + b"durable_runtime" + b"\0" * 9)
    (tmp_path / "nul.py").write_bytes(b"import durable_runtime\x00\n")
    (tmp_path / "empty.py").write_bytes(b"")
    (tmp_path / "locked.py").write_text(HANDLER)
    lock(tmp_path / "locked.py", monkeypatch)
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "up").symlink_to("..")  # a directory loop: not followed
    (tmp_path / "self.py").symlink_to("self.py")  # a link to itself
    (tmp_path / "dangling.py").symlink_to("missing.py")
    return tmp_path


EXPECTED = {
    "handler.py": rf"7:15: {re.escape(CLOCK)}",
    "bom.py": rf"7:15: {re.escape(CLOCK)}",
    "latin1.py": rf"8:15: {re.escape(CLOCK)}",
    "syntax.py": r"2:\d+: DUR000 file could not be parsed, so it was not checked: "
    r"'\(' was never closed",
    "not_utf8.py": r"1:1: DUR000 cannot decode file: 'utf-8' codec can't decode byte 0xff",
    "bad_coding.py": r"1:1: DUR000 cannot decode file: unknown encoding: no-such-codec",
    "binary.py": r"1:1: DUR000 cannot decode file: ",
    "nul.py": r"1:1: DUR000 .*null bytes",
    "locked.py": r"1:1: DUR000 cannot read file: Permission denied; the file was not checked",
    "self.py": r"1:1: DUR000 cannot read file: Too many levels of symbolic links",
    "dangling.py": r"1:1: DUR000 cannot read file: No such file or directory",
}


def test_every_bad_file_gets_one_finding_and_the_others_are_checked(tree: Path) -> None:
    status, out, err = run(".", cwd=tree)
    assert status == 1
    assert "Traceback" not in out + err
    assert "internal error" not in err
    found = findings(out)
    assert set(found) == set(EXPECTED)  # empty.py is clean; loop/up is not followed
    for path, pattern in EXPECTED.items():
        assert len(found[path]) == 1, (path, found[path])
        assert re.match(pattern, found[path][0]), (path, found[path][0])


def test_a_missing_path_is_an_error_and_the_tree_is_still_checked(tree: Path) -> None:
    status, out, err = run("nope.py", ".", cwd=tree)
    assert status == 2
    assert "durable-lint: nope.py: no such file or directory" in err
    assert set(findings(out)) == set(EXPECTED)


def test_a_report_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "handler.py").write_text(HANDLER, encoding="utf-8")
    status, _, err = run("--output-file", "missing/report.txt", "handler.py", cwd=tmp_path)
    assert status == 2
    assert err.strip() == (
        "durable-lint: cannot write the report to missing/report.txt: No such file or directory"
    )
    if Path("/dev/full").exists():  # a disk with no space left, on Linux
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "durable_lint", "handler.py"],
                cwd=tmp_path,
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
        assert done.returncode == 2
        assert done.stderr.startswith("durable-lint: cannot write the report to standard output")
        assert "Traceback" not in done.stderr


def test_fix_leaves_the_bad_files_alone_and_keeps_the_encodings(tree: Path) -> None:
    names = ["bom.py", "latin1.py", "syntax.py", "not_utf8.py", "binary.py", "nul.py"]
    before = {name: (tree / name).read_bytes() for name in names}
    status, out, err = run("--fix", ".", cwd=tree)
    assert status == 1  # the DUR000 findings remain
    assert "Traceback" not in out + err
    fixed = b'    started = context.step(lambda _: time.time(), name="started")\n'
    assert (tree / "bom.py").read_bytes() == before["bom.py"].replace(
        b"    started = time.time()\n", fixed
    )
    assert (tree / "latin1.py").read_bytes() == before["latin1.py"].replace(
        b"    started = time.time()\n", fixed
    )
    for name in names[2:]:
        assert (tree / name).read_bytes() == before[name], name


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_called_py_does_not_hang_the_run(tmp_path: Path) -> None:
    (tmp_path / "handler.py").write_text(HANDLER)
    os.mkfifo(tmp_path / "pipe.py")

    def lint(target: str) -> subprocess.CompletedProcess[str]:
        """In a process of its own, with a timeout: a hang must fail the test, not stall it."""
        command = [sys.executable, "-m", "durable_lint", "--no-cache", target]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)

    result = lint(".")
    assert result.returncode == 1
    assert "pipe.py:1:1: DUR000 cannot read file: not a regular file" in result.stdout
    assert f"handler.py:7:15: {CLOCK}" in result.stdout
    named = lint("pipe.py")
    assert "pipe.py:1:1: DUR000 cannot read file: not a regular file" in named.stdout
    assert "no such file" not in named.stderr


def test_a_5_mb_generated_file_is_checked(tmp_path: Path) -> None:
    constants = "".join(f'CONSTANT_{i:07d} = "{"x" * 60}"\n' for i in range(66_000))
    (tmp_path / "generated.py").write_text(HANDLER + constants)
    assert (tmp_path / "generated.py").stat().st_size > 5_000_000
    status, out, _ = run("--no-cache", "generated.py", cwd=tmp_path)
    assert status == 1
    assert findings(out) == {"generated.py": [f"7:15: {CLOCK}"]}


def nested_blocks(levels: int) -> str:
    blocks = "".join("    " * (i + 1) + "if event:\n" for i in range(levels))
    return HEAD + blocks + "    " * (levels + 1) + "started = time.time()\n"


def test_code_nested_100_levels_deep_is_checked_and_fixed(tmp_path: Path) -> None:
    """98 blocks inside the handler are 100 levels of indentation, Python's limit; 100 levels
    of brackets is half the parser's."""
    (tmp_path / "blocks.py").write_text(nested_blocks(98))
    (tmp_path / "brackets.py").write_text(
        HEAD + "    started = " + "str(" * 100 + "time.time()" + ")" * 100 + "\n"
    )
    (tmp_path / "too_many_blocks.py").write_text(nested_blocks(100))
    status, out, _ = run("--no-cache", ".", cwd=tmp_path)
    assert status == 1
    found = findings(out)
    assert found["blocks.py"] == [f"105:{4 * 99 + 11}: {CLOCK}"]
    assert found["brackets.py"] == [f"7:{15 + 4 * 100}: {CLOCK}"]
    assert re.match(
        r"\d+:\d+: DUR000 file could not be parsed, so it was not checked: "
        r"too many levels of indentation",
        found["too_many_blocks.py"][0],
    )
    status, out, err = run("--no-cache", "--fix", "blocks.py", "brackets.py", cwd=tmp_path)
    assert (status, out) == (0, "")
    assert "Fixed 2 findings, 0 remaining." in err
    for name in ("blocks.py", "brackets.py"):
        text = (tmp_path / name).read_text()
        compile(text, name, "exec")
        assert "context.step(lambda _: " in text


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("+".join(["time.time()"] * 1_500), "cannot analyse file"),  # parses; too deep to walk
        ("-" * 20_000 + "time.time()", "cannot parse file"),  # too deep for the parser
        ("lambda: " * 5_000 + "1", "cannot parse file"),  # the parser's stack overflows
    ],
)
def test_code_nested_too_deeply_is_a_finding(tmp_path: Path, expression, message) -> None:
    (tmp_path / "deep.py").write_text(HEAD + f"    value = {expression}\n")
    (tmp_path / "handler.py").write_text(HANDLER)
    status, out, err = run("--no-cache", ".", cwd=tmp_path)
    assert status == 1, err
    assert findings(out) == {
        "deep.py": [
            f"1:1: DUR000 {message}: the code is nested too deeply; the file was not checked"
        ],
        "handler.py": [f"7:15: {CLOCK}"],
    }


def test_the_fixer_refuses_code_libcst_would_crash_on(tmp_path: Path) -> None:
    """`a and b and ...` is flat for `ast` but nests in libcst, whose parser overflows the C
    stack (the process dies) past a few thousand operands."""
    source = HANDLER + "CHECK = " + " and ".join(["a"] * 20_000) + "\n"
    (tmp_path / "long_condition.py").write_text(source)
    result = subprocess.run(
        [sys.executable, "-m", "durable_lint", "--no-cache", "--fix", "long_condition.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert (
        "long_condition.py: fixes not applied: the code is nested too deeply for the fixer"
        in result.stderr
    )
    assert f"long_condition.py:7:15: {CLOCK}" in result.stdout
    assert (tmp_path / "long_condition.py").read_text() == source


def test_the_flake8_plugin_reports_code_too_deep_to_analyse() -> None:
    source = HEAD + "    value = " + "+".join(["time.time()"] * 1_500) + "\n"
    lines = source.splitlines(keepends=True)
    results = list(DurableLintPlugin(ast.parse(source), lines, "deep.py").run())
    assert [message for _, _, message, _ in results] == [
        "DUR000 cannot analyse file: the code is nested too deeply; the file was not checked"
    ]


NEW_SYNTAX = [
    pytest.param(
        (3, 12),
        "type Pair[T] = tuple[T, T]\n\n\n@durable_execution\ndef handler[T](event: T, context):\n",
        id="type-parameters",
    ),
    pytest.param(
        (3, 13),
        "@durable_execution\ndef handler[T = int, *Ts = *tuple[int]](event, context):\n",
        id="type-parameter-defaults",
    ),
    pytest.param(
        (3, 12),
        '@durable_execution\ndef handler(event, context):\n    label = f"{f"{event["id"]}"}"\n',
        id="nested-f-strings",
    ),
    pytest.param(
        (3, 10),
        "@durable_execution\ndef handler(event, context):\n"
        "    match event:\n"
        '        case {"kind": "a", **rest} if rest:\n'
        "            pass\n"
        "        case [first, *_]:\n"
        "            pass\n",
        id="match",
    ),
]


@pytest.mark.parametrize(("version", "header"), NEW_SYNTAX)
def test_newer_syntax_is_checked_where_python_parses_it(
    tmp_path: Path, version: tuple[int, int], header: str
) -> None:
    source = (
        "from aws_durable_execution_sdk_python import durable_execution\nimport time\n\n\n"
        + header
        + "    started = time.time()\n    return started\n"
    )
    line = source.splitlines().index("    started = time.time()") + 1
    (tmp_path / "handler.py").write_text(source)
    status, out, _ = run("--no-cache", "--fix", "handler.py", cwd=tmp_path)
    found = findings(out)
    if sys.version_info < version:
        assert status == 1
        assert len(found["handler.py"]) == 1
        assert "DUR000 file could not be parsed, so it was not checked: " in out
        assert (tmp_path / "handler.py").read_text() == source
        return
    assert (status, found) == (0, {}), out
    fixed = (tmp_path / "handler.py").read_text()
    compile(fixed, "handler.py", "exec")
    assert fixed.splitlines()[line - 1] == (
        '    started = context.step(lambda _: time.time(), name="started")'
    )
