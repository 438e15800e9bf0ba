"""Cross-module helpers: each helper is analysed once per run, a file's findings do not depend
on the files linted before it, and each analysis records what it read."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from durable_lint.analysis import project as project_module
from durable_lint.engine.linter import Linter

HANDLER = """\
from aws_durable_execution_sdk_python import durable_execution
from shared.clock import stamp


@durable_execution
def handler(event, context):
    return stamp(event["id"])
"""
CLOCK = """\
import time


def stamp(key):
    return f"{key}-{_now()}"


def _now():
    return time.time()
"""
# `second` reaches the clock only through `first`, which calls `second` back.
CYCLE = """\
import time


def first(n):
    second(n)
    return time.time()


def second(n):
    if n:
        return first(n - 1)
    return 0
"""


def _handler(name: str) -> str:
    return (
        "from aws_durable_execution_sdk_python import durable_execution\n"
        f"from pkg.cycle import {name}\n\n\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        f"    return {name}(3)\n"
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "__init__.py").write_text("")
    (shared / "clock.py").write_text(CLOCK)
    for index in range(30):
        (tmp_path / f"handler_{index}.py").write_text(HANDLER)
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "cycle.py").write_text(CYCLE)
    (package / "uses_first.py").write_text(_handler("first"))
    (package / "uses_second.py").write_text(_handler("second"))
    return tmp_path


def test_a_helper_used_by_many_handlers_is_analysed_once(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    analysed: Counter[str] = Counter()
    evaluated_in_body = project_module._evaluated_in_body

    def counting(node):  # type: ignore[no-untyped-def]
        analysed[node.name] += 1
        return evaluated_in_body(node)

    monkeypatch.setattr(project_module, "_evaluated_in_body", counting)
    linter = Linter()
    codes = [
        [f.code for f in linter.lint_path(str(tree / f"handler_{index}.py"))] for index in range(30)
    ]
    assert codes == [["DUR101"]] * 30
    assert analysed == {"stamp": 1, "_now": 1}


def test_a_helper_module_is_parsed_once_per_run(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: Counter[str] = Counter()
    read = project_module.Project._read

    def counting(self, path):  # type: ignore[no-untyped-def]
        parsed[os.path.basename(path)] += 1
        return read(self, path)

    monkeypatch.setattr(project_module.Project, "_read", counting)
    linter = Linter()
    for index in range(30):
        linter.lint_path(str(tree / f"handler_{index}.py"))
    assert parsed["clock.py"] == 1


def test_findings_do_not_depend_on_the_files_linted_before(tree: Path) -> None:
    second = str(tree / "pkg" / "uses_second.py")
    alone = Linter().lint_path(second)
    linter = Linter()
    linter.lint_path(str(tree / "pkg" / "uses_first.py"))  # analyses `second` inside the cycle
    after = linter.lint_path(second)
    assert [f.message for f in alone] == [f.message for f in after]
    assert [f.code for f in after] == ["DUR101"]
    assert "`second()` -> `first()` -> `time.time()`" in after[0].message


def test_an_analysis_records_the_modules_and_lookups_it_used(tree: Path) -> None:
    linter = Linter()
    for index in range(2):  # the second file gets the memoised summary, and its reads too
        linter.lint_path(str(tree / f"handler_{index}.py"))
        reads = linter.project.reads
        clock = str(tree / "shared" / "clock.py")
        assert set(reads.modules) == {clock}
        assert reads.modules[clock] is not None
        assert reads.files[clock] is True
        assert reads.files[str(tree / "shared" / "__init__.py")] is True
        assert reads.paths[str(tree / "pyproject.toml")] is True


def test_a_file_without_helpers_records_no_modules(tree: Path) -> None:
    linter = Linter()
    linter.lint_path(str(tree / "handler_0.py"))
    plain = tree / "plain.py"
    plain.write_text(
        "from aws_durable_execution_sdk_python import durable_execution\n\n\n"
        "@durable_execution\ndef handler(event, context):\n    return 1\n"
    )
    linter.lint_path(str(plain))
    assert linter.project.reads.modules == {}
