"""Writing a fixed file so that a crash at any moment leaves either the old or the new bytes."""

from __future__ import annotations

import contextlib
import os
import tempfile


class ChangedOnDisk(Exception):
    """The file is no longer what was read: someone else wrote it; it is left alone."""


def write_atomically(path: str, data: bytes, expected: bytes) -> None:
    """Replace `path` with `data` by renaming a temporary file from the same directory.

    The rename is atomic, so a killed process leaves the old or the new file, never a torn
    one (like ruff, no fsync: surviving a power cut is the filesystem's job). The file's mode
    is kept, and a symbolic link stays one: its target is what gets replaced. `expected` is
    the content the fix started from: if the file holds anything else by now, nothing is
    written (unless it holds `data` already: the same file was fixed through another link).
    """
    path = os.path.realpath(path)
    directory = os.path.dirname(path)
    mode = os.stat(path).st_mode
    descriptor, temporary = tempfile.mkstemp(
        dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".durable-lint"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode & 0o7777)
        with open(path, "rb") as handle:
            current = handle.read()
        if current == data:
            os.unlink(temporary)
            return
        if current != expected:
            raise ChangedOnDisk(path)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
