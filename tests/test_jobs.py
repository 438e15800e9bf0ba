"""Parallel runs (`--jobs`) report and fix exactly what a serial run does."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from durable_lint.diagnostics.fix import Applicability
from durable_lint.engine.settings import Settings
from durable_lint.run import parallel
from durable_lint.run.files import discover
from durable_lint.run.session import run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SAFE = frozenset({Applicability.SAFE})


def durable_lint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "durable_lint", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_fixtures_give_the_same_findings_in_the_same_order_with_two_jobs() -> None:
    serial = durable_lint("-j", "1", "--format", "json", "fixtures", cwd=ROOT)
    parallel_run = durable_lint("-j", "2", "--format", "json", "fixtures", cwd=ROOT)
    assert serial.returncode == parallel_run.returncode == 1
    assert serial.stdout.count('"code"') > 200
    assert parallel_run.stdout == serial.stdout
    assert parallel_run.stderr == serial.stderr


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_a_parallel_run_uses_worker_processes(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} on this platform")
    monkeypatch.setattr(parallel, "start_method", lambda: method)
    used: list[int] = []
    in_workers = parallel._in_workers

    def recording(job, files, jobs, linter, advance):  # type: ignore[no-untyped-def]
        used.append(len(files))
        return in_workers(job, files, jobs, linter, advance)

    monkeypatch.setattr(parallel, "_in_workers", recording)
    entries = list(discover((str(FIXTURES),)))
    serial = run(Settings(), entries, frozenset(), write=False, jobs=1)
    assert used == []
    advanced: list[None] = []
    report = run(
        Settings(), entries, frozenset(), write=False, jobs=2, advance=lambda: advanced.append(None)
    )
    assert used and used[0] > 100
    assert len(advanced) == len(entries)
    assert [(f.path, f.line, f.column, f.code, f.message) for f in report.findings] == [
        (f.path, f.line, f.column, f.code, f.message) for f in serial.findings
    ]
    assert [f.fix for f in report.findings] == [f.fix for f in serial.findings]
    assert report.checked == serial.checked and report.errors == serial.errors


def test_without_jobs_little_source_is_checked_without_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "_in_workers", None)  # would fail if called
    entries = list(discover((str(FIXTURES),)))  # 390 files, but well under a second of work
    assert sum(Path(e).stat().st_size for e in entries) < parallel.PARALLEL_SOURCE_BYTES
    report = run(Settings(), entries, frozenset(), write=False, jobs=None)
    assert len(report.findings) > 200


def test_without_jobs_enough_source_is_shared_among_the_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    used: list[int] = []
    in_workers = parallel._in_workers

    def recording(job, files, jobs, linter, advance):  # type: ignore[no-untyped-def]
        used.append(jobs)
        return in_workers(job, files, jobs, linter, advance)

    monkeypatch.setattr(parallel, "_in_workers", recording)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    entries = list(discover((str(FIXTURES / "DUR101"),)))
    source = sum(Path(e).stat().st_size for e in entries)
    monkeypatch.setattr(parallel, "PARALLEL_SOURCE_BYTES", source + 1)
    run(Settings(), entries, frozenset(), write=False, jobs=None)
    assert used == []
    monkeypatch.setattr(parallel, "PARALLEL_SOURCE_BYTES", source // 2)
    report = run(Settings(), entries, frozenset(), write=False, jobs=None)
    assert used == [2]
    assert report.findings


def test_fixing_with_two_jobs_writes_what_a_serial_fix_writes(tmp_path: Path) -> None:
    trees = {}
    outputs = {}
    for jobs in ("1", "2"):
        tree = tmp_path / f"jobs{jobs}"
        shutil.copytree(FIXTURES, tree / "fixtures")
        outputs[jobs] = durable_lint(
            "-j", jobs, "--fix", "--unsafe-fixes", "--show-fixes", "fixtures", cwd=tree
        )
        trees[jobs] = {
            path.relative_to(tree): path.read_bytes() for path in sorted(tree.rglob("*.py"))
        }
    assert trees["1"] == trees["2"]
    originals = {p.relative_to(ROOT): p.read_bytes() for p in FIXTURES.rglob("*.py")}
    changed = [path for path, data in trees["2"].items() if originals[path] != data]
    assert len(changed) > 50
    assert outputs["1"].stdout == outputs["2"].stdout
    assert outputs["1"].stderr == outputs["2"].stderr
    assert outputs["1"].returncode == outputs["2"].returncode


def test_a_diff_with_two_jobs_is_the_serial_diff() -> None:
    serial = run(Settings(), list(discover((str(FIXTURES),))), SAFE, write=False, jobs=1)
    two = run(Settings(), list(discover((str(FIXTURES),))), SAFE, write=False, jobs=2)
    assert two.diffs == serial.diffs and len(two.diffs) > 50
    assert two.fixed == serial.fixed


def test_jobs_must_be_positive() -> None:
    result = durable_lint("-j", "0", "fixtures/clean", cwd=ROOT)
    assert result.returncode == 2
    assert "Invalid value for '-j' / '--jobs'" in result.stderr


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_a_worker_that_dies_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    entries = list(discover((str(FIXTURES),)))
    handlers = [e for e in entries if "durable_execution" in Path(e).read_text(encoding="utf-8")]
    doomed = handlers[0]  # the first chunk always goes to a worker process
    check = parallel._check

    def dying(linter, job, path, data):  # type: ignore[no-untyped-def]
        if path == doomed:
            os._exit(1)  # as a crash in C code would
        return check(linter, job, path, data)

    monkeypatch.setattr(parallel, "start_method", lambda: "fork")  # the patch is inherited
    monkeypatch.setattr(parallel, "_check", dying)
    report = run(Settings(), entries, frozenset(), write=False, jobs=2)
    assert f"internal error while checking {doomed}: " in "\n".join(report.errors)
    assert len(report.checked) == len(entries)
