"""Settings from `[tool.durable-lint]` (CLI) and from flake8's configuration (plugin)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import BAD, CLEAN, run

HELPERS = """\
from aws_durable_execution_sdk_python import durable_execution
from mycompany import clock, audit


@durable_execution
def handler(event, context):
    now = clock.now()
    audit.record(event)
    return context.step(lambda _: now, name="id")
"""
OWN_SDK = """\
from mycompany.durable import durable_execution
import time


@durable_execution
def handler(event, context):
    return context.step(lambda _: time.time(), name="t") + time.time()
"""


def codes(output: str) -> list[tuple[str, str]]:
    """(path, code) of each finding line."""
    found = []
    for line in output.splitlines():
        parts = line.split(":")
        if len(parts) >= 4 and parts[3].strip().startswith("DUR"):
            found.append((parts[0], parts[3].split()[0]))
    return found


def write_project(root: Path, table: str) -> None:
    (root / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.durable-lint]\n{table}")
    (root / "app").mkdir()
    (root / "app" / "bad.py").write_text(BAD)
    (root / "app" / "clean.py").write_text(CLEAN)
    (root / "tests").mkdir()
    (root / "tests" / "test_bad.py").write_text(BAD)


def test_selection_and_per_file_ignores_come_from_pyproject(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        'select = ["DUR1", "DUR4"]\nignore = ["DUR404"]\n'
        '[tool.durable-lint.per-file-ignores]\n"tests/*" = ["DUR1"]\n',
    )
    status, out, _ = run("app", "tests", cwd=tmp_path)
    assert status == 1
    assert sorted(set(codes(out))) == [("app/bad.py", "DUR101"), ("app/bad.py", "DUR103")]
    # the command line wins: --select replaces the file's selection, --ignore adds to it
    status, out, _ = run("--select", "DUR404", "app", cwd=tmp_path)
    assert set(codes(out)) == {("app/bad.py", "DUR404")}
    status, out, _ = run("--ignore", "DUR103", "app", cwd=tmp_path)
    assert set(codes(out)) == {("app/bad.py", "DUR101")}


def test_the_configuration_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    write_project(tmp_path, 'ignore = ["DUR"]\n')
    status, out, _ = run(".", cwd=tmp_path / "app")
    assert (status, codes(out)) == (0, [])


def test_exclude_and_extend_exclude(tmp_path: Path) -> None:
    write_project(tmp_path, 'extend-exclude = ["tests", "app/clean.py"]\n')
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "bad.py").write_text(BAD)
    _, out, _err = run(".", cwd=tmp_path)
    assert {path for path, _ in codes(out)} == {"app/bad.py"}  # build/ is excluded by default
    assert "of 1 file." in out
    # an explicit path is linted anyway, unless --force-exclude (pre-commit passes each file)
    assert codes(run("tests/test_bad.py", cwd=tmp_path)[1])
    assert run("--force-exclude", "tests/test_bad.py", cwd=tmp_path)[0] == 0
    # `exclude` replaces the defaults
    (tmp_path / "pyproject.toml").write_text('[tool.durable-lint]\nexclude = ["app"]\n')
    _, out, _ = run(".", cwd=tmp_path)
    assert {path for path, _ in codes(out)} == {"build/bad.py", "tests/test_bad.py"}


def test_gitignored_files_are_skipped_in_a_git_work_tree(tmp_path: Path) -> None:
    write_project(tmp_path, "")
    (tmp_path / ".gitignore").write_text("tests/\n")
    _, out, _ = run(".", cwd=tmp_path)
    assert {path for path, _ in codes(out)} == {"app/bad.py", "tests/test_bad.py"}  # no repo
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    _, out, _ = run(".", cwd=tmp_path)
    assert {path for path, _ in codes(out)} == {"app/bad.py"}


def test_own_sdk_modules_and_extra_calls(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        'sdk-modules = ["mycompany.durable"]\n'
        "[tool.durable-lint.nondeterministic-calls]\n"
        '"mycompany.clock.now" = "DUR101"\n'
        "[tool.durable-lint.side-effect-calls]\n"
        '"mycompany.audit.record" = "DUR402"\n',
    )
    (tmp_path / "app" / "helpers.py").write_text(HELPERS)
    (tmp_path / "app" / "own.py").write_text(OWN_SDK)
    _, out, _ = run("app/helpers.py", "app/own.py", cwd=tmp_path)
    assert codes(out) == [
        ("app/helpers.py", "DUR101"),
        ("app/helpers.py", "DUR402"),
        ("app/own.py", "DUR101"),
    ]
    assert "`clock.now()`" in out


def test_fix_from_the_configuration_and_no_fix_on_the_command_line(tmp_path: Path) -> None:
    write_project(tmp_path, "fix = true\n")
    before = (tmp_path / "app" / "bad.py").read_text()
    run("--no-fix", "app/bad.py", cwd=tmp_path)
    assert (tmp_path / "app" / "bad.py").read_text() == before
    run("app/bad.py", cwd=tmp_path)
    assert "context.step(lambda _: str(uuid.uuid4())" in (tmp_path / "app" / "bad.py").read_text()


def test_unsafe_fixes_from_the_configuration(tmp_path: Path) -> None:
    write_project(tmp_path, "fix = true\nunsafe-fixes = true\n")
    (tmp_path / "app" / "sleepy.py").write_text(
        BAD.replace('print("started", started)', "time.sleep(5)")
    )
    run("app/sleepy.py", cwd=tmp_path)
    assert (
        'context.wait(Duration.from_seconds(5), name="sleep")'
        in (tmp_path / "app" / "sleepy.py").read_text()
    )
    (tmp_path / "app" / "again.py").write_text(
        BAD.replace('print("started", started)', "time.sleep(5)")
    )
    run("--no-unsafe-fixes", "app/again.py", cwd=tmp_path)
    assert "time.sleep(5)" in (tmp_path / "app" / "again.py").read_text()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('selct = ["DUR1"]\n', "unknown key `selct`"),
        ('select = "DUR1"\n', "`select` must be a list of codes"),
        ('ignore = ["E501"]\n', "`ignore` has `E501`, which is no durable-lint code"),
        ("fix = 1\n", "`fix` must be true or false"),
        ("[tool.durable-lint.per-file-ignores]\n\"a.py\" = ['X1']\n", "per-file-ignores.a.py"),
        ("[tool.durable-lint.nondeterministic-calls]\n'now' = 'DUR101'\n", "not a qualified name"),
        ("[tool.durable-lint.side-effect-calls]\n'a.b' = 'DUR101'\n", "must be one of DUR401"),
        ("sdk-modules = ['my-sdk']\n", "`my-sdk`, not a module name"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_a_bad_configuration_names_the_key_and_the_file(
    tmp_path: Path, table: str, message: str
) -> None:
    write_project(tmp_path, table)
    status, out, err = run("app", cwd=tmp_path)
    assert status == 2
    assert message in err and "pyproject.toml" in err
    assert "Traceback" not in err + out


def test_flake8_reads_the_plugin_settings_from_its_own_configuration(tmp_path: Path) -> None:
    (tmp_path / "helpers.py").write_text(HELPERS)
    (tmp_path / "own.py").write_text(OWN_SDK)
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\nselect = DUR\n"
        "durable-sdk-modules = mycompany.durable\n"
        "durable-nondeterministic-calls = mycompany.clock.now=DUR101\n"
        "durable-side-effect-calls = mycompany.audit.record=DUR402\n"
        "per-file-ignores = own.py:DUR1\n"
    )
    flake8 = [sys.executable, "-m", "flake8", "--format=%(path)s:%(code)s"]
    result = subprocess.run(
        [*flake8, "helpers.py", "own.py"], cwd=tmp_path, capture_output=True, text=True
    )
    assert sorted(result.stdout.split()) == [
        "./helpers.py:DUR101",
        "./helpers.py:DUR402",
    ] or sorted(result.stdout.split()) == ["helpers.py:DUR101", "helpers.py:DUR402"]
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\nselect = DUR\ndurable-side-effect-calls = mycompany.audit.record=DUR999\n"
    )
    result = subprocess.run([*flake8, "helpers.py"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0
    assert "durable-side-effect-calls" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
