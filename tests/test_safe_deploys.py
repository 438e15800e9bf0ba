"""`durable-lint compat`: each fixture pair's static verdict, proven on the runtime.

A pair is `fixtures/compat/<case>/old/` and `new/` (a `handler.py`, sometimes a helper module);
`# compat: DURxxx` marks the lines of the new code where a breaking change is expected. The
old handler is run, suspended as it started each of its operations, and resumed on the new
one: pairs with findings must fail on resume with NonDeterministicExecutionError where a
finding points, pairs without must resume and finish every time.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from fixture_support import FIXTURES

from durable_lint.compat.command import check
from durable_runtime.compat import aws_sdk_on_runtime
from durable_runtime.replay import check_upgrade

CASES = sorted(path for path in (FIXTURES / "compat").iterdir() if path.is_dir())
MARK = re.compile(r"#\s*compat:\s*(DUR\d{3})")
CALLBACK_ANSWER = "approved"


def expected(case: Path) -> set[tuple[str, int, str]]:
    found = set()
    for path in sorted((case / "new").glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for code in MARK.findall(line):
                found.add((path.name, number, code))
    return found


def load(folder: Path) -> ModuleType:
    """`handler.py` of one side, with that side's helper modules importable next to it."""
    helpers = [path.stem for path in folder.glob("*.py")]
    for name in helpers:
        sys.modules.pop(name, None)
    sys.path.insert(0, str(folder))
    try:
        with aws_sdk_on_runtime():
            name = f"compat_{folder.parent.name}_{folder.name}"
            spec = importlib.util.spec_from_file_location(name, folder / "handler.py")
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
        for name in helpers:
            sys.modules.pop(name, None)
    return module


def test_there_are_pairs_of_every_kind() -> None:
    codes = {code for case in CASES for _, _, code in expected(case)}
    assert codes == {"DUR601", "DUR602", "DUR603", "DUR604", "DUR605", "DUR606"}
    compatible = [case for case in CASES if not expected(case)]
    assert len(CASES) >= 30 and len(compatible) >= 10


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_static_verdict_matches_its_marks_and_the_runtime(case: Path) -> None:
    new_root = (case / "new").resolve()
    _, findings = check((str(new_root),), (case / "old").resolve(), new_root)
    assert {(Path(f.path).name, f.line, f.code) for f in findings} == expected(case)

    old, new = load(case / "old"), load(case / "new")
    report = check_upgrade(old.handler, new.handler, getattr(old, "EVENT", {}), CALLBACK_ANSWER)

    assert report.resumes, "the old handler started no operation"
    if findings:
        broken = report.first_break
        assert broken is not None, "reported incompatible, but every resume finished"
        assert broken.location is not None
        path, line = broken.location
        assert any(
            Path(f.path).resolve() == Path(path).resolve() and f.line <= line <= f.end_line
            for f in findings
        ), f"the runtime broke at {path}:{line}, where no finding points"
    else:
        assert report.compatible, f"judged compatible, but {report.first_break}"
        assert {resume.status for resume in report.resumes} == {"SUCCEEDED"}
