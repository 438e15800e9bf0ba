"""`durable-lint compat`: each fixture pair's static verdict, proven on the runtime.

A pair is `fixtures/compat/<case>/old/` and `new/` (a `handler.py`, sometimes a helper module);
`# compat: DURxxx` marks the lines of the new code where a breaking change is expected. The
old handler is run, suspended as it started each of its operations, and resumed on the new
one: pairs with findings must fail on resume with NonDeterministicExecutionError where a
finding points, pairs without must resume and finish every time.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
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
    _, findings, _ = check((str(new_root),), (case / "old").resolve(), new_root)
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


# -- the command ------------------------------------------------------------------------------

PAIR = FIXTURES / "compat" / "insert_step_before_wait"


def compat(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from durable_lint.cli import entry; entry()"]
    return subprocess.run(
        [*command, "compat", *arguments], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_two_directories_compared_in_every_format(tmp_path: Path) -> None:
    text = compat("--base-dir", str(PAIR / "old"), str(PAIR / "new"), cwd=tmp_path)
    assert text.returncode == 1, text.stderr
    assert "handler.py:9:5: DUR601 step 'validate' inserted before wait 'cool-off'" in text.stdout
    assert "Found 1 finding in 1 of 1 file." in text.stdout

    as_json = compat(
        "--base-dir", str(PAIR / "old"), str(PAIR / "new"), "--format", "json", cwd=tmp_path
    )
    (finding,) = json.loads(as_json.stdout)
    assert (finding["code"], finding["line"], finding["column"]) == ("DUR601", 9, 5)

    sarif = json.loads(
        compat(
            "--base-dir", str(PAIR / "old"), str(PAIR / "new"), "--format", "sarif", cwd=tmp_path
        ).stdout
    )
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["DUR601"]["name"] == "operation-inserted"
    github = compat(
        "--base-dir", str(PAIR / "old"), str(PAIR / "new"), "--format", "github", cwd=tmp_path
    )
    assert github.stdout.startswith("::error file=") and "title=DUR601" in github.stdout

    same = compat("--base-dir", str(PAIR / "old"), str(PAIR / "old"), cwd=tmp_path)
    assert same.returncode == 0 and "All checks passed (1 file checked)." in same.stderr


def test_bad_input_gets_a_message_and_an_exit_code_not_a_traceback(tmp_path: Path) -> None:
    usage = compat(cwd=tmp_path)
    assert usage.returncode == 2 and "exactly one of --base REV" in usage.stderr

    not_git = compat("--base", "HEAD", cwd=tmp_path)
    assert not_git.returncode == 2 and "not in a git checkout" in not_git.stderr
    assert "Traceback" not in not_git.stderr

    new = tmp_path / "new"
    shutil.copytree(PAIR / "new", new)
    (new / "handler.py").write_text("@durable_execution\ndef handler(event, context:\n")
    broken = compat("--base-dir", str(PAIR / "old"), str(new), cwd=tmp_path)
    assert broken.returncode == 1
    assert (
        "handler.py:2:" in broken.stdout
        and "DUR000 the new version does not parse" in broken.stdout
    )

    elsewhere = compat("--base-dir", str(PAIR / "old"), cwd=tmp_path)
    assert elsewhere.returncode == 0
    assert "no handler file of the paths is in the base too" in elsewhere.stderr


def test_a_git_revision_and_the_branch_point(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    identity = ["-c", "user.name=dev", "-c", "user.email=dev@example.com"]

    def git(*arguments: str) -> None:
        subprocess.run(
            ["git", *identity, *arguments], cwd=tmp_path, check=True, capture_output=True
        )

    git("init", "-q", "-b", "main")
    shutil.copy(PAIR / "old" / "handler.py", tmp_path / "handler.py")
    git("add", ".")
    git("commit", "-qm", "old")
    git("checkout", "-qb", "change")
    shutil.copy(PAIR / "new" / "handler.py", tmp_path / "handler.py")

    against_head = compat("--base", "HEAD", cwd=tmp_path)
    assert against_head.returncode == 1 and "DUR601" in against_head.stdout
    git("commit", "-qam", "new")
    assert compat("--base", "HEAD", cwd=tmp_path).returncode == 0
    branch_point = compat("--merge-base", "main", cwd=tmp_path)
    assert branch_point.returncode == 1 and "handler.py:9:5: DUR601" in branch_point.stdout
    unknown = compat("--base", "no-such-revision", cwd=tmp_path)
    assert unknown.returncode == 2 and "cannot read revision 'no-such-revision'" in unknown.stderr
