"""`--fix` never damages a file: killed at any moment it leaves each file as it was or fully
fixed, it does not overwrite a file changed meanwhile, and it gives the same bytes every run."""

from __future__ import annotations

import builtins
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixture_support import FIXTURES
from test_cli import run

from durable_lint.fixes import writer
from durable_lint.fixes.writer import ChangedOnDisk, write_atomically

COPIES = 2  # of the fixtures tree: 720 files, 160 of them rewritten by the fix
KILL_TRIALS = 3


def durable_lint(*args: str, cwd: Path, **options) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "durable_lint", "--no-cache", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the workers die with it
        **options,
    )


def make_tree(path: Path) -> Path:
    for copy in range(COPIES):
        shutil.copytree(FIXTURES, path / f"copy{copy}")
    return path


def contents(tree: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(tree)): path.read_bytes()
        for path in sorted(tree.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict, float]:
    """The original tree's bytes, the fully fixed tree's, and how long fixing takes."""
    original = make_tree(tmp_path_factory.mktemp("original"))
    fixed = make_tree(tmp_path_factory.mktemp("fixed"))
    started = time.monotonic()
    environment = {**os.environ, "PYTHONHASHSEED": "3"}
    process = durable_lint("--fix", "--unsafe-fixes", "-q", ".", cwd=fixed, env=environment)
    process.communicate(timeout=300)
    duration = time.monotonic() - started
    assert process.returncode == 1  # findings without a fix remain
    return original, contents(original), contents(fixed), duration


def test_the_fix_run_rewrites_many_files(trees) -> None:
    _, before, after, _ = trees
    changed = [name for name in before if before[name] != after[name]]
    assert len(changed) >= 100 * COPIES // 2
    assert before.keys() == after.keys()


def wait_for_the_first_write(tree: Path, process: subprocess.Popen[bytes]) -> None:
    """Until a directory of the tree changes: a temporary file made, or a file renamed."""
    directories = [tree, *(path for path in tree.rglob("*") if path.is_dir())]
    modified = [path.stat().st_mtime_ns for path in directories]
    while process.poll() is None:
        if [path.stat().st_mtime_ns for path in directories] != modified:
            return
        time.sleep(0.005)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_killed_fix_leaves_every_file_original_or_fully_fixed(
    trees, tmp_path: Path, jobs: str
) -> None:
    original, before, after, duration = trees
    moments = random.Random(f"kill-{jobs}")
    partial = 0
    for trial in range(KILL_TRIALS):
        tree = tmp_path / f"trial{trial}"
        shutil.copytree(original, tree)
        process = durable_lint("--fix", "--unsafe-fixes", "-q", "-j", jobs, ".", cwd=tree)
        wait_for_the_first_write(tree, process)
        time.sleep(duration * moments.uniform(0, 0.6))
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)
        now = contents(tree)
        left_over = sorted(set(now) - set(before))
        assert not [name for name in left_over if name.endswith((".py", ".pyi"))]
        assert all(name.endswith(".durable-lint") for name in left_over), left_over
        for name, data in before.items():
            assert now[name] in (data, after[name]), f"trial {trial}: {name} is torn"
        fixed = sum(now[name] != data for name, data in before.items())
        partial += 0 < fixed < sum(after[name] != data for name, data in before.items())
    assert partial, "no trial stopped the run while it was writing"


class HalfWritten:
    """A temporary file whose write stops halfway, interrupted."""

    def __init__(self, handle) -> None:
        self.handle = handle

    def __enter__(self) -> HalfWritten:
        return self

    def __exit__(self, *exception) -> None:
        self.handle.close()

    def write(self, data: bytes) -> None:
        self.handle.write(data[: len(data) // 2])
        raise KeyboardInterrupt


@pytest.mark.parametrize("failing", ["write", "chmod", "read the current file", "replace"])
def test_an_interrupted_write_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """Ctrl-C (KeyboardInterrupt) at each step of the write."""
    path = tmp_path / "handler.py"
    path.write_bytes(b"old\n")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    if failing == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfWritten(real_fdopen(*a, **k)))
    elif failing == "chmod":
        monkeypatch.setattr(os, "chmod", interrupt)
    elif failing == "read the current file":
        monkeypatch.setattr(builtins, "open", interrupt)
    else:
        monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(str(path), b"new\n", b"old\n")
    monkeypatch.undo()
    assert path.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["handler.py"]


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "handler.py"
    path.write_bytes(b"edited by someone else\n")
    with pytest.raises(ChangedOnDisk):
        write_atomically(str(path), b"fixed\n", b"as it was read\n")
    assert path.read_bytes() == b"edited by someone else\n"
    assert [p.name for p in tmp_path.iterdir()] == ["handler.py"]


HANDLER = """\
import time
from aws_durable_execution_sdk_python import durable_execution


@durable_execution
def handler(event, context):
    started = time.time()
    return started
"""
FIXED = HANDLER.replace("time.time()", 'context.step(lambda _: time.time(), name="started")')


def test_a_file_changed_between_reading_and_writing_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit lands after the fix read the file and before it writes (a racing editor)."""
    path = tmp_path / "handler.py"
    path.write_text(HANDLER)
    real = writer.write_atomically

    def edit_first(target, data, expected):
        Path(target).write_text(HANDLER + "# saved by the editor\n")
        return real(target, data, expected)

    monkeypatch.setattr(writer, "write_atomically", edit_first)
    status, _, err = run("--no-cache", "--fix", "handler.py", cwd=tmp_path)
    assert status == 2
    assert "handler.py: changed on disk while fixing; left as it was" in err
    assert path.read_text() == HANDLER + "# saved by the editor\n"


def test_a_file_deleted_before_writing_is_not_recreated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "handler.py"
    path.write_text(HANDLER)
    real = writer.write_atomically

    def delete_first(target, data, expected):
        os.unlink(target)
        return real(target, data, expected)

    monkeypatch.setattr(writer, "write_atomically", delete_first)
    status, _, err = run("--no-cache", "--fix", "handler.py", cwd=tmp_path)
    assert status == 2
    assert "handler.py: cannot write the fixed file: [Errno 2] No such file or directory" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symbolic_link_stays_a_link_and_its_target_is_fixed(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    target = tmp_path / "src" / "handler.py"
    target.write_text(HANDLER)
    (tmp_path / "link.py").symlink_to("src/handler.py")
    status, _, err = run("--no-cache", "--fix", ".", cwd=tmp_path)
    assert status == 0, err
    assert (tmp_path / "link.py").is_symlink()
    assert target.read_text() == FIXED
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["handler.py", "link.py", "src"]


def test_fixes_are_the_same_bytes_on_every_run(trees, tmp_path: Path) -> None:
    """Serial and on two workers, under other hash seeds (set and dict order of strings) than
    the run that made `after`."""
    original, _, after, _ = trees
    outputs = []
    for jobs, hash_seed in (("1", "1"), ("2", "2")):
        tree = tmp_path / f"run-{jobs}-{hash_seed}"
        shutil.copytree(original, tree)
        process = durable_lint(
            "--fix",
            "--unsafe-fixes",
            "--show-fixes",
            "-j",
            jobs,
            ".",
            cwd=tree,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        out, err = process.communicate(timeout=300)
        assert process.returncode == 1, err
        assert contents(tree) == after
        outputs.append(out)
    assert outputs[0] == outputs[1]
