"""Reading a Python file as text the way the interpreter would (BOM, PEP 263 coding line)."""

from __future__ import annotations

import codecs
import io
import os
import stat
import tokenize
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A file's text, or why it could not be read; `data` is the raw bytes when read."""

    text: str | None
    error: str | None = None
    data: bytes = b""
    encoding: str = "utf-8"

    def encode(self, text: str) -> bytes:
        """New text for this file, in its encoding and with its byte-order mark, if it had one."""
        if self.encoding == "utf-8-sig":
            return text.encode("utf-8-sig")
        return text.encode(self.encoding)


def decode(data: bytes) -> Source:
    if not data.startswith(codecs.BOM_UTF8) and b"coding" not in b"\n".join(
        data.split(b"\n", 2)[:2]
    ):  # no BOM and no coding line: UTF-8, without `tokenize`'s line-by-line detection
        try:
            return Source(data.decode("utf-8"), None, data, "utf-8")
        except UnicodeDecodeError:
            pass  # `tokenize` words the error as the interpreter does
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        return Source(None, f"cannot decode file: {error}", data)
    if text.startswith("\ufeff"):
        text = text[1:]
    return Source(text, None, data, encoding)


def read_bytes(path: str) -> bytes | str:
    """The file's bytes, or a one-line reason it cannot be read.

    Opened without blocking, then checked to be a regular file: a named pipe called `x.py`
    would otherwise hang the run in `open()` until something writes to it."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        return f"cannot read file: {error.strerror or error}"
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return "cannot read file: not a regular file"
        # Read with the descriptor itself: a buffered file object would add a terminal check
        # and a seek for every one of a run's files.
        chunks = [os.read(descriptor, status.st_size + 1)]
        while chunks[-1]:  # the file grew since fstat
            chunks.append(os.read(descriptor, 1 << 16))
        return b"".join(chunks)
    except OSError as error:
        return f"cannot read file: {error.strerror or error}"
    finally:
        os.close(descriptor)


def read_source(path: str) -> Source:
    data = read_bytes(path)
    if isinstance(data, str):
        return Source(None, data)
    return decode(data)
