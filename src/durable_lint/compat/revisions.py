"""The two trees `durable-lint compat` compares: the working tree, and the base revision
written out of git (or a directory given as the base)."""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path


class RevisionError(Exception):
    """The base revision cannot be read (not a git checkout, unknown revision)."""


def git_root(start: str) -> Path:
    """The top-level directory of the git checkout holding `start`."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=start,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise RevisionError(f"{start} is not in a git checkout ({_reason(error)})") from error
    return Path(found.stdout.strip())


def branch_point(root: Path, ref: str) -> str:
    """The commit HEAD branched from `ref` (what a review compares against)."""
    try:
        found = subprocess.run(
            ["git", "merge-base", "HEAD", ref], cwd=root, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise RevisionError(f"no merge base of HEAD and {ref!r}: {_reason(error)}") from error
    return found.stdout.strip()


@contextlib.contextmanager
def revision_tree(root: Path, revision: str) -> Iterator[Path]:
    """The Python files of `revision`, written under a temporary directory for the run."""
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", revision],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise RevisionError(f"cannot read revision {revision!r}: {_reason(error)}") from error
    with tempfile.TemporaryDirectory(prefix="durable-lint-base-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".py")]
            tar.extractall(folder, members=members, filter="data")
        yield Path(folder)


def _reason(error: Exception) -> str:
    if isinstance(error, subprocess.CalledProcessError):
        stderr = error.stderr.decode() if isinstance(error.stderr, bytes) else error.stderr
        return (stderr or "").strip().splitlines()[-1] if stderr else f"exit {error.returncode}"
    return str(error)
