"""Clock abstractions. Reading the real clock is a side channel: do it in a step."""
from __future__ import annotations

import time
from datetime import datetime, timezone


class Clock:
    """The process clock, exposed as static helpers."""

    __slots__ = ()

    @staticmethod
    def epoch() -> float:
        return time.time()

    @staticmethod
    def utcnow() -> datetime:
        return datetime.now(timezone.utc)

    @staticmethod
    def iso(ts: float) -> str:
        return datetime.fromtimestamp(ts, tz=timezone.utc).isoformat()


class FixedClock:
    """A clock pinned to a moment taken from the input (tests, replays)."""

    __slots__ = ("_at",)

    def __init__(self, at: datetime) -> None:
        self._at = at

    def utcnow(self) -> datetime:
        return self._at

    def epoch(self) -> float:
        return self._at.timestamp()


class StopWatch:
    """Context manager measuring wall time spent in a block."""

    __slots__ = ("_started", "_stopped")

    def __init__(self) -> None:
        self._started = 0.0
        self._stopped: float | None = None

    def __enter__(self) -> "StopWatch":
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped = time.perf_counter()

    @property
    def elapsed(self) -> float:
        end = self._stopped if self._stopped is not None else time.perf_counter()
        return end - self._started
