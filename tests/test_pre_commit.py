"""The pre-commit hooks, run by the real pre-commit against this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_support import ROOT

HANDLER = """\
import uuid

from aws_durable_execution_sdk_python import durable_execution


@durable_execution
def handler(event, context):
    request_id = str(uuid.uuid4())
    print("handling", request_id)
    return context.step(lambda _: request_id, name="id")
"""

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the module: pre-commit builds it once from this checkout."""
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(hook: str, repository: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files"],
        cwd=repository,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def git_repository(path: Path) -> Path:
    path.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=path, check=True)
    (path / "handler.py").write_text(HANDLER)
    (path / "notes.txt").write_text("not python\n")
    subprocess.run(["git", "add", "."], cwd=path, check=True)
    return path


def test_the_check_hook_fails_with_the_findings(tmp_path: Path, pre_commit_home: Path) -> None:
    repository = git_repository(tmp_path / "repo")
    result = try_repo("durable-lint", repository, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "handler.py:8:" in result.stdout and "DUR103" in result.stdout
    assert "handler.py:9:" in result.stdout and "DUR404" in result.stdout
    assert (repository / "handler.py").read_text() == HANDLER


def test_the_fix_hook_rewrites_and_fails_once_then_passes(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    repository = git_repository(tmp_path / "repo")
    first = try_repo("durable-lint-fix", repository, pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    fixed = (repository / "handler.py").read_text()
    assert fixed != HANDLER
    assert 'context.step(lambda _: str(uuid.uuid4()), name="' in fixed
    assert "context.logger.info(" in fixed
    subprocess.run(["git", "add", "."], cwd=repository, check=True)
    second = try_repo("durable-lint-fix", repository, pre_commit_home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (repository / "handler.py").read_text() == fixed
    assert try_repo("durable-lint", repository, pre_commit_home).returncode == 0


SHIPPING = """\
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration


@durable_execution
def handler(event: dict, context: DurableContext):
{body}
"""
WAIT_THEN_SHIP = (
    '    context.wait(Duration.from_hours(1), name="cool-off")\n'
    '    return context.step(lambda _: "shipped", name="ship")'
)


def git(repository: Path, *arguments: str) -> None:
    identity = ["-c", "user.name=dev", "-c", "user.email=dev@example.com"]
    subprocess.run(["git", *identity, *arguments], cwd=repository, check=True, capture_output=True)


def test_the_compat_hook_compares_with_where_the_branch_started(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    repository = tmp_path / "repo"
    repository.mkdir()
    git(repository, "init", "-q", "-b", "main")
    (repository / "handler.py").write_text(SHIPPING.format(body=WAIT_THEN_SHIP))
    git(repository, "add", ".")
    git(repository, "commit", "-qm", "ship after a cool-off")
    git(tmp_path, "clone", "-q", "--bare", str(repository), "origin.git")
    git(repository, "remote", "add", "origin", str(tmp_path / "origin.git"))
    git(repository, "fetch", "-q", "origin")
    git(repository, "remote", "set-head", "origin", "main")
    git(repository, "checkout", "-qb", "audit")
    inserted = '    context.step(lambda _: "logged", name="audit")\n' + WAIT_THEN_SHIP
    (repository / "handler.py").write_text(SHIPPING.format(body=inserted))
    git(repository, "add", ".")

    result = try_repo("durable-lint-compat", repository, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "handler.py:7:5: DUR601" in result.stdout

    appended = WAIT_THEN_SHIP.replace("    return ", "    shipped = ") + (
        '\n    context.step(lambda _: "logged", name="audit")\n    return shipped'
    )
    (repository / "handler.py").write_text(SHIPPING.format(body=appended))
    git(repository, "add", ".")
    result = try_repo("durable-lint-compat", repository, pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
