"""Budget pacing and audience splits: pure arithmetic."""
from __future__ import annotations

import random
import zlib
from decimal import ROUND_DOWN, Decimal


class PacingCalculator:
    __slots__ = ("flight_days",)

    def __init__(self, flight_days: int) -> None:
        self.flight_days = flight_days

    def daily_budget(self, total: Decimal, spent: Decimal, day_index: int) -> Decimal:
        remaining_days = max(self.flight_days - day_index, 1)
        return ((total - spent) / remaining_days).quantize(Decimal("0.01"), rounding=ROUND_DOWN)

    def is_overspending(self, spent_today: Decimal, budget_today: Decimal) -> bool:
        return spent_today > budget_today * Decimal("1.2")


class SplitAssigner:
    """Assigns audience segments to variants, reproducibly per campaign."""

    def __init__(self, campaign_id: str, variants: list[str]) -> None:
        self._rng = random.Random(zlib.crc32(campaign_id.encode("utf-8")))
        self.variants = list(variants)

    def assign(self, segments: list[str]) -> dict[str, str]:
        return {segment: self._rng.choice(self.variants) for segment in sorted(segments)}
