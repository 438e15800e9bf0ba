"""Daily-use options as ruff users expect them: statistics, exit codes, quiet, an output file,
standard input for editors, adopting the linter with `--add-noqa`, and rule explanations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import BAD, CLEAN, TEXT_LINE, run

from durable_lint.rules import CATALOGUE


def test_statistics_counts_each_code_most_frequent_first(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(BAD)
    (tmp_path / "b.py").write_text(BAD.replace("time.time()", "str(uuid.uuid4())"))
    status, out, _ = run("--statistics", ".", cwd=tmp_path)
    assert status == 1
    rows = [line.split("\t") for line in out.splitlines()]
    assert [(count.strip(), code.strip()) for count, code, _ in rows] == [
        ("3", "DUR103"),
        ("2", "DUR404"),
        ("1", "DUR101"),
    ]
    assert rows[0][2].startswith("[*] Generates a random or time-based UUID")


def test_exit_zero_and_quiet(project: Path) -> None:
    status, out, err = run("--exit-zero", "app", cwd=project)
    assert status == 0 and "Found 3 findings" in out
    status, out, err = run("--quiet", "app", cwd=project)
    assert status == 1
    assert all(TEXT_LINE.match(line) for line in out.splitlines()) and len(out.splitlines()) == 3
    assert "Found" not in out + err


def test_output_file_gets_the_report_and_the_summary_goes_to_stderr(project: Path) -> None:
    status, out, err = run("--format", "json", "-o", "report.json", "app", cwd=project)
    assert status == 1 and out == ""
    assert '"code": "DUR103"' in (project / "report.json").read_text()
    status, out, err = run("-o", "report.txt", "app", cwd=project)
    assert out == "" and "Found 3 findings" in err
    assert len((project / "report.txt").read_text().splitlines()) == 3


def stdin_run(*args: str, source: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("durable-lint")
    return subprocess.run(
        [str(script), *args], input=source, cwd=cwd, capture_output=True, text=True
    )


def test_stdin_is_reported_under_the_given_name_and_fixed_to_stdout(tmp_path: Path) -> None:
    result = stdin_run("--stdin-filename", "app/handler.py", "-", source=BAD, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("app/handler.py:8:15: DUR101")
    fixed = stdin_run("--fix", "--stdin-filename", "app/handler.py", source=BAD, cwd=tmp_path)
    assert "started = context.step(lambda _: time.time()" in fixed.stdout
    assert not (tmp_path / "app").exists()  # nothing is written


def test_stdin_honours_per_file_ignores_and_force_exclude(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.durable-lint]\nextend-exclude = ["generated"]\n'
        '[tool.durable-lint.per-file-ignores]\n"app/*.py" = ["DUR4"]\n'
    )
    result = stdin_run("--stdin-filename", "app/h.py", source=BAD, cwd=tmp_path)
    assert "DUR404" not in result.stdout and "DUR101" in result.stdout
    excluded = stdin_run(
        "--force-exclude", "--stdin-filename", "generated/h.py", source=BAD, cwd=tmp_path
    )
    assert excluded.returncode == 0 and "DUR" not in excluded.stdout


def test_add_noqa_silences_every_finding_and_keeps_the_code(project: Path) -> None:
    status, _, err = run("--add-noqa", "app", cwd=project)
    assert status == 0 and "Added 3 noqa directives." in err
    text = (project / "app" / "bad.py").read_text()
    assert "started = time.time()  # noqa: DUR101\n" in text
    assert 'print("started", started)  # noqa: DUR404\n' in text
    assert run("app", cwd=project)[0] == 0
    assert run("--add-noqa", "app", cwd=project)[2].endswith("Added 0 noqa directives.\n")
    assert (project / "app" / "clean.py").read_text() == CLEAN


def test_add_noqa_extends_an_existing_directive(tmp_path: Path) -> None:
    flagged = "started = time.time() + uuid.uuid1().time"
    (tmp_path / "h.py").write_text(
        BAD.replace("started = time.time()", flagged + "  # noqa: DUR101")
    )
    run("--add-noqa", "h.py", cwd=tmp_path)
    assert f"{flagged}  # noqa: DUR101, DUR103\n" in (tmp_path / "h.py").read_text()


def test_explain_prints_the_rule_page_text(tmp_path: Path) -> None:
    status, out, _ = run("--explain", "dur404", cwd=tmp_path)
    assert status == 0
    assert out.startswith("DUR404: print-outside-step\n")
    for heading in ("What it flags", "Why it breaks", "Example", "Fix", "Default"):
        assert f"\n{heading}\n" in out
    status, _, err = run("--explain", "DUR999", cwd=tmp_path)
    assert status == 2 and "unknown rule code 'DUR999'" in err


def test_list_rules_prints_a_row_per_rule(tmp_path: Path) -> None:
    status, out, _ = run("--list-rules", cwd=tmp_path)
    rows = out.splitlines()[1:]
    assert status == 0 and [row.split()[0] for row in rows] == [r.code for r in CATALOGUE]
    assert rows[19].split()[:4] == ["DUR508", "async-durable-code", "none", "on"]
    assert rows[-1].split()[:4] == ["DUR606", "control-flow-changed", "none", "compat"]


@pytest.mark.parametrize("option", ["--show-fixes", "--exit-non-zero-on-fix"])
def test_fix_reporting_options_are_accepted_with_stdin(tmp_path: Path, option: str) -> None:
    result = stdin_run("--fix", option, "--stdin-filename", "h.py", source=CLEAN, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == CLEAN
