"""Time and identifier sources, injectable for tests."""

from __future__ import annotations

import time
import uuid
from datetime import date, datetime, timezone

ORDER_NAMESPACE = uuid.UUID("6f1c1f1e-3b43-4a55-9a3e-0d9b5a2f7c11")


class Clock:
    """Wall clock in UTC."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def today(self) -> date:
        return date.today()

    def epoch_ms(self) -> int:
        return time.time_ns() // 1_000_000

    @staticmethod
    def parse(value: str) -> datetime:
        return datetime.fromisoformat(value)


class IdFactory:
    """Creates identifiers for orders, batches and idempotency keys."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def new_id(self) -> str:
        return f"{self.prefix}{uuid.uuid4().hex}"

    def order_number(self, sequence: int) -> str:
        return f"{self.prefix}{sequence:08d}"

    @staticmethod
    def stable_id(key: str) -> str:
        """Deterministic id derived from a business key."""
        return str(uuid.uuid5(ORDER_NAMESPACE, key))


class Stopwatch:
    """Measures elapsed time from construction."""

    def __init__(self) -> None:
        self._started = time.perf_counter()

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self._started) * 1000.0
