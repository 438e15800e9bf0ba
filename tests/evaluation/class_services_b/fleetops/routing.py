"""Route planning: deterministic for a given route id."""
from __future__ import annotations

import random
import zlib
from datetime import datetime, timedelta
from itertools import groupby


class RoutePlanner:
    __slots__ = ("_rng", "avg_speed_kmh")

    def __init__(self, route_id: str, avg_speed_kmh: float = 55.0) -> None:
        self._rng = random.Random(zlib.crc32(route_id.encode("utf-8")))
        self.avg_speed_kmh = avg_speed_kmh

    def order_stops(self, stops: list[dict]) -> list[dict]:
        ordered: list[dict] = []
        by_priority = sorted(stops, key=lambda s: (s["priority"], s["stop_id"]))
        for _, group in groupby(by_priority, key=lambda s: s["priority"]):
            tier = list(group)
            self._rng.shuffle(tier)  # spread drivers fairly, same order on every run
            ordered.extend(tier)
        return ordered

    def eta(self, departure: datetime, distance_km: float) -> datetime:
        return departure + timedelta(hours=distance_km / self.avg_speed_kmh)
