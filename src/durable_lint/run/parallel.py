"""Checking many files on several processes, with the results a single process would give.

Without `--jobs`, worker processes are started only when there is enough source to analyse
to pay for them (`PARALLEL_SOURCE_BYTES`); the main process is one of the workers. Each gets
the run's settings, builds its own linter, and checks contiguous chunks of the file list, so
files of one package, which reach the same helpers, share a worker's helper summaries.
Workers are forked where that is safe (Linux, and no other thread running, such as the
progress bar's) and spawned elsewhere; they rely on nothing inherited from the parent either
way. Each file is checked, and fixed, by exactly one worker; results come back in the order
of the list. A file's findings do not depend on which other files a worker checked before it
(see `project`), so the output equals a serial run's.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from durable_lint.diagnostics.fix import Applicability
from durable_lint.engine.settings import Settings
from durable_lint.run.check import FileResult, check_file
from durable_lint.run.memory import collected_per_file, file_done

if TYPE_CHECKING:
    from durable_lint.engine.linter import Linter

# Source to analyse (cache misses that import a durable SDK) before a run started without
# `--jobs` uses workers: about 40,000 lines, a second of analysis on one core. Measured on two
# cores, a forked worker costs about 0.08 s of CPU whatever the run (importing
# multiprocessing, copying the pages both processes write to, sending results back); on 0.16
# MB it made the run slower, on 1.2 MB it saved 0.15 s for 0.08 s of CPU, on 3.8 MB 0.5 s
# for 0.13 s. An explicit `--jobs N` is always honoured.
PARALLEL_SOURCE_BYTES = 1_500_000
CHUNKS_PER_WORKER = 4  # enough for an even finish, few enough to keep helper summaries shared


@dataclass(frozen=True)
class Job:
    """What every file of a run is checked with; sent to each worker once."""

    settings: Settings
    applicable: frozenset[Applicability]
    write: bool
    cached: bool = True  # a result cache keeps the results (see `check_file`)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_paths(
    job: Job,
    paths: list[str],
    jobs: int | None,
    linter: Callable[[], Linter],
    advance: Callable[[], None] = lambda: None,
    contents: Mapping[str, bytes] | None = None,
) -> list[FileResult | str]:
    """Each path's result (or internal error message), in the order of `paths`, checked on
    `jobs` processes, or (None) on the cores available when there is enough to check.
    `contents`: files' bytes the caller has read already, which this process does not read
    again."""
    if not paths:
        return []
    known = dict(contents or {})
    # Each file's bytes go with its first occurrence: a path given twice is read again.
    files = [(path, known.pop(path, None)) for path in paths]
    if jobs is None:
        source = sum(len(data) for _, data in files if data is not None)
        jobs = default_jobs() if source >= PARALLEL_SOURCE_BYTES else 1
    if jobs <= 1 or len(files) < 2:
        serial = linter()
        outcomes = []
        with collected_per_file():
            for path, data in files:
                outcomes.append(_check(serial, job, path, data))
                advance()
        return outcomes
    return list(_in_workers(job, files, jobs, linter, advance))


def _in_workers(
    job: Job,
    files: list[tuple[str, bytes | None]],
    jobs: int,
    linter: Callable[[], Linter],
    advance: Callable[[], None],
) -> Iterator[FileResult | str]:
    """Check the files on `jobs` processes: this one and `jobs - 1` workers. This process takes
    chunks from the end of the list for as long as no worker has started them, so it does
    its share instead of waiting, and one process fewer is started and fed."""
    processes = min(jobs, len(files))
    size = max(1, -(-len(files) // (processes * CHUNKS_PER_WORKER)))
    chunks = [files[start : start + size] for start in range(0, len(files), size)]
    import multiprocessing  # loaded only when workers are worth starting
    from concurrent.futures import ProcessPoolExecutor

    method = start_method()
    if method == "fork":
        import durable_lint.engine.linter  # noqa: F401  (imported once, inherited by every worker)
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(
        max_workers=processes - 1, mp_context=context, initializer=_start_worker, initargs=(job,)
    ) as pool:
        # Workers get paths alone and read the files themselves: a call too big for the
        # pipe would hold the pool up when a worker dies before reading it.
        futures = [pool.submit(_check_chunk, [path for path, _ in chunk]) for chunk in chunks]
        here: dict[int, list[FileResult | str]] = {}
        local = linter()
        with collected_per_file():
            for index in reversed(range(1, len(chunks))):  # the first chunk is a worker's
                if not futures[index].cancel():  # a worker has it: the rest are theirs too
                    break
                here[index] = [_check(local, job, path, data) for path, data in chunks[index]]
        for index, (chunk, future) in enumerate(zip(chunks, futures, strict=True)):
            outcomes = here.get(index)
            if outcomes is None:
                try:
                    outcomes = future.result()
                except Exception as error:  # a worker that died, or a result that did not pickle
                    outcomes = [_internal_error(path, error) for path, _ in chunk]
            for outcome in outcomes:
                advance()
                yield outcome


def start_method() -> str:
    """Fork when nothing can be caught mid-operation by it, else spawn."""
    import threading

    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _check(linter: Linter, job: Job, path: str, data: bytes | None = None) -> FileResult | str:
    try:
        return check_file(linter, path, job.applicable, job.write, data, job.cached)
    except Exception as error:  # a bug must not hide the other files' findings
        return _internal_error(path, error)
    finally:
        file_done()


def _internal_error(path: str, error: BaseException) -> str:
    return f"internal error while checking {path}: {error!r}"


# -- in a worker process -------------------------------------------------------------------------

_worker: tuple[Linter, Job] | None = None


def _start_worker(job: Job) -> None:
    from durable_lint.engine.linter import Linter

    global _worker
    _worker = (Linter(job.settings), job)
    gc.disable()  # a worker lives for the run: it collects after each file (`file_done`)


def _check_chunk(paths: list[str]) -> list[FileResult | str]:
    assert _worker is not None, "the pool initialiser did not run"
    linter, job = _worker
    return [_check(linter, job, path) for path in paths]
