"""Garbage collection for a run over many files.

Left automatic, the collector runs every few hundred allocations and walks the young objects
of the file being analysed again and again: its tree, model and summaries, which are most of
what a run allocates. So a run turns the automatic collector off. A file's model unlinks its
scopes when the file is done (`ModuleModel.release`), so its tree and model are freed by
reference counting; one collection of the young generation after each file frees whatever
cycles are left, which keeps memory bounded for the price of a few objects examined.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collected_per_file() -> Iterator[None]:
    """Within it, nothing is collected automatically: call `file_done` after each file."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def file_done() -> None:
    """Free the cycles the file just checked left behind (only objects made since the last
    collection are examined)."""
    gc.collect(0)
